"""Generic frames (Semetko & Valkenburg) and policy frame cues."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from sklearn.base import clone
from sklearn.pipeline import FeatureUnion

from framing.errors import LexiconError, ValidationError
from framing.features.frames import (GenericFrames, PhraseMatcher, PolicyFrames, load_frames, spans_to_arrays,
                                     word_arrays, word_spans)


@pytest.fixture(scope="module")
def gf():
    return GenericFrames().fit()


@pytest.fixture(scope="module")
def pf():
    return PolicyFrames().fit()


def test_codebook_has_twenty_questions_in_five_frames():
    frames, meta = load_frames("semetko_valkenburg")
    assert set(frames) == {"conflict", "human_interest", "economic", "morality", "responsibility"}
    sizes = {f: len(v["questions"]) for f, v in frames.items()}
    assert sizes == {"responsibility": 5, "human_interest": 5, "conflict": 4, "morality": 3, "economic": 3}
    assert all(q.question.endswith("?") and q.indicators for v in frames.values() for q in v["questions"])
    assert meta[0]["version"] and "Semetko" in meta[0]["source"] and meta[0]["licence"]


def test_policy_codebook_has_fifteen_dimensions():
    frames, meta = load_frames("policy_frames")
    assert len(frames) == 15 and "other" in frames
    assert "Boydstun" in meta[0]["source"]


@pytest.mark.parametrize("text,question,expected", [
    ("The two leaders disagreed over the plan.", "conflict:disagreement", 1.0),
    ("Russia accused Turkey of violating the truce.", "conflict:reproach", 1.0),
    ("The army recaptured the town, a victory for Damascus.", "conflict:winners_losers", 1.0),
    ("The mosque was full for Friday prayers.", "morality:religion", 1.0),
    ("Reconstruction will cost billions of dollars.", "economic:costs", 1.0),
    ("Sanctions hurt the economy.", "economic:economic_consequences", 1.0),
    ("A 7-year-old girl was pulled from the rubble.", "human_interest:human_example", 1.0),
    ("The situation requires urgent action.", "responsibility:urgent_action", 1.0),
    # negative cases
    ("The meeting took place in Astana on Thursday.", "conflict:disagreement", 0.0),
    ("The delegates met in Astana.", "morality:religion", 0.0),
    # min_hits: one 'solution' cue is not enough
    ("They signed an agreement.", "responsibility:solution", 0.0),
    ("They signed an agreement and a ceasefire.", "responsibility:solution", 1.0),
])
def test_questions(gf, text, question, expected):
    frame, q = question.split(":")
    out = gf.set_output(transform="pandas").transform([text])
    assert out[f"frame:{frame}:{q}"].iloc[0] == expected


def test_score_is_share_of_questions(gf):
    text = "The rivals disagreed and accused each other; the army won a victory. Both sides and all parties spoke."
    feats, ev = gf.extract(text)
    qs = [n for n in gf.feature_names_ if n.startswith("frame:conflict:") and not n.endswith(":score")]
    assert feats["frame:conflict:score"] == pytest.approx(sum(feats.get(q, 0) for q in qs) / 4)
    assert feats["frame:conflict:score"] == 1.0
    for r in ev:
        assert r["referent"] in gf.frames_
        assert text[r["start"]:r["end"]].lower() in {"disagreed", "accused", "army", "won", "victory",
                                                      "both sides", "all parties", "rivals", "sides"}


def test_evidence_offsets(gf, seed_text):
    ev = gf.evidence([seed_text])
    assert len(ev) > 0
    for r in ev.itertuples():
        assert seed_text[r.start:r.end] == r.text
        assert r.feature == "frame"


@pytest.mark.parametrize("text,dim,count", [
    ("Troops shelled the town. The court ruled it illegal.", "security_defense", 1),
    ("Troops shelled the town. The court ruled it illegal.", "legality", 2),
    ("Refugees returned home to their families.", "quality_of_life", 3),
    ("Protesters rallied; a poll showed support.", "public_opinion", 2),
    ("The weather was fine.", "economic", 0),
])
def test_policy_counts(pf, text, dim, count):
    out = pf.set_output(transform="pandas").transform([text])
    assert out[f"policy_frame:{dim}:count"].iloc[0] == count


def test_policy_shares_and_other(pf):
    text = "Troops attacked. The weather was fine. The court ruled."
    out = pf.set_output(transform="pandas").transform([text]).iloc[0]
    shares = [out[f"policy_frame:{d}:share"] for d in pf.dimensions_ if d != "other"]
    assert sum(shares) == pytest.approx(1.0)
    assert out["policy_frame:other:share"] == pytest.approx(1 / 3)


@pytest.mark.parametrize("entries,text,expected", [
    ([("so called", "a")], "the so-called deal", [(4, 13, ("a",))]),
    ([("rebel*", "a"), ("rebel fighters", "b")], "rebel fighters and rebels", [(0, 14, ("b",)), (19, 25, ("a",))]),
    ([("threat*", "a"), ("threaten*", "b")], "they threatened", [(5, 15, ("b",))]),
    ([("war", "a")], "Warsaw and software", []),
    ([("war", "a"), ("war", "b")], "WAR!", [(0, 3, ("a", "b"))]),
])
def test_phrase_matcher(entries, text, expected):
    assert list(PhraseMatcher(entries).find(text)) == expected


def test_user_folder_extends(tmp_path):
    (tmp_path / "semetko_valkenburg.yaml").write_text(
        "name: mine\nversion: '0.1'\nframes:\n  conflict:\n    questions:\n"
        "      - id: disagreement\n        indicators: [squabble*]\n"
        "      - id: sanctions_war\n        question: Is there a trade war?\n        indicators: [trade war]\n",
        encoding="utf-8")
    g = GenericFrames(paths=tmp_path).fit()
    assert "frame:conflict:sanctions_war" in g.feature_names_
    feats, _ = g.extract("They squabbled over a trade war.")
    assert feats["frame:conflict:disagreement"] == 1.0 and feats["frame:conflict:sanctions_war"] == 1.0
    assert feats["frame:conflict:score"] == pytest.approx(2 / 5)


@pytest.mark.parametrize("content,field", [
    ("frames: [1, 2]\n", "frames"),
    ("frames:\n  conflict:\n    questions:\n      - indicators: [x]\n", "frames.conflict.questions"),
    ("frames:\n  conflict:\n    questions:\n      - id: q\n        min_hits: 0\n        indicators: [x]\n",
     "frames.conflict.questions.q.min_hits"),
    ("frames:\n  conflict:\n    questions:\n      - id: q\n        indicators: notalist\n",
     "frames.conflict.questions.q.indicators"),
])
def test_bad_user_files(tmp_path, content, field):
    f = tmp_path / "semetko_valkenburg.yaml"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError) as exc:
        GenericFrames(paths=f).fit()
    assert exc.value.field == field and str(f) in str(exc.value)


def test_missing_path():
    with pytest.raises(LexiconError, match="no such file"):
        PolicyFrames(paths="/nonexistent/folder").fit()


def test_bad_paths_type():
    with pytest.raises(ValidationError, match="'paths' parameter of GenericFrames"):
        GenericFrames(paths=3).fit()


def test_contract(gf, pf):
    u = FeatureUnion([("g", clone(gf)), ("p", clone(pf))]).set_output(transform="pandas")
    out = u.fit_transform(["The sides disagreed.", "Costs rose."])
    assert out.shape[0] == 2 and out.shape[1] == len(gf.feature_names_) + len(pf.feature_names_)
    g2 = pickle.loads(pickle.dumps(gf))
    assert np.array_equal(np.asarray(g2.transform(["They disagreed."])), np.asarray(gf.transform(["They disagreed."])))
    assert clone(gf).set_params(paths=None).get_params()["paths"] is None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aZ9 -’'\n.\u00e9\u00c0\u0130\u212a\u00df\u0394\u4e2dx", max_size=40))
def test_word_arrays_equal_word_spans(text):
    # the byte path (no Latin-1 letters) and the split path give what the regex gives
    assert word_arrays(text) == spans_to_arrays(word_spans(text))
