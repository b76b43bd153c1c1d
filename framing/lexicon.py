"""Referent lexicons: the competing labels for the same referent, with a stance per label.

A *referent* is something news texts name in competing ways: the anti-government armed groups in
Syria (``armed_groups``: terrorists, militants, rebels, opposition, revolutionaries ...), the Syrian
state (``syrian_state``: regime, government, Damascus, Syrian Arab Army ...), the zones of the
Astana memorandum (``zones``), the conflict itself (``conflict``: crisis, war, uprising,
revolution) and the roles given to foreign powers (``foreign_roles``: mediators, guarantors,
backers, occupiers). Each label carries a stance from -2 (delegitimising) to +2 (legitimising)
of the referent, documented in its file.

Lexicons are data: one YAML file per referent in ``framing/data/lexicons/`` with a header
(``meta``: name, what it measures, version, source, licence, scale), the labels with their stance
and terms, and context rules. Users extend or override them from their own folder with
``load_lexicon(paths=[folder])`` or the ``FRAMING_LEXICONS`` environment variable (folders or
files separated by ``os.pathsep``); in a folder, every ``*.yaml`` file with a top-level
``referent`` key is a referent lexicon (other files, such as ``reporting_verbs.yaml``, belong to
other lexicons and are skipped). A user file for an existing referent adds labels, replaces
labels of the same id (terms and stance) and adds rules; a new referent is added.

File format::

    referent: armed_groups
    meta: {name: ..., measures: ..., version: 1, source: ..., licence: CC0-1.0, scale: ...}
    labels:
      militant:
        stance: -1
        terms: [militant, militant group, militant faction]   # singular; plurals are added
      ...
    rules:                    # context rules: a match is dropped when ...
      - terms: [regime]       # (or labels: [regime])
        not_after: [ceasefire, sanctions, truce]   # ... the words just before it are one of these
        not_before: [change]                       # ... the words just after it are one of these
        reason: a ceasefire regime is an arrangement, not the Syrian state
      - not_after: [IS]       # no labels/terms: every label of the referent
        case_sensitive: true  # compare the words with their case ("IS" is not "is")
      - labels: [rebel]       # a stance rule: the match is kept with another stance ...
        after: [so-called]    # ... when these words come just before it (or 'before': after it)
        stance: -1
      - labels: [militant]    # an anaphora rule: a definite description is dropped ...
        refers_back_to: [Islamic State, IS]  # ... when its antecedent is a name of another group
        reset_by: [Free Syrian Army]         # names of the referent itself (optional)
        case_sensitive_names: [IS]           # of the names above, those compared with their case
        definite: [the, these, those]        # the words that make a definite description (default)
        within: paragraph                    # or {sentences: N} (default: paragraph)

Method: every term is expanded into its variants (lower case; curly and straight apostrophes;
hyphen, space or nothing between hyphenated parts; the possessive without its apostrophe, since
some corpora strip apostrophes; a regular English plural of the last word unless the label sets
``plural: false``) and compiled once into one Aho-Corasick automaton (pyahocorasick) per
:class:`Lexicon`. The text is normalised the same way (lower case, apostrophes, hyphens, runs of
white space), keeping a map to the original offsets. A hit counts only at word boundaries (a
hyphen joins words: "anti-government" is not "government"). Context rules are applied to each
hit (the words around it are compared in lower case unless the rule says
``case_sensitive: true``): a ``not_after``/``not_before`` rule drops the hit, a ``stance`` rule
keeps it with the rule's stance (the first such rule in file order applies). Then overlapping
hits are resolved: the longest wins, then the leftmost, then the one
whose referent and label come first in lexicon order. Matches are therefore deterministic and
never overlap. Next, anaphora rules (``refers_back_to``) apply to *definite descriptions*: a
mention preceded by one of the rule's ``definite`` words, with one space between, or with a
cardinal number between ("the militants", "the militants'", "these jihadists", "the 18
militants", "the two jihadists"; not "the remaining militants"). Its antecedent is the
most recent *candidate* before it: a name in ``refers_back_to`` (another group), a name in
``reset_by`` (the referent itself) or a kept mention of the rule's referent; a definite
description the rule drops counts as a name of the other group, so "the jihadists" after "the
militants" after "ISIS" still refers to ISIS. When that candidate is a ``refers_back_to`` name
within scope, the mention is dropped with the rest of its noun phrase ("the Takfiri
insurgents"). The scope is the paragraph (the text since the last blank line) or, with ``within:
{sentences: N}``, also at most the sentence of the mention and the N - 1 before it (a sentence
ends at ".", "!" or "?" before white space, or at a blank line). Names are found like terms
(their variants, without a plural, at word boundaries; a hyphen may join them: "ISIS-held",
"anti-IS"), in lower case unless listed in ``case_sensitive_names``. Each rule decides on its
own; a mention is dropped if one rule drops it, and mentions are decided in text order, so the
result is deterministic. The names compared in lower case are read by the same automaton as the
terms, those compared with case only when needed: the rest of the work is done only for a text
with a definite hit of a rule's labels after a name the rule refers back to.
Finally, mentions of one referent that form one noun phrase are joined into one
mention, which keeps the label (and stance) of its first word, the modifier: "Takfiri
insurgents" is one takfiri mention, "opposition rebel forces" one opposition mention, "Free
Syrian Army (FSA) fighters" one free_syrian_army mention (adjacent matches separated only by
spaces or a line break, and an abbreviation in parentheses right after a mention).

Known limits: matching is lexical. Coreference is followed only by anaphora rules, for
definite descriptions that are labels ("the militants"), by recency (the last name, not the
grammatical subject); pronouns and other nouns ("they", "its fighters", "the group") are not
followed, nor indefinite mentions ("dozens of militants died" after the Islamic State is
named); a label used for another country's state or forces is excluded only where a rule lists
the preceding word ("Turkish government"); a proper name that contains a label ("Army of
Islam") is a match unless it is listed as a longer term or excluded by a rule.

Examples
--------
>>> lex = load_lexicon()
>>> [(m.referent, m.label, m.term) for m in lex.find("Damascus and the militant groups agreed.")]
[('syrian_state', 'damascus', 'Damascus'), ('armed_groups', 'militant', 'militant group')]
>>> lex.find("the ceasefire regime held near Damascus")
[]
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import yaml

from .errors import LexiconError
from .resources import user_files

__all__ = ["Match", "Label", "Rule", "Lexicon", "load_lexicon", "normalize", "shipped_referents"]

_APOS = "'’‘ʼ`´"
_HYPH = "-‐‑–−"
_META_FIELDS = ("name", "measures", "version", "source", "licence", "scale")
_PAREN_OPEN = re.compile(r"\s*\(\s*")
_PAREN_CLOSE = re.compile(r"\s*\)")
_RESERVED = ("mentions", "stance_index", "share")
_WORD_RE = re.compile(r"[\w]+(?:['\-][\w]+)*")
_WINDOW = 60   # characters read around a hit for its context words (see _Context)
_NEXT_WORD = re.compile(r"[^\w]*(\w+(?:['\-]\w+)*)")   # also the previous word, on the reversed text
_ANAPHORA_KEYS = ("refers_back_to", "reset_by", "case_sensitive_names", "definite", "within")
_DEFINITE = ("the", "these", "those")
#: numbers that may stand between a definite word and the label ("the two militants")
_CARDINALS = frozenset("two three four five six seven eight nine ten eleven twelve thirteen fourteen "
                       "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty "
                       "seventy eighty ninety hundred hundreds dozen dozens".split())
#: the ASCII characters that continue a word around a hit (a hyphen joins words); other ASCII
#: characters end one, and a character beyond ASCII does when it is not alphanumeric
_JOINS = frozenset(c for c in map(chr, range(128)) if c.isalnum() or c in "-_")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+|\n[^\S\n]*\n")


class Match(NamedTuple):
    """A label found in a text: offsets into the text as given, and what it names."""

    start: int
    end: int
    referent: str
    label: str
    stance: float
    term: str


@dataclass(frozen=True)
class Label:
    """A label of a referent: id, stance (-2..+2), terms as written in the file, a gloss."""

    referent: str
    id: str
    stance: float
    terms: tuple
    gloss: str = ""
    plural: bool = True


@dataclass(frozen=True)
class Rule:
    """A context rule: drop a hit of ``terms``/``labels`` after or before the listed words."""

    referent: str
    labels: tuple = ()
    terms: tuple = ()
    not_after: tuple = ()
    not_before: tuple = ()
    reason: str = ""
    case_sensitive: bool = False
    after: tuple = ()
    before: tuple = ()
    stance: float | None = None
    refers_back_to: tuple = ()       # an anaphora rule: names of another group ...
    reset_by: tuple = ()             # ... names of the referent itself
    case_sensitive_names: tuple = () # ... those of the names above compared with their case
    definite: tuple = ()             # ... the words that make a mention a definite description
    within: str | int = "paragraph"  # ... where its antecedent is looked for: N = N sentences

    @property
    def anaphoric(self) -> bool:
        """Whether this is an anaphora rule (``refers_back_to``), not a context-word rule."""
        return bool(self.refers_back_to)

    def applies(self, label: str, term: str) -> bool:
        if not self.labels and not self.terms:
            return True
        return label in self.labels or normalize(term) in {normalize(t) for t in self.terms}


# ----------------------------------------------------------------------------- normalisation

def _norm_char(ch: str, lower: bool = True) -> str:
    if ch in _APOS:
        return "'"
    if ch in _HYPH:
        return "-"
    if ch.isspace():
        return " "
    if not lower:
        return ch
    low = ch.lower()
    return low if len(low) == 1 else ch


def normalize(s: str) -> str:
    """Lower case, straight apostrophes, ASCII hyphens, single spaces (for terms and keys).

    >>> normalize("Assad’s  Forces")
    "assad's forces"
    """
    return re.sub(r" +", " ", "".join(_norm_char(c) for c in s)).strip()


_TABLE = {**{ord(c): "'" for c in _APOS}, **{ord(c): "-" for c in _HYPH},
          **{i: " " for i in range(0x3001) if chr(i).isspace()}}


_TABLE_ASCII = tuple((chr(k), v) for k, v in _TABLE.items() if k < 128 and chr(k) != v)
_TABLE_WIDE = re.compile("[" + "".join(chr(k) for k in _TABLE if k >= 128) + "]")


def _translate(text: str) -> str:
    """``text.translate(_TABLE)``, faster: CPython's translate is quick only for ASCII text."""
    if text.isascii():
        return text.translate(_TABLE)
    for ch, to in _TABLE_ASCII:
        if ch in text:
            text = text.replace(ch, to)
    for ch in set(_TABLE_WIDE.findall(text)):
        text = text.replace(ch, _TABLE[ord(ch)])
    return text


