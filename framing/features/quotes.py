"""Attribution: who is quoted, with which reporting verb, for which side.

:func:`extract_quotes` yields one :class:`Quote` per attribution in an article: the speaker (and
the span of the words naming them), the reporting cue (verb lemma, its stance class from the
editable lexicon ``framing/data/reporting_verbs.yaml``, its span), the kind (``direct``,
``partial``, ``indirect``; ``scare`` for quoted words without a speaker when asked for), the span
of the quoted or paraphrased content and the speaker's side from the speaker-group map of the
article's event (:mod:`framing.speakers`). :class:`Attribution` turns them into features per
article and evidence rows.

Method (rules over offsets, no parser; in the spirit of textacy's ``direct_quotations`` and of the
Gender Gap Tracker's quote extractor, Asr et al. 2021, PLOS ONE 16(1): e0245533):

1. Quotation marks are paired per paragraph: curly marks by shape, straight marks by the
   characters around them (an opening mark follows a space or a bracket and precedes a
   non-space), single quotes only when they cannot be apostrophes (``Ja’afari``, ``UN’s``).
   Quotes nested in another are part of it. A paragraph that ends inside a quote continues into
   the next if that one opens with a quote mark (the news convention for long quotes); any other
   unclosed quote runs to the end of its sentence; a stray closing mark is ignored. Quotes may
   span sentences.
2. Reporting cues are found with one compiled pattern from the lexicon (verb forms, multiword
   cues such as "according to", "expressed hope", "issued a statement", and the headline colon
   ``"...: Ja’afari"``). A cue is dropped when a word listed in its ``not_before`` follows ("said
   to be", "claimed the lives"), when a determiner or a possessive precedes it ("the alleged
   attack", "Russia's call"), when it sits inside quoted words, or when no speaker is found.
3. A quote is **direct** when the attribution is set off by punctuation: ``“...,” he said``,
   ``“...” said Lavrov``, ``Lavrov said: “...”``; **partial** when the quoted words are embedded in
   the reporter's own clause with a cue (``praised the talks as an “unprecedented” leap``,
   ``hailed the deal as “an important step”``); a quote that opens a sentence with no cue of its
   own continues the previous speaker (a continuation, without a verb); a short quote with no cue
   and no speaker is a scare quote or a name (``“moderate” rebels``), which is not an
   attribution. A cue with no quote of its own is **indirect** speech when it introduces
   content: ``X said (that) ...``, ``according to X, ...``, ``..., X said.``, a participle
   ``..., claiming it poses ...`` (the speaker of the clause it hangs on), ``X welcomed the
   memorandum`` (the object is the content). Cues marked ``indirect: that`` in the lexicon
   ("added", "noted") need "that"; ``indirect: never`` cues ("called") need a quote.
4. The speaker is the noun phrase before the cue (appositives between commas, auxiliaries and
   adverbs skipped: ``Staffan de Mistura, the UN’s Syria envoy, hailed``), the one after an
   inverted cue (``said Lavrov``), after "according to", or after "by" in a passive. It is then
   resolved within the article: "he"/"she" to the last named person, "they" to the last group,
   "it" and "the statement" to the last statement's issuer, "his spokesman" to the person "his"
   refers to, a role ("the UN chief") to the person holding it when that person is named in the
   article (roles from the speaker map), a surname to the full name given earlier. The side
   comes from :meth:`framing.speakers.SpeakerGroups.side_of`, else from the appositive, else
   from earlier mentions of the same speaker.

Validation: on the seed article (Press TV, 4 May 2017) the extractor agrees exactly with a human
coding of all 14 attributions (speaker, side, verb lemma, verb class, kind; see
``tests/fixtures/seed_quotes.yaml`` and its test).

Known limits: no syntactic parse, so a speaker separated from the cue by a long clause, a cue
whose subject is not a noun phrase ending right before it, and indirect speech without a
reporting cue ("For Moscow, the zones are a step forward") are not found; "he"/"she" resolve to
the last named speaker or person with no knowledge of gender, which fails when another person
was named in between; a subject naming two sides ("Iran and Russia said") gets the side named
last; a surname alias that opens a sentence is taken for the known person even when a first
name precedes it ("Zahran Alloush" is read as Mohammad Alloush); a quote introduced by a cue in
the previous sentence ("He said this: ... “...”") is a continuation only when it opens its
sentence; nested single quotes inside double quotes are not separate quotes; straight single
quotes next to apostrophes may be misread (the pair is then dropped, not invented); text that
lost its punctuation (lists of related headlines, scraped teasers) yields spurious cues.

Related work: textacy's ``extract.triples.direct_quotations`` finds direct quotes with speaker and
cue but no indirect speech and fails on an odd number of quote marks; the Gender Gap Tracker
(Asr, Mazraeh, Lopes, Gautam, Gonzales, Rao & Taboada 2021) combines syntactic and heuristic rules
for direct, indirect and mixed quotes (its "mixed" is our ``partial``) and reports quote F1 83.7
and speaker match 86.5%; BBC Citron (Newell & Bouchard) learns cues and content of indirect quotes.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from itertools import chain
from pathlib import Path
from typing import Iterator

import yaml

from ..errors import LexiconError, ValidationError
from ..resources import user_files
from ..speakers import SpeakerGroups, load_speaker_groups, shipped_events
from ..text import Doc, as_doc
from ..text import rx as _rx
from .base import Extractor, shared_find

__all__ = ["Quote", "ReportingVerbs", "load_reporting_verbs", "extract_quotes", "Attribution",
           "KINDS", "VERB_CLASSES"]

KINDS = ("direct", "partial", "indirect", "scare")
#: the stance classes of the shipped lexicon, in report order
VERB_CLASSES = ("neutral", "endorsing", "distancing", "conceding", "rejecting", "directive",
                "warning", "expressive")
_INDIRECT = ("always", "that", "never")

_OPEN_D = "“„«"
_CLOSE_D = "”»"
_WORD_RE = re.compile(r"\w+(?:[-’'‘]\w+)*")


@dataclass(frozen=True)
class Quote:
    """One attribution: who said what, with which cue, and where the content is.

    ``start``/``end`` are offsets of the quoted words (inside the marks) or of the paraphrased
    content in the text as loaded. ``speaker`` is the resolved name (a canonical actor name, a
    named person, or the words of the description); ``speaker_span`` the words that name the
    speaker here ("He", "his spokesman"); ``verb`` the cue's lemma (``None`` for a quote that
    continues the previous speaker); ``side`` the speaker's side or ``None``.
    """

    speaker: str | None
    speaker_span: tuple | None
    verb: str | None
    verb_class: str | None
    verb_span: tuple | None
    kind: str
    start: int
    end: int
    side: str | None
    text: str = ""

    @property
    def words(self) -> int:
        """Number of words in the content."""
        return len(_WORD_RE.findall(self.text))


# ---------------------------------------------------------------------------- the verb lexicon

@dataclass
class ReportingVerbs:
    """The reporting-cue lexicon: lemma -> class, forms, options; compiled into one pattern."""

    entries: dict = field(default_factory=dict)   # lemma -> {"class", "forms", "indirect", "not_before"}
    fillers: frozenset = frozenset()
    colon: dict = field(default_factory=lambda: {"lemma": ":", "class": "neutral"})
    speaker_nouns: frozenset = frozenset()
    meta: list = field(default_factory=list)

    def __post_init__(self):
        self._form = {}
        for lemma, e in self.entries.items():
            for f in e["forms"]:
                self._form[_squash(f)] = lemma
        fill = "|".join(sorted((re.escape(w) for w in self.fillers), key=len, reverse=True)) or "(?!)"
        alts = []
        self._alts = []     # (first word, alternative), in the pattern's order
        for f in sorted(self._form, key=lambda s: (-len(s), s)):
            words = [re.escape(w) for w in f.split()]
            alts.append(rf"\s+(?:(?:{fill})\s+){{0,2}}".join(words))
            self._alts.append((f.split()[0] if f.split() else "", alts[-1]))
        self._re = _cue_pattern(alts) if alts else None
        # the first words of the forms, in an Aho-Corasick automaton: the pattern is tried only
        # where one of them starts (see finditer)
        self._starts = None
        self._at = {}       # first word -> the pattern of the forms that may match where it starts
        self._lemmas = {}   # cue as found -> lemma_of(cue)
        # lemma -> the first words of its not_before phrases (see _cues)
        self._nb_heads = {lemma: tuple(nb.split(" ", 1)[0] for nb in e["not_before"])
                          for lemma, e in self.entries.items()}
        firsts = {f.split()[0] for f in self._form if f.split()}
        if alts and firsts:
            import ahocorasick

            self._starts = ahocorasick.Automaton()
            for w in firsts:
                self._starts.add_word(w, w)
            self._starts.make_automaton()

    @property
    def classes(self) -> list[str]:
        seen = [c for c in VERB_CLASSES if any(e["class"] == c for e in self.entries.values())]
        seen += sorted({e["class"] for e in self.entries.values()} - set(seen))
        if self.colon["class"] not in seen:
            seen.append(self.colon["class"])
        return seen

    def lemma_of(self, form: str) -> str | None:
        """The lemma of an inflected cue ("hailed" -> "hail"; "expressed his hope" -> "express hope")."""
        # the same few cues ("said", "told") recur in every article: each is looked up once
        memo = self._lemmas
        if form in memo:
            return memo[form]
        if len(memo) >= 10_000:     # bounded: memory stays flat over a long stream
            memo.clear()
        words = [w for w in _squash(form).split() if w not in self.fillers]
        out = memo[form] = self._form.get(" ".join(words)) or self._form.get(_squash(form))
        return out

    def class_of(self, lemma: str) -> str | None:
        if lemma == self.colon["lemma"]:
            return self.colon["class"]
        e = self.entries.get(lemma)
        return None if e is None else e["class"]

    def finditer(self, text: str, start: int = 0, end: int | None = None, low: str | None = None):
        """The cue matches in ``text[start:end]``, as ``re.Match`` objects, left to right.

        The same matches as the pattern's ``finditer``: the pattern is tried only at the
        offsets where a form's first word starts (found by the automaton over the lower-cased
        text), unless lower-casing changes the text's length or the text holds a character
        that case-insensitive matching folds specially (dotless i, long s). ``low``:
        ``text.lower()`` when the caller has it and found it aligned (``_plain_case``).
        """
        if self._re is None:
            return iter(())
        end = len(text) if end is None else end
        if self._starts is None:
            return self._re.finditer(text, start, end)
        if low is None:
            low = text.lower()
            if not _plain_case(text, low):
                return self._re.finditer(text, start, end)
        return self._finditer(text, low, start, end)

    def _finditer(self, text, low, start, end):
        longest = {}    # offset -> the longest first word starting there
        for i, w in self._starts.iter(low, start, end):
            # (the automaton gives its hits by their end: of those starting at one offset, the
            # longest comes last)
            longest[i - len(w) + 1] = w
        last = start
        for p in sorted(longest):
            if p < last:
                continue
            # the pattern opens with (?<![\w’'-]) (case-insensitive, \w: isalnum() or "_"; the
            # lookbehind sees before ``start`` too): no match after such a character
            if p and (text[p - 1].isalnum() or text[p - 1] in "_’'-"):
                continue
            m = self._pattern_at(longest[p]).match(text, p, end)
            if m is not None:
                last = m.end()
                yield m

    def _pattern_at(self, word: str):
        """The pattern with only the forms whose first word is a prefix of ``word``, in order.

        Where ``word`` is the longest first word starting at an offset, no other form can match
        there, so it matches there as the whole pattern does, without trying a thousand
        alternatives first. One per first word: bounded by the lexicon.
        """
        pat = self._at.get(word)
        if pat is None:
            pat = self._at[word] = _cue_pattern([a for w, a in self._alts if word.startswith(w)])
        return pat


def _cue_pattern(alts: list[str]):
    # (?<![\w’'-]) and (?![\w’'-]), with "’" tested apart: the same tests (none of these
    # characters is cased, so re.I folds none of them), but a class holding "’" compiles to a
    # 64K-entry table: ~0.15 ms for each of the ~250 per-word patterns (_pattern_at) of a first pass
    return re.compile(r"(?<![\w'-])(?<!’)(?:" + "|".join(alts) + r")(?![\w'-])(?!’)", re.I)


#: characters that case-insensitive matching folds to ASCII letters beyond str.lower()
_FOLDS = re.compile("[\u0131\u017f\u0130\ufb00-\ufb06]")


def _plain_case(text: str, low: str) -> bool:
    """Whether ``low`` (``text.lower()``) is aligned with ``text`` and holds a letter wherever
    case-insensitive matching finds it in ``text`` (true of all ASCII text, checked at once)."""
    return text.isascii() or len(low) == len(text) and not _FOLDS.search(text)


def _squash(s: str) -> str:
    return _rx(r"\s+").sub(" ", s.replace("’", "'")).strip().lower()


def _read_verbs(state: dict, text: str, path) -> None:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise LexiconError(f"not valid YAML ({str(e).splitlines()[0]})", path=path) from None
    if not isinstance(data, dict) or not isinstance(data.get("meta"), dict):
        raise LexiconError("missing header: 'meta' with at least 'name'", path=path, field="meta")
    m = data["meta"]
    state["meta"].append({"name": m.get("name"), "version": m.get("version"), "source": m.get("source"),
                          "licence": m.get("licence"), "path": str(path)})
    for key in ("fillers", "speaker_nouns"):
        v = data.get(key) or []
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise LexiconError("must be a list of strings", path=path, field=key)
        state[key].update(x.lower() for x in v)
    if data.get("colon") is not None:
        c = data["colon"]
        if not isinstance(c, dict) or not isinstance(c.get("class"), str):
            raise LexiconError("must be a mapping with 'lemma' and 'class'", path=path, field="colon")
        state["colon"] = {"lemma": str(c.get("lemma", ":")), "class": c["class"]}
    verbs = data.get("verbs") or {}
    if not isinstance(verbs, dict):
        raise LexiconError("must map lemmas to {class, forms}", path=path, field="verbs")
    for lemma, e in verbs.items():
        fld = f"verbs.{lemma}"
        if not isinstance(e, dict) or not isinstance(e.get("class"), str) or not e["class"]:
            raise LexiconError("each verb needs a 'class'", path=path, field=fld)
        forms = e.get("forms") or [lemma]
        if not isinstance(forms, list) or not all(isinstance(f, str) and f.strip() for f in forms):
            raise LexiconError("'forms' must be a list of non-empty strings", path=path, field=fld)
        ind = e.get("indirect", "always")
        if ind not in _INDIRECT:
            raise LexiconError(f"'indirect' must be one of {', '.join(_INDIRECT)}; got {ind!r}",
                               path=path, field=fld)
        nb = e.get("not_before") or []
        if not isinstance(nb, list) or not all(isinstance(x, str) for x in nb):
            raise LexiconError("'not_before' must be a list of strings", path=path, field=fld)
        state["entries"][str(lemma)] = {"class": e["class"], "forms": [str(f) for f in forms],
                                        "indirect": ind, "not_before": [_squash(x) for x in nb]}


def _verb_files(paths) -> list[Path]:
    return user_files(paths, select=lambda d: [f for f in [d / "reporting_verbs.yaml"] if f.is_file()],
                      env="FRAMING_LEXICONS", what="reporting-verb lexicon")


def load_reporting_verbs(paths=None) -> ReportingVerbs:
    """Load the shipped reporting-verb lexicon, extended by the user's files.

    Parameters
    ----------
    paths : path or list of paths, optional
        Files, or folders holding a ``reporting_verbs.yaml``; defaults to the folders in the
        ``FRAMING_LEXICONS`` environment variable. Their entries add to and override the shipped
        ones.

    Examples
    --------
    >>> rv = load_reporting_verbs()
    >>> rv.lemma_of("hailed"), rv.class_of("hail"), rv.class_of("claim")
    ('hail', 'endorsing', 'distancing')
    >>> rv.lemma_of("expressed his hope")
    'express hope'
    """
    files = tuple((str(f), f.stat().st_mtime_ns) for f in _verb_files(paths))
    return _load_verbs(files)


@functools.lru_cache(maxsize=16)
def _load_verbs(files: tuple) -> ReportingVerbs:
    state = {"entries": {}, "fillers": set(), "speaker_nouns": set(), "meta": [],
             "colon": {"lemma": ":", "class": "neutral"}}
    text = resources.files("framing").joinpath("data/reporting_verbs.yaml").read_text("utf-8")
    _read_verbs(state, text, "framing/data/reporting_verbs.yaml")
    for f, _ in files:
        _read_verbs(state, Path(f).read_text("utf-8"), f)
    return ReportingVerbs(entries=state["entries"], fillers=frozenset(state["fillers"]),
                          colon=state["colon"], speaker_nouns=frozenset(state["speaker_nouns"]),
                          meta=state["meta"])


# ---------------------------------------------------------------------------- quotation marks

@dataclass
class _QSpan:
    open: int          # offset of the opening mark
    close: int         # offset of the closing mark (== end of paragraph/sentence when unclosed)
    cstart: int        # content start
    cend: int          # content end (trailing spaces and commas removed)
    closed: bool = True
    speaker: object = None
    used: bool = False


def _paragraphs(doc: Doc) -> list[tuple[int, int]]:
    segs = [(s.start, s.end) for s in doc.segments if s.end > s.start]
    if not segs:
        return [(0, len(doc.text))] if doc.text else []
    return sorted(segs)


def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace()


_DOUBLE_MARKS = re.compile(f'[{_OPEN_D}{_CLOSE_D}"]')
#: single quote marks, but not between two letters or digits ([^\W_]): apostrophes inside words
#: are most of them and never open or close a quote
_SINGLE_MARKS = re.compile(r"[‘’'](?:(?![^\W_])|(?<![^\W_].))")


def _double_marks(text: str) -> list[int]:
    """The offsets of the double quote marks in ``text``, in order: where ``_DOUBLE_MARKS``
    matches (a search per mark with str.find is much faster than a regex scan of the text)."""
    out = []
    for ch in _OPEN_D + _CLOSE_D + '"':
        i = text.find(ch)
        while i >= 0:
            out.append(i)
            i = text.find(ch, i + 1)
    out.sort()
    return out


def _quote_spans(text: str, paras, sents) -> list[_QSpan]:
    pairs = []        # (open, close_or_end, closed)
    marks = _double_marks(text)
    for pi, (ps, pe) in enumerate(paras):
        state = None
        for k in range(bisect.bisect_left(marks, ps), bisect.bisect_left(marks, pe)):
            i = marks[k]
            ch = text[i]
            prev = text[i - 1] if i > ps else ""
            nxt = text[i + 1] if i + 1 < pe else ""
            if ch in _OPEN_D:
                kind = "open"
            elif ch in _CLOSE_D:
                kind = "close"
            elif (prev == "" or prev.isspace() or prev in "([{—–-/") and not _is_space(nxt):
                kind = "open"
            elif not _is_space(prev):
                kind = "close"
            else:
                kind = "close" if state is not None else "open"
            if kind == "open":
                if state is not None and ch == '"':
                    pairs.append((state, i, True))
                    state = None
                else:
                    state = i       # an earlier unclosed curly opening is dropped
            elif state is not None:
                pairs.append((state, i, True))
                state = None
        if state is not None:
            nxt_para = paras[pi + 1] if pi + 1 < len(paras) else None
            if nxt_para is not None and text[nxt_para[0]:nxt_para[0] + 1] in (_OPEN_D + '"'):
                pairs.append((state, pe, False))
            else:
                end = pe
                for s, e in sents:
                    if s <= state < e:
                        end = min(e, pe)
                        break
                if end > state + 1:
                    pairs.append((state, end, False))
    pairs += _single_pairs(text, paras)
    # keep the outermost pairs only
    pairs.sort(key=lambda p: (p[0], -p[1]))
    out, reach = [], -1
    for o, c, closed in pairs:
        if o < reach:
            continue
        reach = c
        cs, ce = o + 1, c
        while ce > cs and (text[ce - 1].isspace() or text[ce - 1] in ",;:"):
            ce -= 1
        while cs < ce and text[cs].isspace():
            cs += 1
        if ce > cs:
            out.append(_QSpan(o, c, cs, ce, closed))
    return out


def _single_pairs(text: str, paras) -> list:
    pairs = []
    if "'" not in text and "‘" not in text and "’" not in text:
        return pairs    # (a substring test is much faster than a regex scan)
    for ps, pe in paras:
        state = None
        for qm in _SINGLE_MARKS.finditer(text[ps:pe]):     # (apostrophes inside words skipped)
            i = ps + qm.start()
            ch = text[i]
            prev = text[i - 1] if i > ps else ""
            nxt = text[i + 1] if i + 1 < pe else ""
            if ch in "‘'" and (prev == "" or prev.isspace() or prev in "([{—–-“\"") and nxt.isalnum():
                state = i
            elif ch in "’'" and state is not None and not _is_space(prev) and not nxt.isalnum():
                if prev == "s" and ch == "’" and i - state > 60:
                    continue  # more likely a plural possessive than the end of a long quote
                pairs.append((state, i, True))
                state = None
    return pairs


# ---------------------------------------------------------------------------- cues

@dataclass(slots=True)     # (many per article: slots make them cheaper to build and to read)
class _Cue:
    start: int
    end: int
    lemma: str
    cls: str
    participle: bool = False
    used: bool = False
    speaker: object = None
    inverted: bool = False
    embedded: bool = False
    sent: tuple = None      # (start, end) of its sentence (set by _extract)
    mute: bool = False      # no speaker, whatever is resolved later (see cue_speaker)


_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their",
                "our", "my", "your", "any", "no", "such", "each", "every", "some", "many", "several",
                "first", "second", "new", "latest", "recent", "public", "official", "joint", "strong",
                "repeated", "earlier", "similar", "alleged", "so-called"}
_AUX = re.compile(
    r"(?:\s+|^)(?:has|have|had|was|were|is|are|been|also|further|later|earlier|again|then|still|"
    r"already|so\s+far|previously|reportedly|repeatedly|once|never|not|too|first|often|[a-z]+ly|"
    r"on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|"
    r"in\s+a\s+(?:statement|letter|speech|interview|tweet|post)|once\s+again)\s*$")
_PASSIVE = re.compile(r"(?:\b(?:was|were|is|are|been|be|being)\s+(?:\w+ly\s+)?)$", re.I)
_AND_END = re.compile(r"(?:,\s*|\s)and\s+(?:\w+ly\s+|also\s+|then\s+)?$")


# _PASSIVE and _AND_END end with a word and, perhaps, an adverb, then white space: a text they
# match ends with white space, and one of its last two words ends with that word. The regex
# searches (which try every offset) run only then; cues are many and rarely passive or coordinated.

def _ends_passive(s: str):
    """``_PASSIVE.search(s)``."""
    if s[-1:].isspace():
        # (words with other than ASCII letters are left to the regex: case-insensitive matching
        # folds some letters that lower() does not)
        for w in s.rsplit(None, 2)[-2:]:
            if not w.isascii() or w.lower().endswith(_BE):
                return _PASSIVE.search(s)
    return None


def _ends_with_and(s: str):
    """``_AND_END.search(s)``."""
    if s[-1:].isspace():
        for w in s.rsplit(None, 2)[-2:]:
            if w.endswith("and"):
                return _AND_END.search(s)
    return None


_BE = ("was", "were", "is", "are", "been", "be", "being")
_STOP_WORDS = {"that", "while", "when", "as", "but", "after", "before", "because", "since", "if",
               "where", "which", "who", "whom", "whose", "whereas", "although", "though", "however",
               "meanwhile", "is", "are", "was", "were", "has", "have", "had", "will", "would",
               "could", "can", "may", "might", "should", "must", "did", "does", "do", "not", "so",
               "than", "then", "this", "it's", "there", "here", "said", "says", "told", "what", "how",
               "why", "whom", "whether", "what's"}
_PREPS = {"in", "on", "at", "under", "during", "after", "before", "with", "from", "by", "to", "into",
          "over", "against", "about", "since", "through", "amid", "despite", "following", "near",
          "among", "between", "without", "across", "within", "upon", "for", "of"}
_PRON = {"he": "person", "she": "person", "they": "group", "it": "body", "we": "group", "i": "person"}
_POSS = {"his": "person", "her": "person", "its": "body", "their": "group"}
_INVERTING = {"say", "add", "write", "note", "explain", "report", "tell", "state", "declare", "announce",
              "remark", "comment", "observe", "insist", "claim", "warn"}
_TIME_WORDS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
               "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December", "last", "next", "this", "week", "month", "year", "today", "yesterday",
               "earlier", "later", "meanwhile", "however", "also", "tonight", "morning", "evening", "night"}
_THAT = re.compile(r"\s*(?:,\s*)?(?:(?:in|on|at|to|during|after|before|with)\b[^,.;“”\"]{0,50}?\s+)?that\b")
_TOKEN = re.compile(r"[\w’'.-]*\w[\w’'-]*\.?|[^\w\s]", re.U)
#: the last words of the _AUX alternatives: a text can end with a match only if its last word is
#: one of them or an adverb in -ly
_AUX_LAST = frozenset("has have had was were is are been also further later earlier again then still already "
                      "far previously reportedly repeatedly once never not too first often Monday Tuesday "
                      "Wednesday Thursday Friday Saturday Sunday statement letter speech interview tweet "
                      "post".split())
_LY = re.compile(r"[a-z]+ly")


def _may_end_with_aux(left: str) -> bool:
    """False when ``_AUX.search(left)`` finds nothing, told from the last word (a regex search
    tries every offset of the clause)."""
    last = left.rsplit(None, 1)[-1:]
    return bool(last) and (last[0] in _AUX_LAST
                           or last[0].endswith("ly") and _LY.fullmatch(last[0]) is not None)


def _that(text: str, start: int, end: int):
    """``_THAT.match(text, start, end)``: the match holds "that", so it is tried only when
    ``text[start:end]`` does."""
    if text.find("that", start, end) < 0:
        return None
    return _THAT.match(text, start, end)


#: characters of a clause read first by _Resolver.subject_before, and its "window too short"
_WINDOW = 80
_TOO_SHORT = object()
_MISSING = object()
#: (id(speaker map), id(verb lexicon)) -> (the map, the lexicon, the memos of
#: _Resolver._subject_before without and with ``window``)
_SUBJECTS = {}


def _subject_memos(sg: SpeakerGroups, rv: ReportingVerbs) -> tuple:
    """The memos of :meth:`_Resolver._subject_before` for these maps (kept with them and checked
    by identity, since an id may be reused once an object is gone)."""
    key = (id(sg), id(rv))
    hit = _SUBJECTS.get(key)
    if hit is None or hit[0] is not sg or hit[1] is not rv:
        if len(_SUBJECTS) >= 64:
            _SUBJECTS.clear()
        hit = _SUBJECTS[key] = (sg, rv, ({}, {}))
    return hit[2]


_CUE_PREV = re.compile(r"[\w’'-]+")


def _cues(text: str, rv: ReportingVerbs, quotes, lo=0, hi=None, *, title_case=None, low=None) -> list[_Cue]:
    hi = len(text) if hi is None else hi
    out = []
    # quote contents, in text order and not overlapping (outermost pairs): a bisect finds the one
    starts = [q.cstart for q in quotes]
    ends = [q.cend for q in quotes]
    for m in rv.finditer(text, lo, hi, low):
        s, e = m.span()
        j = bisect.bisect_right(starts, s) - 1
        if j >= 0 and s < ends[j]:
            continue
        cue = m.group()
        lemma = rv.lemma_of(cue)
        if lemma is None:
            continue
        if cue[:1].isupper() and not (title_case is not None and title_case[0] <= s < title_case[1]):
            # a capitalised cue is a verb only at a sentence start ("Islamic State", "Said Ahmed"),
            # except in a title-case headline ("Secretary-General ... Stresses Need ...")
            k = s - 1
            while k >= 0 and text[k] in " \t“\"‘'(":
                k -= 1
            if k >= 0 and text[k] not in ".!?:;\n—–-”\"’'":
                continue
        entry = rv.entries[lemma]
        not_before = entry["not_before"]
        # the words after the cue, squashed, can start with a not_before phrase only if they
        # start with its first word (squashing changes nothing before the first space)
        if not_before:
            window = text[e:e + 40]
            if window.lstrip().replace("’", "'").lower().startswith(rv._nb_heads[lemma]):
                after = _squash(window)
                if any(after == nb or after.startswith(nb + " ") or after.startswith(nb + ",")
                       or after.startswith(nb + ".") for nb in not_before):
                    continue
        before = text[max(0, s - 30):s]
        prevw = ""
        if before[-1:].isspace() and not before.rstrip().endswith((",", ";", ":", "”", '"', "’", "—", "–")):
            # the last run of [\w’'-] in before: its last word when that is all letters and
            # digits (white space is none of these; \w is isalnum() or "_"), else a search
            last = before.rsplit(None, 1)
            if last and last[-1].isalnum():
                prevw = last[-1].lower()
            else:
                bw = _CUE_PREV.findall(before)
                prevw = bw[-1].lower() if bw else ""
        if prevw and lemma != "according to" and (
                prevw in _DETERMINERS or prevw.endswith(("’s", "'s"))):
            continue
        first = cue.split(None, 1)[0].lower()
        # a noun reading followed by a verb: "reports said", "officials' claims were"
        if first.endswith("s") and not first.endswith("ss") and _rx(r"\s+(?:said|says|told|were|are|of)\b").match(text[e:e + 8]):
            continue
        if not_before and "<number>" in not_before and _rx(r"\s+\d").match(text[e:e + 3]):
            continue
        out.append(_Cue(s, e, lemma, entry["class"], participle=first.endswith("ing") and lemma != "according to"))
    return out


# ---------------------------------------------------------------------------- speakers

@dataclass
class _Speaker:
    name: str | None
    side: str | None
    span: tuple | None
    kind: str = "unknown"      # person, body, role, group, statement, unknown


def _drop_article(phrase: str) -> str:
    r"""``phrase`` without a leading "the", "a" or "an" (``_rx(r"^(?:the|a|an)\s+", re.I).sub``):
    the regex runs only when the phrase starts with t, a or a letter that is not ASCII, since
    case-insensitive matching folds no other ASCII character to "t" or "a"."""
    if phrase[:1] in "tTaA" or not phrase[:1].isascii():
        return _rx(r"^(?:the|a|an)\s+", re.I).sub("", phrase)
    return phrase


class _Resolver:
    """In-article speaker resolution: pronouns, roles, statements, surnames."""

    def __init__(self, text: str, sg: SpeakerGroups, rv: ReportingVerbs, mentions=None):
        self.text, self.sg, self.rv = text, sg, rv
        self.last_person = None
        self.last_group = None
        self.last_statement = None
        self.surnames = {}
        self.known = {}
        self.mentions = sg.find(text) if mentions is None else mentions
        self._subjects = _subject_memos(sg, rv)

    # --- noun phrases
    def subject_before(self, lo: int, pos: int):
        """The speaker noun phrase ending right before ``pos`` (not before ``lo``)."""
        # Only the last words before the cue are read, but the clause may be long: try the last
        # _WINDOW characters first, cut at a space (see _subject_before for when that is exact).
        k = self.text.rfind(" ", lo + 1, max(lo + 1, pos - _WINDOW))
        if k > lo:
            out = self._subject_before(k, pos, window=True)
            if out is not _TOO_SHORT:
                return out
        return self._subject_before(lo, pos)

    def _subject_before(self, lo: int, pos: int, window: bool = False):
        """:meth:`subject_before` on ``text[lo:pos]``; with ``window``, ``text[lo]`` is a space
        inside the clause and the result is _TOO_SHORT unless it is the one for the whole clause.

        The answer depends on those characters alone (and on the maps, whose look-ups are pure),
        in offsets from ``lo``: the clauses before cues recur ("He said", "the ministry said"),
        and each is read once (:meth:`_subject_in`) per pair of maps.
        """
        left = self.text[lo:pos]
        memo = self._subjects[window]
        out = memo.get(left, _MISSING)
        if out is _MISSING:
            if len(memo) >= 20_000:     # bounded: memory stays flat over a long stream
                memo.clear()
            out = memo[left] = self._subject_in(left, window)
        if out is None or out is _TOO_SHORT:
            return out
        (s, e), appos = out
        return (lo + s, lo + e), None if appos is None else (lo + appos[0], lo + appos[1])

    def _subject_in(self, left: str, window: bool):
        """:meth:`_subject_before` on the clause ``left``, in its offsets.

        The window gives the same answer when what is read of the clause lies inside it: the
        auxiliaries stripped from its end (one match of ``_AUX`` spans at most 3 words, so a match
        cannot start before the window while 4 words of it are left; the space it opens with keeps
        ``^`` from matching there), the appositive's comma, and the last 10 tokens (the token loop
        takes at most 9 and looks one further back; no token spans that space).
        """
        t = left
        # auxiliaries and adverbs between subject and verb
        while _may_end_with_aux(left):
            m = _AUX.search(left)
            if not m or m.start() == len(left):
                break
            left = left[:m.start()]
        if window and len(left.split(None, 3)) < 4:     # (fewer than 4 words)
            return _TOO_SHORT
        left = left.rstrip()
        appos = None
        if left.endswith(","):
            inner = left[:-1]
            k = inner.rfind(",")
            k2 = max(inner.rfind("—"), inner.rfind("–"))
            if window and k < 0:
                return _TOO_SHORT
            if k >= 0 and k > k2:
                appos = (k + 1, len(inner))
                left = inner[:k].rstrip()
            else:
                return None
        end = len(left)
        toks = _TOKEN.findall(left)
        if window and len(toks) < 10:
            return _TOO_SHORT
        # the phrase's words are the last ones of toks, toks[i:]; its first word is toks[i]
        # (a token, never empty, starts with \w when its first character is a letter, a digit
        # or "_": for str patterns \w is str.isalnum() or "_")
        n = len(toks)
        i = n
        lows = []       # the lower case of toks[i:], last first
        while i > 0 and n - i < 9:
            w = toks[i - 1]
            if not (w[0].isalnum() or w[0] == "_"):
                break
            wl = w.lower()
            if wl in _STOP_WORDS:
                break
            if wl == "and" and not (i < n and i >= 2 and toks[i - 2][:1].isupper() and toks[i][:1].isupper()):
                break
            if wl in _PREPS and (i < 2 or not (toks[i - 2][0].isalnum() or toks[i - 2][0] == "_")):
                break
            lows.append(wl)
            i -= 1
        taken = toks[i:]
        lows.reverse()
        # the phrase is taken[a:] (lows[a:] in lower case) from here on
        a, n = 0, len(taken)
        while a < n and lows[a] in _PREPS:
            a += 1
        # "treating victims the AFP correspondent": the phrase starts at its first determiner
        for j in range(a + 1, n):
            if lows[j] in ("the", "a", "an"):
                if lows[j - 1] not in _PREPS and lows[j - 1] != "of":
                    a = j
                break
        # "in turn US Secretary of State John Kerry": drop leading lowercase words before a name
        nouns = self.rv.speaker_nouns
        while n - a > 1 and taken[a][:1].islower() and lows[a] not in _DETERMINERS \
                and lows[a] not in nouns and lows[a].rstrip("s") not in nouns \
                and any(x[:1].isupper() for x in taken[a + 1:]) and self.sg.resolve(taken[a]) is None:
            a += 1
        if a == n:
            return None
        if lows[-1] in _PRON:      # "... against President Assad he added": the pronoun
            a = n - 1
        # "On Saturday Moscow ...", "Last week Moscow ...": time words are not the speaker
        while n - a > 1 and (taken[a].rstrip(".") in _TIME_WORDS or lows[a] in _TIME_WORDS):
            a += 1
        # where the phrase starts: tokens are apart by white space at most, so each is the last
        # occurrence of its word before the next one
        start = len(left)
        for k in range(n - 1, a - 1, -1):
            start = left.rfind(taken[k], 0, start)
        span = (start, end)
        phrase = t[start:end]
        if not self.speaker_like(phrase, span):
            return None
        return span, appos

    def subject_after(self, pos: int, hi: int):
        """The speaker noun phrase right after an inverted cue or "according to" / "by"."""
        t = self.text
        # (matched in place: the pattern looks at nothing before pos, and $ matches at hi)
        m = _rx(r"\s*([^,.;:!?“”\"()]{1,90}?)(?=\s*(?:[,.;:!?“”\"()]|\s+(?:in|on|at|during|after|as|for|that|who|which|to)\s+|$))").match(t, pos, hi)
        if not m:
            return None
        s, e = m.start(1), m.end(1)
        first = t[s:e].split()[:1]
        if not first or first[0].lower() in _PREPS or first[0].lower() in ("that", "this", "it's"):
            return None
        for sm in self.sg.find(t[s:min(hi, s + 90)]):   # a known name may run past the cut
            if sm.start == 0 or t[s:s + sm.start].lower().strip() in ("the", "a", "an"):
                e = max(e, s + sm.end)
            break
        words = t[s:e].split()
        if not words or len(words) > 10:
            return None
        if not self.speaker_like(t[s:e], (s, e)):
            return None
        appos = None
        ma = _rx(r"\s*,\s*([^,.;]{2,60}?)\s*,").match(t[e:hi])
        if ma:
            appos = (e + ma.start(1), e + ma.end(1))
        return (s, e), appos

    def speaker_like(self, phrase: str, span) -> bool:
        words = phrase.split()
        if not words:
            return False
        last = words[-1].lower().strip(".,")
        if len(words) == 1 and last in _PRON:
            return True
        # the speaker-map lookup comes last: the tests are pure (sg.resolve only memoizes), so
        # their order does not change the answer, and most subjects pass a cheaper one first
        if last.rstrip("’'s") in self.rv.speaker_nouns or last in self.rv.speaker_nouns \
                or last.rstrip("s") in self.rv.speaker_nouns:
            return True
        if words[-1][:1].isupper() and any(w[:1].isupper() and w.lower() not in _DETERMINERS
                                           for w in words):
            return True
        return self.sg.resolve(phrase) is not None

    # --- resolution
    def resolve(self, span, appos=None, at=None) -> _Speaker:
        t = self.text
        phrase = t[span[0]:span[1]].strip()
        low = phrase.lower()
        at = span[0] if at is None else at
        words = low.split()
        if len(words) == 1 and words[0] in _PRON:
            kind = _PRON[words[0]]
            if kind == "person":
                sp = self.last_person or self._last_mention(at, ("person",))
            elif kind == "body":
                sp = self.last_statement or self.last_group
            else:
                sp = self.last_group
            if sp is not None:
                return _Speaker(sp.name, sp.side, span, sp.kind)
            return _Speaker(phrase, None, span, "unknown")
        if words and words[0] in _POSS and len(words) > 1 and not any(
                w[:1].isupper() for w in phrase.split()[1:]):
            kind = _POSS[words[0]]
            sp = None
            if kind == "person":
                sp = self._last_mention(at, ("person",), prefer=self.last_person)
            else:
                sp = self.last_group or self._last_mention(at, ("body", "group"))
            if sp is not None:
                return _Speaker(sp.name, sp.side, span, sp.kind)
        # (substring tests first: few phrases hold any of these words)
        if ("statement" in low or "communiqu" in low or "declaration" in low or "release" in low) \
                and _rx(r"\b(statement|communiqu[eé]|declaration|release)\b").search(low) and not self.sg.resolve(phrase):
            m = _rx(r"([\w .’'-]+?)[’']s\s+(?:\w+\s+)?(?:statement|communiqu[eé])").search(phrase)
            if m:
                inner = (span[0] + m.start(1), span[0] + m.end(1))
                sp = self.resolve(inner, at=at)
                return _Speaker(sp.name, sp.side, span, sp.kind)
            if self.last_statement is not None:
                sp = self.last_statement
                return _Speaker(sp.name, sp.side, span, sp.kind)
            return _Speaker(phrase, None, span, "statement")
        m = self.sg.resolve(phrase)
        if m is not None:
            if m.kind == "role":
                holder = self._holder(m.name, at)
                if holder is not None:
                    return _Speaker(holder.name, holder.side, span, "person")
                return _Speaker(m.name, m.side, span, "role")
            if m.kind in ("person", "body"):
                return _Speaker(m.name, m.side, span, m.kind)
            person = self._person_name(phrase)
            if person is not None and not self.sg.find(person):
                # "Turkish Prime Minister Ahmed Davutoglu": the person, with the side of the title
                full = self.surnames.get(person, person)
                self.known.setdefault(full, m.side)
                return _Speaker(full, m.side, span, "person")
            name = _drop_article(phrase)
            return _Speaker(name, m.side, span, "group")
        # unknown: a person's name after titles, or a description
        name = self._person_name(phrase)
        side = None
        if appos is not None:
            side = self.sg.side_of(t[appos[0]:appos[1]])
        if name is not None:
            full = self.surnames.get(name, name)
            side = side or self.sg.side_of(full) or self.known.get(full)
            if side is not None:
                self.known.setdefault(full, side)
            return _Speaker(full, side, span, "person")
        desc = _drop_article(phrase)
        return _Speaker(desc, side, span, "group")

    def _person_name(self, phrase: str) -> str | None:
        words = [w.strip(",") for w in phrase.split()]
        name = []
        if words and words[0].lower() in ("the", "a", "an"):
            return None       # "The General Command": a description, not a name
        for k, w in enumerate(words):   # "a source in Aleppo": a place, not a name
            if w.lower() in _PREPS and any(x[:1].isupper() for x in words[k + 1:]):
                return None
        for w in reversed(words):
            if w[:1].isupper() and w not in self.sg.titles and w.lower() not in _DETERMINERS \
                    and w.lower() not in self.rv.speaker_nouns:
                name.insert(0, w)
            elif w.lower() in ("de", "al", "von", "van", "bin", "abu", "el") and name:
                name.insert(0, w)
            else:
                break
        if not name:
            return None
        return " ".join(name)

    def _holder(self, role: str, at: int):
        holders = self.sg.holders_of(role)
        best = None
        for m in self.mentions:
            if m.start >= at and best is not None:
                break
            if m.kind == "person" and any(h.name == m.name for h in holders):
                best = m
        if best is None:
            return None
        return _Speaker(best.name, best.side, None, "person")

    def _last_mention(self, at: int, kinds, prefer=None):
        best = None
        for m in self.mentions:
            if m.start >= at:
                break
            if m.kind in kinds:
                best = m
        if prefer is not None and (best is None or (prefer.span and prefer.span[0] > best.start)):
            return prefer
        if best is None:
            return prefer
        return _Speaker(best.name, best.side, (best.start, best.end), best.kind)

    def note(self, sp: _Speaker, *, statement=False):
        if sp.kind == "person":
            self.last_person = sp
            parts = (sp.name or "").split()
            if len(parts) >= 2:
                self.surnames[parts[-1]] = sp.name
        elif sp.kind in ("body", "group", "role"):
            self.last_group = sp
        if statement:
            self.last_statement = sp


# ---------------------------------------------------------------------------- extraction

def _locator(spans):
    """A function giving the index of the first of the (start, end) ``spans`` that holds an
    offset, or -1: what a scan in list order gives, by bisection when the spans are sorted and
    disjoint (as sentences and paragraphs are), since a lookup per cue and quote adds up."""
    flat = list(chain.from_iterable(spans))
    if flat != sorted(flat):
        def scan(pos):
            for i, (s, e) in enumerate(spans):
                if s <= pos < e:
                    return i
            return -1
        return scan
    starts = [s for s, _ in spans]

    def index(pos):
        # only the last span starting at or before pos can hold it
        i = bisect.bisect_right(starts, pos) - 1
        return i if i >= 0 and pos < spans[i][1] else -1
    return index


def _words(text: str) -> int:
    return len(_WORD_RE.findall(text))


def _has_words(text: str, s: int, e: int, n: int) -> bool:
    """Whether ``_words(text[s:e]) >= n``, counting no further than ``n`` (quotes can be long)."""
    if n <= 0:
        return True
    for _ in _WORD_RE.finditer(text, s, e):
        n -= 1
        if n == 0:
            return True
    return False


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while e > s and (text[e - 1].isspace() or text[e - 1] in ".,;:—–-"):
        e -= 1
    while s < e and (text[s].isspace() or text[s] in ",;:—–-"):
        s += 1
    return s, e


def extract_quotes(doc, *, speakers: SpeakerGroups | None = None, verbs: ReportingVerbs | None = None,
                   include_scare: bool = False, continuations: bool = True) -> Iterator[Quote]:
    """Yield the attributions of an article, in text order.

    Parameters
    ----------
    doc : str, Article or Doc
    speakers : SpeakerGroups, optional
        Defaults to the map of the document's event (``doc.event``), else the default map.
    verbs : ReportingVerbs, optional
        Defaults to :func:`load_reporting_verbs`.
    include_scare : bool, default False
        Also yield quoted words with no speaker and no cue (scare quotes, names), as kind
        ``"scare"`` with ``speaker=None``.
    continuations : bool, default True
        Attribute a quote that opens a sentence with no cue of its own to the previous speaker.

    Yields
    ------
    Quote

    Examples
    --------
    >>> text = "Lavrov called the zones “an important step.” He said the talks would go on."
    >>> [(q.speaker, q.verb, q.verb_class, q.kind, q.text) for q in extract_quotes(text)]
    [('Sergey Lavrov', 'call', 'neutral', 'partial', 'an important step.'), ('Sergey Lavrov', 'say', 'neutral', 'indirect', 'the talks would go on')]
    """
    doc = as_doc(doc)
    for name, value in (("include_scare", include_scare), ("continuations", continuations)):
        if not isinstance(value, bool):
            raise ValidationError(f"The '{name}' parameter of extract_quotes must be a bool. "
                                  f"Got {value!r} instead.", field=name)
    sg = speakers if speakers is not None else load_speaker_groups(event=doc.event)
    rv = verbs if verbs is not None else load_reporting_verbs()
    return iter(_extract(doc, sg, rv, include_scare, continuations))


def _headline(doc: Doc, paras=None):
    span = doc.headline_span
    if span is not None:
        return span
    paras = _paragraphs(doc) if paras is None else paras
    if len(paras) >= 2:
        s, e = paras[0]
        line = doc.text[s:e]
        if "\n" not in line.strip() and not line.rstrip().endswith((".", "!", "?", "”", '"')) \
                and len(line.split()) <= 25:
            return s, e
    return None


def _extract(doc: Doc, sg: SpeakerGroups, rv: ReportingVerbs, include_scare: bool, continuations: bool):
    text = doc.text
    if not text or text.isspace():
        return []
    paras = _paragraphs(doc)
    sents = doc.sentences
    quotes = _quote_spans(text, paras, sents)
    hl = _headline(doc, paras)
    title_case = None
    if hl is not None:
        hw = _rx(r"[A-Za-z][\w’'-]*").findall(text[hl[0]:hl[1]])
        long_words = [w for w in hw if len(w) > 3]
        if long_words and sum(w[0].isupper() for w in long_words) >= 0.8 * len(long_words):
            title_case = hl
    low = text.lower()
    if not _plain_case(text, low):
        low = None      # see _note and ReportingVerbs.finditer
    cues = _cues(text, rv, quotes, title_case=title_case, low=low)
    res = _Resolver(text, sg, rv, shared_find(doc, sg))
    records = []   # (order_pos, Quote)

    sent_at, para_at = _locator(sents), _locator(paras)

    def para_of(pos):
        i = para_at(pos)
        return tuple(paras[i]) if i >= 0 else (0, len(text))

    def sent_of(pos):
        i = sent_at(pos)
        return tuple(sents[i]) if i >= 0 else para_of(pos)

    def para_index(pos):
        i = para_at(pos)
        return i if i >= 0 else len(paras)

    # --- headline colon attribution
    hl_end = -1
    if hl is not None:
        hs, he = hl
        line = text[hs:he]
        m = m2 = None
        if ":" in line:     # (both patterns need one)
            m = _rx(r"^(.*\S)\s*:\s*([^:]{2,60}?)\s*$").match(line)
            m2 = _rx(r"^\s*([^:]{2,40}?)\s*:\s*(\S.*)$").match(line)
        done = False
        for mm, sp_grp, c_grp in ((m, 2, 1), (m2, 1, 2)):
            if mm is None or done:
                continue
            ss, se = hs + mm.start(sp_grp), hs + mm.end(sp_grp)
            r = sg.resolve(text[ss:se])
            if r is None or r.kind not in ("person", "body") and len(text[ss:se].split()) > 3:
                continue
            if r is None and not res._person_name(text[ss:se]):
                continue
            sp = res.resolve((ss, se))
            cs, ce = _trim(text, hs + mm.start(c_grp), hs + mm.end(c_grp))
            kind = "indirect"
            inq = [q for q in quotes if cs <= q.open and q.close <= ce + 1]
            if inq and _words(text[cs:ce]) - sum(_words(text[q.cstart:q.cend]) for q in inq) <= 1:
                kind = "direct"
                cs, ce = inq[0].cstart, inq[-1].cend
                for q in inq:
                    q.used = True
            colon = text.index(":", hs + mm.end(1))
            records.append((hs, Quote(sp.name, sp.span, rv.colon["lemma"], rv.colon["class"],
                                      (colon, colon + 1), kind, cs, ce, sp.side, text[cs:ce])))
            res.note(sp)
            done = True
            hl_end = he     # the colon is the headline's attribution; no other cue there

    cues = [c for c in cues if c.start >= hl_end]
    by_pos = sorted(cues, key=lambda c: c.start)
    # cues by start and quotes by opening mark are sorted (quotes are the outermost pairs, each
    # opening at or after the previous one closed: their closing marks are sorted too), so the
    # cues or quotes within a range of offsets are found by bisection, not by a scan of all
    starts = [c.start for c in by_pos]
    opens = [q.open for q in quotes]
    closes = [q.close for q in quotes]
    for c in by_pos:
        c.sent = sent_of(c.start)

    def cue_speaker(c: _Cue):
        """Find and resolve the speaker of a cue; None when there is none.

        A cue is ``mute`` when None was found from the text alone (the subject before or after
        it, with no side effects on the way): it stays None, and is not looked for again. Only
        a participle and a coordinated verb depend on the speakers of earlier cues, which may be
        found later.
        """
        if c.speaker is not None:
            return c.speaker
        if c.mute:
            return None
        ss, se = c.sent
        t = text
        # "according to X"
        if c.lemma == "according to":
            sub = res.subject_after(c.end, se)
            if sub is None:
                c.mute = True
                return None
            c.speaker = res.resolve(sub[0], sub[1])
            return c.speaker
        # passive "was hailed by X"; without "by" the subject is what was said about, not a speaker
        if _ends_passive(t[max(ss, c.start - 20):c.start]):
            if not _rx(r"\s+by\s").match(t[c.end:c.end + 5]):
                c.mute = True
                return None
            sub = res.subject_after(t.index("by", c.end) + 2, se)
            if sub is not None:
                c.speaker = res.resolve(sub[0], sub[1])
                return c.speaker
        # participle hanging on the clause before: ", claiming ..."
        if c.participle and t[ss:c.start].rstrip().endswith(","):
            prev = [p for p in by_pos if ss <= p.start < c.start and p.speaker is not None]
            if prev:
                c.speaker = prev[-1].speaker
                return c.speaker
            sub = res.subject_before(ss, ss + max(1, _first_clause(t, ss, c.start)))
            if sub is not None:
                c.speaker = res.resolve(sub[0], sub[1])
                return c.speaker
            return None
        if c.participle:
            c.mute = True
            return None
        settled = True
        # a coordinated verb: "Damascus denied responsibility and blamed rebels"
        if _ends_with_and(t[ss:c.start]):
            before = by_pos[bisect.bisect_left(starts, ss):bisect.bisect_left(starts, c.start)]
            prev = [p for p in before if p.speaker is not None]
            if not prev:
                prev = [p for p in before if cue_speaker(p) is not None]
            if prev:
                c.speaker = prev[-1].speaker
                return c.speaker
            settled = False
        # clause start: sentence start or the last quote mark before the cue
        lo = ss
        j = bisect.bisect_left(closes, c.start) - 1    # the last quote closed before the cue
        if j >= 0 and closes[j] >= ss:
            lo = closes[j] + 1
        sub = res.subject_before(lo, c.start)
        # (``_rx(r"\s+\S").match(t[c.end:c.end + 2])``: \s is str.isspace())
        if sub is not None and c.lemma in _INVERTING and t[c.end:c.end + 1].isspace() \
                and c.end + 1 < len(t) and not t[c.end + 1].isspace():
            # "... in the suburbs of Damascus said the Syrian Observatory": a known speaker right
            # after the cue and none before it means the cue is inverted
            left = t[sub[0][0]:sub[0][1]]
            words = left.split()
            nouns = res.rv.speaker_nouns
            # the tests of the subject before the cue come first: most subjects fail them, and
            # then the one after it (a speaker-map scan) is not needed (no test has side effects)
            if res.sg.resolve(left) is None and left.lower() not in _PRON and words[0].lower() not in _POSS \
                    and words[-1].lower().rstrip("s") not in nouns and words[-1].lower() not in nouns:
                after = res.subject_after(c.end, se)
                if after is not None and _rx(r"\s*(?:[.,;!?]|$)").match(t[after[0][1]:se]) \
                        and sg_known(res, t[after[0][0]:after[0][1]]):
                    c.inverted = True
                    c.speaker = res.resolve(after[0], after[1])
                    return c.speaker
        if sub is not None:
            c.speaker = res.resolve(sub[0], sub[1])
            return c.speaker
        # inverted: "..., said X." / "“...” said X"
        before = t[lo:c.start].rstrip()
        if before.endswith((",", "”", '"', "’")) or before == "":
            sub = res.subject_after(c.end, se)
            if sub is not None:
                c.inverted = True
                c.speaker = res.resolve(sub[0], sub[1])
                return c.speaker
        c.mute = settled
        return None

    # --- quotes, in text order
    last_attr = None     # (speaker, paragraph index, sentence end) of the last attribution
    events = sorted([("q", q.open, q) for q in quotes if not q.used] + [("c", c.start, c) for c in by_pos],
                    key=lambda x: (x[1], x[0]))
    for typ, pos, obj in events:
        if typ == "q":
            q = obj
            rec = _attribute_quote(q, text, quotes, by_pos, cue_speaker, sent_of, para_of, res, starts, opens)
            if rec is None:
                # continuation or scare
                ss, se = sent_of(q.open)
                ps, pe = para_of(q.open)
                opens_sentence = text[ss:q.open].strip(" \t\n—–-") == "" or text[ps:q.open].strip() == ""
                ends_sentence = q.close >= se - 2 or not q.closed or text[q.cend - 1:q.cend] in ".?!" \
                    or not _has_words(text, q.close + 1, se, 1)
                if opens_sentence and ends_sentence and _has_words(text, q.cstart, q.cend, 4):
                    sp = None
                    if continuations and last_attr is not None and last_attr[1] >= para_index(q.open) - 1:
                        sp = last_attr[0]
                    if sp is not None:
                        records.append((q.open, Quote(sp.name, None, None, None, None, "direct", q.cstart,
                                                      q.cend, sp.side, text[q.cstart:q.cend])))
                    else:
                        records.append((q.open, Quote(None, None, None, None, None, "direct", q.cstart,
                                                      q.cend, None, text[q.cstart:q.cend])))
                elif include_scare:
                    records.append((q.open, Quote(None, None, None, None, None, "scare", q.cstart, q.cend,
                                                  None, text[q.cstart:q.cend])))
                continue
            cue, sp, kind = rec
            q.used = True
            cue.used = True
            records.append((min(q.open, cue.start), Quote(sp.name, sp.span, cue.lemma, cue.cls,
                                                          (cue.start, cue.end), kind, q.cstart, q.cend,
                                                          sp.side, text[q.cstart:q.cend])))
            _note(res, sp, cue, text, low)
            last_attr = (sp, para_index(q.open))
        else:
            c = obj
            if c.used:
                continue
            sp = cue_speaker(c)
            if sp is None:
                continue
            ss, se = c.sent
            _mark_embedded(c, text, by_pos, se, cue_speaker, starts)
            if _waiting(c, quotes, opens, se, by_pos, starts):
                continue   # the quote that follows is this cue's (partial or direct)
            mode = rv.entries[c.lemma]["indirect"]
            content = _indirect_content(c, text, by_pos, quotes, mode, c.inverted, starts)
            if content is None:
                # the cue may still take quotes later in its sentence (partial): handled from the quote side
                continue
            cs, ce = content
            c.used = True
            records.append((min(c.start, cs), Quote(sp.name, sp.span, c.lemma, c.cls, (c.start, c.end),
                                                    "indirect", cs, ce, sp.side, text[cs:ce])))
            _note(res, sp, c, text, low)
            last_attr = (sp, para_index(c.start))
    records.sort(key=lambda r: (r[0], r[1].start))
    # cue_speaker calls itself, so its closure holds it: a reference cycle that would keep this
    # article's resolver, cues and speaker matches alive until the garbage collector's next pass.
    # Emptying the cell frees them as soon as this returns.
    del cue_speaker
    return [q for _, q in records]


def _waiting(c: _Cue, quotes, opens, se: int, cues, starts) -> bool:
    """Whether a quote not yet attributed opens after ``c`` in its sentence with no other cue
    (but embedded ones) in between. ``opens``/``starts``: the sorted offsets of quotes/cues."""
    first = bisect.bisect_left(starts, c.end)   # (c itself starts before its end)
    for k in range(bisect.bisect_left(opens, c.end), len(quotes)):
        q = quotes[k]
        if q.open >= se:
            break
        if q.used:
            continue
        i = first
        while i < len(cues) and cues[i].start < q.open and cues[i].embedded:
            i += 1
        if i == len(cues) or cues[i].start >= q.open:
            return True
    return False


def _mark_embedded(c: _Cue, text: str, cues, se: int, cue_speaker, starts) -> None:
    """Mark cues inside the content of ``c`` ("Lavrov said he hoped ...") as part of it."""
    m = _that(text, c.end, se)
    start = m.end() if m else c.end
    while start < se and text[start].isspace():
        start += 1
    # the first cue not used with c.end < start < se (cues are sorted by start: ``starts``)
    for k in range(bisect.bisect_right(starts, c.end), len(cues)):
        o = cues[k]
        if o.start >= se:
            break
        if o.used:
            continue
        sp = cue_speaker(o)
        if sp is not None and sp.span is not None and sp.span[0] == start:
            o.embedded = True
            o.used = True
        break


def sg_known(res: "_Resolver", phrase: str) -> bool:
    """Whether a phrase names a known actor or side (not a speaker-only alias such as a city)."""
    m = res.sg.find(phrase)
    return bool(m) and not _rx(r"\b(?:of|in|near|at|from|to)\s+\S+$").search(phrase.strip()) or \
        any(x.kind in ("person", "body") for x in m)


def _first_clause(t: str, ss: int, limit: int) -> int:
    """Length of the sentence's first clause (up to the first comma before ``limit``)."""
    k = t.find(",", ss, limit)
    return (k if k >= 0 else limit) - ss


