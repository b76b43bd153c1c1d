"""Generic news frames and policy frame dimensions, from transparent indicator lexicons.

Method
------
:class:`GenericFrames` scores Semetko & Valkenburg's (2000) five generic frames (conflict, human
interest, economic consequences, morality, attribution of responsibility). Each of the
codebook's 20 yes/no questions has a list of indicator words and phrases
(``framing/data/frames/semetko_valkenburg.yaml``); a question is answered *yes* when at least
``min_hits`` indicators occur in the article, and a frame's score is the share of its questions
answered yes, mirroring the codebook's additive frame scales. Features:
``frame:<frame>:score`` (0..1) and ``frame:<frame>:<question>`` (0 or 1). Evidence: one row per
indicator match, ``label`` = the question id, ``referent`` = the frame, ``text`` = the matched
words.

:class:`PolicyFrames` counts cue words of the 15 dimensions of the Policy Frames Codebook
(Boydstun et al. 2014; ``policy_frames.yaml``): ``policy_frame:<dim>:count``,
``policy_frame:<dim>:rate`` (per 1,000 words) and ``policy_frame:<dim>:share`` (of all cue
matches; for ``other``, the share of sentences without any cue).

Both lexicons are data: users extend them with YAML files of the same shape in their own folder
(``paths=``); indicators for an existing question or dimension are added to the shipped ones,
new questions and dimensions are added.

Matching is word-based (case-insensitive; ``*`` at the end of an indicator matches any ending;
at each position the longest phrase wins, matches do not overlap) and runs in one pass over
the article's words.

Known limits
------------
Indicators are surface words: they do not see negation ("no disagreement"), who is speaking,
or whether the word is about the event at all; ``min_hits`` thresholds make long articles more
likely to fire a question. The scores approximate a human coder's answers; they are not
validated against a coded sample in this package. Train a :class:`~framing.classify.FrameClassifier`
on your own coded articles when you need validated frame labels.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from importlib import resources
from itertools import accumulate, compress, repeat
from pathlib import Path

import numpy as np
import yaml

from ..errors import LexiconError, ValidationError
from ..resources import user_files
from ..text import Doc
from .base import Extractor

__all__ = ["GenericFrames", "PolicyFrames", "PhraseMatcher", "load_frames", "word_spans", "word_arrays",
           "doc_word_spans", "doc_words"]

_WORD = re.compile(r"[0-9A-Za-z\u00C0-\u024F]+")
_WORD_SPLIT = re.compile(r"([0-9A-Za-z\u00C0-\u024F]+)")  # the same words, as a capturing group
_CANDS_MAX = 100_000  # words whose match plan a PhraseMatcher remembers


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, lower-cased word) of every word: letters and digits; other characters split."""
    return [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]


def word_arrays(text: str) -> tuple[list[int], list[int], list[str]]:
    """:func:`word_spans` as three parallel lists: starts, ends and lower-cased words.

    The words of every text are found here (once per document, see :func:`doc_words`), so
    this avoids a Python-level step per word. Texts without letters from U+00C0-U+024F
    (nearly all English news, curly quotes and dashes included) are handled as one byte per
    character, every other character replaced by "?": a byte translation marks the word
    characters, numpy finds where the marks change (a word starts or ends), and another
    translation lower-cases the words and blanks everything else. Other texts go through
    :func:`_word_arrays_split`.
    """
    if not text.isascii() and _LATIN_LETTER.search(text):
        return _word_arrays_split(text)
    raw = text.encode("ascii", "replace")
    # padded with a non-word byte at each end, so that every word has a start and an end edge
    is_word = np.frombuffer((b" " + raw + b" ").translate(_WORD_BYTE_MARK), np.bool_)
    edges = (is_word[1:] != is_word[:-1]).nonzero()[0]   # alternately a word's start and end
    return edges[0::2].tolist(), edges[1::2].tolist(), raw.translate(_LOWER_OR_BLANK).decode("ascii").split()


