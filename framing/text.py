"""Offline sentence splitting and tokenisation, with character offsets into the loaded text.

Sentences come from NLTK's Punkt algorithm (Kiss & Strunk 2006, "Unsupervised multilingual
sentence boundary detection", Computational Linguistics 32(4):485-525) with parameters shipped
in this package as JSON (``framing/data/punkt_news.json``, not a pickle). Nothing is downloaded:
``nltk.download`` is never called, and NLTK's own punkt models are not used.

How the parameters were made (:func:`train_punkt_params`, run by
``python framing/data/train_punkt.py``; the JSON header records the sources with their SHA-256,
the NLTK version and the date):

1. NLTK's unsupervised ``PunktTrainer`` reads real English text available offline: the news
   texts of the project (``../shared/seed``, ``../shared/corpus`` and the articles in
   ``sources/``) and plain English prose shipped inside installed packages (scikit-learn's
   dataset descriptions, ``sklearn/datasets/descr/*.rst``, and the Python documentation topics
   of the standard library, ``pydoc_data/topics.py``). Evaluation data (``../shared/eval``) is
   never used.
2. From what it learns, the *orthographic context* (how often each word is capitalised at a
   sentence start, mid-sentence, or in lower case; this lets Punkt split "... in the U.S. The
   talks" because "the" is never capitalised mid-sentence) is kept as is; learned
   abbreviations are kept only when they have an internal period (initialisms such as
   ``e.g``, ``u.s``, ``a.k.a``), since single-word ones learned from documentation prose
   (``das``, ``mb``, ``usa``) are noise; learned sentence starters are kept only when they are
   function words or discourse adverbs (:data:`STARTER_WORDS`); learned collocations are dropped.
3. The hand-written news abbreviations :data:`NEWS_ABBREVIATIONS` (titles and ranks such as
   Mr., Dr., Gen., Lt., Col.; initialisms U.S., U.N.; months Jan. ... Sept.; Inc., Corp.,
   St., No.) and news sentence starters are added.

Blocks (headline, paragraphs, captions) are split separately, so a sentence never spans two
paragraphs.

Tokens come from a regular expression that keeps hyphenated words, contractions with straight or
curly apostrophes, numbers with separators, and initialisms (``U.S.``) together.

Known limits: an abbreviation that ends a sentence before a capitalised name ("... moved to
the U.S. Trump said") stays one sentence, since a name is capitalised mid-sentence as well;
"No." before a number is an abbreviation, so "He said no. 20 people came" is not split.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
import string
from dataclasses import dataclass
from importlib import resources

__all__ = ["Span", "block_spans", "sentence_spans", "token_spans", "tokenize", "sentences", "Doc", "as_doc",
           "NEWS_ABBREVIATIONS", "STARTER_WORDS", "train_punkt_params", "punkt_sources"]

#: ``re.compile`` with an unbounded cache, for hot code that keeps its patterns inline
#: (``rx(r"\s+by\s").match(s)`` costs one cache lookup, a tenth of ``re.match``'s own)
rx = functools.lru_cache(maxsize=None)(re.compile)

#: abbreviations written for news, lower case without the final period (Punkt's convention)
NEWS_ABBREVIATIONS = (
    # titles, ranks and offices
    "mr", "mrs", "ms", "messrs", "mme", "mlle", "dr", "prof", "rev", "hon", "sr", "jr", "st",
    "gen", "lt", "col", "maj", "capt", "cmdr", "adm", "brig", "sgt", "cpl", "pvt", "amb", "gov",
    "pres", "sen", "rep", "sens", "reps", "supt", "insp", "det", "atty", "ret", "gens",
    "gen.-maj", "lt.-gen", "lt.-col", "maj.-gen", "brig.-gen", "rt", "fr",
    # initialisms (internal periods kept)
    "u.s", "u.s.a", "u.n", "u.k", "e.u", "u.a.e", "u.s.s.r", "d.c", "a.m", "p.m", "p.o", "e.g",
    "i.e", "a.k.a", "ph.d", "m.d", "b.c", "a.d",
    # months and days
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "tues", "thu", "thur", "thurs", "fri",  # not sat, sun, wed: common words
    # companies, places, numbers and references
    "inc", "corp", "co", "ltd", "bros", "plc", "llc", "dept", "univ", "assn", "ave", "blvd",
    "rd", "mt", "ft", "no", "nos", "vol", "vols", "fig", "approx", "est", "etc", "vs", "cf",
    "ed", "eds", "pp",
)

#: learned sentence starters are kept only when in this list; all of it is added as news starters
STARTER_WORDS = (
    "a", "after", "also", "an", "and", "as", "at", "before", "but", "by", "each", "earlier",
    "for", "from", "he", "her", "his", "however", "i", "if", "in", "it", "its", "later",
    "meanwhile", "moreover", "on", "otherwise", "she", "since", "so", "some", "that", "the",
    "their", "there", "these", "they", "this", "those", "thus", "to", "under", "we", "when",
    "while", "with", "accordingly", "still", "yet", "many", "most", "several", "both",
)

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


PUNKT_JSON = "data/punkt_news.json"


#: the characters whose ``\s`` class differs between the ``regex`` module, through which NLTK
#: compiles Punkt's patterns (``nltk.redos``), and the standard ``re`` (the information
#: separators \x1c-\x1f: white space to ``re``, not to ``regex``; no other code point differs)
_REGEX_SPACE_DIFF = "\x1c\x1d\x1e\x1f"


def _has_regex_space_diff(s: str) -> bool:
    """Whether ``s`` has one of :data:`_REGEX_SPACE_DIFF` (four ``in`` scans: a character
    class search costs fifty times more)."""
    return any(c in s for c in _REGEX_SPACE_DIFF)


#: the last of Punkt's white space (``string.whitespace``) in a range: ``.*`` runs to its end,
#: then backs up to the class (``_get_last_whitespace_index``, in C)
_LAST_PUNKT_WS = re.compile(".*[%s]" % re.escape(string.whitespace), re.S)

#: the characters Punkt's boundary realignment pattern can start with
_CLOSERS = frozenset("\"')]}\u2018\u2019\u201c\u201d\xab\xbb")


@functools.lru_cache(maxsize=2)
def _punkt(nltk_regex: bool = False):
    r"""The shipped Punkt tokenizer (loaded once).

    NLTK compiles Punkt's patterns with the third-party ``regex`` engine under a timeout (its
    ReDoS guard for patterns callers supply). Punkt's own three patterns (candidate breaks, word
    tokens, boundary realignment) are fixed, without nested quantifiers, and the standard ``re``
    engine runs them about twice as fast. It matches as ``regex`` does except where ``\s`` meets
    \x1c-\x1f, so :func:`sentence_spans` gives a block with those characters to the
    NLTK-compiled tokenizer (``nltk_regex=True``).
    """
    from nltk.tokenize.punkt import PunktLanguageVars, PunktSentenceTokenizer

    class _ReLanguageVars(PunktLanguageVars):
        """NLTK's English Punkt patterns, formatted as NLTK does, compiled by ``re``."""

        __slots__ = ()
        re_boundary_realignment = re.compile(PunktLanguageVars.re_boundary_realignment.pattern,
                                             re.MULTILINE)

        def _word_tokenizer_re(self):
            try:
                return self._re_word_tokenizer
            except AttributeError:
                self._re_word_tokenizer = re.compile(
                    self._word_tokenize_fmt % {"NonWord": self._re_non_word_chars,
                                               "MultiChar": self._re_multi_char_punct,
                                               "WordStart": self._re_word_start},
                    re.UNICODE | re.VERBOSE)
                return self._re_word_tokenizer

        def period_context_re(self):
            try:
                return self._re_period_context
            except AttributeError:
                self._re_period_context = re.compile(
                    self._period_context_fmt % {"NonWord": self._re_non_word_chars,
                                                "SentEndChars": self._re_sent_end_chars},
                    re.UNICODE | re.VERBOSE)
                return self._re_period_context

    class _Punkt(PunktSentenceTokenizer):
        """NLTK's Punkt, remembering its decision for each candidate break's context.

        Punkt decides whether a candidate ("said. The", "U.S. The") is a sentence break from
        that context string alone (its words and the fixed parameters), and contexts recur
        across news articles, so each decision is computed once. The memo is bounded.
        :meth:`spans` is ``span_tokenize`` in one loop, and a new context is decided from facts
        cached per word (:meth:`_contains_sentbreak`); both follow NLTK step for step (the
        tests compare them with NLTK's own methods).
        """

        _MEMO_MAX = 100_000     # contexts in the memo, words in the token cache

        def __init__(self, params, lang_vars=None):
            super().__init__(params, lang_vars=lang_vars)
            self._memo = {}
            self._tokens = {}

        def spans(self, text: str) -> list[tuple[int, int]]:
            """``list(self.span_tokenize(text))``, computed in one loop.

            NLTK chains four generators per block (``_match_potential_end_contexts``,
            ``_slices_from_text``, ``_realign_boundaries``, ``span_tokenize``), and their
            per-candidate overhead cost more than the (memoised) decisions. This is the same
            computation, step for step, in one function; the comments name NLTK's steps.
            """
            last_ws = _LAST_PUNKT_WS.match
            # _match_potential_end_contexts: a candidate's context is the word before it, the
            # end character and what follows (``after_tok``). The word starts after the last
            # white space (of ``string.whitespace``) since the previous candidate; when there is
            # none (or it is that candidate's first character) NLTK reuses the previous word's
            # start, and then drops the previous candidate, whose word overlaps this one.
            cands = []                      # (match, start of its word)
            prev_start = prev_stop = 0
            for m in self._lang_vars.period_context_re().finditer(text):
                ms = m.start()
                ws = last_ws(text, prev_stop, ms)
                start = ws.end() if ws is not None and ws.end() - 1 > prev_stop else prev_start
                if cands and prev_stop > start:
                    cands.pop()
                cands.append((m, start))
                prev_start, prev_stop = start, ms
            # _slices_from_text, as (start, stop); the context word + end character + after_tok
            # is one slice of the text
            memo = self._memo
            cuts = []
            last_break = 0
            for m, start in cands:
                context = text[start:m.end("after_tok")]
                hit = memo.get(context)
                if hit is None:
                    hit = self.text_contains_sentbreak(context)
                if hit:
                    cuts.append((last_break, m.end()))
                    nxt = m.start("next_tok")
                    last_break = nxt if nxt >= 0 else m.end()
            cuts.append((last_break, len(text.rstrip())))
            # _realign_boundaries: closing quotes and brackets after a break join the sentence
            realign_re = self._lang_vars.re_boundary_realignment
            out = []
            realign = 0
            for i in range(len(cuts) - 1):
                s1, e1 = cuts[i]
                s1 += realign
                s2, e2 = cuts[i + 1]
                # the pattern starts with one of the closers: skip the slice and the call
                r = realign_re.match(text[s2:e2]) if s2 < e2 and text[s2] in _CLOSERS else None
                if r is not None:
                    out.append((s1, s2 + len(r.group(0).rstrip())))
                    realign = r.end()
                else:
                    realign = 0
                    if s1 < e1:             # NLTK: ``if text[sentence1]`` (e1 <= len(text))
                        out.append((s1, e1))
            s1, e1 = cuts[-1]
            s1 += realign
            if s1 < e1:
                out.append((s1, e1))
            return out

        def text_contains_sentbreak(self, text: str) -> bool:
            hit = self._memo.get(text)
            if hit is None:
                if len(self._memo) >= self._MEMO_MAX:
                    self._memo.clear()
                hit = self._memo[text] = self._contains_sentbreak(text)
            return hit

        def _contains_sentbreak(self, text: str) -> bool:
            """NLTK's ``text_contains_sentbreak``, with the facts about each word cached.

            NLTK builds a ``PunktToken`` per word of every context (its type through a
            ``regex`` substitution under a timeout) and annotates them in two passes. Whether
            a token is a break depends only on it and the next token, and what is needed of
            each token depends only on its text (:meth:`_token_facts`), so the facts are
            computed once per word, by NLTK's own token class and methods, and combined here
            as ``_second_pass_annotation`` does.
            """
            toks = []
            for line in text.split("\n"):         # _tokenize_words
                if line.strip():
                    toks += self._lang_vars.word_tokenize(line)
            if len(toks) < 2:
                return False                        # the last token's break does not count
            facts = self._tokens
            colloc = self._params.collocations
            if len(facts) >= self._MEMO_MAX:
                facts.clear()
            nxt = facts.get(toks[0]) or self._token_facts(toks[0])
            for j in range(1, len(toks)):
                cur, nxt = nxt, facts.get(toks[j]) or self._token_facts(toks[j])
                period_final, sentbreak, abbr_or_ellipsis, initial, typ = cur[:5]
                if not period_final:
                    if sentbreak:
                        return True
                    continue
                next_typ, ortho, starter, special = nxt[5:]
                if colloc and (typ, next_typ) in colloc:
                    continue
                if abbr_or_ellipsis and not initial and (ortho is True or starter):
                    return True
                if initial or typ == "##number##":
                    if ortho is False or (ortho == "unknown" and initial and special):
                        continue
                if sentbreak:
                    return True
            return False

        def _token_facts(self, tok: str) -> tuple:
            """What :meth:`_contains_sentbreak` needs of a token, from NLTK's ``PunktToken``.

            As the first of a pair: period_final, the first-pass sentbreak, abbr or ellipsis,
            is_initial, type_no_period. As the second (first-pass annotated only, as in NLTK's
            second pass): type_no_sentperiod, the orthographic heuristic, whether it is a
            capitalised frequent starter, whether it is capitalised and never seen lower case.
            """
            from nltk.tokenize.punkt import _ORTHO_LC

            t = self._Token(tok)
            self._first_pass_annotation(t)
            next_typ = t.type_no_sentperiod
            facts = (t.period_final, bool(t.sentbreak), bool(t.abbr or t.ellipsis), bool(t.is_initial),
                     t.type_no_period, next_typ, self._ortho_heuristic(t),
                     t.first_upper and next_typ in self._params.sent_starters,
                     t.first_upper and not (self._params.ortho_context[next_typ] & _ORTHO_LC))
            self._tokens[tok] = facts
            return facts

    data = json.loads(resources.files("framing").joinpath(PUNKT_JSON).read_text("utf-8"))
    return _Punkt(_params_from_dict(data), None if nltk_regex else _ReLanguageVars())


