"""Naming choices per referent: which label each article uses for each referent, and its stance.

Method: the referent lexicons of :mod:`framing.lexicon` (one YAML file per referent, extendable
from the user's folder) are compiled into one Aho-Corasick automaton; every article's label
mentions are found with context rules ("ceasefire regime" and "near Damascus" are not the Syrian
state), longest match first, non-overlapping. Per article and referent the extractor counts
the mentions of each label, their shares, and a stance index: the mean stance (-2..+2) of the
mentions. This is the dictionary approach to naming choices of framing research (Entman 1993,
"Framing: toward clarification of a fractured paradigm", J. Communication 43(4): the words
chosen for actors are a framing device; Dajani, Gillespie and Crilley 2021 for the Syrian war's
vocabulary).

No-mention case: an article that never names a referent gets count 0 for every label, share 0
for every label, ``mentions`` 0 and ``stance_index`` 0.0 (the neutral midpoint of the scale, so
the column stays numeric for scikit-learn models). Tell "neutral" from "absent" with
``label:<referent>:mentions``; the comparison tables (:mod:`framing.compare`) pool mentions
and ignore articles without any.

Known limits: lexical matching (no coreference: "they", "the group" are not counted); a label
applied to another country's actors is excluded only where a lexicon rule names the preceding
word; the stance values are the lexicon authors' coding, documented in each file's header.
"""

from __future__ import annotations

from ..errors import ValidationError
from ..lexicon import load_lexicon
from ..text import Doc
from .base import Extractor, shared_find

__all__ = ["LabelChoices"]


class LabelChoices(Extractor):
    """Label counts, shares and stance index per referent (feature ``label``).

    Features per article (``get_feature_names_out``), for each referent ``r`` and label ``l``:

    - ``label:r:l``: mentions of ``l``;
    - ``label:r:l:share``: mentions of ``l`` / mentions of ``r`` (0 when ``r`` is not named);
    - ``label:r:mentions``: mentions of ``r``;
    - ``label:r:stance_index``: mean stance of the mentions of ``r`` (0.0 when none; see the
      module docstring).

    Evidence: one row per mention with ``referent``, ``label``, ``stance``, ``start``/``end``
    (offsets into the text as loaded), ``text`` (the matched words) and ``value`` (the stance).
    :meth:`mentions` gives the :class:`~framing.lexicon.Match` records, with the lexicon term.

    Parameters
    ----------
    lexicons : path or list of paths, optional
        User folders or files extending the shipped referent lexicons (default:
        ``FRAMING_LEXICONS``).
    referents : list of str, optional
        Only these referents (default: every referent loaded).

    Examples
    --------
    >>> ex = LabelChoices(referents=["armed_groups"]).fit()
    >>> feats, ev = ex.extract("Rebels and terrorists clashed; the rebels retreated.")
    >>> feats["label:armed_groups:rebel"], feats["label:armed_groups:stance_index"]
    (2.0, 0.0)
    >>> [(r["label"], r["text"], r["value"]) for r in ev]
    [('rebel', 'Rebels', 1.0), ('terrorist', 'terrorists', -2.0), ('rebel', 'rebels', 1.0)]
    """

    feature = "label"

    def __init__(self, *, lexicons=None, referents=None):
        self.lexicons = lexicons
        self.referents = referents

    def _fit_resources(self):
        lex = load_lexicon(self.lexicons)
        refs = lex.referents
        if self.referents is not None:
            if isinstance(self.referents, str) or not all(isinstance(r, str) for r in self.referents):
                raise ValidationError("The 'referents' parameter of LabelChoices must be a list of str "
                                      f"or None. Got {self.referents!r} instead.", field="referents")
            unknown = [r for r in self.referents if r not in refs]
            if unknown:
                raise ValidationError(f"The 'referents' parameter of LabelChoices must name loaded "
                                      f"referents ({', '.join(refs)}). Got {', '.join(map(repr, unknown))} "
                                      "instead.", field="referents")
            refs = tuple(r for r in refs if r in self.referents)
        self.lexicon_ = lex
        self.referents_ = refs
        self._keep_ = frozenset(refs)
        names = []
        for r in refs:
            labs = [lab.id for lab in lex.labels(r)]
            names += [f"label:{r}:{lid}" for lid in labs]
            names += [f"label:{r}:{lid}:share" for lid in labs]
            names += [f"label:{r}:mentions", f"label:{r}:stance_index"]
        self.feature_names_ = names
        self.resource_meta_ = {"lexicons": [m for m in lex.meta if m["referent"] in refs]}
        # feature names per referent and label, built once (not per mention)
        self._keys_ = {(r, lab.id): (f"label:{r}:{lab.id}", f"label:{r}:{lab.id}:share")
                       for r in refs for lab in lex.labels(r)}
        self._ref_keys_ = {r: (f"label:{r}:mentions", f"label:{r}:stance_index") for r in refs}

    def mentions(self, doc):
        """The lexicon matches of one document, restricted to the fitted referents."""
        self._check_fitted()
        return list(self._found(doc))

    def _found(self, doc):
        """:meth:`mentions` without the fitted check, and without copying the list when every
        referent is kept (the shared list of a ``Doc``: read only)."""
        if isinstance(doc, str):    # transform's plain strings: the common case
            found = self.lexicon_.find(doc)
        elif isinstance(doc, Doc):
            found = shared_find(doc, self.lexicon_)
        else:
            found = self.lexicon_.find(doc.text)
        keep = self._keep_
        if len(keep) == len(self.lexicon_.referents):
            return found
        return [m for m in found if m.referent in keep]

    _needs_doc = False

    def _features(self, doc) -> dict:
        if isinstance(doc, str):
            # transform's plain strings: the scores need no offsets, so the lexicon's cheaper
            # path gives each mention's (referent, label, stance, term) alone
            ms = self.lexicon_._labels_found(doc)
            keep = self._keep_
            if ms and len(keep) != len(self.lexicon_.referents):
                ms = [m for m in ms if m[0] in keep]
        else:   # a Doc: its Match list is shared with other extractors (shared_find)
            ms = [m[2:] for m in self._found(doc)]
        feats: dict[str, float] = {}
        if not ms:
            return feats
        stance_sum: dict[str, float] = {}
        count: dict[str, int] = {}
        per_label: dict[tuple, int] = {}
        for r, lab, stance, _t in ms:     # unpacked (cheaper)
            stance_sum[r] = stance_sum.get(r, 0.0) + stance
            count[r] = count.get(r, 0) + 1
            key = (r, lab)
            per_label[key] = per_label.get(key, 0) + 1
        keys = self._keys_
        for key, c in per_label.items():    # (only the labels used, not every label)
            k, share = keys[key]
            feats[k] = float(c)
            feats[share] = feats[k] / count[key[0]]
        for r, n in count.items():
            mk, sk = self._ref_keys_[r]
            feats[mk] = float(n)
            feats[sk] = stance_sum[r] / n
        return feats

    def _extract(self, doc: Doc):
        text = doc.text
        ev = [{"feature": self.feature, "referent": m.referent, "label": m.label,
               "stance": m.stance, "start": m.start, "end": m.end,
               "text": text[m.start:m.end], "value": m.stance} for m in self.mentions(doc)]
        return self._features(doc), ev
