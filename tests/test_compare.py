"""Tests for framing.compare on small hand-written profile tables (no extractors needed)."""

from __future__ import annotations

import math
import re
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from framing import stats
from framing.compare import ALL_GROUPS, Comparison, compare, compare_profile
from framing.errors import FramingError, ValidationError
from framing.features.base import EVIDENCE_COLUMNS, Extractor

TEXTS = {
    "p1": "Deal is a great leap\n\nThe terrorists were pushed back near Idlib, Ja'afari said. The terrorists fled.",
    "p2": "Army advances\n\nMilitant groups lost ground in Idlib as the terrorists retreated, Ja'afari said.",
    "a1": "Safe zones agreed\n\nRebels walked out of the talks in Astana, a spokesman claimed. 20 people died.",
    "a2": "Talks end\n\nThe rebels and the opposition left Astana. Staffan de Mistura welcomed the deal.",
    "v1": "Three powers sign deal\n\nRebel groups and the opposition were cautious in Astana, Sergey Lavrov said.",
}
OUTLET = {"p1": "presstv", "p2": "presstv", "a1": "afp", "a2": "afp", "v1": "voa"}
CAMP = {"presstv": "pro", "afp": None, "voa": "neutral"}


def ev_row(aid, feature, **kw):
    row = dict.fromkeys(EVIDENCE_COLUMNS)
    row.update({"article_id": aid, "outlet": OUTLET[aid], "feature": feature, "start": 0, "end": 1,
                "segment": "body", "sentence": 1})
    row.update(kw)
    return row


def lab(aid, label, stance, sentence=1, segment="body", referent="armed_groups"):
    return ev_row(aid, "label", referent=referent, label=label, stance=stance, sentence=sentence, segment=segment)


def quote(aid, side, speaker, verb_class, kind, words):
    return ev_row(aid, "quote", side=side, speaker=speaker, label=verb_class, kind=kind, value=float(words),
                  verb="say")


def make_profile(evidence_rows=None, *, camp=True):
    ids = list(TEXTS)
    articles = pd.DataFrame({"id": ids, "outlet": [OUTLET[i] for i in ids], "event": "e",
                             "title": [TEXTS[i].split("\n")[0] for i in ids]})
    if camp:
        articles["tag:camp"] = [CAMP[OUTLET[i]] for i in ids]
    scores = pd.DataFrame({"id": ids, "outlet": [OUTLET[i] for i in ids], "event": "e",
                           "tone:body:compound": [-0.5, -0.3, 0.1, 0.2, 0.3],
                           "frame:conflict:score": [0.8, 0.6, 0.2, 0.1, 0.0],
                           "frame:conflict:q1": [1.0, 1.0, 0.0, 0.0, 0.0],
                           "policy_frame:security:share": [1.0, 1.0, 0.0, 0.0, 0.0],
                           "policy_frame:security:count": [3.0, 2.0, 0.0, 0.0, 0.0],
                           "tone:referent:armed_groups:compound": [-0.9, 0.0, 0.0, 0.0, 0.0]})
    if evidence_rows is None:
        evidence_rows = [
            lab("p1", "terrorist", -2, sentence=1), lab("p1", "terrorist", -2, sentence=2),
            lab("p1", "terrorist", -2, sentence=0, segment="headline"),
            lab("p2", "militant", -1), lab("p2", "terrorist", -2),
            lab("a1", "rebel", 1), lab("a2", "rebel", 1), lab("a2", "opposition", 0),
            lab("v1", "rebel", 1, sentence=2), lab("v1", "opposition", 0, sentence=2),
            quote("p1", "syrian_government", "Bashar al-Ja'afari", "neutral", "indirect", 6),
            quote("p2", "syrian_government", "Bashar al-Ja'afari", "endorsing", "direct", 10),
            quote("a1", "opposition", "a spokesman", "distancing", "indirect", 4),
            quote("a2", "un", "Staffan de Mistura", "endorsing", "indirect", 3),
            quote("v1", "russia", "Sergey Lavrov", "neutral", "indirect", 8),
            quote("v1", None, None, None, "direct", 2),
            ev_row("a1", "tone", side="opposition", value=-0.4),
            ev_row("a2", "tone", side="opposition", value=-0.2),
            ev_row("p1", "tone", referent="armed_groups", value=-0.8),
        ]
    evidence = pd.DataFrame(evidence_rows, columns=EVIDENCE_COLUMNS)
    return SimpleNamespace(articles=articles, scores=scores, evidence=evidence, meta={"x": {"version": "1"}})


