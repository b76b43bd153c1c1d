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
never overlap. Finally, mentions of one referent that form one noun phrase are joined into one
mention, which keeps the label (and stance) of its first word, the modifier: "Takfiri
insurgents" is one takfiri mention, "opposition rebel forces" one opposition mention, "Free
Syrian Army (FSA) fighters" one free_syrian_army mention (adjacent matches separated only by
spaces or a line break, and an abbreviation in parentheses right after a mention).

Known limits: matching is lexical. Coreference ("they", "the group") is not followed; a label
used for another country's state or forces is excluded only where a rule lists the preceding
word ("Turkish government"); a proper name that contains a label ("Army of Islam") is a match
unless it is listed as a longer term or excluded by a rule.

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


_SPACES = re.compile(r" {2,}")
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
    otherwise a function from an offset in the normalised text to one in ``text``.
    """
    cased = _translate(text)
    norm = cased.lower()
    if len(norm) != len(cased):  # a character whose lower case is longer (e.g. "İ"): keep it
        norm = "".join(_norm_char(c) for c in text)
    if "  " not in norm:
        return norm, cased, None
    seg_out, seg_in = [0], [0]     # kept pieces: where each starts, in the output and in ``text``
    cuts = [0]
    removed = 0
    for m in _SPACES.finditer(norm):           # keep the first space of each run
        a, b = m.span()
        removed += b - a - 1
        seg_out.append(b - removed)
        seg_in.append(b)
        cuts += (a + 1, b)
    cuts.append(len(norm))
    # ``cased`` has the same runs of spaces as ``norm``
    norm = "".join([norm[cuts[i]:cuts[i + 1]] for i in range(0, len(cuts), 2)])
    cased = "".join([cased[cuts[i]:cuts[i + 1]] for i in range(0, len(cuts), 2)])

    def to_text(i: int) -> int:
        k = bisect.bisect_right(seg_out, i) - 1
        return seg_in[k] + i - seg_out[k]

    return norm, cased, to_text


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

        drop = {ref: [compiled(r, r.not_after, r.not_before) for r in rules if r.stance is None]
                for ref, rules in self._rules.items()}
        restance = {ref: [compiled(r, r.after, r.before) for r in rules if r.stance is not None]
                    for ref, rules in self._rules.items()}

        def applicable(table, ref, lab, nterm):
            return tuple(c for c in table.get(ref) or ()
                         if not ((c[1] or c[2]) and lab not in c[1] and nterm not in c[2]))

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
                merged = tuple(tuple(sorted((n, frozenset(v)) for n, v in m.items() if n > 1))
                               for m in merged)
                check = (tuple(map(frozenset, one)), tuple(map(frozenset, more)), kb, ka, merged,
                         restancing)
            self._auto.add_word(key, (len(key), key[0] == "-", ref, lid, stance, term,
                                      self._order[(ref, lid)], check))
        if entries:
            self._auto.make_automaton()

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
        if not isinstance(text, str):
            raise TypeError(f"expected str, got {type(text).__name__}")
        if not self._n or not text:
            return []
        norm, cased, to_text = _normalize_text(text)
        n = len(norm)
        rev = None
        next_word = _NEXT_WORD.match
        cands = []
        for end_i, (length, suffix, ref, lab, stance, term, order, check) in self._auto.iter(norm):
            s, e = end_i - length + 1, end_i + 1
            if s > 0 and not suffix:
                c = norm[s - 1]
                if c.isalnum() or c == "-" or c == "_":
                    continue
            if e < n:
                c = norm[e]
                if c.isalnum() or c == "-" or c == "_":
                    continue
            if check is not None:
                # the words just before and after the hit decide whether rules can apply
                one, more, kb, ka = check[0], check[1], check[2], check[3]
                hot = False
                if kb:
                    w0 = -1
                    if s > 1 and norm[s - 1] == " ":
                        k = norm.rfind(" ", 0, s - 1) + 1
                        if norm[k:s - 1].isalnum():
                            w0, w1 = k, s - 1
                    if w0 < 0:      # the general case: read the text backwards
                        if rev is None:
                            rev = norm[::-1]
                        m = next_word(rev, n - s)
                        if m:
                            w0, w1 = n - m.end(1), n - m.start(1)
                    if w0 >= 0:
                        w, wc = norm[w0:w1], cased[w0:w1]
                        if w in one[0] or wc in one[1]:
                            continue
                        hot = w in more[0] or wc in more[1]
                if ka:
                    w0 = -1
                    if e < n and norm[e] == " ":
                        k = norm.find(" ", e + 1)
                        k = n if k < 0 else k
                        if norm[e + 1:k].isalnum():
                            w0, w1 = e + 1, k
                    if w0 < 0:
                        m = next_word(norm, e)
                        if m:
                            w0, w1 = m.span(1)
                    if w0 >= 0:
                        w, wc = norm[w0:w1], cased[w0:w1]
                        if w in one[2] or wc in one[3]:
                            continue
                        hot = hot or w in more[2] or wc in more[3]
                if hot:
                    if rev is None:
                        rev = norm[::-1]
                    ctx = _Context(norm, cased, rev, s, e, kb, ka)
                    if _any_sequence(check[4], ctx):
                        continue
                    hit = _first_rule(check[5], ctx)
                    if hit:
                        stance = hit.stance
            cands.append((s, e, order, ref, lab, stance, term))
        cands.sort()
        if len(cands) > 1:
            cands = _resolve_overlaps(cands)
        if to_text is None:
            out = [Match(c[0], c[1], c[3], c[4], float(c[5]), c[6]) for c in cands]
        else:
            out = [Match(to_text(c[0]), to_text(c[1] - 1) + 1, c[3], c[4], float(c[5]), c[6])
                   for c in cands]
        return self._merge_compounds(text, out) if self.merge_compounds else out

    @staticmethod
    def _merge_compounds(text: str, ms: list) -> list:
        """Join adjacent mentions of one referent that form one noun phrase (see the module docstring)."""
        out: list = []
        for m in ms:
            if out and out[-1].referent == m.referent:
                prev = out[-1]
                gap = text[prev.end:m.start]
                if gap and gap.isspace() and "\n\n" not in gap:
                    out[-1] = prev._replace(end=m.end)
                    continue
                if _PAREN_OPEN.fullmatch(gap):
                    close = _PAREN_CLOSE.match(text, m.end)
                    if close:
                        out[-1] = prev._replace(end=close.end())
                        continue
            out.append(m)
        return out


def _resolve_overlaps(cands: list) -> list:
    """Drop overlapping hits: the longest wins, then the leftmost, then the first in lexicon order.

    ``cands`` are ``(start, end, order, ...)`` sorted by start. Hits that do not overlap any other
    are kept as they are; each group of chained overlaps is resolved on its own (a choice in
    one group cannot affect another), greedily in that priority order.
    """
    out, group, reach = [], [], -1
    end = float("inf")
    for c in cands + [(end, end, 0)]:   # a sentinel closes the last group
        if c[0] < reach:
            group.append(c)
            if c[1] > reach:
                reach = c[1]
            continue
        if len(group) == 1:
            out.append(group[0])
        elif group:
            taken: list = []
            keep = []
            for g in sorted(group, key=lambda g: (g[0] - g[1], g[0], g[2])):
                if any(g[0] < te and ts < g[1] for ts, te in taken):
                    continue
                taken.append((g[0], g[1]))
                keep.append(g)
            out.extend(sorted(keep))
        group, reach = [c], c[1]
    return out


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


def _any_sequence(merged: tuple, ctx: _Context) -> bool:
    """Whether any merged context sequence (before/after, case ignored/kept) surrounds the hit."""
    for i, table in enumerate(merged):
        if not table:
            continue
        w = ctx.words("b" if i < 2 else "a", bool(i % 2))
        nw = len(w)
        for n, seqs in table:
            if n > nw:
                break
            if (w[nw - n:] if i < 2 else w[:n]) in seqs:
                return True
    return False


def _first_rule(rules: tuple, ctx: _Context):
    """The first rule whose context words surround the hit, else None."""
    for rule, _labs, _terms, na, nb in rules:
        cs = rule.case_sensitive
        if na:
            b = ctx.words("b", cs)
            nw = len(b)
            for n, seqs in na:
                if n > nw:
                    break
                if b[nw - n:] in seqs:
                    return rule
        if nb:
            a = ctx.words("a", cs)
            nw = len(a)
            for n, seqs in nb:
                if n > nw:
                    break
                if a[:n] in seqs:
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
                   "case_sensitive")
        unknown = set(r) - set(allowed)
        if unknown:
            raise LexiconError(f"unknown key(s) {', '.join(sorted(map(str, unknown)))}; allowed: "
                               f"{', '.join(allowed)}", path=path, field=fld)
        st = r.get("stance")
        if st is not None and (isinstance(st, bool) or not isinstance(st, (int, float)) or not -2 <= st <= 2):
            raise LexiconError(f"must be a number from -2 to 2; got {st!r}", path=path, field=fld + ".stance")
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
            raise LexiconError("a rule needs 'not_after' or 'not_before'", path=path, field=fld)
        rules.append(rule)
    info = {"referent": ref, **{k: meta.get(k) for k in _META_FIELDS}, "path": str(path)}
    return ref, out_labels, rules, [info], meta


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