_LATIN_LETTER = re.compile("[\u00C0-\u024F]")
_WORD_BYTES = frozenset(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_WORD_BYTE_MARK = bytes(c in _WORD_BYTES for c in range(256))   # byte -> 1 for 0-9, A-Z, a-z, else 0
_LOWER_OR_BLANK = bytes(c | 0x20 if 65 <= c <= 90 else c if c in _WORD_BYTES else 32 for c in range(256))


def _word_arrays_split(text: str) -> tuple[list[int], list[int], list[str]]:
    """:func:`word_arrays` of any text, without a Python-level step per word.

    ``re.split`` with a capturing group alternates gaps and words, so the running sum of their
    lengths gives every word's start and end. The words are lower-cased in one call on the
    joined string: ``str.lower`` maps character by character (its only context rule, the
    Greek final sigma, concerns a character that is not a word character here), so this
    equals lower-casing each word; no word contains the newline.
    """
    parts = _WORD_SPLIT.split(text)   # [gap, word, gap, word, ..., gap]
    if len(parts) == 1:
        return [], [], []
    bounds = list(accumulate(map(len, parts)))
    return bounds[0:-1:2], bounds[1::2], "\n".join(parts[1::2]).lower().split("\n")


def spans_to_arrays(words: list[tuple[int, int, str]]) -> tuple[list[int], list[int], list[str]]:
    """:func:`word_spans` output as :func:`word_arrays` output."""
    return [w[0] for w in words], [w[1] for w in words], [w[2] for w in words]


def doc_words(doc: Doc) -> tuple[list[int], list[int], list[str]]:
    """:func:`word_arrays` of a document's text, computed once per :class:`~framing.text.Doc`
    and shared by the frame and loaded-language extractors (treat as read-only)."""
    cache = getattr(doc, "_cache", None)
    if cache is None:
        return word_arrays(doc.text)
    out = cache.get("word_arrays")
    if out is None:
        out = cache["word_arrays"] = word_arrays(doc.text)
    return out


def doc_word_spans(doc: Doc) -> list[tuple[int, int, str]]:
    """:func:`word_spans` of a document's text, computed once per :class:`~framing.text.Doc`
    (treat as read-only)."""
    cache = getattr(doc, "_cache", None)
    if cache is None:
        return word_spans(doc.text)
    out = cache.get("word_spans")
    if out is None:
        out = cache["word_spans"] = list(zip(*doc_words(doc))) if "word_arrays" in cache else word_spans(doc.text)
    return out


class PhraseMatcher:
    """Find word phrases (``*`` at the end = any ending) in a text; longest match at a position wins.

    Parameters
    ----------
    entries : iterable of (phrase, payload)
        Each phrase is split into words like the text; several payloads may share a phrase.

    Examples
    --------
    >>> m = PhraseMatcher([("so called", "so_called"), ("disagree*", "conflict")])
    >>> [(s, e, p) for s, e, p in m.find("The so-called deal: they disagreed.")]
    [(4, 13, ('so_called',)), (25, 34, ('conflict',))]
    """

    def __init__(self, entries):
        self._exact: dict[str, list] = {}
        self._prefix: dict[str, list] = {}
        self._stem_lengths: set[int] = set()
        payloads: dict[tuple, list] = {}
        for phrase, payload in entries:
            words = tuple(w.lower() for w in _WORD.findall(phrase.replace("*", "\x00")))
            if not words:
                continue
            wild = phrase.rstrip().endswith("*")
            payloads.setdefault((words, wild), [])
            if payload not in payloads[(words, wild)]:
                payloads[(words, wild)].append(payload)
        for (words, wild), pl in payloads.items():
            entry = (words, wild, tuple(pl))
            if wild and len(words) == 1:
                self._prefix.setdefault(words[0], []).append(entry)
                self._stem_lengths.add(len(words[0]))
            else:  # multi-word entries: first word exact, a trailing * makes the last word a prefix
                self._exact.setdefault(words[0], []).append(entry)
        self._stem_lengths = sorted(self._stem_lengths)
        self._plans: dict[str, tuple] = {}   # word -> _plan(word), filled as words are seen

    def __len__(self):
        return sum(len(v) for v in self._exact.values()) + sum(len(v) for v in self._prefix.values())

    def _candidates(self, w: str) -> tuple:
        """The entries that may start at word ``w``: its exact entries, then prefixes by length."""
        cands = list(self._exact.get(w, ()))
        for k in self._stem_lengths:
            if k > len(w):
                break
            cands.extend(self._prefix.get(w[:k], ()))
        return tuple(cands)

    def _plan(self, w: str) -> tuple:
        """How to match at word ``w``: ``()`` when no entry starts there, else (single, by_next, wild2).

        The winner at a position is the matching entry with the largest key (number of words,
        exact before wildcard, length of the last word); two different entries with equal keys
        cannot both match. Single-word entries match on ``w`` alone, so their winner
        (``single``: its payloads, or None) is decided here, once per word. Longer entries beat
        it when they match; they are filed by their second word, so that the common case, a
        first word ("the") whose phrases do not go on with the next word, costs one dict
        look-up. ``by_next`` maps an exact second word to its entries as (number of words,
        exact words from the third on, stem of a wildcard last word or None, payloads);
        ``wild2`` holds the two-word entries whose second word is a wildcard, as (stem,
        payloads). Both are ordered by key, largest first, and every by_next entry outranks
        every wild2 one (it is longer, or as long and exact), so the first that matches wins.
        """
        single, by_next, wild2 = None, {}, []
        for ws, wild, pl in sorted(self._candidates(w), key=lambda c: (len(c[0]), not c[1], len(c[0][-1])),
                                   reverse=True):
            if len(ws) == 1:
                if single is None:
                    single = pl
            elif len(ws) == 2 and wild:
                wild2.append((ws[1], pl))
            elif wild:
                by_next.setdefault(ws[1], []).append((len(ws), list(ws[2:-1]), ws[-1], pl))
            else:
                by_next.setdefault(ws[1], []).append((len(ws), list(ws[2:]), None, pl))
        if single is None and not by_next and not wild2:
            return ()
        return single, by_next, tuple(wild2)

    def _scan(self, words: list[str]) -> list[tuple[int, int, tuple]]:
        """(index, number of words, payloads) of the matches in a list of lower-cased words."""
        cache = self.__dict__.get("_plans")
        if cache is None:   # pickled by an older version
            cache = self._plans = {}
        try:
            plans = list(map(cache.__getitem__, words))   # one dict look-up per word, at C speed
        except KeyError:                                 # words not seen before
            new = set(words).difference(cache)
            if len(cache) + len(new) > _CANDS_MAX:       # bounded: memory stays flat over a long stream
                cache.clear()
                new = set(words)
            for w in new:
                cache[w] = self._plan(w)
            plans = list(map(cache.__getitem__, words))
        last = len(words) - 1
        out = []
        i = 0   # the next word not covered by an earlier match
        # ``compress`` skips, in C, the ~80% of words no entry starts with
        for j, (single, by_next, wild2) in compress(enumerate(plans), plans):
            if j < i:
                continue
            m = 0
            if j < last and (by_next or wild2):
                nxt = words[j + 1]
                for k, rest, stem, pl in by_next.get(nxt, ()):
                    if j + k > last + 1:
                        continue
                    if stem is None:
                        if words[j + 2:j + k] == rest:
                            m = k
                            break
                    elif words[j + 2:j + k - 1] == rest and words[j + k - 1].startswith(stem):
                        m = k
                        break
                else:
                    for stem, pl in wild2:
                        if nxt.startswith(stem):
                            m = 2
                            break
            if not m:
                if single is None:
                    continue
                m, pl = 1, single
            out.append((j, m, pl))
            i = j + m
        return out

    def find(self, text: str, words=None):
        """Yield (start, end, payloads) of non-overlapping matches, left to right.

        ``words``: the text's :func:`word_spans` if already at hand."""
        starts, ends, ws = word_arrays(text) if words is None else spans_to_arrays(words)
        for j, m, pl in self._scan(ws):
            yield starts[j], ends[j + m - 1], pl


# -- data files -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Question:
    frame: str
    id: str
    question: str
    min_hits: int
    indicators: tuple


def _read(path_or_traversable, label):
    try:
        data = yaml.safe_load(path_or_traversable.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise LexiconError(f"not valid YAML ({exc.__class__.__name__})", path=label) from exc
    except OSError as exc:
        raise LexiconError(f"cannot read the file ({exc.strerror})", path=label) from exc
    if not isinstance(data, dict) or not isinstance(data.get("frames"), dict):
        raise LexiconError("expected a mapping with a 'frames' mapping", path=label, field="frames")
    return data


def _str_list(v, label, fld):
    if v is None:
        return ()
    if not isinstance(v, list) or not all(isinstance(x, (str, int, float)) for x in v):
        raise LexiconError("expected a list of words or phrases", path=label, field=fld)
    return tuple(str(x) for x in v)


def _user_files(paths, stem):
    return user_files(paths, select=lambda d: [f for f in [d / f"{stem}.yaml"] if f.is_file()],
                      what="frame lexicon")


def load_frames(kind: str, paths=None) -> tuple[dict, list]:
    """Load a frame lexicon: ``"semetko_valkenburg"`` or ``"policy_frames"``, plus user files.

    Parameters
    ----------
    kind : str
        The shipped file's name (without ``.yaml``).
    paths : path or list of paths, optional
        User files, or folders holding ``<kind>.yaml``; their frames extend the shipped ones.

    Returns
    -------
    frames : dict
        frame id -> {"label": str, "questions": [Question]} (generic) or {"label", "cues"} (policy).
    meta : list of dict
        name, version, source, licence of each file read.
    """
    shipped = resources.files("framing").joinpath(f"data/frames/{kind}.yaml")
    files = [(shipped, f"framing/data/frames/{kind}.yaml")] + [(f, str(f)) for f in _user_files(paths, kind)]
    frames: dict = {}
    meta = []
    for src, label in files:
        data = _read(src, label)
        meta.append({k: data.get(k) for k in ("name", "version", "source", "licence")} | {"path": label})
        for fid, spec in data["frames"].items():
            if not isinstance(spec, dict):
                raise LexiconError("each frame must be a mapping", path=label, field=f"frames.{fid}")
            fr = frames.setdefault(str(fid), {"label": spec.get("label", fid), "questions": [], "cues": ()})
            if "cues" in spec:
                fr["cues"] = fr["cues"] + _str_list(spec["cues"], label, f"frames.{fid}.cues")
            for q in spec.get("questions") or []:
                if not isinstance(q, dict) or "id" not in q:
                    raise LexiconError("each question needs an 'id'", path=label, field=f"frames.{fid}.questions")
                mh = q.get("min_hits", 1)
                if not isinstance(mh, int) or mh < 1:
                    raise LexiconError(f"min_hits must be an int >= 1, got {mh!r}", path=label,
                                       field=f"frames.{fid}.questions.{q['id']}.min_hits")
                inds = _str_list(q.get("indicators"), label, f"frames.{fid}.questions.{q['id']}.indicators")
                old = [x for x in fr["questions"] if x.id == str(q["id"])]
                if old:
                    o = old[0]
                    fr["questions"][fr["questions"].index(o)] = Question(
                        fid, o.id, o.question, q.get("min_hits", o.min_hits), o.indicators + inds)
                else:
                    fr["questions"].append(Question(fid, str(q["id"]), str(q.get("question", "")), mh, inds))
    return frames, meta


# -- extractors -------------------------------------------------------------------------------

def _check_paths(owner, value):
    if value is not None and not isinstance(value, (str, Path, list, tuple)):
        raise ValidationError(f"The 'paths' parameter of {owner} must be a path, a list of paths or None. "
                              f"Got {value!r} instead.", field="paths")


class GenericFrames(Extractor):
    """Semetko & Valkenburg's five generic frames from indicator lexicons (see the module docstring).

    Parameters
    ----------
    paths : path or list of paths, optional
        User files or folders with ``semetko_valkenburg.yaml`` extending the shipped indicators.

    Examples
    --------
    >>> gf = GenericFrames().fit()
    >>> feats, ev = gf.extract("The two sides disagreed. Russia accused Turkey of violations.")
    >>> feats["frame:conflict:disagreement"], feats["frame:conflict:reproach"]
    (1.0, 1.0)
    """

    feature = "frame"

    def __init__(self, *, paths=None):
        self.paths = paths

    def _fit_resources(self):
        _check_paths("GenericFrames", self.paths)
        frames, meta = load_frames("semetko_valkenburg", self.paths)
        self.questions_ = [q for fr in frames.values() for q in fr["questions"]]
        self.frames_ = tuple(frames)
        self.matcher_ = PhraseMatcher((ind, (q.frame, q.id)) for q in self.questions_ for ind in q.indicators)
        names = []
        for f in self.frames_:
            names.append(f"frame:{f}:score")
            names += [f"frame:{f}:{q.id}" for q in self.questions_ if q.frame == f]
        self.feature_names_ = names
        self.resource_meta_ = {"frames": meta}
        self._make_scoring()

    def _score(self, doc: Doc, evidence):
        starts, ends, words = doc_words(doc)
        hits: dict[tuple, int] = {}
        for j, m, payloads in self.matcher_._scan(words):
            for key in payloads:   # key = (frame, question id)
                hits[key] = hits.get(key, 0) + 1
                if evidence is not None:
                    evidence.append({"start": starts[j], "end": ends[j + m - 1], "referent": key[0],
                                     "label": key[1], "kind": "indicator", "value": 1.0})
        feats = {}
        scoring = getattr(self, "_scoring", None) or self._make_scoring()  # None: pickled by an older version
        for score_name, questions in scoring:
            yes = 0
            for name, key, min_hits in questions:
                v = 1.0 if hits.get(key, 0) >= min_hits else 0.0
                feats[name] = v
                yes += v
            feats[score_name] = yes / len(questions) if questions else 0.0
        return feats

    def _make_scoring(self):
        """Per frame: the score's name and (name, hits key, min_hits) of each of its questions,
        worked out once from the fitted lexicon instead of per article."""
        self._scoring = [(f"frame:{f}:score", [(f"frame:{f}:{q.id}", (f, q.id), q.min_hits)
                                               for q in self.questions_ if q.frame == f])
                         for f in self.frames_]
        return self._scoring


class PolicyFrames(Extractor):
    """Cue counts, rates and shares of the Policy Frames Codebook's 15 dimensions.

    Parameters
    ----------
    paths : path or list of paths, optional
        User files or folders with ``policy_frames.yaml`` extending the shipped cues.

    Examples
    --------
    >>> pf = PolicyFrames().fit()
    >>> feats, ev = pf.extract("Troops shelled the town. The court ruled it illegal.")
    >>> feats["policy_frame:security_defense:count"], feats["policy_frame:legality:count"]
    (1.0, 2.0)
    """

    feature = "policy_frame"

    def __init__(self, *, paths=None):
        self.paths = paths

    def _fit_resources(self):
        _check_paths("PolicyFrames", self.paths)
        frames, meta = load_frames("policy_frames", self.paths)
        self.dimensions_ = tuple(frames)
        self.matcher_ = PhraseMatcher((c, d) for d, fr in frames.items() for c in fr["cues"])
        self.feature_names_ = [f"policy_frame:{d}:{k}" for d in self.dimensions_ for k in ("count", "rate", "share")]
        self.resource_meta_ = {"policy_frames": meta}
        self._make_names()

    def _make_names(self):
        """Per dimension: its count, rate and share feature names, formatted once, not per article."""
        self._names = [(d, *(f"policy_frame:{d}:{k}" for k in ("count", "rate", "share"))) for d in self.dimensions_]
        return self._names

    def _score(self, doc: Doc, evidence):
        starts, ends, words = doc_words(doc)
        counts = dict.fromkeys(self.dimensions_, 0)
        cue_starts = []
        for j, m, dims in self.matcher_._scan(words):
            s = starts[j]
            cue_starts.append(s)
            for d in dims:
                counts[d] += 1
                if evidence is not None:
                    evidence.append({"start": s, "end": ends[j + m - 1], "referent": d, "label": d,
                                     "kind": "cue", "value": 1.0})
        total = sum(counts.values())
        n_words = len(words)
        feats = {}
        for d, count_name, rate_name, share_name in getattr(self, "_names", None) or self._make_names():
            c = counts[d]
            feats[count_name] = float(c)
            feats[rate_name] = 1000.0 * c / n_words if n_words else 0.0
            feats[share_name] = c / total if total else 0.0
        if "other" in counts and counts["other"] == 0:
            text = doc.text
            sent_starts = [s for s, e in doc.sentences if text[s:e].strip()]
            if sent_starts:
                # 1 + the index of the sentence holding each cue (0: before the first sentence, holds none)
                cued = set(map(bisect_right, repeat(sent_starts), cue_starts))
                cued.discard(0)
                feats["policy_frame:other:share"] = (len(sent_starts) - len(cued)) / len(sent_starts)
        return feats