def _normalize_text(text: str):
    """The normalised text (lower case, and keeping case) and a map from its offsets to ``text``.

    The map is None when no run of white space was collapsed (offsets are then identical);
    otherwise ``(seg_out, seg_in)``: where each kept piece starts in the normalised text and in
    ``text`` (see :func:`_offset_map`).
    """
    cased = _translate(text)
    norm = cased.lower()
    if len(norm) != len(cased):  # a character whose lower case is longer (e.g. "İ"): keep it
        norm = "".join(_norm_char(c) for c in text)
    if "  " not in norm:
        return norm, cased, None
    seg_out, seg_in = [0], [0]     # kept pieces: where each starts, in the output and in ``text``
    keep_n, keep_c = [], []
    n = len(norm)
    find = norm.find
    removed = kept = 0
    # keep the first space of each run; str.find scans for the runs (a few per text) faster
    # than the regular expression engine
    a = find("  ")
    while a >= 0:
        b = a + 2
        while b < n and norm[b] == " ":
            b += 1
        removed += b - a - 1
        seg_out.append(b - removed)
        seg_in.append(b)
        keep_n.append(norm[kept:a + 1])
        keep_c.append(cased[kept:a + 1])   # ``cased`` has the same runs of spaces as ``norm``
        kept = b
        a = find("  ", b)
    keep_n.append(norm[kept:])
    keep_c.append(cased[kept:])
    norm = "".join(keep_n)
    cased = "".join(keep_c)
    return norm, cased, (seg_out, seg_in)


def _offset_map(seg):
    """The function from an offset in the normalised text to one in the text as given, for
    the run table of :func:`_normalize_text` (None: the identity)."""
    if seg is None:
        return lambda i: i
    seg_out, seg_in = seg

    def to_text(i: int) -> int:
        k = bisect.bisect_right(seg_out, i) - 1
        return seg_in[k] + i - seg_out[k]

    return to_text


def _plural(word: str) -> str | None:
    if word.endswith("s") or not word[-1:].isalpha():
        return None
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def _variants(term: str, plural: bool) -> set[str]:
    base = normalize(term)
    out = {base}
    if plural:
        head, _, last = base.rpartition(" ")
        p = _plural(last)
        if p:
            out.add(f"{head} {p}".strip())
    more = set()
    for v in out:
        if "-" in v:
            more.add(v.replace("-", " "))
            more.add(v.replace("-", ""))
        if "'s" in v:
            more.add(v.replace("'s", "s"))
    out |= more
    return {v for v in out if v}


def _name_forms(name: str, cased: bool) -> set[str]:
    """The forms of a name as :func:`_variants` (no plural), keeping its case if ``cased``."""
    base = re.sub(r" +", " ", "".join(_norm_char(c, not cased) for c in name)).strip()
    out = {base}
    if "-" in base:
        out |= {base.replace("-", " "), base.replace("-", "")}
    if "'s" in base:
        out.add(base.replace("'s", "s"))
    return {v for v in out if v}


# ----------------------------------------------------------------------------- the lexicon