@pytest.fixture(scope="module")
def comp() -> Comparison:
    return compare_profile(make_profile(), texts=TEXTS, event="e", n_resamples=300)


# ----------------------------------------------------------------------------- shape of the result
def test_tables_have_contract_columns(comp):
    from framing.compare import _COLUMNS

    for name, cols in _COLUMNS.items():
        assert list(getattr(comp, name).columns) == cols, name
    assert comp.by == "outlet"
    frames = comp.to_frames()
    for name in ("articles", "scores", "evidence", "labels", "label_tests", "omissions", "order", "warnings"):
        assert isinstance(frames[name], pd.DataFrame)
    assert frames["order"]["group"].tolist() == comp.order
    assert repr(comp) == ("Comparison(by='outlet', event='e', groups=['presstv', 'voa', 'afp'], articles=5, "
                          f"warnings={len(comp.warnings)})")
    for name in ("articles", "scores", "evidence"):
        assert "group" in frames[name].columns


def test_labels_counts_shares_and_intervals(comp):
    t = comp.labels.set_index(["group", "label"])
    assert t.loc[("presstv", "terrorist"), "count"] == 4
    assert t.loc[("presstv", "terrorist"), "total"] == 5
    assert t.loc[("presstv", "terrorist"), "share"] == pytest.approx(0.8)
    assert t.loc[("presstv", "rebel"), "count"] == 0  # zero rows for labels others use
    assert t.loc[("presstv", "terrorist"), "stance"] == -2
    # the default interval is the envelope of Wilson and the cluster bootstrap: at least as wide as Wilson
    wlo, whi = stats.wilson_interval(4, 5)
    assert t.loc[("presstv", "terrorist"), "ci_low"] <= wlo + 1e-12
    assert t.loc[("presstv", "terrorist"), "ci_high"] >= whi - 1e-12
    assert (comp.labels["ci_low"] <= comp.labels["share"]).all()
    assert (comp.labels["share"] <= comp.labels["ci_high"]).all()
    flags = comp.labels.groupby("group")["low_count"].first().to_dict()
    assert flags == {"afp": True, "presstv": False, "voa": True}  # totals 3, 5, 2 against min_count 5


def test_low_count_flag_follows_min_count():
    c = compare_profile(make_profile(), texts=TEXTS, n_resamples=50, min_count=4)
    flags = c.labels.groupby("group")["low_count"].first().to_dict()
    assert flags == {"afp": True, "presstv": False, "voa": True}
    assert any("low count: 3 label mentions for armed_groups in afp" in w for w in c.warnings)
    assert not any("label mentions for armed_groups in presstv" in w for w in c.warnings)


@pytest.mark.parametrize("interval", ["wilson", "bootstrap", "wider"])
def test_interval_options(interval):
    c = compare_profile(make_profile(), texts=None, interval=interval, n_resamples=200)
    row = c.labels[(c.labels.group == "presstv") & (c.labels.label == "terrorist")].iloc[0]
    if interval == "wilson":
        assert (row.ci_low, row.ci_high) == pytest.approx(stats.wilson_interval(4, 5))
    else:
        est, lo, hi = stats.cluster_bootstrap([3, 1], [3, 2], n_resamples=200, random_state=0)
        assert row.ci_low <= lo + 1e-12 and row.ci_high >= hi - 1e-12
        if interval == "bootstrap":
            assert row.ci_high == 1.0  # article p1 is all 'terrorist'


