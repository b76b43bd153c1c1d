"""Tests of LabelChoices: the seed coding, hand-written cases, evidence offsets, the transformer contract."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from sklearn.base import clone
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer

from framing.errors import NotFittedError, ValidationError
from framing.features.labels import LabelChoices

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "seed_labels.yaml"


@pytest.fixture(scope="module")
def ex():
    return LabelChoices(lexicons=[]).fit()


@pytest.fixture(scope="module")
def coding():
    return yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))


def test_seed_agrees_exactly_with_human_coding(ex, seed_text, coding):
    feats, ev = ex.extract(seed_text)
    got = [(r["start"], r["end"], r["text"], r["referent"], r["label"]) for r in ev]
    want = [(m["start"], m["end"], m["text"], m["referent"], m["label"]) for m in coding["mentions"]]
    for s, e, t, _, _ in want:  # the fixture itself is consistent with the article
        assert seed_text[s:e] == t
    assert got == want
    for ref, labels in coding["counts"].items():
        total = sum(labels.values())
        assert feats[f"label:{ref}:mentions"] == total
        for lab, n in labels.items():
            assert feats[f"label:{ref}:{lab}"] == n, (ref, lab)
            assert feats[f"label:{ref}:{lab}:share"] == pytest.approx(n / total)
    # no other label of any referent was counted
    names = ex.get_feature_names_out()
    counted = {k for k, v in feats.items() if v and not k.endswith((":share", ":mentions", ":stance_index"))}
    assert counted == {f"label:{r}:{lab}" for r, labs in coding["counts"].items() for lab in labs}
    assert counted <= set(names)


def test_seed_traps(ex, seed_text, coding):
    _, ev = ex.extract(seed_text)
    for trap in coding["not_mentions"]:
        assert seed_text[trap["start"]:trap["end"]] == trap["text"]
        assert not any(r["start"] < trap["end"] and trap["start"] < r["end"] for r in ev), trap


def test_seed_stance_index(ex, seed_text):
    feats, _ = ex.extract(seed_text)
    assert feats["label:armed_groups:stance_index"] == pytest.approx((4 * -1 + 2 * 1) / 6)
    assert feats["label:syrian_state:stance_index"] == 0.0
    assert feats["label:zones:stance_index"] == pytest.approx(5 / 6)


@pytest.mark.parametrize("text,referent,counts,index", [
    ("Terrorists and rebels", "armed_groups", {"terrorist": 1, "rebel": 1}, -0.5),
    ("the regime and the regime forces", "syrian_state", {"regime": 2}, -2.0),
    ("the Syrian revolution", "conflict", {"revolution": 1}, 2.0),
    ("the ceasefire regime near Damascus", "syrian_state", {}, 0.0),
    ("Nothing to see here.", "armed_groups", {}, 0.0),
])
def test_counts_and_stance_index(ex, text, referent, counts, index):
    feats, ev = ex.extract(text)
    assert feats.get(f"label:{referent}:mentions", 0.0) == sum(counts.values())
    assert feats.get(f"label:{referent}:stance_index", 0.0) == pytest.approx(index)
    for lab, n in counts.items():
        assert feats[f"label:{referent}:{lab}"] == n
    for r in ev:
        assert text[r["start"]:r["end"]] == r["text"] and r["value"] == r["stance"]


def test_transform_matrix_and_no_mention_row(ex):
    X = ex.transform(["Terrorists attacked.", "The weather was fine."])
    names = list(ex.get_feature_names_out())
    assert X.shape == (2, len(names))
    assert X[0, names.index("label:armed_groups:terrorist")] == 1
    assert X[0, names.index("label:armed_groups:terrorist:share")] == 1
    assert X[0, names.index("label:armed_groups:stance_index")] == -2
    assert not X[1].any()  # no mention: zero counts, zero shares, stance index 0


def test_evidence_frame(ex, seed_text):
    df = ex.evidence([seed_text])
    assert len(df) == 25
    assert set(df["feature"]) == {"label"}
    assert (df["text"] == [seed_text[s:e] for s, e in zip(df["start"], df["end"])]).all()
    assert df["sentence"].notna().all()


def test_referents_subset_and_bad_params():
    ex = LabelChoices(referents=["zones"]).fit()
    assert all(n.startswith("label:zones:") for n in ex.get_feature_names_out())
    assert ex.extract("rebels in safe zones")[0] == {"label:zones:mentions": 1.0, "label:zones:stance_index": 1.0,
                                                     "label:zones:safe_zone": 1.0, "label:zones:safe_zone:share": 1.0}
    with pytest.raises(ValidationError, match="'referents' parameter of LabelChoices"):
        LabelChoices(referents=["nope"]).fit()
    with pytest.raises(ValidationError, match="list of str"):
        LabelChoices(referents="zones").fit()
    with pytest.raises(ValidationError, match="single string"):
        LabelChoices().fit().transform("a text")


def test_sklearn_contract():
    ex = LabelChoices(referents=["armed_groups"])
    with pytest.raises(NotFittedError):
        ex.transform(["x"])
    c = clone(ex)
    assert c.get_params() == {"lexicons": None, "referents": ["armed_groups"]}
    c.set_params(referents=["zones"])
    assert c.fit().get_feature_names_out()[0].startswith("label:zones:")
    docs = ["rebels and militants", "terrorists"]
    ex.set_output(transform="pandas")
    df = ex.fit_transform(docs)
    assert isinstance(df, pd.DataFrame) and list(df.columns) == list(ex.get_feature_names_out())
    union = FeatureUnion([("a", LabelChoices(referents=["armed_groups"])),
                          ("b", LabelChoices(referents=["zones"]))])
    pipe = Pipeline([("f", union), ("id", FunctionTransformer())])
    out = pipe.fit_transform(docs)
    assert out.shape[0] == 2 and np.isfinite(out).all()


def test_resource_meta(ex):
    meta = ex.resource_meta()["lexicons"]
    assert {m["referent"] for m in meta} == set(ex.referents_)


def test_doctests():
    import doctest

    import framing.features.labels
    assert doctest.testmod(framing.features.labels).failed == 0