@dataclass
class Lexicon:
    """Referents, their labels and context rules, compiled into one automaton.

    Build with :func:`load_lexicon`. Attributes: ``meta`` (one dict per file loaded: referent,
    name, version, source, licence, path).
    """

    _labels: dict = field(default_factory=dict)     # referent -> {label id -> Label}
    _rules: dict = field(default_factory=dict)      # referent -> [Rule]
    meta: list = field(default_factory=list)
    merge_compounds: bool = True

    def __post_init__(self):
        import ahocorasick

        self._order = {}
        entries = {}
        rank = 0
        for ref, labels in self._labels.items():
            for lab in labels.values():
                self._order[(ref, lab.id)] = rank
                rank += 1
                for term in lab.terms:
                    for v in _variants(term, lab.plural):
                        # the first label in lexicon order that lists a variant keeps it
                        entries.setdefault(v, (ref, lab.id, lab.stance, term, normalize(term)))
        self._n = len(entries)

        def words(w, cs):
            w = "".join(_norm_char(c, not cs) for c in w)
            return tuple(_WORD_RE.findall(w))

        def by_length(ws, cs):
            # context word sequences grouped by length: a hit needs one set lookup per length
            out = {}
            for w in ws:
                t = words(w, cs)
                if t:
                    out.setdefault(len(t), set()).add(t)
            return tuple(sorted((n, frozenset(v)) for n, v in out.items()))

        def compiled(r, a, b):
            return (r, frozenset(r.labels), frozenset(normalize(t) for t in r.terms),
                    by_length(a, r.case_sensitive), by_length(b, r.case_sensitive))

        drop = {ref: [compiled(r, r.not_after, r.not_before) for r in rules
                      if r.stance is None and not r.anaphoric]
                for ref, rules in self._rules.items()}
        restance = {ref: [compiled(r, r.after, r.before) for r in rules if r.stance is not None]
                    for ref, rules in self._rules.items()}

        def applicable(table, ref, lab, nterm):
            return tuple(c for c in table.get(ref) or ()
                         if not ((c[1] or c[2]) and lab not in c[1] and nterm not in c[2]))

        anaphora, names = self._compile_anaphora()

        # Each automaton value carries what a hit needs: its label, the context rules that
        # apply to it, and a trigger: the words that can end a "before" sequence or begin an
        # "after" sequence of those rules (a hit whose neighbouring words are not triggers
        # cannot be touched by any rule, which spares most hits the full check).
        self._auto = ahocorasick.Automaton()
        for key, (ref, lid, stance, term, nterm) in entries.items():
            dropping, restancing = applicable(drop, ref, lid, nterm), applicable(restance, ref, lid, nterm)
            check = None
            if dropping or restancing:
                # one-word sequences of dropping rules decide on the neighbouring word alone;
                # longer ones (and stance rules) need the full context when its last (first)
                # word is the neighbour
                one = [set(), set(), set(), set()]       # before/after x ignoring/keeping case
                more = [set(), set(), set(), set()]
                merged = [{}, {}, {}, {}]                # dropping sequences, by length
                # for each word of ``more``: the second words of its sequences (the word before
                # it in a "before" sequence, after it in an "after" one), or None when a
                # one-word (stance) sequence needs no second word
                second = [{}, {}, {}, {}]
                kb = ka = 0
                for r, _l, _t, na, nb in dropping + restancing:
                    cs = int(r.case_sensitive)
                    dropper = r.stance is None
                    for side, table in ((0, na), (2, nb)):
                        for n, seqs in table:
                            if side == 0:
                                kb = max(kb, n)
                            else:
                                ka = max(ka, n)
                            if dropper:
                                merged[side + cs].setdefault(n, set()).update(seqs)
                            if dropper and n == 1:
                                one[side + cs].update(t[0] for t in seqs)
                            else:
                                more[side + cs].update(t[-1] if side == 0 else t[0] for t in seqs)
                                sec = second[side + cs]
                                for t in seqs:
                                    if side:
                                        t = t[::-1]     # from the neighbour outwards
                                    w = t[-1]
                                    if n == 1:
                                        sec[w] = None
                                        continue
                                    d = sec.setdefault(w, {})
                                    if d is None:
                                        continue
                                    if n == 2:
                                        d[t[-2]] = None
                                    elif d.get(t[-2], ()) is not None:
                                        d.setdefault(t[-2], set()).add(t[-3])
                merged = tuple(tuple(sorted((n, frozenset(v)) for n, v in m.items() if n > 1))
                               for m in merged)
                second = tuple({w: d if d is None else
                                {x: v if v is None else frozenset(v) for x, v in d.items()}
                                for w, d in sec.items()} for sec in second)
                check = _triggers(one, more) + (kb, ka, merged, restancing, second)
            # anaphora rules that apply: the hit needs one more look, at the word before it
            ana = None
            mine = [i for i, c in enumerate(anaphora) if c[0].referent == ref and
                    not ((c[1] or c[2]) and lid not in c[1] and nterm not in c[2])]
            if mine:
                ana = (frozenset(w for i in mine for w in anaphora[i][0].definite), tuple(mine))
                if check is None:   # the rules' check reads the word before the hit
                    check = (None,) * 6 + (0, 0, ((), (), (), ()), (), None)
            # what a kept hit carries to the output, in one tuple (the stance as a float, as
            # in Match; a stance rule replaces the tuple)
            info = (ref, lid, float(stance), term)
            self._auto.add_word(key, (len(key), key[0] == "-", info, self._order[(ref, lid)],
                                      check, ana, names.pop(key, None)))
        # the names anaphora rules look for (those compared in lower case) are read by the same
        # automaton: a name that is not also a term is a value without a referent (info None)
        for key, named in names.items():
            self._auto.add_word(key, (len(key), False, None, 0, None, None, named))
        if entries or names:
            self._auto.make_automaton()

    def _compile_anaphora(self) -> tuple:
        """The anaphora rules and the names they look for.

        Returns the rules as ``(rule, labels, normalised terms)``, in lexicon order (also kept
        as ``self._anaphora``), and the names compared in lower case: each form of a name mapped
        to its ``(rule index, refers back?)`` entries and whether one refers back. Names
        compared with their case are kept apart, as ``(refers back?, pattern, entries)`` in
        ``self._cased_names`` (those referring back first), and read only when a definite hit
        needs them ("IS" is rare in the text keeping case, "is" is not rare in the lower-cased
        text).
        """
        out, names, cased = [], {}, {}
        for rules in self._rules.values():
            for r in rules:
                if not r.anaphoric:
                    continue
                i = len(out)
                out.append((r, frozenset(r.labels), frozenset(normalize(t) for t in r.terms)))
                cs = set(r.case_sensitive_names)
                for back, listed in ((True, r.refers_back_to), (False, r.reset_by)):
                    for name in listed:
                        table = cased if name in cs else names
                        for f in _name_forms(name, name in cs):
                            got = table.setdefault(f, [])
                            if (i, back) not in got:
                                got.append((i, back))
        self._anaphora = tuple(out)
        backing = {k: any(b for _i, b in v) for k, v in cased.items()}
        order = sorted(cased, key=lambda k: (not backing[k], k))
        # a literal then a look-ahead: the regular expression engine scans for the literal
        self._cased_names = tuple((backing[k], re.compile(re.escape(k) + r"(?!\w)"), tuple(cased[k]))
                                  for k in order)
        return out, {k: (tuple(v), any(b for _i, b in v)) for k, v in names.items()}

    # ------------------------------------------------------------------ views
    @property
    def referents(self) -> tuple:
        """Referent keys, in lexicon order."""
        return tuple(self._labels)

    def labels(self, referent: str) -> tuple:
        """The :class:`Label` records of ``referent``, in lexicon order."""
        if referent not in self._labels:
            raise KeyError(f"unknown referent {referent!r}; known: {', '.join(self._labels)}")
        return tuple(self._labels[referent].values())

    def label(self, referent: str, label: str) -> Label:
        """One :class:`Label`."""
        return self._labels[referent][label]

    def rules(self, referent: str) -> tuple:
        """The context rules of ``referent``."""
        return tuple(self._rules.get(referent, ()))

    def __len__(self) -> int:
        return self._n

    # ------------------------------------------------------------------ matching
    def find(self, text: str) -> list[Match]:
        """Every label mention in ``text``, non-overlapping, in text order.

        Parameters
        ----------
        text : str

        Returns
        -------
        list of Match
            ``start``/``end`` are offsets into ``text`` as given; ``term`` is the lexicon term.
        """
        got = self._resolve(text)
        if got is None:
            return []
        norm, seg, cands = got
        n = len(norm)
        # Match records in offsets of the text as given (the end mapped from its last
        # character: the runs of white space cut out lie between words), joining the mentions
        # of one referent that form one noun phrase (see the module docstring) on the way
        new = tuple.__new__     # Match(...) without NamedTuple's Python-level __new__
        out: list = []
        last = None             # the referent of out[-1], when compounds are merged
        merge = self.merge_compounds
        if seg is not None:
            # hits are in text order and runs of spaces few: walk the pieces along (piece k
            # is shifted by ``shift`` and the next one starts at ``bound``)
            seg_out, seg_in = seg
            bounds = seg_out[1:] + [n + 1]
            k, bound, shift = 0, bounds[0], 0
        for c in cands:
            s, e, info = c[0], c[1], c[3]
            if seg is not None:
                while s >= bound:
                    k += 1
                    bound, shift = bounds[k], seg_in[k] - seg_out[k]
                s += shift
                e -= 1          # (the last character: a hit ends before a run it touches)
                while e >= bound:
                    k += 1
                    bound, shift = bounds[k], seg_in[k] - seg_out[k]
                e += shift + 1
            if info[0] == last:
                prev = out[-1]
                joined = _compound_end(text, prev[1], s, e) if prev[1] < s else -1
                if joined >= 0:
                    out[-1] = new(Match, (prev[0], joined) + prev[2:])
                    continue
            out.append(new(Match, (s, e) + info))
            if merge:
                last = info[0]
        return out

    def _labels_found(self, text: str) -> list[tuple]:
        """``[m[2:] for m in self.find(text)]``: the ``(referent, label, stance, term)`` of each
        mention, for scores (:class:`~framing.features.labels.LabelChoices`), which need no offsets.

        The same mentions as :meth:`find`, cheaper: the noun phrases are joined in offsets of the
        normalised text, so no offset is mapped back to ``text`` and no record is built (the
        tuples are the automaton's own, shared). Joining reads the same characters there: white
        space is a space in both, and only a blank line ("\n\n"), which stops a join, can hide
        in a run of white space collapsed to one space (read in ``text``, rarely).
        """
        got = self._resolve(text)
        if got is None:
            return []
        norm, seg, cands = got
        out: list = []
        last = None             # the referent of out[-1], when compounds are merged
        merge = self.merge_compounds
        pend = 0                # where out[-1] ends (joined), in the normalised text
        for c in cands:
            info = c[3]
            if info[0] == last:
                s = c[0]
                joined = _compound_end(norm, pend, s, c[1]) if pend < s else -1
                if joined >= 0 and s == pend + 1 and seg is not None and \
                        "\n\n" in _collapsed_run(text, seg, pend):
                    joined = -1
                if joined >= 0:
                    pend = joined
                    continue
            out.append(info)
            pend = c[1]
            if merge:
                last = info[0]
        return out

    def _resolve(self, text: str):
        """The work :meth:`find` and :meth:`_labels_found` share: the normalised text, the run
        table of :func:`_normalize_text` and the hits kept (after context rules, overlaps and
        anaphora rules; ``(start, end, order, (referent, label, stance, term), ...)`` in
        offsets of the normalised text, in text order, before noun phrases are joined), or None
        when no hit is kept."""
        if not isinstance(text, str):
            raise TypeError(f"expected str, got {type(text).__name__}")
        if not self._n or not text:
            return None
        norm, cased, seg = _normalize_text(text)
        n = len(norm)
        # a space on each side: the characters around a hit are read without bound checks
        pad = " " + norm + " "
        join = _JOINS
        next_word = _NEXT_WORD.match
        rev = None
        anaph = {}      # definite descriptions that anaphora rules apply to: (start, end) -> rules

        def judge(hit):
            """The ``info`` of a hit ``(start, end, order, info, check, ana)`` after its context
            rules (another stance), or None if one drops it; a definite description is noted
            in ``anaph``."""
            nonlocal rev
            s, e, _o, info, check, ana = hit
            prev = None     # the word just before the hit (one space apart), if read
            if check is not None:
                # the words just before and after the hit decide whether rules can apply
                tb, tbc, tbl, ta, tac, tal, kb, ka, merged, restancing, second = check
                hot = 0     # which neighbour words are triggers: bit i for the table merged[i]
                if kb or ana is not None:
                    w = None
                    if s > 1 and norm[s - 1] == " ":
                        w0 = norm.rfind(" ", 0, s - 1) + 1
                        w = norm[w0:s - 1]
                        if w.isalnum():
                            w1 = s - 1
                        else:
                            w = None
                    if w is None:   # the general case: read the text backwards
                        if rev is None:
                            rev = norm[::-1]
                        m = next_word(rev, n - s)
                        if m:
                            w0, w1 = n - m.end(1), n - m.start(1)
                            w = norm[w0:w1]
                    if w is not None:
                        if tb is not None and w in tb:
                            if tb[w]:
                                return None
                            hot = 1
                        if tbc is not None and (tbl is None or w in tbl):
                            wc = cased[w0:w1]
                            if wc in tbc:
                                if tbc[wc]:
                                    return None
                                hot |= 2
                        if hot:
                            # a hot bit stays only if a sequence can end with the word before
                            # the neighbour and the neighbour (see _may_continue)
                            if rev is None:
                                rev = norm[::-1]
                            x = _word_before(norm, rev, w0)
                            third = lambda: _word_before(norm, rev, x[0])  # noqa: E731
                            if hot & 1 and not _may_continue(second[0][w], norm, x, third):
                                hot ^= 1
                            if hot & 2 and not _may_continue(second[1][wc], cased, x, third):
                                hot ^= 2
                        if w1 == s - 1:
                            prev = w
                            if ana is not None and w0 > 1 and norm[w0 - 1] == " " and \
                                    (w.isdigit() or w in _CARDINALS):
                                # a number between: "the 18 militants", "the two jihadists"
                                k = norm.rfind(" ", 0, w0 - 1) + 1
                                prev = norm[k:w0 - 1]
                if ka:
                    w = None
                    if e < n and norm[e] == " ":
                        w1 = norm.find(" ", e + 1)
                        if w1 < 0:
                            w1 = n
                        w = norm[e + 1:w1]
                        if w.isalnum():
                            w0 = e + 1
                        else:
                            w = None
                    if w is None:
                        m = next_word(norm, e)
                        if m:
                            w0, w1 = m.span(1)
                            w = norm[w0:w1]
                    if w is not None:
                        h = 0   # the bits of the words after
                        if ta is not None and w in ta:
                            if ta[w]:
                                return None
                            h = 4
                        if tac is not None and (tal is None or w in tal):
                            wc = cased[w0:w1]
                            if wc in tac:
                                if tac[wc]:
                                    return None
                                h |= 8
                        if h:   # as before the hit: the word after the neighbour
                            x = _word_after(norm, w1)
                            third = lambda: _word_after(norm, x[1])  # noqa: E731
                            if h & 4 and not _may_continue(second[2][w], norm, x, third):
                                h ^= 4
                            if h & 8 and not _may_continue(second[3][wc], cased, x, third):
                                h ^= 8
                            hot |= h
                if hot:
                    if rev is None:
                        rev = norm[::-1]
                    ctx = _Context(norm, cased, rev, s, e, kb, ka)
                    if _any_sequence(merged, ctx, hot):
                        return None
                    hit = _first_rule(restancing, ctx, hot) if restancing else None
                    if hit:
                        info = (info[0], info[1], float(hit.stance), info[3])
            if ana is not None and prev in ana[0]:
                # a definite description ("the militants", "these jihadists"): anaphora rules
                # look for its antecedent once every hit is known
                anaph[(s, e)] = (prev, ana[1])
            return info

        hits = []
        names = []      # names that anaphora rules look for: (start, entries)
        first_back = n  # where the first name of another group starts
        for end_i, (length, suffix, info, order, check, ana, named) in self._auto.iter(norm):
            e = end_i + 1
            s = e - length
            if named is not None:   # a name ("ISIS"): a hyphen may join it ("ISIS-held")
                c, d = pad[s], pad[e + 1]
                if not (c.isalnum() or c == "_") and not (d.isalnum() or d == "_"):
                    names.append((s, named[0]))
                    if named[1] and s < first_back:
                        first_back = s
                if info is None:
                    continue
            # word boundaries (a hyphen joins words); ASCII characters are looked up in a set
            c = pad[e + 1]      # the character after the hit
            if c in join or (c > "\x7f" and c.isalnum()):
                continue
            if not suffix:
                c = pad[s]      # the character before it
                if c in join or (c > "\x7f" and c.isalnum()):
                    continue
            hits.append((s, e, order, info, check, ana))
        if not hits:
            return None
        # Overlapping hits: the longest wins, then the leftmost, then the first in lexicon
        # order, among those the context rules keep. Taking the hits greedily in that order
        # and judging each (judge) only when it overlaps none taken gives the same result as
        # judging all first, and spares judging most hits inside a longer one ("government"
        # in "government forces"). Each group of chained overlaps is resolved on its own.
        hits.sort()
        cands = []      # the hits kept: (start, end, order, info, ...)
        cur, reach = None, -1   # the pending group: one hit, or a list of chained overlaps
        end = float("inf")
        for h in hits + [(end, end)]:   # a sentinel closes the last group
            if h[0] < reach:
                if type(cur) is tuple:
                    cur = [cur]
                cur.append(h)
                if h[1] > reach:
                    reach = h[1]
                continue
            if type(cur) is tuple:      # a hit that overlaps no other: the common case
                if cur[4] is not None or cur[5] is not None:
                    info = judge(cur)
                    if info is None:
                        cur = None
                    elif info is not cur[3]:
                        cur = (cur[0], cur[1], cur[2], info)
                if cur is not None:
                    cands.append(cur)
            elif cur is not None and len(cur) == 2:
                # the common group ("government forces" over "government"): the two overlap,
                # so the second in priority is kept only if the rules drop the first. ``a``
                # starts first: it comes first unless ``b`` is longer (equal spans are one key)
                a, b = cur
                if b[1] - b[0] > a[1] - a[0]:
                    a, b = b, a
                for g in (a, b):
                    info = g[3] if g[4] is None and g[5] is None else judge(g)
                    if info is not None:
                        cands.append(g if info is g[3] else (g[0], g[1], g[2], info))
                        if g is a and b[5] is not None:
                            judge(b)    # for the anaphora bookkeeping, as below
                        break
            elif cur is not None:
                taken: list = []
                keep = []
                for g in sorted(cur, key=_priority):
                    s, e, order, info, check, ana = g
                    if any(s < te and ts < e for ts, te in taken):
                        if ana is not None:
                            # judged all the same: where the last definite description
                            # starts bounds the search for names in _drop_anaphora
                            judge(g)
                        continue
                    if check is not None or ana is not None:
                        info = judge(g)
                        if info is None:
                            continue
                    taken.append((s, e))
                    keep.append((s, e, order, info))
                keep.sort()
                cands += keep
            cur, reach = h, h[1]
        if anaph:
            cands = self._drop_anaphora(text, norm, cased, _offset_map(seg), cands, anaph, names,
                                        first_back)
        return (norm, seg, cands) if cands else None

    def _drop_anaphora(self, text, norm, cased, to_text, cands: list, anaph: dict, names: list,
                       first_back: int) -> list:
        """Drop the definite descriptions whose antecedent is a name of another group.

        ``cands`` are the hits left after overlaps are resolved, ``(start, end, order, (referent,
        label, stance, term), ...)`` in normalised offsets and text order; ``anaph`` maps the span of each hit
        preceded by a definite word to that word and the indices of the anaphora rules that
        apply to it; ``names`` are the names in lower case found by the automaton, ``(start,
        entries)``, the first of another group at ``first_back`` (the names compared with case
        are read here). The definite hits are decided in text order: a rule drops one when the
        most recent of its names before it is one it refers back to (or a description it
        dropped), within the rule's scope, and no kept mention of its referent came between. The
        rest of the hit's noun phrase (as :meth:`find` joins it) goes with it.
        """
        last_s = max(s for s, _ in anaph)
        backs = first_back < last_s
        for backing, pattern, entries in self._cased_names:    # names of other groups first
            if not backing and not backs:
                return cands    # no name of another group before: nothing refers back to one
            for m in pattern.finditer(cased, 0, last_s):
                s = m.start()
                if s == 0 or not (norm[s - 1].isalnum() or norm[s - 1] == "_"):
                    names.append((s, entries))
                    backs = backs or backing
        if not backs:
            return cands
        conv = (lambda i: i) if to_text is None else to_text
        rules = self._anaphora
        events: dict = {}   # rule index -> sorted [(offset, refers back?)], when needed
        sentences = None
        dropped: set = set()
        for (s, e), (word, applying) in sorted(anaph.items()):
            # in text order: an earlier drop decides a later one
            a = bisect.bisect_left(cands, (s,))     # hits no longer overlap: one starts at s
            if a == len(cands) or cands[a][0] != s or cands[a][1] != e:
                continue        # lost to a longer hit
            c = cands[a]
            ref = c[3][0]
            b = a - 1           # the mention of the referent before this one (kept or dropped)
            while b >= 0 and cands[b][3][0] != ref:
                b -= 1
            since = -1 if b < 0 or b in dropped else cands[b][0]
            for i in applying:
                rule = rules[i][0]
                if word not in rule.definite:
                    continue
                evs = events.get(i)
                if evs is None:
                    evs = events[i] = sorted([(s, back) for s, entries in names
                                              for j, back in entries if j == i])
                e = bisect.bisect_left(evs, (c[0],)) - 1
                if e < 0 or not evs[e][1] or evs[e][0] < since:
                    continue    # the most recent antecedent is not a name of another group
                # the scope, in offsets of the text as given (blank lines are spaces in norm)
                at = conv(c[0])
                start = _paragraph_start(text, at)
                if rule.within != "paragraph":
                    if sentences is None:
                        sentences = [x.end() for x in _SENTENCE_END.finditer(text)]
                    q = bisect.bisect_right(sentences, at) - rule.within
                    if q >= 0:
                        start = max(start, sentences[q])
                if conv(evs[e][0]) >= start:
                    bisect.insort(evs, (c[0], True))     # it names the other group too
                    dropped.add(a)
                    while a + 1 < len(cands) and cands[a + 1][3][0] == ref and \
                            _joined(text, conv(cands[a][1] - 1) + 1, conv(cands[a + 1][0]),
                                    conv(cands[a + 1][1] - 1) + 1):
                        a += 1  # the rest of the noun phrase ("the Takfiri insurgents")
                        dropped.add(a)
                    break
        return [c for a, c in enumerate(cands) if a not in dropped] if dropped else cands