def _note(res: _Resolver, sp: _Speaker, cue: _Cue, text: str, low: str | None = None) -> None:
    """Note the speaker of a cue, and whether it spoke in a statement.

    ``low``: ``text.lower()`` when it is aligned with ``text`` and case-insensitive matching
    folds no character of it beyond lower() (see ``_FOLDS``); the sentence is then searched only
    when it holds "statement".
    """
    ss, se = cue.sent
    statement = cue.lemma in ("issue statement", "release statement") or (
        (low is None or low.find("statement", ss, se) >= 0)
        and bool(_rx(r"\bin\s+a\s+(?:\w+\s+)?statement\b", re.I).search(text[ss:se])))
    res.note(sp, statement=statement)


def _attribute_quote(q: _QSpan, text, quotes, cues, cue_speaker, sent_of, para_of, res, starts, opens):
    """(cue, speaker, kind) for a quote, or None. ``starts``/``opens``: the offsets of the cues
    and quotes, sorted (see _extract); the cues in a range of offsets are a slice of ``cues``."""
    ps, pe = para_of(q.open)
    ss, se = sent_of(q.open)
    # 1. attribution right after the closing mark: “...,” he said / “...” said Lavrov
    ends_sentence = text[q.close - 1:q.close] == "." and _rx(r"\s*[A-Z]").match(text[q.close + 1:q.close + 4])
    if q.closed and not ends_sentence:
        after_lo = q.close + 1
        j = bisect.bisect_right(opens, q.close)
        nxt_q = min(opens[j], pe) if j < len(opens) else pe
        window_hi = min(nxt_q, pe, after_lo + 90)
        seg = text[after_lo:window_hi]
        stop = _rx(r"[.!?;](?:\s|$)").search(seg)
        limit = after_lo + (stop.start() if stop else len(seg))
        for k in range(bisect.bisect_left(starts, after_lo), bisect.bisect_right(starts, limit)):
            c = cues[k]
            if not c.participle:
                between = text[after_lo:c.start]
                if "," in between.strip(" ,—–-") and c.lemma != "according to":
                    break
                sp = cue_speaker(c)
                if sp is None:
                    break
                return c, sp, "direct"
    # 2. attribution right before the opening mark: Lavrov said: “...” / said Lavrov, “...”
    before = text[ss if ss < q.open else ps:q.open]
    if _rx(r"[:,]\s*$").search(before):
        for k in range(bisect.bisect_left(starts, q.open) - 1, -1, -1):
            c = cues[k]
            if c.start < ps:
                break
            if c.end <= q.open:
                gap = text[c.end:q.open]
                j = bisect.bisect_right(opens, c.end)     # a quote opening in the gap
                if j < len(opens) and opens[j] < q.open:
                    break
                if len(gap.split()) <= 7 and _rx(r"[:,]\s*$").search(gap):
                    sp = cue_speaker(c)
                    if sp is not None:
                        return c, sp, "direct"
                break
    # 3. a cue in the same sentence: partial quote in the reporter's clause
    se2 = max(se, (sent_of(max(q.cstart, q.close - 1)) or (ss, se))[1])
    prev = cues[bisect.bisect_left(starts, ss):bisect.bisect_left(starts, q.open)]
    nxt = cues[bisect.bisect_right(starts, q.close):bisect.bisect_left(starts, se2)]
    for c in list(reversed(prev)) + nxt:
        if c.embedded:
            continue
        sp = cue_speaker(c)
        if sp is not None:
            return c, sp, "partial"
    return None