def test_stance_index_and_order(comp):
    s = comp.stance.set_index("group")
    assert s.loc["presstv", "stance_index"] == pytest.approx((-2 * 4 - 1) / 5)
    assert s.loc["presstv", "n_articles"] == 2 and s.loc["presstv", "mentions"] == 5
    assert s.loc["afp", "stance_index"] == pytest.approx(2 / 3)
    assert s.loc["voa", "stance_index"] == pytest.approx(0.5)
    assert (s["ci_low"] <= s["stance_index"]).all() and (s["stance_index"] <= s["ci_high"]).all()
    assert comp.order == ["presstv", "voa", "afp"]
    assert comp.order_method == "stance index"


def test_label_tests_fisher_and_permutation_with_bh(comp):
    from framing.compare import FISHER, OMNIBUS, PERMUTATION

    t = comp.label_tests
    assert set(t["method"]) == {FISHER, PERMUTATION, OMNIBUS}
    cell = t[(t.group == "presstv") & (t.label == "terrorist")].set_index("method")
    row = cell.loc[FISHER]
    assert (row["count"], row["total"], row["rest_count"], row["rest_total"]) == (4, 5, 0, 5)
    assert row["p_value"] == pytest.approx(sps.fisher_exact([[4, 1], [0, 5]])[1])
    # over articles: presstv's 2 articles (3 and 1 terrorist of 3 and 2 mentions) against afp's and
    # voa's 0; all 30 relabellings of 5 articles into groups of 2, 2, 1 are enumerated
    per = stats.permutation_one_vs_rest(
        [[3, 0, 0, 0], [1, 1, 0, 0], [0, 0, 1, 0], [0, 0, 1, 1], [0, 0, 1, 1]],
        ["presstv", "presstv", "afp", "afp", "voa"], categories=["terrorist", "militant", "rebel", "opposition"])
    expected = per[(per.group == "presstv") & (per.category == "terrorist")]["p_value"].iloc[0]
    assert cell.loc[PERMUTATION, "p_value"] == pytest.approx(expected)
    # only the 3 of 30 relabellings that give presstv both p1 and p2 reach |0.8 - 0|: p = 1/10
    assert cell.loc[PERMUTATION, "p_value"] == pytest.approx(1 / 10)
    assert cell.loc[PERMUTATION, "p_value"] > row["p_value"]  # clustering makes the evidence weaker
    omni = t[t.method == OMNIBUS]
    assert len(omni) == 1 and omni["group"].iloc[0] == ALL_GROUPS and 0 < omni["p_value"].iloc[0] <= 1
    for m in (FISHER, PERMUTATION, OMNIBUS):  # q-values within each family
        fam = t[t.method == m]
        assert fam["q_value"].tolist() == pytest.approx(stats.benjamini_hochberg(fam["p_value"]).tolist())
    assert (t["q_value"] >= t["p_value"] - 1e-12).all()
    key = t[["referent", "label", "group", "method"]].astype(str).values.tolist()
    assert key == sorted(key)


def test_divergence(comp):
    d = comp.divergence.set_index(["group_a", "group_b"])["jsd"]
    assert d[("afp", "voa")] == pytest.approx(stats.jensen_shannon([2, 1], [1, 1]))
    assert d[("afp", "presstv")] == 1.0  # no label in common
    assert set(d.index) == {("afp", "presstv"), ("afp", "voa"), ("presstv", "voa")}