def _params_from_dict(data: dict):
    from nltk.tokenize.punkt import PunktParameters

    params = PunktParameters()
    params.abbrev_types = set(data["abbrev_types"])
    params.collocations = {tuple(c) for c in data.get("collocations", [])}
    params.sent_starters = set(data.get("sent_starters", []))
    for word, ctx in data.get("ortho_context", {}).items():
        params.ortho_context[word] = int(ctx)
    return params


def punkt_sources(repo=None, shared=None) -> list[tuple[str, str]]:
    """The texts :func:`train_punkt_params` learns from: (name, text) pairs, in a fixed order.

    Parameters
    ----------
    repo : path, optional
        The repository root (for ``sources/articles``); default: the parent of the package.
    shared : path, optional
        The shared folder (for ``seed`` and ``corpus``); default: ``<repo>/../shared``.

    Missing folders are skipped. Article files with front matter are read through
    :func:`framing.corpus.parse_article` (text only).
    """
    import ast
    import sysconfig
    from pathlib import Path

    repo = Path(repo) if repo is not None else Path(__file__).resolve().parents[1]
    shared = Path(shared) if shared is not None else repo.parent / "shared"
    out = []
    for folder in (shared / "seed", shared / "corpus"):
        for f in sorted(folder.glob("*.txt")) if folder.is_dir() else []:
            out.append((f"{folder.name}/{f.name}", f.read_text("utf-8")))
    arts = repo / "sources" / "articles"
    if arts.is_dir():
        from .corpus import parse_article

        for f in sorted(arts.rglob("*.txt")):
            try:
                out.append((f"sources/{f.relative_to(arts)}", parse_article(f.read_bytes(), check_hash=False).text))
            except Exception:  # noqa: BLE001 - a malformed article is not training text
                continue
    try:
        import sklearn

        descr = Path(sklearn.__file__).parent / "datasets" / "descr"
        for f in sorted(descr.glob("*.rst")):
            out.append((f"sklearn/datasets/descr/{f.name}", f.read_text("utf-8")))
    except ImportError:  # pragma: no cover
        pass
    topics = Path(sysconfig.get_paths()["stdlib"]) / "pydoc_data" / "topics.py"
    if topics.is_file():
        tree = ast.parse(topics.read_text("utf-8"))
        for node in tree.body:
            if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "topics":
                d = ast.literal_eval(node.value)
                out.extend((f"pydoc_data/topics.py:{k}", d[k]) for k in sorted(d))
    return out