def _indirect_content(c: _Cue, text, cues, quotes, mode, inverted, starts):
    """Span of the paraphrased content of an indirect cue, or None (``starts``: as in _attribute_quote)."""
    ss, se = c.sent
    t = text
    if c.lemma == "according to":
        m = _rx(r"[^,.;]*").match(t[c.end:se])
        after = c.end + (m.end() if m else 0)
        head = t[ss:c.start].rstrip()
        if head.strip(" ,") == "":
            cs, ce = _trim(t, after, se)
        else:
            cs, ce = _trim(t, ss, ss + len(head))
        return (cs, ce) if _has_words(t, cs, ce, 2) else None
    head = t[ss:c.start]
    # postposed: "Content, X said." (subject between the comma and the cue, nothing after)
    tail = t[c.end:se]
    m_sub = None
    if c.speaker is not None and c.speaker.span is not None:
        m_sub = c.speaker.span
    rest_after = tail
    if c.lemma in ("tell", "inform"):
        # "..., a military source told SANA on Wednesday." : the addressee is not content
        rest_after = _rx(r"^\s+(?:(?:the|a|an)\s+)?(?:reporters|journalists|him|her|them|us|me|[A-Z][\w.]*"
                            r"(?:\s+[A-Z][\w.]*)*)").sub("", rest_after)
    # (the substitution changes nothing unless the words after the cue open with the first
    # letter of one of its alternatives; \s is str.isspace(), so \s* is what lstrip() strips)
    if rest_after.lstrip()[:1] in "oleMTWFStyib":
        rest_after = _rx(r"^\s*(?:(?:on|late|early|last)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
                            r"Sunday|today|yesterday|on\s+\w+|in\s+a\s+(?:\w+\s+)?statement|in\s+an\s+interview|"
                            r"by\s+telephone|by\s+phone)\b").sub("", rest_after)
    if inverted and m_sub is not None:
        rest_after = t[m_sub[1]:se]
    # nothing after the cue but a final mark: _rx(r"\s*[.!?]?\s*").fullmatch(rest_after), or
    # _rx(r"\s*[,.!?;]?\s*").fullmatch(rest_after) when inverted
    rest = rest_after.strip()
    if rest in ("", ".", "!", "?") or (inverted and rest in (",", ";")):
        k = head.rfind(",")
        if m_sub is not None and m_sub[0] < c.start:
            k = t.rfind(",", ss, m_sub[0])
            k = k - ss if k >= 0 else -1
        if k <= 0 and inverted and m_sub is not None and m_sub[0] > c.start:
            k = c.start - ss
        if k > 0:
            cs, ce = _trim(t, ss, ss + k)
            if _has_words(t, cs, ce, 3) and not any(q.cstart <= cs < q.cend for q in quotes):
                return cs, ce
        return None
    if mode == "never":
        return None
    start = c.end
    if m_sub is not None and m_sub[0] >= c.end:   # inverted or passive: content after the speaker
        start = m_sub[1]
    m = _that(t, start, se)
    if m:
        start = m.end()
    elif mode == "that":
        if not c.participle:
            return None
        m2 = _rx(r"\s*that\b").match(t[start:se])
        if not m2:
            return None
    else:
        # "told reporters (that)": skip the addressee
        m3 = _rx(r"\s+(?:\w+\s+){0,3}?that\b").match(t[start:se]) if c.lemma in ("tell", "inform") else None
        if m3:
            start += m3.end()
    # end: before a later cue of the same sentence (its clause), or the sentence end
    end = se
    for x in range(bisect.bisect_right(starts, start), len(cues)):    # (start >= c.end: o is not c)
        o = cues[x]
        if o.start >= se:
            break
        if o.embedded:
            continue
        k = max(t.rfind(",", start, o.start), t.rfind(";", start, o.start))
        sp = o.speaker.span if o.speaker is not None and o.speaker.span else None
        mand = _ends_with_and(t[start:o.start])
        if mand and (o.speaker is None or o.speaker is c.speaker):
            end = start + mand.start()
        elif o.participle and k >= 0:
            end = k
        elif sp is not None and start < sp[0]:
            end = sp[0]
        elif k >= 0:
            end = k
        else:
            end = o.start
        break
    # quotes inside the content belong to it (kind stays indirect only if none)
    cs, ce = _trim(t, start, end)
    if ce <= cs or not _has_words(t, cs, ce, 1):
        return None
    return cs, ce