def test_voices_and_verbs(comp):
    v = comp.voices.set_index(["group", "side"])
    assert v.loc[("presstv", "syrian_government"), "quotes"] == 2
    assert v.loc[("presstv", "syrian_government"), "words"] == 16
    assert v.loc[("presstv", "syrian_government"), "share_words"] == 1.0
    assert v.loc[("presstv", "syrian_government"), "direct"] == 1
    assert v.loc[("voa", "unattributed"), "quotes"] == 1  # no speaker, no side
    assert v.loc[("voa", "russia"), "share_words"] == pytest.approx(0.8)
    assert v.loc[("afp", "russia"), "quotes"] == 0  # zero rows for sides others quote
    b = comp.verbs.set_index(["group", "side", "verb_class"])
    assert b.loc[("afp", "opposition", "distancing"), "count"] == 1
    assert b.loc[("presstv", "syrian_government", "endorsing"), "share"] == 0.5
    assert b.loc[("voa", "unattributed", "none"), "count"] == 1


def test_tone_frames_salience(comp):
    t = comp.tone.set_index(["group", "target"])
    assert t.loc[("afp", "opposition"), "mean"] == pytest.approx(-0.3)
    assert t.loc[("afp", "opposition"), "n"] == 2
    assert t.loc[("presstv", "armed_groups"), "mean"] == pytest.approx(-0.8)
    assert t.loc[("presstv", "body"), "mean"] == pytest.approx(-0.4)
    f = comp.frames.set_index(["group", "frame"])
    assert f.loc[("presstv", "conflict"), "mean"] == pytest.approx(0.7)
    assert f.loc[("presstv", "conflict"), "n"] == 2
    assert f.loc[("presstv", "policy:security"), "mean"] == 1.0
    assert math.isnan(f.loc[("voa", "conflict"), "ci_low"])  # one article: no interval
    assert f.loc[("afp", "conflict"), "ci_low"] <= 0.15 <= f.loc[("afp", "conflict"), "ci_high"]
    assert set(comp.frames["frame"]) == {"conflict", "policy:security"}  # indicators and counts are not frames
    assert set(comp.tone["target"]) == {"opposition", "armed_groups", "body"}
    s = comp.salience.set_index(["group", "referent_or_side"])
    assert s.loc[("presstv", "armed_groups"), "in_headline_share"] == 0.5
    assert s.loc[("presstv", "armed_groups"), "first_mention_mean"] == pytest.approx(0.5)
    assert 0 < s.loc[("presstv", "armed_groups"), "sentence_share"] <= 1


def test_distinctive_terms(comp):
    d = comp.distinctive
    ovr = d[d.comparison == "one-vs-rest"]
    assert "terrorists" in ovr[ovr.group == "presstv"]["term"].tolist()
    assert "terrorists" not in ovr[ovr.group == "afp"]["term"].tolist()
    assert (d["z"] > 0).all() and (d["count"] > 0).all()
    assert {"vs:afp", "vs:voa"} <= set(d[d.group == "presstv"]["comparison"])


def test_omissions(comp):
    om = comp.omissions
    assert set(om["item_type"]) >= {"referent", "label", "side", "speaker", "entity"}

    def inc(kind, item):
        sub = om[(om.item_type == kind) & (om.item == item)]
        return dict(zip(sub.group, sub.included))

    assert inc("label", "terrorist") == {"presstv": True, "afp": False, "voa": False}
    assert inc("speaker", "Sergey Lavrov") == {"presstv": False, "afp": False, "voa": True}
    assert "a spokesman" not in set(om[om.item_type == "speaker"]["item"])  # not a name
    assert inc("entity", "Astana") == {"presstv": False, "afp": True, "voa": True}
    assert inc("entity", "Idlib") == {"presstv": True, "afp": False, "voa": False}
    assert inc("number", "20 people") == {"presstv": False, "afp": True, "voa": False}
    assert "Safe" not in set(om["item"])  # headlines are title case; not entities
    assert (om["n_groups"] == 3).all()
    sub = om[(om.item_type == "label") & (om.item == "rebel")]
    assert sub["n_groups_including"].tolist() == [2, 2, 2]


