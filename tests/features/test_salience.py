"""Tests of Salience: first mention, headline and lead, sentence share, headline/body contrast."""

from __future__ import annotations

import pandas as pd
import pytest
from sklearn.base import clone

from framing.corpus import segments_of
from framing.errors import NotFittedError, ValidationError
from framing.features.salience import Salience
from framing.text import Doc


def doc_with_title(text: str) -> Doc:
    return Doc(text, segments=segments_of(text, title=text.split("\n", 1)[0]))


@pytest.fixture(scope="module")
def ex():
    return Salience(lexicons=[], speakers=[]).fit()


@pytest.fixture(scope="module")
def ref_only():
    return Salience(lexicons=[], sides=False).fit()


TEXT = ("Terrorists shell Aleppo\n\n"
        "The Syrian army said rebels fired rockets. Nobody was hurt.\n\n"
        "Residents fled. Later the regime blamed the rebels again.")


def test_hand_written_article(ex):
    doc = doc_with_title(TEXT)
    f, ev = ex.extract(doc)
    assert len(doc.sentences) == 5
    a = "salience:referent:armed_groups:"
    assert f[a + "mentions"] == 3
    assert f[a + "first_position"] == 0.0 and f[a + "first_sentence"] == 0
    assert f[a + "in_headline"] == 1 and f[a + "in_lead"] == 1
    assert f[a + "sentence_share"] == pytest.approx(3 / 5)
    assert f[a + "headline_stance"] == -2 and f[a + "body_stance"] == 1
    assert f[a + "headline_body_contrast"] == -3
    s = "salience:referent:syrian_state:"
    assert f[s + "first_position"] == pytest.approx(TEXT.index("Syrian army") / len(TEXT))
    assert f[s + "first_sentence"] == 1 and f[s + "in_headline"] == 0 and f[s + "in_lead"] == 1
    assert f[s + "headline_body_contrast"] == 0  # no headline mention: no contrast
    z = "salience:referent:zones:"
    assert f[z + "first_position"] == 1.0 and f[z + "first_sentence"] == 5
    assert f.get(z + "mentions", 0) == 0 and f.get(z + "in_headline", 0) == 0
    # sides from the speaker map
    assert f["salience:side:syrian_government:in_lead"] == 1
    first = [r for r in ev if r["kind"] == "first_mention" and r["referent"] == "armed_groups"]
    assert [(r["start"], r["end"], r["value"]) for r in first] == [(0, 10, 0.0)]
    heads = [r for r in ev if r["kind"] == "headline"]
    assert [TEXT[r["start"]:r["end"]] for r in heads] == ["Terrorists"]


@pytest.mark.parametrize("text,name,expected", [
    # (text, referent, {feature part: value})
    ("No headline here about rebels.", "armed_groups", {"in_headline": 0, "in_lead": 1, "mentions": 1}),
    ("Weather\n\nSunny today.\n\nRebels later.", "armed_groups",
     {"in_headline": 0, "in_lead": 0, "first_sentence": 2, "sentence_share": 1 / 3}),
    ("Safe zones agreed\n\nThe so-called safe zones start today.", "zones",
     {"headline_stance": 1, "body_stance": -1, "headline_body_contrast": 2}),
    ("Nothing\n\nat all.", "conflict", {"first_position": 1.0, "first_sentence": 2, "mentions": 0}),
])
def test_cases(ref_only, text, name, expected):
    doc = doc_with_title(text) if "\n" in text else Doc(text)
    f, _ = ref_only.extract(doc)
    for part, v in expected.items():
        assert f.get(f"salience:referent:{name}:{part}", 0.0) == pytest.approx(v), part


def test_seed(ex, seed_text):
    doc = Doc(seed_text, segments=segments_of(seed_text, title=seed_text.split("\n", 1)[0]))
    f, ev = ex.extract(doc)
    assert f["salience:referent:zones:in_headline"] == 1           # "safe zones" in the headline
    assert f["salience:referent:conflict:in_lead"] == 1            # "the deadly Syria crisis"
    assert f["salience:referent:armed_groups:in_lead"] == 0
    assert f["salience:referent:armed_groups:first_position"] == pytest.approx(396 / len(seed_text))
    assert f["salience:side:syrian_government:in_headline"] == 1   # Ja'afari
    assert f["salience:side:opposition:in_headline"] == 0
    assert f["salience:side:un:first_position"] > f["salience:side:russia:first_position"]
    for r in ex.complete_evidence(doc, ev):
        assert seed_text[r["start"]:r["end"]] == r["text"]


def test_feature_names_and_contract(ex):
    names = list(ex.get_feature_names_out())
    assert "salience:referent:armed_groups:headline_body_contrast" in names
    assert "salience:side:opposition:first_position" in names
    assert len(names) == len(set(names))
    X = ex.transform(["Rebels.", "Nothing."])
    assert X.shape == (2, len(names))
    c = clone(Salience(sides=False))
    with pytest.raises(NotFittedError):
        c.transform(["x"])
    c.set_output(transform="pandas")
    df = c.fit_transform(["Rebels and the regime.", "zones"])
    assert isinstance(df, pd.DataFrame) and not any(n.startswith("salience:side:") for n in df.columns)
    assert clone(ex).get_params()["sides"] is True


@pytest.mark.parametrize("params,field", [({"sides": "yes"}, "'sides'"), ({"event": 3}, "'event'")])
def test_bad_params(params, field):
    with pytest.raises(ValidationError, match=field):
        Salience(**params).fit()


def test_doctests():
    import doctest

    import framing.features.salience
    assert doctest.testmod(framing.features.salience).failed == 0
