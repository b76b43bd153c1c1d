"""Train your own frame classifier on labelled articles.

Method
------
:class:`FrameClassifier` is a scikit-learn classifier over documents: a
:class:`~sklearn.pipeline.FeatureUnion` of the toolkit's framing features (generic frames,
policy frame cues, loaded language, tone; scaled to [-1, 1] by
:class:`~sklearn.preprocessing.MaxAbsScaler`) and/or TF-IDF word 1-2-grams, followed by a
logistic regression (balanced class weights by default). It is what OpenFraming offers as a web
service, run locally: users with articles coded for a frame (any labels) train and
cross-validate their own model. :func:`train` fits the model on all articles and reports
stratified k-fold cross-validated accuracy, macro precision, recall and F1 (one row per fold
and a ``mean`` row), with a fixed ``random_state``.

Known limits
------------
Cross-validated scores are only as good as the coding: with fewer than about 20 articles per
label they vary a lot between folds (see the ``std`` of the folds). Articles from the same
outlet or event in both training and test folds make scores optimistic; use ``groups`` to keep
them apart.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from .errors import NotFittedError, ValidationError

__all__ = ["FrameClassifier", "train", "FEATURE_SETS"]

#: accepted values of ``features``
FEATURE_SETS = ("framing", "tfidf", "both")


def _texts(X):
    """Documents (str, Article, Doc, mapping) to their texts (module-level so models pickle)."""
    from .features.base import as_docs

    return [d.text for d in as_docs(X)]


def _default_extractors():
    from .features.frames import GenericFrames, PolicyFrames
    from .features.loaded import LoadedLanguage
    from .features.tone import Tone

    return [("frame", GenericFrames()), ("policy_frame", PolicyFrames()), ("loaded", LoadedLanguage()),
            ("tone", Tone(targets=False))]


class FrameClassifier(ClassifierMixin, BaseEstimator):
    """A document classifier over framing features and/or TF-IDF, trained on your labels.

    Parameters
    ----------
    features : {"both", "framing", "tfidf"}, default "both"
        Which features feed the model.
    extractors : list of (name, Extractor), optional
        Framing extractors to use; default generic frames, policy frames, loaded language and
        tone (headline, lead, body).
    C : float, default 1.0
        Inverse regularisation strength of the logistic regression.
    class_weight : "balanced" or None, default "balanced"
        Passed to :class:`~sklearn.linear_model.LogisticRegression`.
    min_df : int, default 2
        Minimum document frequency of a TF-IDF term.

    Examples
    --------
    >>> docs = ["Rebels and the army clashed; both sides traded accusations."] * 4 + \\
    ...        ["The deal will cost billions and hurt the economy."] * 4
    >>> y = ["conflict"] * 4 + ["economic"] * 4
    >>> clf = FrameClassifier(features="framing").fit(docs, y)
    >>> list(clf.predict(["Troops clashed as the two sides disagreed."]))
    ['conflict']
    """

    def __init__(self, *, features="both", extractors=None, C=1.0, class_weight="balanced", min_df=2):
        self.features = features
        self.extractors = extractors
        self.C = C
        self.class_weight = class_weight
        self.min_df = min_df

    def _pipeline(self):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import FeatureUnion, Pipeline
        from sklearn.preprocessing import FunctionTransformer, MaxAbsScaler

        if self.features not in FEATURE_SETS:
            raise ValidationError(f"The 'features' parameter of FrameClassifier must be one of "
                                  f"{', '.join(FEATURE_SETS)}. Got {self.features!r} instead.", field="features")
        if not isinstance(self.C, (int, float)) or isinstance(self.C, bool) or self.C <= 0:
            raise ValidationError(f"The 'C' parameter of FrameClassifier must be a number > 0. "
                                  f"Got {self.C!r} instead.", field="C")
        if not isinstance(self.min_df, int) or isinstance(self.min_df, bool) or self.min_df < 1:
            raise ValidationError(f"The 'min_df' parameter of FrameClassifier must be an int >= 1. "
                                  f"Got {self.min_df!r} instead.", field="min_df")
        parts = []
        if self.features in ("framing", "both"):
            ex = self.extractors if self.extractors is not None else _default_extractors()
            parts.append(("framing", Pipeline([("extract", FeatureUnion(list(ex))), ("scale", MaxAbsScaler())])))
        if self.features in ("tfidf", "both"):
            parts.append(("tfidf", Pipeline([
                ("text", FunctionTransformer(_texts)),
                ("tfidf", TfidfVectorizer(ngram_range=(1, 2), min_df=self.min_df, sublinear_tf=True))])))
        return Pipeline([("features", FeatureUnion(parts)),
                         ("model", LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=5000))])

    def fit(self, X, y):
        """Fit on documents ``X`` (texts, Articles, Docs) and their labels ``y``."""
        docs = _texts(X)
        y = np.asarray(list(y), dtype=object)
        if len(docs) != len(y):
            raise ValidationError(f"got {len(docs)} documents and {len(y)} labels", field="y")
        if len(set(y)) < 2:
            raise ValidationError("need at least two different labels to train a classifier", field="y")
        pipe = self._pipeline()
        pipe.fit(docs, y)
        self.pipeline_ = pipe
        self.classes_ = pipe.classes_
        return self

    def _check(self):
        if not hasattr(self, "pipeline_"):
            raise NotFittedError("This FrameClassifier instance is not fitted yet. Call 'fit' first.")

    def predict(self, X):
        """Predicted label of each document."""
        self._check()
        return self.pipeline_.predict(_texts(X))

    def predict_proba(self, X):
        """Class probabilities (columns in ``classes_`` order)."""
        self._check()
        return self.pipeline_.predict_proba(_texts(X))

    def feature_names(self):
        """Names of the model's input features (framing feature names, then ``tfidf:<term>``)."""
        self._check()
        union = self.pipeline_.named_steps["features"]
        names = []
        for name, step in union.transformer_list:
            if name == "framing":
                names += [str(n) for _, e in step.named_steps["extract"].transformer_list
                          for n in e.get_feature_names_out()]
            else:
                names += [f"tfidf:{t}" for t in step.named_steps["tfidf"].get_feature_names_out()]
        return names


