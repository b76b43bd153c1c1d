"""BABE validation: loaded-language words and biased sentences against expert annotations.

Thresholds are the values measured on ../shared/eval/babe/final_labels_SG2.csv (rounded down):
shipped lexicon word F1 0.285 (inside the published 0.20-0.40 lexicon range, below the 0.45
goal); word tagger trained within 5-fold CV, its threshold chosen on each fold's training
sentences, 0.4545 (goal 0.45); sentences, TF-IDF + loaded
language + VADER, 5-fold CV macro-F1 0.729 (goal 0.70; loaded language + VADER alone 0.654).
"""

from __future__ import annotations

import pytest

from framing.errors import CorpusError
from framing.validation.babe import (read_babe, sentence_level, word_level_lexicon, word_level_tagger,
                                     word_prf)

from ..conftest import BABE


@pytest.fixture(scope="module")
def babe():
    if not BABE.is_file():
        pytest.skip(f"BABE not found at {BABE}")
    return read_babe(BABE)


@pytest.mark.parametrize("pred,gold,expected", [
    ([{"a", "b"}], [{"a"}], (0.5, 1.0, 2 / 3)),
    ([set()], [{"a"}], (0.0, 0.0, 0.0)),
    ([{"a"}, set()], [{"a"}, set()], (1.0, 1.0, 1.0)),
    ([{"x"}], [set()], (0.0, 0.0, 0.0)),
])
def test_word_prf(pred, gold, expected):
    r = word_prf(pred, gold)
    assert (r["precision"], r["recall"], r["f1"]) == pytest.approx(expected)


def test_read_babe_errors(tmp_path):
    with pytest.raises(CorpusError, match="BABE file not found"):
        read_babe(tmp_path / "none.csv")
    f = tmp_path / "x.csv"
    f.write_text("\ufefftext;label_bias\nA sentence.;Biased\n", encoding="utf-8")
    with pytest.raises(CorpusError) as exc:
        read_babe(f)
    assert exc.value.field == "biased_words"
    f.write_text("\ufefftext;label_bias;biased_words\nA radical plan.;Biased;['radical']\n"
                 "Calm.;Non-biased;[]\nUnclear.;No agreement;[]\n", encoding="utf-8")
    df = read_babe(f)
    assert list(df["label"]) == ["Biased", "Non-biased"] and df["biased_words"][0] == ["radical"]
    assert word_level_lexicon(df)["tp"] == 1


@pytest.mark.eval
def test_babe_shape(babe):
    assert len(babe) == 3673
    assert set(babe["label"]) == {"Biased", "Non-biased"}


@pytest.mark.eval
def test_lexicon_words(babe):
    r = word_level_lexicon(babe)
    assert 0.20 <= r["f1"] < 0.45
    assert r["f1"] >= 0.28 and r["precision"] >= 0.27 and r["recall"] >= 0.29
    # hedges are loaded language but not what BABE's annotators marked as biased
    hedges = word_level_lexicon(babe, categories={"hedges"})
    evaluative = word_level_lexicon(babe, categories={"evaluative"})
    assert evaluative["precision"] > hedges["precision"]


@pytest.mark.eval
@pytest.mark.slow
def test_tagger_words(babe):
    r = word_level_tagger(babe)
    assert r["f1"] >= 0.45
    assert r["precision"] >= 0.43 and r["recall"] >= 0.46
    # each fold chose its own threshold, on its training sentences
    assert len(r["fold_thresholds"]) == 5 and set(r["fold_thresholds"]) <= set(r["by_threshold"])
    assert max(r["by_threshold"].values()) < 0.47  # the threshold choice is not what carries it


@pytest.mark.eval
@pytest.mark.slow
def test_sentences(babe):
    both = sentence_level(babe)
    assert both["f1_macro"] >= 0.72
    lexical = sentence_level(babe, tfidf=False)
    assert 0.64 <= lexical["f1_macro"] < both["f1_macro"]


@pytest.mark.eval
def test_vader_agreement(babe):
    from framing.validation.babe import vader_agreement

    r = vader_agreement(babe)
    assert r["sentences"] == 3673
    assert r["identical_compound"] == 1.0