def _paragraph_start(text: str, at: int) -> int:
    """Where the paragraph holding offset ``at`` starts: after the last blank line before it."""
    j = text.rfind("\n", 0, at)
    while j >= 0:
        k = text.rfind("\n", 0, j)
        if not text[k + 1:j].strip():     # a line of white space (or none) ends at j
            if k >= 0:
                return j + 1
            break
        j = k
    return 0


def _compound_end(text: str, end: int, start: int, next_end: int) -> int:
    """Where the noun phrase of a mention ending at ``end`` and the next mention of its referent
    (``start``-``next_end``) ends if the two form one (see the module docstring), else -1:
    separated only by spaces or a line break, or the next one is an abbreviation in parentheses
    ("Free Syrian Army (FSA)", which then ends after the closing parenthesis)."""
    if end >= start or not (text[end].isspace() or text[end] == "("):
        return -1   # (without slicing the gap: often the whole text between two mentions)
    gap = text[end:start]
    if gap.isspace() and "\n\n" not in gap:
        return next_end
    if _PAREN_OPEN.fullmatch(gap):
        close = _PAREN_CLOSE.match(text, next_end)
        if close:
            return close.end()
    return -1


def _word_before(norm: str, rev: str, i: int):
    """(start, end) of the word before offset ``i`` of ``norm``, or None; read as the neighbour
    of a hit is: sliced when one space apart and alphanumeric, else with ``_NEXT_WORD`` on the
    reversed text ``rev`` (which gives the same word whenever the slice is taken)."""
    if i > 1 and norm[i - 1] == " ":
        a = norm.rfind(" ", 0, i - 1) + 1
        if norm[a:i - 1].isalnum():
            return a, i - 1
    m = _NEXT_WORD.match(rev, len(norm) - i)
    return (len(norm) - m.end(1), len(norm) - m.start(1)) if m else None