def train_punkt_params(texts, *, abbreviations=NEWS_ABBREVIATIONS, starters=STARTER_WORDS) -> dict:
    """Train Punkt parameters on ``texts`` and merge the news lists (see the module docstring).

    Parameters
    ----------
    texts : iterable of str
    abbreviations : iterable of str
        Added to the learned initialisms (lower case, no final period).
    starters : iterable of str
        Learned sentence starters are kept only when listed here; all are added.

    Returns
    -------
    dict
        ``abbrev_types``, ``collocations``, ``sent_starters``, ``ortho_context`` (sorted,
        JSON-ready), and ``learned`` (what Punkt learned before filtering, for the record).
    """
    from nltk.tokenize.punkt import PunktTrainer

    trainer = PunktTrainer()
    for t in texts:
        trainer.train(t, finalize=False)
    trainer.finalize_training()
    p = trainer.get_params()
    learned_abbrev = sorted(p.abbrev_types)
    learned_starters = sorted(p.sent_starters)
    keep_abbrev = {a for a in learned_abbrev if "." in a and re.fullmatch(r"[a-z.\-]+", a)}
    starters = [w.lower() for w in starters]
    keep_starters = {w for w in learned_starters if w in starters} | set(starters)
    return {
        "abbrev_types": sorted(keep_abbrev | {a.lower() for a in abbreviations}),
        "collocations": [],
        "sent_starters": sorted(keep_starters),
        "ortho_context": {k: int(v) for k, v in sorted(p.ortho_context.items())
                          if re.fullmatch(r"[^\W\d_][\w'’\-]*", k)},
        "learned": {"abbrev_types": learned_abbrev, "sent_starters": learned_starters,
                    "collocations": sorted(" ".join(c) for c in p.collocations)},
    }


