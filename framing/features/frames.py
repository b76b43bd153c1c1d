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
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from ..errors import LexiconError, ValidationError
from ..resources import user_files
from ..text import Doc
from .base import Extractor

__all__ = ["GenericFrames", "PolicyFrames", "PhraseMatcher", "load_frames", "word_spans", "doc_word_spans"]

_WORD = re.compile(r"[0-9A-Za-z\u00C0-\u024F]+")
_CANDS_MAX = 100_000  # words whose candidate entries a PhraseMatcher remembers


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, lower-cased word) of every word: letters and digits; other characters split."""
    return [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]


def doc_word_spans(doc: Doc) -> list[tuple[int, int, str]]:
    """:func:`word_spans` of a document's text, computed once per :class:`~framing.text.Doc`
    and shared by the frame and loaded-language extractors (treat as read-only)."""
    cache = getattr(doc, "_cache", None)
    if cache is None:
        return word_spans(doc.text)
    out = cache.get("word_spans")
    if out is None:
        out = cache["word_spans"] = word_spans(doc.text)
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
        self._cands: dict[str, tuple] = {}   # word -> _candidates(word), filled as words are seen

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

    def find(self, text: str, words=None):
        """Yield (start, end, payloads) of non-overlapping matches, left to right."""
        words = word_spans(text) if words is None else words
        n = len(words)
        cache = self._cands
        i = 0
        while i < n:
            w = words[i][2]
            cands = cache.get(w)
            if cands is None:
                if len(cache) >= _CANDS_MAX:    # bounded: memory stays flat over a long stream
                    cache.clear()
                cands = cache[w] = self._candidates(w)
            if not cands:
                i += 1
                continue
            best = None
            for ws, wild, pl in cands:
                m = len(ws)
                if i + m > n:
                    continue
                ok = True
                for j in range(1, m):
                    tw = words[i + j][2]
                    if j == m - 1 and wild:
                        ok = tw.startswith(ws[j])
                    else:
                        ok = tw == ws[j]
                    if not ok:
                        break
                key = (m, not wild, len(ws[-1]))
                if ok and (best is None or key > best[0]):
                    best = (key, wild, pl)
            if best is None:
                i += 1
                continue
            m = best[0][0]
            yield words[i][0], words[i + m - 1][1], best[2]
            i += m


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

    def _extract(self, doc: Doc):
        hits: dict[tuple, int] = {}
        evidence = []
        for s, e, payloads in self.matcher_.find(doc.text, doc_word_spans(doc)):
            for frame, qid in payloads:
                hits[(frame, qid)] = hits.get((frame, qid), 0) + 1
                evidence.append({"start": s, "end": e, "referent": frame, "label": qid,
                                 "kind": "indicator", "value": 1.0})
        feats = {}
        for f in self.frames_:
            qs = [q for q in self.questions_ if q.frame == f]
            yes = 0
            for q in qs:
                v = 1.0 if hits.get((f, q.id), 0) >= q.min_hits else 0.0
                feats[f"frame:{f}:{q.id}"] = v
                yes += v
            feats[f"frame:{f}:score"] = yes / len(qs) if qs else 0.0
        return feats, evidence


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

    def _extract(self, doc: Doc):
        words = doc_word_spans(doc)
        counts = dict.fromkeys(self.dimensions_, 0)
        evidence = []
        starts = []
        for s, e, dims in self.matcher_.find(doc.text, words):
            starts.append(s)
            for d in dims:
                counts[d] += 1
                evidence.append({"start": s, "end": e, "referent": d, "label": d, "kind": "cue", "value": 1.0})
        total = sum(counts.values())
        n_words = len(words)
        feats = {}
        for d in self.dimensions_:
            feats[f"policy_frame:{d}:count"] = float(counts[d])
            feats[f"policy_frame:{d}:rate"] = 1000.0 * counts[d] / n_words if n_words else 0.0
            feats[f"policy_frame:{d}:share"] = counts[d] / total if total else 0.0
        if "other" in counts and counts["other"] == 0:
            sents = [(s, e) for s, e in doc.sentences if doc.text[s:e].strip()]
            if sents:
                import bisect

                cued = {bisect.bisect_right([s for s, _ in sents], x) - 1 for x in starts}
                feats["policy_frame:other:share"] = sum(1 for i in range(len(sents)) if i not in cued) / len(sents)
        return feats, evidence