def _word_after(norm: str, i: int):
    """(start, end) of the word after offset ``i`` of ``norm``, or None (as :func:`_word_before`)."""
    if i < len(norm) and norm[i] == " ":
        b = norm.find(" ", i + 1)
        if b < 0:
            b = len(norm)
        if norm[i + 1:b].isalnum():
            return i + 1, b
    m = _NEXT_WORD.match(norm, i)
    return m.span(1) if m else None


def _may_continue(entry, text: str, second, third) -> bool:
    """Whether a context sequence that a trigger word (the hit's neighbour) begins or ends can go
    on with the word at span ``second`` of ``text`` and then the word at span ``third()``.

    ``entry`` is the trigger's value in the ``second`` tables of the automaton's check: None for
    a one-word (stance) sequence, which needs no more words; else a dict from each possible
    second word to None (a two-word sequence) or to the set of its third words. False only
    where the full check (:func:`_any_sequence`, :func:`_first_rule`) would find no sequence:
    the words of ``_Context`` are these words (lower-casing never changes which characters are
    word characters, so ``text`` may be the normalised or the cased text at the same spans).
    """
    if entry is None:
        return True
    if second is None:
        return False
    more = entry.get(text[second[0]:second[1]], False)
    if more is None:
        return True
    if not more:
        return False
    span = third()
    return span is not None and text[span[0]:span[1]] in more


