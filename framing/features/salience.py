"""Salience and structure: where in an article each referent and each side first appears.

Method: news texts are written in the inverted pyramid, so what comes first, and what the
headline and the lead (the first body paragraph) name, is what the text makes salient (Entman
1993, "Framing: toward clarification of a fractured paradigm", J. Communication 43(4):51-58;
Pan and Kosicki 1993, "Framing analysis: an approach to news discourse", Political
Communication 10(1):55-75, on headline and lead as the strongest structural framing devices).
Mentions of each *referent* come from the referent lexicons (:mod:`framing.lexicon`, the same
matches as :class:`~framing.features.labels.LabelChoices`); mentions of each *side* come from
the speaker-group maps (:meth:`framing.speakers.SpeakerGroups.find`: the side named as a group,
its people and bodies). Sentences come from :mod:`framing.text`.

Features, for ``kind`` = ``referent`` or ``side`` and each name:

- ``salience:<kind>:<name>:mentions``: number of mentions;
- ``:first_position``: offset of the first mention / length of the text, 0..1 (1.0 when the
  article never mentions it: "as late as possible");
- ``:first_sentence``: index of the sentence holding the first mention (the number of sentences
  when never mentioned);
- ``:in_headline``, ``:in_lead``: 1 when the headline / lead mentions it (0 when the article
  has no headline or lead segment: plain strings have none, see
  :func:`framing.corpus.segments_of`);
- ``:sentence_share``: share of the article's sentences that mention it.

For referents also the headline versus body contrast:

- ``salience:referent:<name>:headline_stance`` and ``:body_stance``: mean label stance of
  the mentions in the headline and in the body (captions excluded), 0 when none;
- ``:headline_body_contrast``: headline stance minus body stance, 0 unless both have mentions
  (a headline that names the armed groups "terrorists" over a body that says "rebels" gives
  -3).

Evidence: per mentioned referent or side, one row for its first mention (``kind``
``first_mention``, ``value`` the relative position) and one row per headline and lead mention
(``kind`` ``headline`` / ``lead``, ``value`` the label stance for referents, 1 for sides).

Known limits: a side's mentions include country adjectives ("a Russian proposal"); pronouns
are not resolved; a text loaded without segments has no headline and its lead is its first
paragraph only when the corpus marked it so.
"""

from __future__ import annotations

from bisect import bisect_right

from ..errors import ValidationError
from ..lexicon import load_lexicon
from ..speakers import load_speaker_groups, shipped_events
from ..text import Doc
from .base import Extractor, shared_find

__all__ = ["Salience"]

_PARTS = ("mentions", "first_position", "first_sentence", "in_headline", "in_lead", "sentence_share")
_CONTRAST = ("headline_stance", "body_stance", "headline_body_contrast")
_INF = float("inf")


