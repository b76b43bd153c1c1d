"""The extractor contract shared by every framing feature.

Every extractor is a scikit-learn transformer (``fit`` / ``transform`` /
``get_feature_names_out``, so ``set_output(transform="pandas")``, ``Pipeline`` and
``FeatureUnion`` work) over a list of documents: strings, :class:`~framing.corpus.Article`,
:class:`~framing.text.Doc`, a :class:`~framing.corpus.Corpus`, a pandas Series of strings or a
DataFrame with a ``text`` column. Each also yields *evidence*: one record per match, with
character offsets into the text exactly as loaded, so every number can be traced to its words.

Subclasses implement ``_fit_resources(self)`` (load lexicons; set ``self.feature_names_``) and
either ``_extract(self, doc) -> (dict[str, float], list[dict])`` or, to skip building evidence
records when only scores are asked for, ``_score(self, doc, evidence) -> dict[str, float]``
(appending the records to ``evidence`` unless it is None).
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterable

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from ..errors import NotFittedError, ValidationError
from ..text import Doc, as_doc

__all__ = ["Extractor", "EVIDENCE_COLUMNS", "as_docs", "evidence_frame", "older_objects_frozen",
           "shared_find"]

EVIDENCE_COLUMNS = [
    "article_id", "outlet", "feature", "referent", "label", "stance", "start", "end", "text",
    "speaker", "side", "verb", "kind", "segment", "sentence", "value",
]


def as_docs(X, *, strings: bool = False) -> list:
    """Normalise the accepted input types to a list of :class:`~framing.text.Doc`.

    With ``strings=True``, plain strings (and the texts of a Series or DataFrame) stay strings:
    for extractors that need only the text, which spares building a ``Doc`` per article.
    """
    if isinstance(X, str):
        raise ValidationError(
            "expected a list of documents, got a single string; wrap it in a list: [text]", field="X")
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover
        pd = None
    if pd is not None and isinstance(X, pd.DataFrame):
        if "text" not in X.columns:
            raise ValidationError("DataFrame input needs a 'text' column", field="X")
        if strings:
            return [_text(t) for t in X["text"]]
        ids = X["id"] if "id" in X.columns else X.index
        outlets = X["outlet"] if "outlet" in X.columns else [None] * len(X)
        return [Doc(t, id=str(i), outlet=o) for t, i, o in zip(X["text"], ids, outlets)]
    if pd is not None and isinstance(X, pd.Series):
        if strings:
            return [_text(t) for t in X]
        return [Doc(t, id=str(i)) for i, t in X.items()]
    if X is None or not isinstance(X, Iterable):
        raise ValidationError(f"expected a list of documents, got {type(X).__name__}", field="X")
    if strings:
        return [x if isinstance(x, (str, Doc)) else as_doc(x) for x in X]
    return [as_doc(x) for x in X]


def _text(t) -> str:
    if not isinstance(t, str):
        raise TypeError(f"expected article text as str, got {type(t).__name__}")
    return t


@contextmanager
def older_objects_frozen():
    """Leave every object that exists before a batch out of the cyclic garbage collector's
    passes while the batch runs (:func:`gc.freeze`, undone by :func:`gc.unfreeze` after).

    Scoring allocates many short-lived containers, so the collector runs often, and each of its
    full passes would otherwise walk every module, lexicon and cache object too: about 10% of a
    profile's time (1,000 bench articles). Nothing is lost: unfrozen objects go back to the
    oldest generation, where cycles among them are collected as before. A program that froze
    objects itself (``gc.get_freeze_count()`` > 0) is left as it is."""
    if gc.get_freeze_count() or not gc.isenabled():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def shared_find(doc: Doc, matcher) -> list:
    """``matcher.find(doc.text)``, computed once per document and shared by all extractors.

    Extractors that use the same matcher object (a :class:`~framing.lexicon.Lexicon` or
    :class:`~framing.speakers.SpeakerGroups`; both are cached by their loaders) on the same
    :class:`~framing.text.Doc` get the same list back, so a profile scans each text once per
    matcher. Treat the list as read-only. The cache lives on the ``Doc`` (``Doc._cache``, keyed
    by the matcher's ``id`` and checked by identity) and goes away with it.
    """
    cache = getattr(doc, "_cache", None)
    if cache is None:
        return matcher.find(doc.text)
    key = ("find", id(matcher))
    hit = cache.get(key)
    if hit is not None and hit[0] is matcher:
        return hit[1]
    out = matcher.find(doc.text)
    cache[key] = (matcher, out)
    return out


def evidence_frame(rows: list[dict]):
    """Evidence records as a DataFrame with the contract's columns, in a stable order."""
    import pandas as pd

    df = pd.DataFrame(rows, columns=EVIDENCE_COLUMNS) if rows else pd.DataFrame(columns=EVIDENCE_COLUMNS)
    if len(df):
        df = df.sort_values(["article_id", "feature", "start", "end"], kind="stable", na_position="first")
        df = df.reset_index(drop=True)
    return df


class Extractor(TransformerMixin, BaseEstimator):
    """Base class: a transformer from documents to numeric features, with evidence."""

    #: the ``feature`` value of this extractor's evidence rows and the prefix of its feature names
    feature: str = "feature"

    def fit(self, X=None, y=None):
        """Load resources (lexicons) and fix the feature names. ``X`` is not needed."""
        self._fit_resources()
        return self

    def _fit_resources(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def _extract(self, doc: Doc):
        """Features and evidence records of one document."""
        evidence = []
        return self._score(doc, evidence), evidence

    def _score(self, doc: Doc, evidence) -> dict:  # pragma: no cover - abstract
        """The features of one document; its evidence records are appended to ``evidence``
        unless that is None (scores only)."""
        raise NotImplementedError

    #: whether ``transform`` needs a :class:`~framing.text.Doc` (segments, sentences); an
    #: extractor that needs only the text sets it False and implements ``_features``
    _needs_doc: bool = True

    def _features(self, doc) -> dict:
        """The features of one document (a ``Doc``, or a str when ``_needs_doc`` is False)."""
        if type(self)._score is not Extractor._score:
            return self._score(doc, None)   # no evidence records built
        return self._extract(doc)[0]

    def _check_fitted(self):
        if not hasattr(self, "feature_names_"):
            raise NotFittedError(
                f"This {type(self).__name__} instance is not fitted yet. Call 'fit' first.")

    def get_feature_names_out(self, input_features=None):
        self._check_fitted()
        return np.asarray(self.feature_names_, dtype=object)

    def transform(self, X):
        """Feature matrix, one row per document, columns ``get_feature_names_out()``."""
        self._check_fitted()
        docs = as_docs(X, strings=not self._needs_doc)
        names = self.feature_names_
        out = np.zeros((len(docs), len(names)), dtype=float)
        index = {n: j for j, n in enumerate(names)}
        with older_objects_frozen():
            for i, doc in enumerate(docs):
                for k, v in self._features(doc).items():
                    out[i, index[k]] = v
        return out

    def extract(self, doc):
        """Features and evidence records for one document."""
        self._check_fitted()
        return self._extract(as_doc(doc))

    def evidence(self, X):
        """Evidence records for every document, as a DataFrame (see :data:`EVIDENCE_COLUMNS`)."""
        self._check_fitted()
        rows = []
        for doc in as_docs(X):
            _, ev = self._extract(doc)
            rows.extend(self.complete_evidence(doc, ev))
        return evidence_frame(rows)

    def complete_evidence(self, doc: Doc, rows: list[dict]) -> list[dict]:
        """Fill the contract's default fields (article, outlet, feature, text, segment, sentence)."""
        text, segment_of, sentence_index = doc.text, doc.segment_of, doc.sentence_index
        for r in rows:
            r.setdefault("article_id", doc.id)
            r.setdefault("outlet", doc.outlet)
            r.setdefault("feature", self.feature)
            if "text" not in r:
                r["text"] = text[r["start"]:r["end"]]
            if "segment" not in r:
                r["segment"] = segment_of(r["start"])
            if r.get("sentence") is None:
                r["sentence"] = sentence_index(r["start"])
        return rows

    def resource_meta(self) -> dict:
        """Name, version and source of the data files this extractor uses (for methods sections)."""
        return dict(getattr(self, "resource_meta_", {}) or {})

    def _more_tags(self):
        return {"X_types": ["string"], "requires_fit": True, "stateless": True}

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.requires_fit = True
        return tags