def _collapsed_run(text: str, seg, at: int) -> str:
    """The white space of ``text`` that the space at offset ``at`` of the normalised text stands
    for when it begins a collapsed run (``seg``: the run table of :func:`_normalize_text`), else
    "" (the space stands for one character, so for no blank line)."""
    seg_out, seg_in = seg
    k = bisect.bisect_left(seg_out, at + 1)     # the piece after a run starts just after it
    if k == len(seg_out) or seg_out[k] != at + 1:
        return ""
    return text[seg_in[k - 1] + at - seg_out[k - 1]:seg_in[k]]


def _joined(text: str, end: int, start: int, next_end: int) -> bool:
    """Whether a mention ending at ``end`` and the next one (``start``-``next_end``) form one
    noun phrase (as :meth:`Lexicon.find` joins them)."""
    return _compound_end(text, end, start, next_end) >= 0


def _priority(c: tuple) -> tuple:
    """The order in which overlapping hits are taken: longest, then leftmost, then lexicon order."""
    return (c[0] - c[1], c[0], c[2])


def _triggers(one: list, more: list) -> tuple:
    """The trigger words of a hit's rules, for the word before the hit then the word after it:
    a table of words in lower case, a table of words keeping case, and a prefilter of the
    latter. A table is a dict from a word to True when that word alone drops the hit (a
    one-word dropping sequence) or False when it needs the full check, or None when empty, so
    that :meth:`Lexicon.find` makes one lookup per word. The prefilter is the set of the cased
    words in lower case: an ASCII word of the text keeping case is one of them only if its
    lower-case form (at the same offsets in the normalised text) is in the set, which spares
    slicing the text keeping case for most words; it is None (no prefilter) when a cased word
    is not ASCII, since lower-casing other characters can depend on their neighbours.
    """
    out = []
    for i in range(4):
        table = dict.fromkeys(more[i], False)
        table.update(dict.fromkeys(one[i], True))   # a dropping word wins over a hot one
        out.append(table or None)
        if i % 2:
            out.append(frozenset(w.lower() for w in table) if all(map(str.isascii, table)) else None)
    return tuple(out)