class Salience(Extractor):
    """First mention, headline and lead presence, sentence share per referent and side.

    See the module docstring for the features and evidence.

    Parameters
    ----------
    lexicons : path or list of paths, optional
        User folders or files extending the referent lexicons (default: ``FRAMING_LEXICONS``).
    speakers : path or list of paths, optional
        User folders or files extending the speaker maps (default: ``FRAMING_SPEAKERS``).
    event : str, optional
        Use this event's speaker map for every document; by default each document's own event.
    sides : bool, default True
        Also measure the salience of sides (speaker groups).

    Examples
    --------
    >>> from framing.text import Doc
    >>> from framing.corpus import segments_of
    >>> text = "Rebels reject deal\\n\\nThe militants said no.\\n\\nLater the terrorists left."
    >>> doc = Doc(text, segments=segments_of(text, title="Rebels reject deal"))
    >>> feats, _ = Salience(sides=False).fit().extract(doc)
    >>> feats["salience:referent:armed_groups:in_headline"], feats["salience:referent:armed_groups:in_lead"]
    (1.0, 1.0)
    >>> feats["salience:referent:armed_groups:headline_body_contrast"]  # +1 - mean(-1, -2)
    2.5
    """

    feature = "salience"

    def __init__(self, *, lexicons=None, speakers=None, event=None, sides=True):
        self.lexicons = lexicons
        self.speakers = speakers
        self.event = event
        self.sides = sides

    def _fit_resources(self):
        if self.event is not None and not isinstance(self.event, str):
            raise ValidationError(f"The 'event' parameter of Salience must be a str or None. "
                                  f"Got {self.event!r} instead.", field="event")
        if not isinstance(self.sides, bool):
            raise ValidationError(f"The 'sides' parameter of Salience must be a bool. "
                                  f"Got {self.sides!r} instead.", field="sides")
        self.lexicon_ = load_lexicon(self.lexicons)
        self.referents_ = self.lexicon_.referents
        self._maps = {}
        sides: list = []
        if self.sides:
            events = set(shipped_events())
            if self.event is not None:
                events.add(self.event)
            from ..speakers import _user_paths
            for p in _user_paths(self.speakers):
                if p.is_dir():
                    events.update(f.stem for f in p.glob("*.yaml") if f.stem != "default")
            for ev in [None, *sorted(events)]:
                sg = load_speaker_groups(event=ev, paths=self.speakers)
                self._maps[ev] = sg
                sides += [s for s in sg.sides if s not in sides]
        self.sides_ = tuple(sides)
        names = []
        for r in self.referents_:
            names += [f"salience:referent:{r}:{p}" for p in _PARTS + _CONTRAST]
        for s in self.sides_:
            names += [f"salience:side:{s}:{p}" for p in _PARTS]
        self.feature_names_ = names
        self._make_names()
        meta = {"lexicons": self.lexicon_.meta}
        if self.sides:
            meta["speakers"] = self._maps[None].meta
        self.resource_meta_ = meta

    def _speaker_groups(self, event):
        ev = self.event if self.event is not None else event
        if ev not in self._maps:
            self._maps[ev] = load_speaker_groups(event=ev, paths=self.speakers)
        return self._maps[ev]

    def _make_names(self):
        """(kind, name) -> its feature names, in _PARTS (+ _CONTRAST) order, formatted once."""
        self._names = {("referent", r): tuple(f"salience:referent:{r}:{p}" for p in _PARTS + _CONTRAST)
                       for r in self.referents_}
        self._names.update({("side", s): tuple(f"salience:side:{s}:{p}" for p in _PARTS) for s in self.sides_})
        return self._names

    def _extract(self, doc: Doc):
        text = doc.text
        n_chars = max(len(text), 1)
        sents = doc.sentences
        n_sents = len(sents)
        sent_starts = [s for s, _ in sents]
        head = doc.headline_span
        lead = doc.lead_span()
        # a missing headline or lead holds no mention: inf <= start is never true
        h0, h1 = head if head is not None else (_INF, -_INF)
        l0, l1 = lead if lead is not None else (_INF, -_INF)
        names = getattr(self, "_names", None) or self._make_names()   # None: pickled by an older version
        feats: dict[str, float] = {}
        ev: list[dict] = []

        groups: dict[tuple, list] = {}
        for m in shared_find(doc, self.lexicon_):
            groups.setdefault(("referent", m.referent), []).append((m.start, m.end, m.label, m.stance))
        if self.sides:
            known = set(self.sides_)
            for m in shared_find(doc, self._speaker_groups(doc.event)):
                if m.side in known:
                    groups.setdefault(("side", m.side), []).append((m.start, m.end, m.name, None))
        for key, ms in groups.items():
            kind, name = key
            is_referent = kind == "referent"
            fnames = names.get(key) or tuple(f"salience:{kind}:{name}:{p}" for p in _PARTS + _CONTRAST)
            ms.sort()
            first = ms[0]
            referent, side = (name, None) if is_referent else (None, name)
            # the sentence of each mention: Doc.sentence_index, inlined
            sent_ids = {bisect_right(sent_starts, m[0]) - 1 for m in ms}
            first_sentence = max(0, bisect_right(sent_starts, first[0]) - 1)
            if -1 in sent_ids:   # before the first sentence: counted as the first
                sent_ids.discard(-1)
                sent_ids.add(0)
            first_position = first[0] / n_chars
            ev.append({"referent": referent, "side": side, "label": first[2], "stance": first[3],
                       "start": first[0], "end": first[1], "kind": "first_mention", "value": first_position})
            in_headline = in_lead = False
            hs = []   # stances of the headline mentions
            bs = []   # and of the body mentions (referents only)
            for m in ms:
                s, e, label, stance = m
                h = h0 <= s and e <= h1
                if h:
                    in_headline = True
                    ev.append({"referent": referent, "side": side, "label": label, "stance": stance,
                               "start": s, "end": e, "kind": "headline", "value": stance if is_referent else 1.0})
                    hs.append(stance)
                if l0 <= s and e <= l1:
                    in_lead = True
                    ev.append({"referent": referent, "side": side, "label": label, "stance": stance,
                               "start": s, "end": e, "kind": "lead", "value": stance if is_referent else 1.0})
                if is_referent and not h and doc.segment_of(s) == "body":
                    bs.append(stance)
            feats[fnames[0]] = float(len(ms))                            # mentions
            feats[fnames[1]] = first_position
            feats[fnames[2]] = float(first_sentence)
            feats[fnames[3]] = float(in_headline)
            feats[fnames[4]] = float(in_lead)
            feats[fnames[5]] = len(sent_ids) / n_sents if n_sents else 0.0  # sentence_share
            if is_referent:
                h = sum(hs) / len(hs) if hs else 0.0
                b = sum(bs) / len(bs) if bs else 0.0
                feats[fnames[6]] = h                                     # headline_stance
                feats[fnames[7]] = b                                     # body_stance
                feats[fnames[8]] = h - b if hs and bs else 0.0           # headline_body_contrast
        # never-mentioned referents and sides: as late as possible
        for key, fnames in names.items():
            if key not in groups:
                feats[fnames[1]] = 1.0
                feats[fnames[2]] = float(n_sents)
        return feats, ev