# ---------------------------------------------------------------------------- the transformer

class Attribution(Extractor):
    """Who is quoted, how much and with which reporting verbs, per side (feature ``quote``).

    Features per article (``get_feature_names_out``):

    - ``quote:attributions``, ``quote:speakers`` (distinct speakers), ``quote:direct_words``;
    - per side (every side of the speaker maps, plus ``other`` for a speaker without a side and
      ``unattributed`` for quoted speech without a speaker): ``quote:side:<side>:quotes``,
      ``:direct``, ``:partial``, ``:indirect``, ``:direct_words`` (words inside quote marks,
      direct and partial) and ``:verb:<class>`` (attributions per reporting-verb class);
    - ``quote:first:<side>`` and ``quote:last:<side>``: 1 for the side that speaks first / last.

    Evidence: one row per attribution with ``speaker``, ``side``, ``verb`` (lemma), ``kind``,
    ``label`` (the verb class), ``start``/``end`` of the quoted or paraphrased content and
    ``value`` (its words). Scare quotes are not attributions and give no row (see
    :mod:`framing.features.loaded`).

    Parameters
    ----------
    event : str, optional
        Use this event's speaker map for every document; by default each document's own event.
    speakers : path or list of paths, optional
        User folders or files extending the speaker maps (default: ``FRAMING_SPEAKERS``).
    verbs : path or list of paths, optional
        User files or folders extending the reporting-verb lexicon (default: ``FRAMING_LEXICONS``).
    continuations : bool, default True
        Attribute a quote that opens a sentence with no cue to the previous speaker.

    Examples
    --------
    >>> ex = Attribution().fit()
    >>> feats, ev = ex.extract("Rebels rejected the plan, claiming it was a trap.")
    >>> feats["quote:side:opposition:verb:rejecting"], feats["quote:side:opposition:verb:distancing"]
    (1.0, 1.0)
    >>> [(r["verb"], r["kind"], r["text"]) for r in ev]
    [('reject', 'indirect', 'the plan'), ('claim', 'indirect', 'it was a trap')]
    """

    feature = "quote"

    def __init__(self, *, event=None, speakers=None, verbs=None, continuations=True):
        self.event = event
        self.speakers = speakers
        self.verbs = verbs
        self.continuations = continuations

    def _fit_resources(self):
        if self.event is not None and not isinstance(self.event, str):
            raise ValidationError(f"The 'event' parameter of Attribution must be a str or None. "
                                  f"Got {self.event!r} instead.", field="event")
        if not isinstance(self.continuations, bool):
            raise ValidationError(f"The 'continuations' parameter of Attribution must be a bool. "
                                  f"Got {self.continuations!r} instead.", field="continuations")
        self.verbs_ = load_reporting_verbs(self.verbs)
        events = set(shipped_events())
        from ..speakers import _user_paths
        for p in _user_paths(self.speakers):
            if p.is_dir():
                events.update(f.stem for f in p.glob("*.yaml") if f.stem != "default")
        if self.event is not None:
            events.add(self.event)
        sides = []
        self.maps_ = {}
        for ev in [None, *sorted(events)]:
            sg = load_speaker_groups(event=ev, paths=self.speakers)
            self.maps_[ev] = sg
            sides += [s for s in sg.sides if s not in sides]
        self.sides_ = tuple(sides) + ("other", "unattributed")
        self.verb_classes_ = tuple(self.verbs_.classes)
        names = ["quote:attributions", "quote:speakers", "quote:direct_words"]
        for s in self.sides_:
            names += [f"quote:side:{s}:{k}" for k in ("quotes", "direct", "partial", "indirect", "direct_words")]
            names += [f"quote:side:{s}:verb:{c}" for c in self.verb_classes_]
        names += [f"quote:first:{s}" for s in self.sides_]
        names += [f"quote:last:{s}" for s in self.sides_]
        self.feature_names_ = names
        self.resource_meta_ = {"reporting_verbs": self.verbs_.meta,
                               "speakers": self.maps_[None].meta}

    def speaker_groups(self, event=None) -> SpeakerGroups:
        """The speaker map used for documents of ``event``."""
        self._check_fitted()
        ev = self.event if self.event is not None else event
        if ev not in self.maps_:
            self.maps_[ev] = load_speaker_groups(event=ev, paths=self.speakers)
        return self.maps_[ev]

    def quotes(self, doc) -> list[Quote]:
        """The attributions of one document (see :func:`extract_quotes`)."""
        self._check_fitted()
        doc = as_doc(doc)
        return list(_extract(doc, self.speaker_groups(doc.event), self.verbs_, False, self.continuations))

    def _score(self, doc: Doc, evidence):
        qs = self.quotes(doc)
        if evidence is not None:
            evidence.extend({"feature": self.feature, "referent": None, "label": q.verb_class,
                             "stance": None, "start": q.start, "end": q.end,
                             "text": doc.text[q.start:q.end], "speaker": q.speaker, "side": q.side,
                             "verb": q.verb, "kind": q.kind, "value": float(q.words)} for q in qs)
        return self._tally(qs)

    def _tally(self, qs) -> dict:
        """The feature dict of a document's attributions ``qs``."""
        feats = {}
        speakers = set()
        ordered = []
        sides, classes = self.sides_, self.verb_classes_
        for q in qs:
            side = q.side if q.side in sides else ("other" if q.speaker is not None else "unattributed")
            if q.side is not None and q.side not in sides:
                side = "other"
            base = f"quote:side:{side}:"
            feats["quote:attributions"] = feats.get("quote:attributions", 0.0) + 1
            feats[base + "quotes"] = feats.get(base + "quotes", 0.0) + 1
            feats[base + q.kind] = feats.get(base + q.kind, 0.0) + 1
            if q.kind in ("direct", "partial"):
                words = q.words
                feats[base + "direct_words"] = feats.get(base + "direct_words", 0.0) + words
                feats["quote:direct_words"] = feats.get("quote:direct_words", 0.0) + words
            if q.verb_class is not None and q.verb_class in classes:
                k = base + f"verb:{q.verb_class}"
                feats[k] = feats.get(k, 0.0) + 1
            if q.speaker is not None:
                speakers.add(q.speaker)
            pos = q.start if q.verb_span is None else min(q.start, q.verb_span[0])
            ordered.append((pos, side))
        feats["quote:speakers"] = float(len(speakers))
        named = [o for o in ordered if o[1] != "unattributed"]
        if named:
            named.sort()
            feats[f"quote:first:{named[0][1]}"] = 1.0
            feats[f"quote:last:{named[-1][1]}"] = 1.0
        return feats