class _Context:
    """The words around one hit, read lazily: up to ``kb`` before it and ``ka`` after it.

    Words are read from a window of ``_WINDOW`` characters on each side (one ``findall``); when
    the window holds too few whole words, they are read one by one (the text reversed for the
    words before), so the result never depends on the window.
    """

    __slots__ = ("norm", "cased", "rev", "s", "e", "kb", "ka", "_w")

    def __init__(self, norm, cased, rev, s, e, kb, ka):
        self.norm, self.cased, self.rev, self.s, self.e, self.kb, self.ka = norm, cased, rev, s, e, kb, ka
        self._w = {}

    def words(self, side: str, cs: bool) -> tuple:
        """The words before (``side="b"``, in text order) or after (``"a"``) the hit."""
        key = (side, cs)
        got = self._w.get(key)
        if got is not None:
            return got
        src = self.cased if cs else self.norm
        if side == "b":
            a = max(0, self.s - _WINDOW)
            got = _WORD_RE.findall(src, a, self.s)
            if a > 0:
                got = got[1:]   # the first word may be cut by the window
                if len(got) < self.kb:
                    got = self._one_by_one(src, True)
            got = tuple(got[-self.kb:]) if self.kb else ()
        else:
            b = self.e + _WINDOW
            got = _WORD_RE.findall(src, self.e, b)
            if b < len(src):
                got = got[:-1]  # the last word may be cut by the window
                if len(got) < self.ka:
                    got = self._one_by_one(src, False)
            got = tuple(got[:self.ka])
        self._w[key] = got
        return got

    def _one_by_one(self, src: str, before: bool) -> list:
        n, out = len(self.norm), []
        if before:
            pos = n - self.s
            for _ in range(self.kb):
                m = _NEXT_WORD.match(self.rev, pos)
                if not m:
                    break
                out.append(src[n - m.end(1):n - m.start(1)])
                pos = m.end()
            out.reverse()
        else:
            pos = self.e
            for _ in range(self.ka):
                m = _NEXT_WORD.match(self.norm, pos)
                if not m:
                    break
                out.append(src[m.start(1):m.end(1)])
                pos = m.end()
        return out


def _surrounds(words: tuple, table: tuple, before: bool) -> bool:
    """Whether a sequence of ``table`` (``(length, set of word tuples)``, by length) ends
    ``words`` (the words before a hit) or, with ``before=False``, begins them (the words after)."""
    nw = len(words)
    for n, seqs in table:
        if n > nw:
            break
        if (words[nw - n:] if before else words[:n]) in seqs:
            return True
    return False


def _any_sequence(merged: tuple, ctx: _Context, hot: int) -> bool:
    """Whether any merged context sequence (before/after, case ignored/kept) surrounds the hit.

    Only the tables ``merged[i]`` with bit ``i`` of ``hot`` set are read: a sequence of another
    table ends (begins) with a word that is not the neighbouring word of the hit, which the
    caller has read the same way, so reading its context words would be wasted.
    """
    for i, table in enumerate(merged):
        if table and hot >> i & 1 and \
                _surrounds(ctx.words("b" if i < 2 else "a", bool(i % 2)), table, i < 2):
            return True
    return False


def _first_rule(rules: tuple, ctx: _Context, hot: int = 15):
    """The first rule whose context words surround the hit, else None (``hot``: as for
    :func:`_any_sequence`, bit 0/1 for the words before in lower case/with case, 2/3 after)."""
    for rule, _labs, _terms, na, nb in rules:
        cs = rule.case_sensitive
        if (na and hot >> cs & 1 and _surrounds(ctx.words("b", cs), na, True)) or \
                (nb and hot >> (2 + cs) & 1 and _surrounds(ctx.words("a", cs), nb, False)):
            return rule
    return None


# ----------------------------------------------------------------------------- loading

