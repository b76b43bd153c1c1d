"""Offline sentence splitting and tokenisation, with character offsets into the loaded text.

Sentences come from NLTK's Punkt algorithm (Kiss & Strunk 2006) with parameters shipped in this
package (``framing/data/punkt_news.json``): an abbreviation list written for news (Mr., Gen., U.S.,
U.N., Jan. ...) plus what Punkt learned from the project's own texts. Nothing is downloaded:
``nltk.download`` is never called. Blocks (headline, paragraphs, captions) are split separately,
so a sentence never spans two paragraphs.

Tokens come from a regular expression that keeps hyphenated words, contractions with straight or
curly apostrophes, numbers with separators, and initialisms (``U.S.``) together.

Known limits: Punkt misses a sentence break after an abbreviation that ends a sentence and is
followed by a capitalised common word (``... in the U.S. The talks``) unless it has learned that
the next word often starts sentences.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources

__all__ = ["Span", "sentence_spans", "token_spans", "tokenize", "sentences", "Doc", "as_doc"]

TOKEN_RE = re.compile(
    r"(?:[A-Za-z]\.){2,}"                                   # initialisms: U.S., U.N.
    r"|\d+(?:[.,:]\d+)*%?"                                  # numbers
    r"|\w+(?:[-’'‘]\w+)*"                                   # words, hyphenated words, contractions
    r"|[“”\"‘’'«»]"                                         # quote marks, one per token
    r"|[^\w\s]",                                            # any other punctuation
    re.UNICODE,
)


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@functools.lru_cache(maxsize=1)
def _punkt():
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    data = json.loads(resources.files("framing").joinpath("data/punkt_news.json").read_text("utf-8"))
    params.abbrev_types = set(data["abbrev_types"])
    params.collocations = {tuple(c) for c in data.get("collocations", [])}
    params.sent_starters = set(data.get("sent_starters", []))
    for word, ctx in data.get("ortho_context", {}).items():
        params.ortho_context[word] = ctx
    return PunktSentenceTokenizer(params)


_BLOCK_RE = re.compile(r"\S(?:.*?\S)??(?=\s*\n\s*\n|\s*\Z)", re.S)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in ``text``; blocks separated by blank lines split apart."""
    tok = _punkt()
    out = []
    for m in _BLOCK_RE.finditer(text):
        base = m.start()
        for s, e in tok.span_tokenize(m.group()):
            out.append((base + s, base + e))
    return out


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` as strings."""
    return [text[s:e] for s, e in sentence_spans(text)]


def token_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each token of ``text[start:end]``, as offsets into ``text``."""
    return [m.span() for m in TOKEN_RE.finditer(text, start, len(text) if end is None else end)]


def tokenize(text: str) -> list[str]:
    """Tokens of ``text`` (see the module docstring)."""
    return TOKEN_RE.findall(text)


class Doc:
    """A text with its segments, with sentences and tokens computed once, on demand.

    Extractors share one ``Doc`` per article so the text is split only once per profile.
    """

    __slots__ = ("text", "segments", "id", "outlet", "event", "meta", "_sents", "_cache")

    def __init__(self, text: str, *, segments=None, id=None, outlet=None, event=None, meta=None):
        if not isinstance(text, str):
            raise TypeError(f"expected article text as str, got {type(text).__name__}")
        self.text = text
        if segments is None:
            from .corpus import segments_of

            segments = segments_of(text)
        self.segments = tuple(segments)
        self.id = id
        self.outlet = outlet
        self.event = event
        self.meta = meta or {}
        self._sents = None
        self._cache = {}

    @property
    def sentences(self) -> list[tuple[int, int]]:
        if self._sents is None:
            self._sents = sentence_spans(self.text)
        return self._sents

    def segment_of(self, offset: int) -> str:
        """The kind of the segment (headline, body, caption) containing ``offset``."""
        for seg in self.segments:
            if seg.start <= offset < seg.end:
                return seg.kind
        return "body"

    def sentence_index(self, offset: int) -> int:
        """Index of the sentence containing ``offset`` (the previous one if between sentences)."""
        import bisect

        starts = [s for s, _ in self.sentences]
        return max(0, bisect.bisect_right(starts, offset) - 1)

    @property
    def headline_span(self):
        for seg in self.segments:
            if seg.kind == "headline":
                return (seg.start, seg.end)
        return None

    def lead_span(self):
        """The first body paragraph (the lead)."""
        for seg in self.segments:
            if seg.kind == "body":
                return (seg.start, seg.end)
        return None


def as_doc(x) -> Doc:
    """Turn a str, an :class:`~framing.corpus.Article`, a mapping or a ``Doc`` into a ``Doc``."""
    if isinstance(x, Doc):
        return x
    if isinstance(x, str):
        return Doc(x)
    if hasattr(x, "text") and hasattr(x, "segments"):
        return Doc(x.text, segments=x.segments, id=getattr(x, "id", None), outlet=getattr(x, "outlet", None),
                   event=getattr(x, "event", None))
    if isinstance(x, dict) and "text" in x:
        return Doc(x["text"], id=x.get("id"), outlet=x.get("outlet"), event=x.get("event"))
    raise TypeError(f"expected article text (str), an Article or a Doc, got {type(x).__name__}")