def train(texts, labels, *, features="both", cv=5, random_state=0, C=1.0, groups=None, extractors=None):
    """Fit a :class:`FrameClassifier` on labelled documents and cross-validate it.

    Parameters
    ----------
    texts : list of str, Article or Doc
        The documents.
    labels : list
        One label per document.
    features : {"both", "framing", "tfidf"}, default "both"
    cv : int, default 5
        Number of stratified folds (each label needs at least ``cv`` documents).
    random_state : int, default 0
        Seed of the fold shuffle.
    C : float, default 1.0
    groups : list, optional
        Group of each document (e.g. outlet); when given, folds keep groups apart
        (:class:`~sklearn.model_selection.StratifiedGroupKFold`).
    extractors : list of (name, Extractor), optional

    Returns
    -------
    model : FrameClassifier
        Fitted on all documents.
    scores : pandas.DataFrame
        Columns ``fold, n_train, n_test, accuracy, precision_macro, recall_macro, f1_macro``;
        one row per fold, then ``mean`` and ``std`` rows.
    """
    import pandas as pd
    from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold, cross_validate

    texts = list(texts)
    labels = list(labels)
    if len(texts) != len(labels):
        raise ValidationError(f"got {len(texts)} documents and {len(labels)} labels", field="labels")
    if not isinstance(cv, int) or isinstance(cv, bool) or cv < 2:
        raise ValidationError(f"The 'cv' parameter of train must be an int >= 2. Got {cv!r} instead.", field="cv")
    counts = pd.Series(labels, dtype=object).value_counts()
    if len(counts) < 2:
        raise ValidationError("need at least two different labels to train a classifier", field="labels")
    small = counts[counts < cv]
    if len(small):
        raise ValidationError(f"label {small.index[0]!r} has {int(small.iloc[0])} documents; each label needs "
                              f"at least cv={cv} for cross-validation", field="labels")
    model = FrameClassifier(features=features, C=C, extractors=extractors)
    model._pipeline()  # validate options before the folds
    docs = _texts(texts)
    if groups is not None:
        splitter = StratifiedGroupKFold(n_splits=cv, shuffle=True, random_state=random_state)
    else:
        splitter = StratifiedKFold(n_splits=cv, shuffle=True, random_state=random_state)
    from sklearn.metrics import accuracy_score, f1_score, make_scorer, precision_score, recall_score

    metrics = ["accuracy", "precision_macro", "recall_macro", "f1_macro"]
    scoring = {"accuracy": make_scorer(accuracy_score),
               "precision_macro": make_scorer(precision_score, average="macro", zero_division=0),
               "recall_macro": make_scorer(recall_score, average="macro", zero_division=0),
               "f1_macro": make_scorer(f1_score, average="macro", zero_division=0)}
    res = cross_validate(model, docs, np.asarray(labels, dtype=object), cv=splitter, groups=groups,
                         scoring=scoring, return_indices=True, error_score="raise")
    rows = []
    for k in range(cv):
        rows.append({"fold": str(k + 1), "n_train": len(res["indices"]["train"][k]),
                     "n_test": len(res["indices"]["test"][k]),
                     **{m: float(res[f"test_{m}"][k]) for m in metrics}})
    scores = pd.DataFrame(rows)
    agg = []
    for stat in ("mean", "std"):
        r = {"fold": stat, "n_train": np.nan, "n_test": np.nan}
        for m in metrics:
            r[m] = float(getattr(scores[m], stat)(ddof=0) if stat == "std" else scores[m].mean())
        agg.append(r)
    scores = pd.concat([scores, pd.DataFrame(agg)], ignore_index=True)
    model.fit(docs, labels)
    return model, scores