def _shipped_files() -> list:
    root = resources.files("framing").joinpath("data/lexicons")
    return sorted((f for f in root.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)


def shipped_referents() -> list[str]:
    """Referents of the lexicons shipped with framing (file order)."""
    return [Path(f.name).stem for f in _shipped_files()]


def _read_yaml(text: str, path) -> dict:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise LexiconError(f"not valid YAML{where}", path=path) from None
    if not isinstance(data, dict):
        raise LexiconError("must be a YAML mapping with 'referent', 'meta' and 'labels'", path=path)
    return data


def _str_list(v, path, fld) -> tuple:
    if v is None:
        return ()
    if isinstance(v, str):
        v = [v]
    if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
        raise LexiconError("must be a list of non-empty strings", path=path, field=fld)
    return tuple(v)


def _parse(data: dict, path, *, shipped: bool) -> tuple[str, dict, list, list, dict]:
    ref = data.get("referent")
    if not isinstance(ref, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", ref or ""):
        raise LexiconError("must be an identifier (lower case letters, digits, _); got "
                           f"{ref!r}", path=path, field="referent")
    meta = data.get("meta")
    if not isinstance(meta, dict):
        raise LexiconError("missing header mapping (name, measures, version, source, licence, scale)",
                           path=path, field="meta")
    need = _META_FIELDS if shipped else ("name",)
    for k in need:
        if meta.get(k) in (None, ""):
            raise LexiconError("missing header field", path=path, field=f"meta.{k}")
    labels = data.get("labels")
    if not isinstance(labels, dict) or not labels:
        raise LexiconError("must be a mapping of label id to {stance, terms}", path=path, field="labels")
    out_labels = {}
    for lid, spec in labels.items():
        fld = f"labels.{lid}"
        if not isinstance(lid, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", lid):
            raise LexiconError("label ids must be identifiers (lower case letters, digits, _)",
                               path=path, field=fld)
        if lid in _RESERVED:
            raise LexiconError(f"{lid!r} is reserved for a feature name; choose another label id",
                               path=path, field=fld)
        if not isinstance(spec, dict):
            raise LexiconError("must be a mapping with 'stance' and 'terms'", path=path, field=fld)
        st = spec.get("stance")
        if isinstance(st, bool) or not isinstance(st, (int, float)) or not -2 <= st <= 2:
            raise LexiconError(f"must be a number from -2 to 2; got {st!r}", path=path, field=fld + ".stance")
        terms = _str_list(spec.get("terms"), path, fld + ".terms")
        if not terms:
            raise LexiconError("needs at least one term", path=path, field=fld + ".terms")
        plural = spec.get("plural", True)
        if not isinstance(plural, bool):
            raise LexiconError("must be true or false", path=path, field=fld + ".plural")
        out_labels[lid] = Label(ref, lid, float(st), terms, str(spec.get("gloss", "") or ""), plural)
    rules = []
    raw_rules = data.get("rules") or []
    if not isinstance(raw_rules, list):
        raise LexiconError("must be a list of rules", path=path, field="rules")
    for i, r in enumerate(raw_rules):
        fld = f"rules[{i}]"
        if not isinstance(r, dict):
            raise LexiconError("must be a mapping", path=path, field=fld)
        allowed = ("labels", "terms", "not_after", "not_before", "after", "before", "stance", "reason",
                   "case_sensitive") + _ANAPHORA_KEYS
        unknown = set(r) - set(allowed)
        if unknown:
            raise LexiconError(f"unknown key(s) {', '.join(sorted(map(str, unknown)))}; allowed: "
                               f"{', '.join(allowed)}", path=path, field=fld)
        st = r.get("stance")
        if st is not None and (isinstance(st, bool) or not isinstance(st, (int, float)) or not -2 <= st <= 2):
            raise LexiconError(f"must be a number from -2 to 2; got {st!r}", path=path, field=fld + ".stance")
        if any(k in r for k in _ANAPHORA_KEYS):
            rules.append(_parse_anaphora(r, ref, path, fld))
            continue
        cs = r.get("case_sensitive", False)
        if not isinstance(cs, bool):
            raise LexiconError("must be true or false", path=path, field=fld + ".case_sensitive")
        rule = Rule(ref, _str_list(r.get("labels"), path, fld + ".labels"),
                    _str_list(r.get("terms"), path, fld + ".terms"),
                    _str_list(r.get("not_after"), path, fld + ".not_after"),
                    _str_list(r.get("not_before"), path, fld + ".not_before"),
                    str(r.get("reason", "") or ""), cs,
                    _str_list(r.get("after"), path, fld + ".after"),
                    _str_list(r.get("before"), path, fld + ".before"),
                    None if st is None else float(st))
        if rule.stance is None and (rule.after or rule.before):
            raise LexiconError("'after'/'before' need a 'stance' (use not_after/not_before to drop a match)",
                               path=path, field=fld)
        if rule.stance is not None and (rule.not_after or rule.not_before or not (rule.after or rule.before)):
            raise LexiconError("a 'stance' rule needs 'after' or 'before' and no not_after/not_before",
                               path=path, field=fld)
        if rule.stance is None and not rule.not_after and not rule.not_before:
            raise LexiconError("a rule needs 'not_after' or 'not_before' (or 'refers_back_to')",
                               path=path, field=fld)
        rules.append(rule)
    info = {"referent": ref, **{k: meta.get(k) for k in _META_FIELDS}, "path": str(path)}
    return ref, out_labels, rules, [info], meta


def _parse_anaphora(r: dict, ref: str, path, fld: str) -> Rule:
    """An anaphora rule (``refers_back_to``; see the module docstring)."""
    names = _str_list(r.get("refers_back_to"), path, fld + ".refers_back_to")
    if not names:
        raise LexiconError("an anaphora rule needs 'refers_back_to' (the names of the other group)",
                           path=path, field=fld + ".refers_back_to")
    other = sorted(k for k in ("not_after", "not_before", "after", "before", "stance", "case_sensitive")
                   if k in r)
    if other:
        raise LexiconError(f"an anaphora rule ('refers_back_to') cannot have {', '.join(other)}; "
                           "write a separate rule", path=path, field=fld)
    reset = _str_list(r.get("reset_by"), path, fld + ".reset_by")
    cs = _str_list(r.get("case_sensitive_names"), path, fld + ".case_sensitive_names")
    listed = set(names) | set(reset)
    for n in cs:
        if n not in listed:
            raise LexiconError(f"{n!r} is not one of the names in 'refers_back_to' or 'reset_by'",
                               path=path, field=fld + ".case_sensitive_names")
    definite = _str_list(r.get("definite", list(_DEFINITE)), path, fld + ".definite")
    for w in definite:
        if not re.fullmatch(r"[^\W\d_]+", w.strip()):
            raise LexiconError(f"must be single words (letters only); got {w!r}",
                               path=path, field=fld + ".definite")
    within = r.get("within", "paragraph")
    if isinstance(within, dict) and set(within) == {"sentences"}:
        within = within["sentences"]
        if isinstance(within, bool) or not isinstance(within, int) or within < 1:
            within = None
    elif within != "paragraph":
        within = None
    if within is None:
        raise LexiconError("must be 'paragraph' or {sentences: N} with N >= 1",
                           path=path, field=fld + ".within")
    return Rule(ref, _str_list(r.get("labels"), path, fld + ".labels"),
                _str_list(r.get("terms"), path, fld + ".terms"),
                reason=str(r.get("reason", "") or ""), refers_back_to=names, reset_by=reset,
                case_sensitive_names=cs, definite=tuple(w.strip().lower() for w in definite),
                within=within)


def _referent_files(folder: Path) -> list[Path]:
    """The ``*.yaml`` files of ``folder`` that are referent lexicons (top-level ``referent`` key)."""
    out = []
    for f in sorted(folder.glob("*.yaml")):
        try:
            head = yaml.safe_load(f.read_text("utf-8"))
        except yaml.YAMLError:
            head = {"referent": None}  # let the parser name the error
        if isinstance(head, dict) and "referent" in head:
            out.append(f)
    return out


def _user_files(paths) -> list[Path]:
    return user_files(paths, select=_referent_files, env="FRAMING_LEXICONS", what="lexicon")


def load_lexicon(paths=None) -> Lexicon:
    """Load the shipped referent lexicons, extended by the user's files.

    Parameters
    ----------
    paths : path or list of paths, optional
        Folders (every ``*.yaml`` with a top-level ``referent`` key is read) or files. Defaults to
        the ``FRAMING_LEXICONS`` environment variable (separated by ``os.pathsep``). A file for a
        referent already loaded adds labels and rules and replaces labels of the same id.

    Returns
    -------
    Lexicon

    Raises
    ------
    LexiconError
        A file is missing or malformed; the message names the file and the field.

    Examples
    --------
    >>> lex = load_lexicon()
    >>> lex.referents
    ('armed_groups', 'conflict', 'foreign_roles', 'syrian_state', 'zones')
    >>> lex.label("armed_groups", "terrorist").stance
    -2.0
    """
    files = tuple((str(f), f.stat().st_mtime_ns) for f in _user_files(paths))
    return _load(files)


@functools.lru_cache(maxsize=16)
def _load(files: tuple) -> Lexicon:
    labels: dict = {}
    rules: dict = {}
    meta: list = []
    sources = [(f.read_text("utf-8"), f"framing/data/lexicons/{f.name}", True) for f in _shipped_files()]
    for f, _ in files:
        try:
            text = Path(f).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise LexiconError(f"cannot be read ({exc.__class__.__name__})", path=f) from None
        sources.append((text, f, False))
    for text, path, shipped in sources:
        ref, labs, rls, info, _ = _parse(_read_yaml(text, path), path, shipped=shipped)
        labels.setdefault(ref, {}).update(labs)
        rules.setdefault(ref, []).extend(rls)
        meta.extend(info)
    return Lexicon(labels, rules, meta)