_BLANK_LINES = re.compile(r"\n\s*\n")
_LEAD_WS = re.compile(r"\s*")


def block_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the non-blank blocks of ``text`` separated by blank lines (paragraphs).

    A block is a maximal run of text between blank lines (a line break, white space, a line
    break), without its surrounding white space.

    >>> block_spans("Title\n\n First para.\n  \nSecond.\n")
    [(0, 5), (8, 19), (23, 30)]
    """
    out = []
    start = 0
    for m in _BLANK_LINES.finditer(text):
        _add_block(text, start, m.start(), out)
        start = m.end()
    _add_block(text, start, len(text), out)
    return out


def _add_block(text: str, a: int, b: int, out: list) -> None:
    a = _LEAD_WS.match(text, a, b).end()
    if a < b:
        chunk = text[a:b]
        out.append((a, a + len(chunk.rstrip())))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in ``text``; blocks separated by blank lines split apart."""
    tok = _punkt()
    alt = _punkt(nltk_regex=True) if _has_regex_space_diff(text) else None
    out = []
    for base, end in block_spans(text):
        block = text[base:end]
        if "." not in block and "?" not in block and "!" not in block:
            out.append((base, end))    # no candidate break: Punkt returns the block whole
            continue
        spans = (alt if alt is not None and _has_regex_space_diff(block) else tok).spans(block)
        for s, e in spans:
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

    __slots__ = ("text", "segments", "id", "outlet", "event", "meta", "_sents", "_starts", "_cache")

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
        self._starts = None
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
        if self._starts is None:
            self._starts = [s for s, _ in self.sentences]
        return max(0, bisect.bisect_right(self._starts, offset) - 1)

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
