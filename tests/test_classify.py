"""FrameClassifier and train(): a scikit-learn model users fit on their own labelled articles."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from sklearn.base import clone

from framing.classify import FrameClassifier, train
from framing.errors import NotFittedError, ValidationError

CONFLICT = ["Rebels and the army clashed as both sides traded accusations.",
            "The rivals disagreed sharply and condemned each other.",
            "Fighting erupted after talks collapsed; each side blamed the other.",
            "Opposition leaders rejected the plan and accused Damascus of violations.",
            "The two camps clashed over the ceasefire, trading threats.",
            "Turkey denounced Russia as the dispute deepened."]
ECONOMIC = ["Reconstruction will cost billions of dollars, economists said.",
            "Sanctions hurt the economy and pushed up prices.",
            "Oil exports fell and the budget deficit grew.",
            "Investors fear losses as the currency slides.",
            "The aid package is worth 500 million dollars.",
            "Trade with neighbours brought revenue and jobs."]
DOCS = CONFLICT + ECONOMIC
LABELS = ["conflict"] * 6 + ["economic"] * 6


@pytest.mark.parametrize("features", ["framing", "tfidf", "both"])
def test_fit_predict(features):
    clf = FrameClassifier(features=features, min_df=1).fit(DOCS, LABELS)
    assert list(clf.classes_) == ["conflict", "economic"]
    assert list(clf.predict(DOCS)) == LABELS
    proba = clf.predict_proba(["The sides clashed and traded accusations."])
    assert proba.shape == (1, 2) and proba[0, 0] > 0.5
    names = clf.feature_names()
    if features != "tfidf":
        assert "frame:conflict:score" in names
    if features != "framing":
        assert any(n.startswith("tfidf:") for n in names)


def test_train_scores_table():
    model, scores = train(DOCS, LABELS, features="framing", cv=3, random_state=0)
    assert list(scores.columns) == ["fold", "n_train", "n_test", "accuracy", "precision_macro",
                                    "recall_macro", "f1_macro"]
    assert list(scores["fold"]) == ["1", "2", "3", "mean", "std"]
    assert scores["n_test"].iloc[:3].sum() == len(DOCS)
    assert scores.set_index("fold").loc["mean", "f1_macro"] == pytest.approx(scores["f1_macro"].iloc[:3].mean())
    assert scores.set_index("fold").loc["mean", "accuracy"] >= 0.8
    assert list(model.predict(["The army and the rebels clashed."])) == ["conflict"]
    # deterministic
    _, again = train(DOCS, LABELS, features="framing", cv=3, random_state=0)
    assert np.allclose(scores["f1_macro"], again["f1_macro"])


def test_train_random_labels_scores_low():
    rng = np.random.default_rng(0)
    y = list(rng.permutation(LABELS))
    _, scores = train(DOCS, y, features="framing", cv=3, random_state=0)
    _, real = train(DOCS, LABELS, features="framing", cv=3, random_state=0)
    assert scores["f1_macro"].iloc[3] < real["f1_macro"].iloc[3]


def test_train_groups_keep_outlets_apart():
    groups = ["a", "b", "c"] * 4
    _, scores = train(DOCS, LABELS, features="tfidf", cv=3, groups=groups)
    assert len(scores) == 5


@pytest.mark.parametrize("kwargs,match", [
    ({"labels": LABELS[:-1]}, "12 documents and 11 labels"),
    ({"labels": ["x"] * 12}, "at least two different labels"),
    ({"labels": ["a"] * 11 + ["b"]}, "label 'b' has 1 documents"),
    ({"cv": 1}, "'cv' parameter of train"),
    ({"features": "words"}, "'features' parameter of FrameClassifier"),
])
def test_train_errors(kwargs, match):
    args = {"labels": LABELS, **kwargs}
    labels = args.pop("labels")
    with pytest.raises(ValidationError, match=match):
        train(DOCS, labels, **args)


@pytest.mark.parametrize("params,name", [({"C": 0}, "C"), ({"min_df": 0}, "min_df"), ({"features": None}, "features")])
def test_bad_params(params, name):
    with pytest.raises(ValidationError, match=f"'{name}' parameter of FrameClassifier"):
        FrameClassifier(**params).fit(DOCS, LABELS)


def test_contract():
    clf = FrameClassifier(features="tfidf", min_df=1)
    with pytest.raises(NotFittedError):
        clf.predict(DOCS)
    c2 = clone(clf).set_params(C=2.0)
    assert c2.get_params()["C"] == 2.0
    fitted = c2.fit(DOCS, LABELS)
    again = pickle.loads(pickle.dumps(fitted))
    assert list(again.predict(DOCS)) == list(fitted.predict(DOCS))
    with pytest.raises(ValidationError, match="single string"):
        fitted.predict("one text")
