"""Tone: VADER scores per part, referent and side; agreement with vaderSentiment itself."""

from __future__ import annotations

import csv
import pickle

import pytest
from sklearn.base import clone

from framing.errors import NotFittedError, ValidationError
from framing.features.tone import Tone
from framing.text import Doc, sentence_spans
from framing.vader import Vader

from ..conftest import BABE, FAKES

ARTICLE = ("Talks collapse in Astana\n\n"
           "The talks failed badly and delegates were angry. Russia praised the wonderful progress.\n\n"
           "The opposition rejected the terrible deal.")


@pytest.fixture(scope="module")
def tone():
    return Tone().fit()


@pytest.fixture(scope="module")
def reference():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@pytest.mark.parametrize("sentence", [
    "VADER is smart, handsome, and funny.",
    "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
    "VADER is not smart, handsome, nor funny.",
    "At least it isn't a horrible book.",
    "The book was only kind of good.",
    "The plot was good, but the characters are uncompelling and the dialog is not great.",
    "Today only kinda sux! But I'll get by, lol",
    "Make sure you :) or :D today!",
    "Catch utf-8 emoji such as 💘 and 💋 and 😁",
    "Not bad at all",
    "Sentiment analysis has never been this good!",
    "Without a doubt, an excellent idea.",
    "Roger Dodger is one of the least compelling variations on this theme.",
    "Roger Dodger is at least compelling as a variation on the theme.",
    "No good deed, no kind word, nor happy ending??",
    "It was the bomb, but the bus stop was a kiss of death.",
    "",
    "   ",
    "The meeting took place in Astana on Thursday.",
])
def test_vader_matches_reference(sentence, reference):
    ours = Vader().polarity_scores(sentence)
    ref = reference.polarity_scores(sentence)
    assert round(ours["compound"], 4) == ref["compound"]
    for k in ("pos", "neg", "neu"):
        assert round(ours[k], 3) == ref[k]


def test_vader_matches_reference_on_news_sentences(reference, shared_dir):
    """Every BABE sentence and every sentence of 100 FA-KES articles: identical compound."""
    sents = []
    with open(BABE, encoding="utf-8-sig", newline="") as f:
        sents += [r["text"] for r in csv.DictReader(f, delimiter=";")]
    with open(FAKES, encoding="latin-1", newline="") as f:
        for i, r in enumerate(csv.DictReader(f)):
            if i >= 100:
                break
            text = r["article_content"]
            sents += [text[s:e] for s, e in sentence_spans(text)]
    v = Vader()
    differ = [s for s in sents if round(v.polarity_scores(s)["compound"], 4) != reference.polarity_scores(s)["compound"]]
    assert len(sents) > 5000
    assert differ == []


def test_parts_and_evidence(tone):
    doc = Doc(ARTICLE)
    feats, ev = tone.extract(doc)
    sents = [e for e in ev if e["kind"] == "sentence"]
    assert len(sents) == len([1 for s, e in doc.sentences if ARTICLE[s:e].strip()])
    v = Vader()
    for r in sents:
        assert r["value"] == pytest.approx(v.compound(ARTICLE[r["start"]:r["end"]]))
    body = [r["value"] for r in sents]
    assert feats["tone:body:compound"] == pytest.approx(sum(body) / len(body))
    assert feats["tone:body:neg"] == pytest.approx(sum(1 for x in body if x <= -0.05) / len(body))
    assert feats["tone:body:pos"] == pytest.approx(sum(1 for x in body if x >= 0.05) / len(body))
    assert feats["tone:headline:compound"] == 0.0  # a plain string has no headline segment


def test_headline_from_segments(tone):
    from framing.corpus import Segment

    text = "Great victory for peace\n\nThe war killed many."
    doc = Doc(text, segments=(Segment("headline", 0, 23), Segment("body", 25, len(text))))
    feats, _ = tone.extract(doc)
    assert feats["tone:headline:compound"] > 0.5
    assert feats["tone:body:compound"] < 0
    assert feats["tone:lead:compound"] == feats["tone:body:compound"]


@pytest.mark.parametrize("text,target,sign", [
    ("The opposition rejected the terrible deal.", "side:opposition", -1),
    ("Russia praised the wonderful progress.", "side:russia", 1),
    ("The rebels were brave and heroic.", "referent:armed_groups", 1),
    ("The terrorists committed horrible crimes.", "referent:armed_groups", -1),
])
def test_targets(tone, text, target, sign):
    feats, ev = tone.extract(text)
    assert feats[f"tone:{target}:sentences"] == 1.0
    assert feats[f"tone:{target}:compound"] * sign > 0
    kind, name = target.split(":")
    assert any(r["kind"] == kind and r[kind] == name for r in ev)


def test_target_absent_is_zero_with_zero_sentences(tone):
    out = tone.set_output(transform="pandas").transform(["The weather was lovely."])
    assert out["tone:side:russia:sentences"].iloc[0] == 0.0
    assert out["tone:side:russia:compound"].iloc[0] == 0.0
    assert out["tone:body:compound"].iloc[0] > 0


def test_transformer_contract(tone):
    X = [ARTICLE, "A calm day."]
    t = clone(tone)
    with pytest.raises(NotFittedError):
        t.transform(X)
    out = t.fit().set_output(transform="pandas").transform(X)
    assert list(out.columns) == list(t.get_feature_names_out())
    assert out.shape == (2, len(t.feature_names_))
    assert t.get_params()["targets"] is True
    pickle.loads(pickle.dumps(t)).transform(X)
    ev = t.evidence(X)
    assert set(ev["feature"]) == {"tone"}
    assert len(ev) > 0
    for r in ev.itertuples():
        assert r.text in X[0] or r.text in X[1]
        assert r.end > r.start


def test_no_targets_option():
    t = Tone(targets=False).fit()
    assert all(":referent:" not in n and ":side:" not in n for n in t.feature_names_)
    assert len(t.feature_names_) == 9


@pytest.mark.parametrize("params", [{"targets": "yes"}, {"event": 3}])
def test_bad_options(params):
    with pytest.raises(ValidationError, match="parameter of Tone"):
        Tone(**params).fit()


def test_single_string_rejected(tone):
    with pytest.raises(ValidationError, match="single string"):
        tone.transform("just one text")