def test_group_by_tag_renames_and_regroups():
    c = compare_profile(make_profile(), by="camp", texts=TEXTS, n_resamples=100)
    assert c.by == "camp"
    assert set(c.labels["group"]) == {"pro", "neutral", "untagged"}
    assert any("2 article(s) have no 'camp' tag" in w for w in c.warnings)
    t = c.labels.set_index(["group", "label"])
    assert t.loc[("pro", "terrorist"), "count"] == 4
    assert set(c.articles["group"]) == {"pro", "neutral", "untagged"}
    # "tag:camp" is accepted too
    assert compare_profile(make_profile(), by="tag:camp", n_resamples=50).by == "camp"


@pytest.mark.parametrize("kw, match", [
    ({"by": "country"}, r"'by' parameter must be 'outlet' or one of the outlet tags \['camp'\]"),
    ({"by": ""}, "'by' parameter"),
    ({"interval": "exact"}, "'interval' parameter must be one of"),
    ({"n_resamples": 0}, "'n_resamples' parameter must be an int >= 1"),
    ({"confidence": 2}, "confidence"),
    ({"random_state": "seed"}, "random_state"),
])
def test_bad_options(kw, match):
    with pytest.raises(ValidationError, match=match):
        compare_profile(make_profile(), **kw)


def test_missing_table_or_column():
    p = make_profile()
    with pytest.raises(ValidationError, match="no 'evidence' table"):
        compare_profile(SimpleNamespace(articles=p.articles, scores=p.scores))
    with pytest.raises(ValidationError, match="no 'id' column"):
        compare_profile(SimpleNamespace(articles=p.articles.drop(columns="id"), scores=p.scores, evidence=p.evidence))


def test_empty_evidence_and_no_texts_warn():
    c = compare_profile(make_profile([]), n_resamples=50)
    assert c.labels.empty and c.stance.empty and c.voices.empty and c.distinctive.empty
    assert any("no label evidence" in w for w in c.warnings)
    assert any("no article texts given" in w for w in c.warnings)
    assert "No labels for any referent were found." in c.summary()
    assert c.order == ["afp", "presstv", "voa"] and c.order_method == "name"


def test_unknown_evidence_rows_are_ignored_with_warning():
    p = make_profile()
    extra = pd.DataFrame([{**dict.fromkeys(EVIDENCE_COLUMNS), "article_id": "zz", "feature": "label",
                           "referent": "armed_groups", "label": "terrorist", "stance": -2}])
    p.evidence = pd.concat([p.evidence, extra], ignore_index=True)
    c = compare_profile(p, n_resamples=50)
    assert c.labels["count"].sum() == 10
    assert any("1 evidence row(s) belong to no article" in w for w in c.warnings)


