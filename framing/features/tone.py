"""Tone: VADER sentiment of the headline, the lead and the body, and per referent and per side.

Method
------
Each sentence (:attr:`framing.text.Doc.sentences`) is scored with VADER (Hutto & Gilbert 2014,
ICWSM-14) through :mod:`framing.vader`, a re-implementation that reads the lexicon shipped inside
the installed ``vaderSentiment`` wheel and reproduces its compound score exactly (checked against
``vaderSentiment`` itself in the tests). Nothing is downloaded.

For each part of the article (``headline``, ``lead`` = first body paragraph, ``body`` = every
body sentence, the lead included) the features are

``tone:<part>:compound``
    mean compound score of its sentences, in [-1, 1];
``tone:<part>:pos`` / ``tone:<part>:neg``
    share of its sentences with compound >= 0.05 / <= -0.05 (VADER's conventional thresholds).

For each referent of the label lexicons (:func:`framing.lexicon.load_lexicon`) and each side of
the speaker-group map (:func:`framing.speakers.load_speaker_groups`, the document's event), the
mean compound of the sentences that mention it (``tone:referent:<id>:compound``,
``tone:side:<id>:compound``) and how many sentences that is (``...:sentences``). A referent or
side that is not mentioned gets 0 for both: read the mean together with its sentence count.

Evidence: one row per scored sentence (``value`` = its compound, ``kind`` = ``sentence``), and one
row per sentence and referent or side it mentions (``referent`` or ``side`` filled, ``label`` the
label or actor name matched first, ``kind`` = ``referent`` or ``side``). Offsets are the
sentence's.

Known limits
------------
VADER was built for social-media text; news prose scores near 0, and a sentence's tone is not
tone *towards* the referent it mentions (a sentence reporting an attack on civilians is negative
whoever is named). Sarcasm, quotation and attribution are not taken into account.
"""

from __future__ import annotations

import bisect

from ..errors import ValidationError
from ..lexicon import load_lexicon
from ..speakers import load_speaker_groups, shipped_events
from ..text import Doc
from ..vader import Vader
from .base import Extractor, shared_find

__all__ = ["Tone", "PARTS"]

#: the article parts scored, in column order
PARTS = ("headline", "lead", "body")
POS_THRESHOLD = 0.05
NEG_THRESHOLD = -0.05


