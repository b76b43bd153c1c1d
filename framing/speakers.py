"""Speaker groups: which side a quoted speaker speaks for, per event.

A speaker-group map is a YAML data file (``framing/data/speakers/default.yaml`` plus one file per
event, e.g. ``astana-2017-05-04.yaml``) with a header (what it measures, source, licence, version,
scale). Each *side* (``syrian_government``, ``opposition``, ``russia``, ``un``, ``civilians``,
``experts`` ...) has aliases (descriptions of the group itself: "the Syrian government", "rebels")
and actors (people, bodies and roles with a canonical name, aliases and, for people, the roles
they held, so that "the UN chief" can be linked to the Secretary-General named in the article)
and, optionally, speaker aliases that name the side only as a whole speaker phrase ("Damascus
said"), never in running text ("near Damascus").
An event map ``extends: default`` and adds the people of that event and blocs of sides
(``groups: {guarantor_states: [russia, iran, turkey]}``).

Users extend the maps from their own folder: ``load_speaker_groups(paths=[folder])`` or the
environment variable ``FRAMING_SPEAKERS`` (folders or files separated by ``os.pathsep``). In a
folder, ``default.yaml`` extends the shipped default and ``<event>.yaml`` extends that event's map;
a file given directly extends whatever is loaded. Later files add aliases and actors and replace
actors of the same name.

Method: every alias is compiled once into one regular expression (longest alternative first,
word boundaries; case-insensitive except for aliases with two capitals in a row such as ``UN``,
``US``, ``U.S.``, so the pronoun "us" is not the United States; curly and straight apostrophes,
hyphens and spaces are interchangeable). :meth:`SpeakerGroups.find` returns non-overlapping
leftmost-longest matches. :meth:`SpeakerGroups.side_of` resolves a name or a description: an
exact alias first, else the named actor in it, else the rightmost side mention (English noun
phrases are head-final: "Russian-backed Syrian government forces" is the government).

Known limits: country adjectives ("Russian") are side aliases, so "a Russian proposal" is a
mention of Russia when :meth:`~SpeakerGroups.find` is used on running text; capitals that are
mostly places in Syria coverage ("Damascus") are not aliases; a name shared by two actors
resolves to the one loaded last.

Examples
--------
>>> sg = load_speaker_groups(event="astana-2017-05-04")
>>> sg.side_of("Top Syrian negotiator Bashar al-Ja’afari")
'syrian_government'
>>> sg.side_of("the armed opposition delegation")
'opposition'
>>> sg.side_of("Staffan de Mistura, the UN’s Syria envoy")
'un'
>>> sg.group_of("russia")
'guarantor_states'
>>> [(m.name, m.side) for m in sg.find("Russian negotiator Alexander Lavrentyev said")]
[('Russia', 'russia'), ('Alexander Lavrentyev', 'russia')]
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
from .resources import user_paths
from .text import rx as _rx

__all__ = ["Actor", "SpeakerMatch", "SpeakerGroups", "load_speaker_groups", "shipped_events"]

_KINDS = ("person", "body", "role", "group")
_APOS = "'’‘ʼ`´"
_HYPH = "-‐‑–"
_NORM_TABLE = {**{i: " " for i in range(0x3001) if chr(i).isspace()},
               **{ord(c): " " for c in _HYPH}, **{ord(c): "'" for c in _APOS}}
_SPACE_RUN = re.compile(r" +")


class _Match(NamedTuple):
    start: int
    end: int
    side: str
    name: str


class SpeakerMatch(_Match):
    """A mention of a side's actor or of the side itself: the tuple (start, end, side, name).

    ``kind`` (person, body, role or group) is an attribute outside the tuple, so the contract's
    four-field unpacking ``start, end, side, name = match`` holds.
    """

    def __new__(cls, start, end, side, name, kind="group"):
        # tuple.__new__ is what the NamedTuple's own __new__ calls, minus a Python-level call:
        # a text has dozens of matches
        self = tuple.__new__(cls, (start, end, side, name))
        self.kind = kind
        return self

    def __getnewargs__(self):
        return (*self, self.kind)


@dataclass(frozen=True)
class Actor:
    """A person, body or role on one side. ``roles`` names the role actors a person held."""

    name: str
    side: str
    kind: str = "person"
    aliases: tuple = ()
    roles: tuple = ()


def _norm(s: str) -> str:
    """Normalise apostrophes, hyphens and runs of whitespace (for dictionary keys)."""
    return _SPACE_RUN.sub(" ", s.translate(_NORM_TABLE)).strip()


def _case_sensitive(alias: str) -> bool:
    return _rx(r"[A-Z]\.?[A-Z]").search(alias) is not None


def _alias_regex(alias: str) -> str:
    parts = []
    for ch in _norm(alias):
        if ch == "'":
            parts.append(f"[{_APOS}]")
        elif ch == " ":
            parts.append(r"[\s\-‐‑–]+")
        else:
            parts.append(re.escape(ch))
    body = "".join(parts)
    return body if _case_sensitive(alias) else f"(?i:{body})"


@dataclass
class SpeakerGroups:
    """Sides, their aliases and actors; matching of speaker names and descriptions.

    Build with :func:`load_speaker_groups`. Attributes: ``sides`` (tuple of side keys, in file
    order), ``labels`` (side -> label), ``groups`` (bloc -> tuple of sides), ``actors`` (tuple of
    :class:`Actor`), ``titles`` (words that are titles rather than names), ``meta`` (one dict per
    file loaded: name, version, source, licence, path).
    """

    sides: tuple = ()
    labels: dict = field(default_factory=dict)
    groups: dict = field(default_factory=dict)
    actors: tuple = ()
    side_aliases: dict = field(default_factory=dict)
    speaker_aliases: dict = field(default_factory=dict)
    titles: frozenset = frozenset()
    meta: list = field(default_factory=list)

    def __post_init__(self):
        entries_cs, entries_ci = {}, {}
        for side in self.sides:
            for a in (self.labels.get(side, ""), *self.side_aliases.get(side, ())):
                if not a:
                    continue
                e = (side, self.labels.get(side, side), "group")
                (entries_cs if _case_sensitive(a) else entries_ci).setdefault(_key(a, _case_sensitive(a)), e)
        for act in self.actors:  # actors override side aliases
            for a in (act.name, *act.aliases):
                cs = _case_sensitive(a)
                (entries_cs if cs else entries_ci)[_key(a, cs)] = (act.side, act.name, act.kind)
        self._cs, self._ci = entries_cs, entries_ci
        self._speaker_only = {}
        for side, al in self.speaker_aliases.items():
            for a in al:
                self._speaker_only[_norm(a).lower()] = (side, self.labels.get(side, side), "group")
        pats = []
        for k in sorted(entries_cs, key=lambda a: (-len(a), a)):
            pats.append((len(k), _alias_regex(k)))
        for k in sorted(entries_ci, key=lambda a: (-len(a), a)):
            pats.append((len(k), _alias_regex(k)))
        pats.sort(key=lambda p: -p[0])
        if pats:
            self._re = re.compile(r"(?<![\w'’\-‐‑])(?:" + "|".join(p for _, p in pats) + r")(?![\w])(?![-‐‑]based)")
        else:
            self._re = None
        self._by_name = {a.name: a for a in self.actors}
        self._set_up()

    def _set_up(self):
        """The automata and the (empty) memos: what a pickle leaves out (see ``__getstate__``)."""
        # the same aliases in two Aho-Corasick automata (case-sensitive keys over the normalised
        # text, case-insensitive keys over its lower case); :meth:`find` gives what the regex gives.
        # The case-sensitive keys go in the second one too, in lower case, each checked against
        # the text as written where found (see _automaton): one scan of the text, not two (the
        # scan is most of find's time). Only those whose lower case is not aligned with them are
        # left to the first: a character whose lower case is longer, or "Σ" (which lowers by its
        # context); usually none, and the first automaton is then None.
        folded = {k: e for k, e in self._cs.items() if len(k.lower()) == len(k) and "Σ" not in k}
        self._autos = (_automaton({k: e for k, e in self._cs.items() if k not in folded}),
                       _automaton(self._ci, folded))
        self._longest = max(map(len, (*self._cs, *self._ci)), default=0)
        self._resolved = {}     # description -> resolve(description), see :meth:`resolve`
        self._found = ({}, {})  # [_strict][text] -> find(text) as a tuple, for short texts only
        self._alias_words = {}  # word -> whether the alias regex matches all of it

    def __getstate__(self):
        # memos and automata are rebuilt, not pickled: the maps are sent to every worker process
        state = dict(self.__dict__)
        for k in ("_autos", "_resolved", "_found", "_alias_words"):
            state.pop(k, None)
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)     # (a pickle of an older version also had automata: replaced)
        self._set_up()

    # ------------------------------------------------------------------ lookups
    def _lookup(self, surface: str):
        k = _norm(surface)
        hit = self._cs.get(k)
        if hit is None:
            hit = self._ci.get(k.lower())
        return hit

    def find(self, text: str, *, _strict: bool = False) -> list[SpeakerMatch]:
        """Mentions of sides and their actors in ``text``: (start, end, side, name, kind).

        Leftmost-longest, non-overlapping, in text order. ``name`` is the actor's canonical name,
        or the side's label for a mention of the side itself.
        """
        if not isinstance(text, str):
            raise TypeError(f"expected str, got {type(text).__name__}")
        if self._re is None:
            return []
        if len(text) > _FOUND_MAX_LEN:
            return self._find(text, _strict)
        # short texts (speaker descriptions, the start of a sentence) recur: each is matched once
        memo = self._found[_strict]
        found = memo.get(text)
        if found is None:
            if len(memo) >= 20_000:     # bounded: memory stays flat over a long stream
                memo.clear()
            found = memo[text] = tuple(self._find(text, _strict))
        return list(found)              # a new list each time: callers may change theirs

    def _find(self, text: str, strict: bool) -> list[SpeakerMatch]:
        """:meth:`find` by the automata (what ``_find_regex`` gives).

        The automata run over the text as it is (``norm`` is aligned with it) and find every key
        that does not span a run of spaces; where a key's first words end at such a run, a marker
        key ("the syrian  ") finds it, and the keys there are looked up with the run taken as
        one space (:meth:`_keys_across`). ``best`` is as it would be on the text with every run
        collapsed, in the text's offsets.
        """
        norm = _find_norm(text)
        lnorm = norm.lower()
        if len(lnorm) != len(norm):  # a character whose lower case is longer: use the regex
            return self._find_regex(text, strict)
        # the regex's boundaries, one character each (\w is str.isalnum() or "_"): the one after
        # a hit here, the one before (which depends on the start only) once per start, below
        after = text + " "          # (the end of the text is no word character)
        best = {}   # start -> the longest key's (length, side, name, kind)
        runs = []   # starts of marker hits
        # the case-sensitive hits come first and win a tie (same start and length): the entry is
        # the one a look-up of the text's key finds, in the case-sensitive entries first
        for auto, hay in zip(self._autos, (norm, lnorm)):
            if auto is None:
                continue
            for end_i, v in auto.iter(hay):
                length = v[0]
                if not length:      # a marker (its length is v[1])
                    runs.append(end_i - v[1] + 1)
                    continue
                ns = end_i - length + 1
                if ns in best and best[ns][0] >= length:
                    continue
                c = after[end_i + 1]
                if c.isalnum() or c in _AFTER and (c == "_" or text.startswith("based", end_i + 2)):
                    continue
                if len(v) == 3:     # the lower case of case-sensitive keys (see _automaton)
                    v = v[1].get(norm[ns:end_i + 1], v[2])
                    if v is None:
                        continue
                best[ns] = v
        for ns in runs:
            for e, v in self._keys_across(norm, lnorm, ns):
                if ns in best and best[ns][0] >= e - ns:
                    continue
                c = after[e]
                if c.isalnum() or c in _AFTER and (c == "_" or text.startswith("based", e + 1)):
                    continue
                best[ns] = (e - ns, *v[1:])
        # str.lower() maps "Σ" by its context: a key cut out of the text may lower to another key
        # than the text does there (or to none), and the entry is the cut key's look-up
        sigma = "Σ" in norm
        out = []
        last = 0
        new = tuple.__new__
        for s in sorted(best):
            if s < last:
                continue
            if s:
                c = text[s - 1]
                if c.isalnum() or c in _BEFORE:
                    continue
            length, side, name, kind = best[s]
            e = last = s + length
            if sigma:
                key = _SPACES.sub(" ", norm[s:e])
                hit = self._cs.get(key)
                if hit is None:
                    hit = self._ci.get(key.lower())
                if hit is None:
                    continue
                side, name, kind = hit
            if kind == "person" and self._inside_other_name(text, s, strict):
                continue
            m = new(SpeakerMatch, (s, e, side, name))    # SpeakerMatch(s, e, side, name, kind)
            m.kind = kind
            out.append(m)
        return out

    def _keys_across(self, norm: str, lnorm: str, ns: int) -> list[tuple[int, tuple]]:
        """The keys at ``ns`` in ``norm`` with its runs of spaces taken as one: (end, entry) pairs,
        the case-sensitive ones first."""
        size = self._longest
        while True:     # enough text for the longest key once its runs are collapsed
            piece, starts, shifts = _collapse_spaces(norm[ns:ns + size])
            if len(piece) >= self._longest or ns + size >= len(norm):
                break
            size *= 2
        out = []
        for auto, hay in zip(self._autos, (piece, _SPACES.sub(" ", lnorm[ns:ns + size]))):
            if auto is None:
                continue
            for end_i, v in auto.iter(hay):
                if v[0] == end_i + 1:   # a key (not a marker) at the start
                    if len(v) == 3:     # (as in _find)
                        v = v[1].get(piece[:end_i + 1], v[2])
                        if v is None:
                            continue
                    out.append((ns + end_i + 1 + shifts[bisect.bisect_right(starts, end_i) - 1], v))
        return out

    def _find_regex(self, text: str, _strict: bool = False) -> list[SpeakerMatch]:
        """:meth:`find` by the alias regex (the reference the automaton is tested against)."""
        if self._re is None:
            return []
        out = []
        for m in self._re.finditer(text):
            hit = self._lookup(m.group())
            if hit is None:  # pragma: no cover - every alternative has an entry
                continue
            side, name, kind = hit
            if kind == "person" and self._inside_other_name(text, m.start(), _strict):
                continue
            out.append(SpeakerMatch(m.start(), m.end(), side, name, kind))
        return out

    def _inside_other_name(self, text: str, start: int, strict: bool = False) -> bool:
        """Whether a person alias at ``start`` ends a longer, unknown name ("Ibrahim al-Assad").

        True when the word before it is capitalised, is not a title, a weekday or a month, and
        does not itself open the sentence.
        """
        before = text[max(0, start - 60):start]
        if not before.endswith((" ", "\u00a0")):
            return False
        # the last word before it, and what precedes that word (a split, not a regex search
        # for "(\S+)\s+$", which would try every offset)
        parts = before.rsplit(None, 1)
        if not parts or not parts[-1][:1].isupper():
            return False
        w = parts[-1].strip("“”\"‘’'(")
        if not w[:1].isupper() or w in self.titles or w.rstrip(".") in _CALENDAR:
            return False
        memo = self._alias_words       # (the regex is long: a word is tried once)
        alias = memo.get(w)
        if alias is None:
            if len(memo) >= 20_000:
                memo.clear()
            alias = memo[w] = self._re.fullmatch(w) is not None
        if alias:
            return False
        rest = parts[0].rstrip() if len(parts) == 2 else ""
        if strict:
            return True
        return not (rest == "" or rest.endswith((".", "!", "?", ":", ";", "\n", "—", "–", "“", '"')))

    def actor(self, name_or_alias: str) -> Actor | None:
        """The :class:`Actor` with this canonical name or alias, if any."""
        if name_or_alias in self._by_name:
            return self._by_name[name_or_alias]
        hit = self._lookup(name_or_alias)
        if hit is not None and hit[2] != "group":
            return self._by_name.get(hit[1])
        return None

    def resolve(self, description: str) -> SpeakerMatch | None:
        """The best actor or side mention in a speaker description (see :meth:`side_of`)."""
        if not description:
            return None
        # descriptions recur ("he", "the minister", "Lavrov"): each is resolved once
        memo = self._resolved
        if description in memo:
            return memo[description]
        if len(memo) >= 50_000:     # bounded: memory stays flat over a long stream
            memo.clear()
        out = memo[description] = self._resolve(description)
        return out

    def _resolve(self, description: str) -> SpeakerMatch | None:
        hit = self._lookup(description.strip())
        if hit is not None:
            return SpeakerMatch(0, len(description), *hit)
        found = self.find(description, _strict=True)
        if not found:
            words = description.lower().split()
            if words and words[0] in ("the", "a", "an"):
                words = words[1:]
            for i in range(len(words)):       # the head comes last: "a US-based rights group"
                if i and not _MODIFIER.match(words[i - 1]):
                    break
                hit = self._speaker_only.get(_norm(" ".join(words[i:])))
                if hit is not None:
                    return SpeakerMatch(0, len(description), *hit)
            return None
        named = [m for m in found if m.kind in ("person", "body")]
        if named:
            return max(named, key=lambda m: (m.end - m.start, -m.start))
        roles = [m for m in found if m.kind == "role"]
        if roles:
            return roles[-1]
        return max(found, key=lambda m: (m.end, m.end - m.start))

    def side_of(self, name_or_description: str) -> str | None:
        """The side of a speaker name or description, or None.

        An exact alias first; else a named person or body in the description; else a role;
        else the rightmost side mention (the head of an English noun phrase comes last).
        """
        m = self.resolve(name_or_description or "")
        return None if m is None else m.side

    def group_of(self, side: str) -> str | None:
        """The bloc (``groups`` key) a side belongs to, if any."""
        for g, members in self.groups.items():
            if side in members:
                return g
        return None

    def holders_of(self, role: str) -> list[Actor]:
        """Person actors that held the role actor named ``role``."""
        return [a for a in self.actors if role in a.roles]


#: words that may precede a speaker-only alias: "US-based", "local", "senior"
_MODIFIER = re.compile(r"^(?:[\w.]+ \w+ed|[\w.]+-\w+|local|senior|top|leading|main|prominent|international|"
                       r"independent|western|foreign|regional|official|unnamed|anonymous)$")


_CALENDAR = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
             "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct",
             "Nov", "Dec", "Meanwhile", "However", "But", "And", "Also", "Earlier", "Later", "Then"}


#: white space, hyphens and dashes become one space, apostrophes a straight one (as in ``_norm``)
_FIND_TABLE = {**{ord(c): "'" for c in _APOS}, **{ord(c): " " for c in _HYPH},
               **{i: " " for i in range(0x3001) if chr(i).isspace()}}
#: the characters _FIND_TABLE changes (to a space or "'", which it keeps)
_FIND_CHARS = tuple(chr(i) for i, c in _FIND_TABLE.items() if chr(i) != c)
_FIND_ASCII = tuple(c for c in _FIND_CHARS if c.isascii())
#: :meth:`SpeakerGroups.find` keeps the matches of texts up to this long (descriptions, phrases)
_FOUND_MAX_LEN = 120


def _find_norm(text: str) -> str:
    """``text.translate(_FIND_TABLE)``.

    str.translate looks every character up in the table (a news article: ~4 us when ASCII,
    ~0.1 ms otherwise); replacing just the characters present is faster.
    """
    for c in _FIND_ASCII if text.isascii() else _FIND_CHARS:
        if c in text:
            text = text.replace(c, _FIND_TABLE[ord(c)])
    return text


#: the regex's boundaries: no word character, apostrophe or hyphen before (``[\w'’\-‐‑]``); no
#: word character or "-based" after (``\w|[-‐‑]based``)
_BEFORE = "_'’-‐‑"
_AFTER = "_-‐‑"


def _collapse_spaces(norm: str) -> tuple[str, list[int], list[int]]:
    """``norm`` with runs of spaces collapsed to one, and where each kept character was in ``norm``.

    The offsets are kept per piece between two runs rather than per character, since only those
    of matches are read: collapsed offset ``i`` was at ``i + shifts[k]`` in ``norm``, ``k`` the
    last piece with ``starts[k] <= i`` (``bisect_right(starts, i) - 1``).
    """
    parts, starts, shifts, last, size = [], [], [], 0, 0
    for m in _SPACES.finditer(norm):
        a = m.start()
        starts.append(size)
        shifts.append(last - size)
        parts.append(norm[last:a + 1])
        size += a + 1 - last
        last = m.end()
    starts.append(size)
    shifts.append(last - size)
    parts.append(norm[last:])
    return "".join(parts), starts, shifts


_SPACES = re.compile(r"  +")      # (faster to scan for than " {2,}")


def _automaton(entries: dict, cased: dict | None = None):
    """An Aho-Corasick automaton over the keys of ``entries``, or None when empty.

    A key's value is ``(length, side, name, kind)``. Each key's words up to a space followed by
    a second space are a marker, value ``(0, length)``: where a run of spaces (a paragraph break)
    interrupts the key in a text (see :meth:`SpeakerGroups._find`).

    ``cased``: case-sensitive keys (and their entries) to add in lower case, for a scan of the
    lower-cased text; the key ``k.lower()`` then has the value ``(length, {k: (length, side, name,
    kind), ...}, entry)``: the entry of the case-sensitive key the text holds as written, else
    ``entry``, that of the case-insensitive key ``k.lower()`` (or None).
    """
    import ahocorasick

    values = {k: (len(k), *entry) for k, entry in entries.items()}
    for k, entry in (cased or {}).items():
        low = k.lower()
        v = values.get(low)
        if v is None or len(v) == 4:
            v = values[low] = (len(low), {}, v)
        v[1][k] = (len(k), *entry)
    if not values:
        return None
    auto = ahocorasick.Automaton()
    for k, v in values.items():
        auto.add_word(k, v)
    for k in values:        # (keys have single spaces, none at either end: no key is a marker)
        for i, c in enumerate(k):
            if c == " " and k[:i] + "  " not in auto:
                auto.add_word(k[:i] + "  ", (0, i + 2))
    auto.make_automaton()
    return auto


def _key(alias: str, cs: bool) -> str:
    k = _norm(alias)
    return k if cs else k.lower()


# ---------------------------------------------------------------------------------- loading

def _shipped_dir():
    return resources.files("framing").joinpath("data/speakers")


def shipped_events() -> list[str]:
    """Event ids with a shipped speaker map."""
    return sorted(p.name[:-5] for p in _shipped_dir().iterdir()
                  if p.name.endswith(".yaml") and p.name != "default.yaml")


def _read_yaml(text: str, path) -> dict:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise LexiconError(f"not valid YAML ({str(e).splitlines()[0]})", path=path) from None
    if not isinstance(data, dict):
        raise LexiconError("a speaker map must be a mapping with 'meta' and 'sides'", path=path)
    return data


def _str_list(v, path, fld) -> list[str]:
    if v is None:
        return []
    if isinstance(v, str) or not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
        raise LexiconError("must be a list of non-empty strings", path=path, field=fld)
    return list(v)


def _merge(state: dict, data: dict, path) -> None:
    meta = data.get("meta")
    if not isinstance(meta, dict) or not meta.get("name"):
        raise LexiconError("missing header: 'meta' with at least 'name'", path=path, field="meta")
    state["meta"].append({"name": meta.get("name"), "version": meta.get("version"),
                          "source": meta.get("source"), "licence": meta.get("licence"), "path": str(path)})
    state["titles"].update(_str_list(data.get("titles"), path, "titles"))
    groups = data.get("groups") or {}
    if not isinstance(groups, dict):
        raise LexiconError("must map bloc names to lists of sides", path=path, field="groups")
    for g, members in groups.items():
        state["groups"][str(g)] = tuple(_str_list(members, path, f"groups.{g}"))
    sides = data.get("sides")
    if sides is None:
        sides = {}
    if not isinstance(sides, dict):
        raise LexiconError("must map side keys to {label, aliases, actors}", path=path, field="sides")
    for side, spec in sides.items():
        side = str(side)
        if not _rx(r"[a-z][a-z0-9_]*").fullmatch(side):
            raise LexiconError(f"side key {side!r} must be lowercase letters, digits and '_'",
                               path=path, field="sides")
        spec = spec or {}
        if not isinstance(spec, dict):
            raise LexiconError("must be a mapping with label, aliases, actors", path=path, field=f"sides.{side}")
        if side not in state["sides"]:
            state["sides"].append(side)
        if spec.get("label"):
            state["labels"][side] = str(spec["label"])
        state["labels"].setdefault(side, side.replace("_", " ").title())
        for key in ("aliases", "speaker_aliases"):
            al = state[f"side_{key}" if key == "aliases" else key].setdefault(side, [])
            for a in _str_list(spec.get(key), path, f"sides.{side}.{key}"):
                if a not in al:
                    al.append(a)
        actors = spec.get("actors") or []
        if not isinstance(actors, list):
            raise LexiconError("must be a list of actors", path=path, field=f"sides.{side}.actors")
        for i, act in enumerate(actors):
            fld = f"sides.{side}.actors[{i}]"
            if not isinstance(act, dict) or not isinstance(act.get("name"), str) or not act["name"].strip():
                raise LexiconError("an actor needs a 'name'", path=path, field=fld)
            kind = act.get("kind", "person")
            if kind not in _KINDS:
                raise LexiconError(f"'kind' must be one of {', '.join(_KINDS)}; got {kind!r}",
                                   path=path, field=fld)
            state["actors"][act["name"]] = Actor(
                name=act["name"], side=side, kind=kind,
                aliases=tuple(_str_list(act.get("aliases"), path, fld + ".aliases")),
                roles=tuple(_str_list(act.get("roles"), path, fld + ".roles")))


def _user_paths(paths) -> list[Path]:
    return user_paths(paths, env="FRAMING_SPEAKERS", what="speaker map")


def load_speaker_groups(event: str | None = None, paths=None) -> SpeakerGroups:
    """Load the speaker-group map: shipped default, the event's map, then the user's files.

    Parameters
    ----------
    event : str, optional
        Event id; its shipped map (``framing/data/speakers/<event>.yaml``) is added when present,
        and ``<event>.yaml`` in each user folder. Without an event, only the defaults load.
    paths : path or list of paths, optional
        User folders or files. Defaults to the ``FRAMING_SPEAKERS`` environment variable.

    Returns
    -------
    SpeakerGroups

    Raises
    ------
    LexiconError
        A file is missing or malformed (the message names the file and the field).
    """
    return _load(event, tuple(str(p) for p in _user_paths(paths)), _mtimes(paths))


def _mtimes(paths) -> tuple:
    out = []
    for p in _user_paths(paths):
        files = [p] if p.is_file() else sorted(p.glob("*.yaml"))
        out.extend((str(f), f.stat().st_mtime_ns) for f in files)
    return tuple(out)


@functools.lru_cache(maxsize=32)
def _load(event, user_paths: tuple, _stamp: tuple) -> SpeakerGroups:
    state = {"sides": [], "labels": {}, "groups": {}, "actors": {}, "side_aliases": {}, "speaker_aliases": {},
             "titles": set(), "meta": []}
    base = _shipped_dir()
    _merge(state, _read_yaml(base.joinpath("default.yaml").read_text("utf-8"), "default.yaml"),
           "framing/data/speakers/default.yaml")
    if event:
        f = base.joinpath(f"{event}.yaml")
        if f.is_file():
            _merge(state, _read_yaml(f.read_text("utf-8"), f"{event}.yaml"),
                   f"framing/data/speakers/{event}.yaml")
    for p in map(Path, user_paths):
        files = [p] if p.is_file() else [f for f in (p / "default.yaml", p / f"{event}.yaml" if event else None)
                                         if f is not None and f.is_file()]
        for f in files:
            _merge(state, _read_yaml(f.read_text("utf-8"), f), f)
    for g, members in state["groups"].items():
        unknown = [m for m in members if m not in state["sides"]]
        if unknown:
            raise LexiconError(f"bloc {g!r} names unknown side(s): {', '.join(unknown)}", field="groups")
    return SpeakerGroups(
        sides=tuple(state["sides"]), labels=dict(state["labels"]), groups=dict(state["groups"]),
        actors=tuple(state["actors"].values()),
        side_aliases={k: tuple(v) for k, v in state["side_aliases"].items()},
        speaker_aliases={k: tuple(v) for k, v in state["speaker_aliases"].items()},
        titles=frozenset(state["titles"]), meta=list(state["meta"]))
