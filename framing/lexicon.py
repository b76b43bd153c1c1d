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


def _normalize_text(text: str) -> tuple[str, str, list[int] | None]:
    """The normalised text (lower case, and keeping case) and a map from its offsets to ``text``.

    The map is None when no run of white space was collapsed (offsets are then identical).
    """
    cased = text.translate(_TABLE)
    norm = cased.lower()
    if len(norm) != len(cased):  # a character whose lower case is longer (e.g. "İ"): keep it
        norm = "".join(_norm_char(c) for c in text)
    if "  " not in norm:
        return norm, cased, None
    out, out_cs, pos, last = [], [], [], 0
    for m in _SPACES.finditer(norm):           # keep the first space of each run
        a, b = m.span()
        out.append(norm[last:a + 1])
        out_cs.append(cased[last:a + 1])
        pos.extend(range(last, a + 1))
        last = b
    out.append(norm[last:])
    out_cs.append(cased[last:])
    pos.extend(range(last, len(norm)))
    pos.append(len(text))
    return "".join(out), "".join(out_cs), pos


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
        self._auto = ahocorasick.Automaton()
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
        for key, val in entries.items():
            self._auto.add_word(key, (len(key), key[0] == "-", val))
        if entries:
            self._auto.make_automaton()
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

        self._compiled_rules = {
            ref: [compiled(r, r.not_after, r.not_before) for r in rules if r.stance is None]
            for ref, rules in self._rules.items()}
        self._applicable = {}   # (table, referent, label, term) -> the rules that apply
        self._stance_rules = {
            ref: [compiled(r, r.after, r.before) for r in rules if r.stance is not None]
            for ref, rules in self._rules.items()}

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
        norm, cased, pos = _normalize_text(text)
        cands = []
        n = len(norm)
        for end_i, (length, suffix, (ref, lab, stance, term, nterm)) in self._auto.iter(norm):
            s, e = end_i - length + 1, end_i + 1
            if s > 0 and not suffix and (norm[s - 1].isalnum() or norm[s - 1] in "-_"):
                continue
            if e < n and (norm[e].isalnum() or norm[e] in "-_"):
                continue
            ctx = {}   # context words around this hit, shared by both rule tables
            if self._excluded(norm, cased, s, e, ref, lab, nterm, self._compiled_rules, ctx):
                continue
            hit = self._excluded(norm, cased, s, e, ref, lab, nterm, self._stance_rules, ctx)
            if hit:
                stance = hit.stance
            cands.append((s, e, ref, lab, stance, term))
        cands.sort(key=lambda c: (-(c[1] - c[0]), c[0], self._order[(c[2], c[3])]))
        taken: list[tuple[int, int]] = []
        out = []
        for c in cands:
            if any(c[0] < te and ts < c[1] for ts, te in taken):
                continue
            taken.append((c[0], c[1]))
            s, e = (c[0], c[1]) if pos is None else (pos[c[0]], pos[c[1] - 1] + 1)
            out.append(Match(s, e, c[2], c[3], float(c[4]), c[5]))
        out.sort(key=lambda m: (m.start, m.end))
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

    def _excluded(self, norm: str, cased: str, s: int, e: int, ref: str, lab: str, term: str,
                  table: dict, ctx: dict | None = None):
        """The first rule of ``table`` whose context words surround the hit, else None.

        ``ctx`` caches the hit's context words (keys ``("b"|"a", case_sensitive)``).
        """
        key = (id(table), ref, lab, term)
        rules = self._applicable.get(key)
        if rules is None:   # the rules of ``table`` that apply to this label and term, in order
            rules = tuple(c for c in table.get(ref) or ()
                          if not ((c[1] or c[2]) and lab not in c[1] and term not in c[2]))
            self._applicable[key] = rules
        if not rules:
            return None
        if ctx is None:
            ctx = {}
        for rule, _labs, _terms, na, nb in rules:
            cs = rule.case_sensitive
            if na:
                b = ctx.get(("b", cs))
                if b is None:
                    b = ctx[("b", cs)] = tuple(_WORD_RE.findall((cased if cs else norm)[max(0, s - 80):s]))
                nw = len(b)
                for n, seqs in na:
                    if n > nw:
                        break
                    if b[nw - n:] in seqs:
                        return rule
            if nb:
                a = ctx.get(("a", cs))
                if a is None:
                    a = ctx[("a", cs)] = tuple(_WORD_RE.findall((cased if cs else norm)[e:e + 80]))
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