def test_deterministic_with_random_state():
    a = compare_profile(make_profile(), texts=TEXTS, n_resamples=200, random_state=3)
    b = compare_profile(make_profile(), texts=TEXTS, n_resamples=200, random_state=3)
    for name in ("labels", "stance", "label_tests", "frames", "distinctive", "omissions"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
    assert a.summary() == b.summary()


# ----------------------------------------------------------------------------- summary
def test_summary_is_computed_from_tables(comp):
    s = comp.summary()
    paras = s.split("\n\n")
    assert paras[0] == "5 articles from 3 outlets on e: presstv, voa, afp."
    lo, hi = stats.wilson_interval(5, 5)
    assert (f"For armed_groups, presstv uses the most delegitimising labels: 5 of 5 mentions (100%, "
            f"95% interval {lo:.0%}–{hi:.0%}), mostly 'terrorist', 'militant'") in s
    assert "afp the fewest (0 of 3, 0%)" in s
    assert "presstv gives the most quoted words to syrian_government (100% of 16 words" in s
    assert "voa gives the most quoted words to russia (80% of 10 words" in s
    assert "presstv omits" in s and "entity 'Astana' (2 of 2 others)" in s
    assert "The most different label choices: afp and presstv for armed_groups (Jensen-Shannon divergence 1.00" in s
    assert re.search(r"\d+ warnings? \(low counts", s)


def test_summary_changes_with_the_data():
    rows = [lab("p1", "rebel", 1), lab("p2", "rebel", 1), lab("a1", "terrorist", -2), lab("a2", "terrorist", -2),
            lab("v1", "rebel", 1)]
    c = compare_profile(make_profile(rows), n_resamples=50)
    s = c.summary()
    assert "For armed_groups, afp uses the most delegitimising labels: 2 of 2 mentions" in s
    assert c.order[0] == "afp"
    c2 = compare_profile(make_profile([lab("p1", "rebel", 1), lab("a1", "opposition", 0)]), n_resamples=50)
    assert c2.stance["ci_low"].isna().all()  # a single mention has no interval
    assert "low count: 1 label mention for armed_groups in afp" in " ".join(c2.warnings)
    assert "no group uses delegitimising labels; the commonest label is 'opposition'" in c2.summary() \
        or "the commonest label is 'rebel'" in c2.summary()


# ----------------------------------------------------------------------------- compare() through the pipeline
class WordLabels(Extractor):
    """A tiny real extractor for the test: label words for armed groups, by regular expression."""

    feature = "label"
    WORDS = {"terrorist": ("terrorist", -2), "rebel": ("rebel", 1), "militant": ("militant", -1)}

    def _fit_resources(self):
        self.feature_names_ = [f"label:armed_groups:{v[0]}" for v in self.WORDS.values()]

    def _extract(self, doc):
        feats, ev = {}, []
        for m in re.finditer(r"\b(terrorist|rebel|militant)s?\b", doc.text, re.IGNORECASE):
            label, stance = self.WORDS[m.group(1).lower()]
            feats[f"label:armed_groups:{label}"] = feats.get(f"label:armed_groups:{label}", 0.0) + 1
            ev.append({"referent": "armed_groups", "label": label, "stance": stance,
                       "start": m.start(), "end": m.end()})
        return feats, ev


def test_compare_runs_the_pipeline_on_a_corpus(repo_root):
    from framing.corpus import load_corpus

    corpus = load_corpus(repo_root / "tests" / "fixtures" / "corpus" / "mini")
    c = compare(corpus, event="harbour-deal-2020-03-01", extractors=[WordLabels().fit()], n_resamples=100)
    assert set(c.articles["outlet"]) == {"afp", "statetv"}
    assert c.event == "harbour-deal-2020-03-01"
    # every label row's count is the number of evidence rows behind it
    ev = c.evidence[c.evidence.feature == "label"]
    assert len(ev) == 4 and len(c.labels) == 6  # statetv: terrorist, Militant; afp: rebel, Rebel
    assert c.order == ["statetv", "afp"]
    for r in c.labels.itertuples(index=False):
        assert r.count == ((ev.group == r.group) & (ev.label == r.label)).sum()
    texts = {a.id: a.text for a in corpus.filter(events="harbour-deal-2020-03-01").articles()}
    for r in ev.itertuples(index=False):
        assert texts[r.article_id][r.start:r.end].lower().rstrip("s") in {"terrorist", "rebel", "militant"}
    assert len(c.omissions) and not c.distinctive.empty
    # by a registry field that is not a tag
    c2 = compare(corpus, event="harbour-deal-2020-03-01", by="country", extractors=[WordLabels().fit()],
                 n_resamples=50)
    assert set(c2.articles["group"]) == {"France", "Ruritania"} and c2.by == "country"
    c3 = compare(corpus, extractors=[WordLabels().fit()], n_resamples=50)  # both events
    assert c3.warnings[0].startswith("articles from 2 events are compared together")
    assert not any("events are compared" in w for w in c.warnings)
    with pytest.raises(FramingError, match="'nope'"):
        compare(corpus, event="nope", extractors=[WordLabels().fit()])
    with pytest.raises(ValidationError, match="'by' parameter"):
        compare(corpus, by="colour", extractors=[WordLabels().fit()])
    with pytest.raises(ValidationError, match="expects a Corpus"):
        compare([], extractors=[WordLabels().fit()])


def test_docstring_examples_run():
    import doctest
    import importlib

    mod = importlib.import_module("framing.compare")
    result = doctest.testmod(mod, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 5 and result.failed == 0


def test_texts_as_articles_use_their_segments():
    import datetime as dt

    from framing.corpus import Article, segments_of

    texts = dict(TEXTS, p1=TEXTS["p1"].replace("great leap", "great leap, says Kremlin", 1))
    arts = []
    for aid, text in texts.items():
        title = text.split("\n")[0]
        arts.append(Article(id=aid, outlet=OUTLET[aid], text=text, event="e", date=dt.date(2017, 5, 4), title=title,
                            url=None, license="test", segments=tuple(segments_of(text, title=title))))
    p = make_profile()
    p.articles = p.articles.drop(columns="title")  # segments must come from the articles themselves
    c = compare_profile(p, texts=arts, n_resamples=50)
    items = set(c.omissions[c.omissions.item_type == "entity"]["item"])
    assert "Kremlin" not in items  # a headline word (headlines are title case)
    assert {"Astana", "Idlib", "Staffan de Mistura", "Sergey Lavrov"} <= items
    # negative control: without segments or titles the headline is not known
    bare = compare_profile(SimpleNamespace(articles=p.articles, scores=p.scores, evidence=p.evidence),
                           texts=texts, n_resamples=50)
    assert "Kremlin" in set(bare.omissions[bare.omissions.item_type == "entity"]["item"])
    s = c.salience.set_index(["group", "referent_or_side"])
    # every label row of the fixture sits in sentence 1 of the body except p1's headline and v1's
    assert s.loc[("presstv", "armed_groups"), "in_headline_share"] == 0.5


@given(rows=st.lists(st.tuples(st.sampled_from(list(TEXTS)), st.sampled_from(["r", "s"]),
                               st.sampled_from([("terrorist", -2), ("rebel", 1), ("opposition", 0)])),
                     min_size=0, max_size=25),
       seed=st.integers(0, 1000))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_label_tables_are_consistent_with_the_evidence(rows, seed):
    ev = [lab(aid, label, stance, referent=ref) for aid, ref, (label, stance) in rows]
    c = compare_profile(make_profile(ev), n_resamples=30, random_state=seed)
    assert int(c.labels["count"].sum()) == len(rows)
    if len(c.labels):
        sums = c.labels.groupby(["group", "referent"])["share"].sum()
        assert np.allclose(sums, 1.0)
        assert ((c.labels["ci_low"] >= 0) & (c.labels["ci_high"] <= 1)).all()
        assert ((c.labels["ci_low"] <= c.labels["share"] + 1e-12)
                & (c.labels["share"] <= c.labels["ci_high"] + 1e-12)).all()
        assert c.stance["stance_index"].between(-2, 2).all()
        assert set(c.order) == set(OUTLET.values())
    if len(c.label_tests):
        t = c.label_tests
        assert (t["q_value"] >= t["p_value"] - 1e-12).all() and t["p_value"].between(0, 1).all()
    if len(c.divergence):
        assert c.divergence["jsd"].between(0, 1).all()


def test_astana_with_the_default_extractors(repo_root):
    """The shipped sources through the real default profile (skipped until every extractor exists)."""
    from framing.corpus import load_corpus
    from framing.pipeline import default_extractors

    try:
        extractors = default_extractors()
    except ModuleNotFoundError as exc:  # extractors still being written
        pytest.skip(f"default extractors not all available: {exc}")
    corpus = load_corpus(repo_root / "sources")
    c = compare(corpus, event="astana-2017-05-04", extractors=extractors, n_resamples=200)
    assert set(c.order) == {"presstv", "voa", "un"}
    st_ = c.stance[c.stance.referent == "armed_groups"].set_index("group")["stance_index"]
    assert st_["presstv"] < st_["voa"]  # Press TV: militants; VOA: the opposition
    assert c.voices.groupby("group")["quotes"].sum()["presstv"] > 0
    assert len(c.frames) and len(c.tone) and len(c.omissions) and len(c.distinctive)
    assert "presstv" in c.summary()


def test_salience_from_salience_scores():
    p = make_profile()
    base = "salience:referent:armed_groups:"
    p.scores[base + "mentions"] = [3, 2, 1, 2, 0]
    p.scores[base + "first_sentence"] = [0, 2, 1, 1, 5]
    p.scores[base + "in_headline"] = [1, 0, 0, 0, 0]
    p.scores[base + "in_lead"] = [1, 1, 0, 1, 0]
    p.scores[base + "sentence_share"] = [0.5, 0.25, 0.2, 0.4, 0.0]
    p.scores[base + "first_position"] = [0.0, 0.3, 0.2, 0.1, 1.0]
    c = compare_profile(p, n_resamples=50)
    s = c.salience.set_index(["group", "referent_or_side"])
    assert list(s.index) == [("afp", "armed_groups"), ("presstv", "armed_groups")]  # voa never mentions them
    assert s.loc[("presstv", "armed_groups"), "first_mention_mean"] == 1.0
    assert s.loc[("presstv", "armed_groups"), "in_headline_share"] == 0.5
    assert s.loc[("afp", "armed_groups"), "in_lead_share"] == 0.5
    assert s.loc[("afp", "armed_groups"), "sentence_share"] == pytest.approx(0.3)


@pytest.mark.slow
@pytest.mark.eval
def test_fakes_largest_event_by_camp(tmp_path):
    """FA-KES's largest event (217 articles, both camps): the pro-government camp calls the armed groups
    'terrorist' far more often, and that difference survives both the mention- and the article-level test."""
    import time

    from framing.cli import main
    from framing.compare import FISHER, PERMUTATION
    from framing.corpus import load_corpus
    from tests.conftest import FAKES

    if not FAKES.is_file():
        pytest.skip(f"FA-KES not found at {FAKES} (set FRAMING_SHARED)")
    root = tmp_path / "fakes"
    assert main(["import", "fakes", str(FAKES), "--sources", str(root)]) == 0
    corpus = load_corpus(root)
    sizes = corpus.to_frame().groupby("event").size()
    event = sizes.idxmax()
    t0 = time.perf_counter()
    c = compare(corpus, event=event, by="camp")
    elapsed = time.perf_counter() - t0
    print(f"{event}: {sizes.max()} articles compared by camp in {elapsed:.1f} s")
    assert sizes.max() > 200 and {"pro", "against"} <= set(c.order)
    assert c.order.index("pro") < c.order.index("against")  # most delegitimising first
    t = c.label_tests
    for method in (FISHER, PERMUTATION):
        row = t[(t.referent == "armed_groups") & (t.label == "terrorist") & (t.group == "pro") & (t.method == method)]
        assert len(row) == 1 and row["q_value"].iloc[0] < 0.01
        assert row["count"].iloc[0] / row["total"].iloc[0] > 0.5 > row["rest_count"].iloc[0] / row["rest_total"].iloc[0]
    assert "pro more often calls armed_groups 'terrorist'" in c.summary()


def test_empty_and_single_group_profiles():
    empty = SimpleNamespace(articles=pd.DataFrame(columns=["id", "outlet"]), scores=pd.DataFrame(columns=["id"]),
                            evidence=pd.DataFrame(columns=EVIDENCE_COLUMNS))
    c = compare_profile(empty)
    assert c.order == [] and c.labels.empty and c.omissions.empty
    assert "no articles: nothing to compare" in c.warnings
    assert c.summary().startswith("0 articles from 0 outlets.")
    p = make_profile()
    p.articles["outlet"] = "x"
    c = compare_profile(p, n_resamples=50)
    assert c.order == ["x"] and c.label_tests.empty and c.divergence.empty
    assert "only one group: nothing to compare it with" in c.warnings
    assert c.summary().startswith("5 articles from 1 outlet: x.")
    assert c.labels["total"].unique().tolist() == [10]