class Tone(Extractor):
    """VADER tone of headline, lead and body, and per referent and side mentioned.

    Parameters
    ----------
    event : str, optional
        Use this event's speaker map for every document; by default each document's own event.
    lexicons : path or list of paths, optional
        User lexicon folders or files, added to the shipped referent lexicons.
    speakers : path or list of paths, optional
        User speaker-group folders or files.
    targets : bool, default True
        Also score per referent and per side (needs the lexicon and speaker matching).

    Examples
    --------
    >>> t = Tone(targets=False).fit()
    >>> feats, evidence = t.extract("Talks fail\\n\\nThe talks failed badly. Delegates were angry.")
    >>> feats["tone:body:compound"] < 0
    True
    """

    feature = "tone"

    def __init__(self, *, event=None, lexicons=None, speakers=None, targets=True):
        self.event = event
        self.lexicons = lexicons
        self.speakers = speakers
        self.targets = targets

    def _fit_resources(self):
        if self.event is not None and not isinstance(self.event, str):
            raise ValidationError(f"The 'event' parameter of Tone must be a str or None. "
                                  f"Got {self.event!r} instead.", field="event")
        if not isinstance(self.targets, bool):
            raise ValidationError(f"The 'targets' parameter of Tone must be a bool. "
                                  f"Got {self.targets!r} instead.", field="targets")
        names = []
        for part in PARTS:
            names += [f"tone:{part}:compound", f"tone:{part}:pos", f"tone:{part}:neg"]
        self.referents_ = ()
        self.sides_ = ()
        self.maps_ = {}
        meta = {"vader": {"name": "VADER", "version": _vader_version(),
                          "source": "Hutto & Gilbert 2014, ICWSM-14; lexicon file from the vaderSentiment wheel",
                          "licence": "MIT"}}
        if self.targets:
            self.lexicon_ = load_lexicon(self.lexicons)
            self.referents_ = tuple(self.lexicon_.referents)
            events = set(shipped_events())
            if self.event is not None:
                events.add(self.event)
            sides = []
            for ev in [None, *sorted(events)]:
                sg = load_speaker_groups(event=ev, paths=self.speakers)
                self.maps_[ev] = sg
                sides += [s for s in sg.sides if s not in sides]
            self.sides_ = tuple(sides)
            for r in self.referents_:
                names += [f"tone:referent:{r}:compound", f"tone:referent:{r}:sentences"]
            for s in self.sides_:
                names += [f"tone:side:{s}:compound", f"tone:side:{s}:sentences"]
            meta["lexicons"] = list(self.lexicon_.meta)
            meta["speakers"] = self.maps_[None].meta
        self.feature_names_ = names
        self.resource_meta_ = meta

    def speaker_groups(self, event=None):
        """The speaker map used for documents of ``event``."""
        self._check_fitted()
        ev = self.event if self.event is not None else event
        if ev not in self.maps_:
            self.maps_[ev] = load_speaker_groups(event=ev, paths=self.speakers)
        return self.maps_[ev]

    def sentence_scores(self, doc: Doc) -> list[tuple[int, int, str, dict]]:
        """(start, end, segment, VADER scores) of every non-empty sentence of a document."""
        out = []
        scores = _shared_vader().polarity_scores
        text = doc.text
        segment_of = doc.segment_of
        for s, e in doc.sentences:
            chunk = text[s:e]
            if not chunk.strip():
                continue
            out.append((s, e, segment_of(s), scores(chunk)))
        return out

    def _score(self, doc: Doc, evidence):
        sents = self.sentence_scores(doc)
        lead = doc.lead_span()
        groups = {p: [] for p in PARTS}
        for idx, (s, e, seg, sc) in enumerate(sents):
            c = sc["compound"]
            if seg == "headline":
                groups["headline"].append(c)
            elif seg == "body":
                groups["body"].append(c)
                if lead is not None and lead[0] <= s < lead[1]:
                    groups["lead"].append(c)
            if evidence is not None:
                evidence.append({"start": s, "end": e, "value": c, "kind": "sentence", "segment": seg})
        feats = {}
        for part, vals in groups.items():
            feats.update(_summary(f"tone:{part}", vals))
        if self.targets and sents:
            feats.update(self._targets(doc, sents, evidence))
        return feats

    def _targets(self, doc, sents, evidence):
        starts = [s for s, _, _, _ in sents]
        ends = [e for _, e, _, _ in sents]
        bisect_right = bisect.bisect_right

        # referent / side -> {sentence index: first label}; a match outside every scored
        # sentence (between sentences, or in a blank one) is ignored
        ref_hits: dict[str, dict[int, str]] = {}
        for m in shared_find(doc, self.lexicon_):
            off = m.start
            i = bisect_right(starts, off) - 1
            if i >= 0 and off < ends[i]:  # starts[i] <= off by construction
                hits = ref_hits.get(m.referent)
                if hits is None:
                    ref_hits[m.referent] = {i: m.label}
                elif i not in hits:
                    hits[i] = m.label
        side_hits: dict[str, dict[int, str]] = {}
        sg = self.speaker_groups(doc.event)
        for m in shared_find(doc, sg):
            off = m[0]
            i = bisect_right(starts, off) - 1
            if i >= 0 and off < ends[i]:
                hits = side_hits.get(m[2])
                if hits is None:
                    side_hits[m[2]] = {i: m[3]}
                elif i not in hits:
                    hits[i] = m[3]
        feats = {}
        for key, hits, names in (("referent", ref_hits, self.referents_), ("side", side_hits, self.sides_)):
            if not hits:
                continue
            for target in names:
                idx = hits.get(target)
                if not idx:
                    continue
                order = sorted(idx)
                vals = [sents[i][3]["compound"] for i in order]
                feats[f"tone:{key}:{target}:compound"] = sum(vals) / len(vals)
                feats[f"tone:{key}:{target}:sentences"] = float(len(vals))
                if evidence is None:
                    continue
                for i in order:
                    s, e, seg, sc = sents[i]
                    evidence.append({"start": s, "end": e, "value": sc["compound"], "kind": key,
                                     key: target, "label": idx[i], "segment": seg})
        return feats


def _summary(prefix, vals):
    if not vals:
        return {f"{prefix}:compound": 0.0, f"{prefix}:pos": 0.0, f"{prefix}:neg": 0.0}
    n = len(vals)
    return {f"{prefix}:compound": sum(vals) / n,
            f"{prefix}:pos": sum(1 for v in vals if v >= POS_THRESHOLD) / n,
            f"{prefix}:neg": sum(1 for v in vals if v <= NEG_THRESHOLD) / n}


_VADER = None


def _shared_vader() -> Vader:
    global _VADER
    if _VADER is None:
        _VADER = Vader()
    return _VADER


def _vader_version() -> str:
    try:
        from importlib.metadata import version

        return version("vaderSentiment")
    except Exception:  # pragma: no cover
        return "unknown"
