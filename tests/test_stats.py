"""Tests for framing.stats: known values, checks against scipy, and properties."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from framing import stats
from framing.errors import ValidationError


# ----------------------------------------------------------------------------- Wilson
@pytest.mark.parametrize("k, n, low, high", [
    (3, 10, 0.1078, 0.6032),    # Brown, Cai & DasGupta style example, computed by hand
    (0, 10, 0.0, 0.2775),
    (10, 10, 0.7225, 1.0),
    (1, 1, 0.2065, 1.0),
    (50, 100, 0.4038, 0.5962),
])
def test_wilson_known_values(k, n, low, high):
    lo, hi = stats.wilson_interval(k, n)
    assert lo == pytest.approx(low, abs=1e-4)
    assert hi == pytest.approx(high, abs=1e-4)


def test_wilson_matches_statsmodels_formula_by_hand():
    # z = 1.959964; centre and half-width written out independently
    k, n, z = 7, 23, 1.959963984540054
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    assert stats.wilson_interval(k, n) == pytest.approx((centre - half, centre + half))


def test_wilson_vectorised_and_zero_total():
    lo, hi = stats.wilson_interval([3, 0], [10, 0])
    assert lo[0] == pytest.approx(0.1078, abs=1e-4)
    assert math.isnan(lo[1]) and math.isnan(hi[1])


def test_wilson_narrower_at_lower_confidence():
    lo95, hi95 = stats.wilson_interval(3, 10)
    lo80, hi80 = stats.wilson_interval(3, 10, confidence=0.8)
    assert lo95 < lo80 < 0.3 < hi80 < hi95


@pytest.mark.parametrize("k, n", [(-1, 5), (6, 5)])
def test_wilson_rejects_impossible_counts(k, n):
    with pytest.raises(ValidationError, match="0 <= count <= total"):
        stats.wilson_interval(k, n)


@pytest.mark.parametrize("conf", [0, 1, 1.5, "0.9"])
def test_wilson_rejects_bad_confidence(conf):
    with pytest.raises(ValidationError, match="confidence"):
        stats.wilson_interval(1, 2, confidence=conf)


@given(n=st.integers(1, 500), data=st.data(), conf=st.floats(0.5, 0.999))
@settings(max_examples=200, deadline=None)
def test_wilson_contains_estimate_within_unit_interval(n, data, conf):
    k = data.draw(st.integers(0, n))
    lo, hi = stats.wilson_interval(k, n, confidence=conf)
    assert 0.0 <= lo <= k / n <= hi <= 1.0


@given(n=st.integers(2, 200), data=st.data())
@settings(max_examples=100, deadline=None)
def test_wilson_monotone_in_count(n, data):
    k = data.draw(st.integers(0, n - 1))
    lo1, hi1 = stats.wilson_interval(k, n)
    lo2, hi2 = stats.wilson_interval(k + 1, n)
    assert lo2 >= lo1 and hi2 >= hi1


# ----------------------------------------------------------------------------- bootstrap
def test_cluster_bootstrap_is_deterministic_with_random_state():
    a = stats.cluster_bootstrap([2, 0, 1, 5], [2, 3, 2, 6], random_state=7)
    b = stats.cluster_bootstrap([2, 0, 1, 5], [2, 3, 2, 6], random_state=7)
    c = stats.cluster_bootstrap([2, 0, 1, 5], [2, 3, 2, 6], random_state=8)
    assert a == b
    assert a[0] == c[0] == pytest.approx(8 / 13)
    assert a[1:] != c[1:]


def test_cluster_bootstrap_resamples_articles_not_mentions():
    # one article says "terrorist" 20 times, another 0 of 20: the interval over articles must be
    # wide (0..1), whereas mentions treated as independent would give a narrow Wilson interval
    est, lo, hi = stats.cluster_bootstrap([20, 0], [20, 20], random_state=0)
    assert est == 0.5 and lo == 0.0 and hi == 1.0
    wlo, whi = stats.wilson_interval(20, 40)
    assert whi - wlo < 0.35


def test_cluster_bootstrap_edge_cases():
    assert stats.cluster_bootstrap([0.4], random_state=0) == (0.4, 0.4, 0.4)
    assert all(math.isnan(x) for x in stats.cluster_bootstrap([], random_state=0))
    assert all(math.isnan(x) for x in stats.cluster_bootstrap([0, 0], [0, 0], random_state=0))
    with pytest.raises(ValidationError, match="n_resamples"):
        stats.cluster_bootstrap([1, 2], n_resamples=0)
    with pytest.raises(ValidationError, match="same length"):
        stats.cluster_bootstrap([1, 2], [1])
    with pytest.raises(ValidationError, match="random_state"):
        stats.cluster_bootstrap([1, 2], random_state="x")


@given(st.lists(st.tuples(st.integers(0, 10), st.integers(0, 10)), min_size=1, max_size=12),
       st.integers(0, 2**16))
@settings(max_examples=60, deadline=None)
def test_cluster_bootstrap_share_contains_estimate_within_unit_interval(pairs, seed):
    num = [min(a, b) for a, b in pairs]
    den = [max(a, b) for a, b in pairs]
    est, lo, hi = stats.cluster_bootstrap(num, den, n_resamples=200, random_state=seed)
    if sum(den) == 0:
        assert math.isnan(est)
    else:
        assert 0.0 <= lo <= est <= hi <= 1.0


# ----------------------------------------------------------------------------- Fisher
@pytest.mark.parametrize("table", [
    [[3, 1], [1, 3]],       # lady tasting tea
    [[1, 9], [11, 3]],      # classic example of scipy's and R's docs
    [[8, 2], [1, 5]],
    [[0, 5], [5, 0]],
    [[0, 0], [3, 4]],
])
def test_fisher_matches_scipy(table):
    (a, b), (c, d) = table
    assert stats.fisher_exact(a, b, c, d) == pytest.approx(sps.fisher_exact(table)[1])


def test_fisher_known_values():
    assert stats.fisher_exact(3, 1, 1, 3) == pytest.approx(0.4857, abs=1e-4)
    assert stats.fisher_exact(1, 9, 11, 3) == pytest.approx(0.002759, abs=1e-6)


def test_fisher_rejects_negative_or_fractional():
    with pytest.raises(ValidationError, match="2x2"):
        stats.fisher_exact(-1, 2, 3, 4)
    with pytest.raises(ValidationError, match="2x2"):
        stats.fisher_exact(1.5, 2, 3, 4)


def test_fisher_one_vs_rest_builds_the_right_tables():
    t = pd.DataFrame({"group": ["a", "a", "b", "c", "c"], "label": ["x", "y", "x", "x", "y"],
                      "count": [6, 0, 1, 2, 3]})
    r = stats.fisher_one_vs_rest(t)
    assert list(r.columns) == ["label", "group", "count", "total", "rest_count", "rest_total", "p_value"]
    row = r[(r.label == "x") & (r.group == "a")].iloc[0]
    assert (row["count"], row["total"], row["rest_count"], row["rest_total"]) == (6, 6, 3, 6)
    assert row["p_value"] == pytest.approx(sps.fisher_exact([[6, 0], [3, 3]])[1])
    # b never says y: a zero row is there
    assert r[(r.label == "y") & (r.group == "b")]["count"].iloc[0] == 0
    assert r[["label", "group"]].values.tolist() == sorted(r[["label", "group"]].values.tolist())


def test_fisher_one_vs_rest_missing_column():
    with pytest.raises(ValidationError, match="'count'"):
        stats.fisher_one_vs_rest(pd.DataFrame({"group": ["a"], "label": ["x"]}))


# ----------------------------------------------------------------------------- permutation
def test_permutation_exact_by_enumeration():
    # 4 articles, 2 per group: 6 relabellings, 2 of which separate the labels completely
    r = stats.permutation_test([[3, 0], [2, 0], [0, 4], [0, 1]], ["a", "a", "b", "b"])
    assert r["method"] == "permutation (exact)" and r["n_resamples"] == 6
    assert r["p_value"] == pytest.approx(2 / 6)


def test_permutation_identical_groups_give_p_one():
    r = stats.permutation_test([[1, 1], [1, 1], [1, 1], [1, 1]], ["a", "b", "a", "b"])
    assert r["p_value"] == 1.0


def test_permutation_monte_carlo_is_seeded_and_small_for_clear_difference():
    X = [[5, 0]] * 8 + [[0, 5]] * 8
    g = ["a"] * 8 + ["b"] * 8
    r1 = stats.permutation_test(X, g, n_resamples=300, random_state=1)
    r2 = stats.permutation_test(X, g, n_resamples=300, random_state=1)
    assert r1 == r2
    assert r1["method"] == "permutation (monte carlo)"
    assert r1["p_value"] == pytest.approx(1 / 301)  # never zero


def test_permutation_undefined_cases():
    assert math.isnan(stats.permutation_test([[1, 0], [2, 0]], ["a", "b"])["p_value"])  # one category
    assert math.isnan(stats.permutation_test([[1, 2], [2, 1]], ["a", "a"])["p_value"])  # one group
    with pytest.raises(ValidationError, match="one group per article"):
        stats.permutation_test([[1, 2]], ["a", "b"])


def test_permutation_one_vs_rest_exact_and_nan():
    r = stats.permutation_one_vs_rest([[3, 0], [2, 0], [0, 4], [0, 1]], ["a", "a", "b", "b"], categories=["x", "y"])
    assert list(r.columns) == ["category", "group", "statistic", "p_value", "exact"]
    assert r["exact"].all() and r["p_value"].tolist() == pytest.approx([1 / 3] * 4)
    assert r["statistic"].tolist() == pytest.approx([1.0] * 4)
    # a group with no counts: share undefined, p nan
    r = stats.permutation_one_vs_rest([[1, 0], [0, 1], [0, 0]], ["a", "b", "c"])
    assert r[r.group == "c"]["p_value"].isna().all()


def test_permutation_one_vs_rest_clustered_mentions_are_weak_evidence():
    # one article repeats a label 30 times: Fisher on mentions is sure, articles are not
    X = [[30, 0], [0, 1], [0, 1], [0, 1], [1, 1], [0, 1]]
    g = ["a", "a", "b", "b", "b", "b"]
    r = stats.permutation_one_vs_rest(X, g, categories=["x", "y"])
    p_perm = r[(r.group == "a") & (r.category == "x")]["p_value"].iloc[0]
    p_fisher = stats.fisher_exact(30, 1, 1, 4)
    assert p_fisher < 0.001 < 0.2 < p_perm


def test_permutation_one_vs_rest_monte_carlo_seeded():
    X = np.array([[5, 0]] * 8 + [[0, 5]] * 8)
    g = ["a"] * 8 + ["b"] * 8
    r1 = stats.permutation_one_vs_rest(X, g, n_resamples=200, random_state=4)
    r2 = stats.permutation_one_vs_rest(X, g, n_resamples=200, random_state=4)
    pd.testing.assert_frame_equal(r1, r2)
    assert not r1["exact"].any() and r1["p_value"].tolist() == pytest.approx([1 / 201] * 4)
    with pytest.raises(ValidationError, match="categories"):
        stats.permutation_one_vs_rest(X, g, categories=["x"])


# ----------------------------------------------------------------------------- BH
def test_benjamini_hochberg_hand_computed():
    # sorted p: 0.005 0.01 0.03 0.04 0.2 (m = 5); m p / i = .025 .025 .05 .05 .2; cummin from the top
    p = [0.01, 0.04, 0.005, 0.2, 0.03]
    q = stats.benjamini_hochberg(p)
    assert q.tolist() == pytest.approx([0.025, 0.05, 0.025, 0.2, 0.05])


def test_benjamini_hochberg_nan_and_cap():
    q = stats.benjamini_hochberg([0.9, np.nan, 0.8])
    assert math.isnan(q[1]) and q[0] == pytest.approx(0.9) and q[2] == pytest.approx(0.9)
    with pytest.raises(ValidationError, match="p-values"):
        stats.benjamini_hochberg([1.2])


def test_benjamini_hochberg_matches_scipy():
    rng = np.random.default_rng(0)
    p = rng.uniform(size=40) ** 2
    assert stats.benjamini_hochberg(p) == pytest.approx(sps.false_discovery_control(p, method="bh"))


@given(st.lists(st.floats(0, 1), min_size=1, max_size=50))
@settings(max_examples=150, deadline=None)
def test_benjamini_hochberg_properties(p):
    q = stats.benjamini_hochberg(p)
    p = np.asarray(p)
    assert np.all(q >= p - 1e-12) and np.all(q <= 1.0)
    order = np.argsort(p, kind="stable")
    assert np.all(np.diff(q[order]) >= -1e-12)  # monotone in p


# ----------------------------------------------------------------------------- JSD
@pytest.mark.parametrize("p, q, expected", [
    ([1, 2, 3], [1, 2, 3], 0.0),
    ([1, 2, 3], [10, 20, 30], 0.0),
    ([1, 0], [0, 1], 1.0),
    ([3, 0, 0], [0, 2, 5], 1.0),
    ([1, 1], [1, 0], 0.3113),   # H(3/4,1/4) - 1/2
])
def test_jensen_shannon_known_values(p, q, expected):
    assert stats.jensen_shannon(p, q) == pytest.approx(expected, abs=1e-4)


def test_jensen_shannon_matches_scipy_squared_distance():
    from scipy.spatial.distance import jensenshannon

    a, b = [5, 1, 0, 2], [1, 1, 4, 0]
    assert stats.jensen_shannon(a, b) == pytest.approx(jensenshannon(a, b, base=2) ** 2)


def test_jensen_shannon_smoothing_shrinks_and_checks():
    assert stats.jensen_shannon([1, 0], [0, 1], smoothing=1.0) < 1.0
    with pytest.raises(ValidationError, match="smoothing"):
        stats.jensen_shannon([1, 0], [0, 1], smoothing=-1)
    with pytest.raises(ValidationError, match="same categories"):
        stats.jensen_shannon([1, 0], [0, 1, 2])
    assert math.isnan(stats.jensen_shannon([0, 0], [1, 1]))


@given(st.lists(st.tuples(st.integers(0, 20), st.integers(0, 20)), min_size=1, max_size=8))
@settings(max_examples=100, deadline=None)
def test_jensen_shannon_bounded_and_symmetric(pairs):
    a = [x for x, _ in pairs]
    b = [y for _, y in pairs]
    if sum(a) == 0 or sum(b) == 0:
        return
    d = stats.jensen_shannon(a, b)
    assert 0.0 <= d <= 1.0
    assert d == pytest.approx(stats.jensen_shannon(b, a))


def test_divergence_table_and_cluster_order():
    t = pd.DataFrame({"referent": ["r"] * 6 + ["s"] * 2, "group": ["a", "a", "b", "c", "c", "d", "a", "b"],
                      "label": ["x", "y", "x", "z", "x", "z", "u", "u"], "count": [1, 1, 2, 5, 0, 4, 1, 3]})
    d = stats.divergence_table(t)
    assert list(d.columns) == ["referent", "group_a", "group_b", "jsd"]
    row = d[(d.referent == "r") & (d.group_a == "c") & (d.group_b == "d")]
    assert row["jsd"].iloc[0] == 0.0
    assert d[(d.referent == "s")]["jsd"].tolist() == [0.0]
    order = stats.cluster_order(d[d.referent == "r"])
    assert abs(order.index("c") - order.index("d")) == 1
    assert abs(order.index("a") - order.index("b")) == 1
    assert stats.cluster_order(d, groups=["b", "a"]) == ["a", "b"]


# ----------------------------------------------------------------------------- log-odds
def _lo_table():
    return pd.DataFrame({"group": ["ptv"] * 3 + ["afp"] * 3 + ["voa"] * 2,
                         "term": ["terrorists", "deal", "zones", "rebels", "deal", "zones", "deal", "zones"],
                         "count": [12, 5, 4, 10, 5, 4, 6, 5]})


def test_log_odds_signs_and_columns():
    r = stats.log_odds_dirichlet(_lo_table(), alpha0=20)
    assert list(r.columns) == ["group", "term", "log_odds", "z", "count", "comparison"]
    ovr = r[r.comparison == "one-vs-rest"].set_index(["group", "term"])
    assert ovr.loc[("ptv", "terrorists"), "z"] > 1.96
    assert ovr.loc[("afp", "rebels"), "z"] > 1.96
    assert ovr.loc[("ptv", "rebels"), "z"] < 0
    assert ovr.loc[("voa", "terrorists"), "z"] < 0
    assert ovr.loc[("ptv", "terrorists"), "count"] == 12
    assert set(r.comparison) == {"one-vs-rest", "vs:afp", "vs:ptv", "vs:voa"}


def test_log_odds_pairwise_antisymmetric():
    r = stats.log_odds_dirichlet(_lo_table(), alpha0=50)
    a = r[(r.group == "ptv") & (r.comparison == "vs:afp")].set_index("term")
    b = r[(r.group == "afp") & (r.comparison == "vs:ptv")].set_index("term")
    assert np.allclose(a["z"], -b.loc[a.index, "z"])
    assert np.allclose(a["log_odds"], -b.loc[a.index, "log_odds"])


def test_log_odds_matches_monroe_formula_by_hand():
    t = pd.DataFrame({"group": ["a", "a", "b", "b"], "term": ["w", "v", "w", "v"], "count": [8, 2, 3, 7]})
    r = stats.log_odds_dirichlet(t, alpha0=4, pairwise=True)
    # prior: pooled counts w = 11, v = 9 of 20, scaled to 4 -> a_w = 2.2
    aw, a0 = 2.2, 4
    d = math.log((8 + aw) / (10 + a0 - 8 - aw)) - math.log((3 + aw) / (10 + a0 - 3 - aw))
    z = d / math.sqrt(1 / (8 + aw) + 1 / (3 + aw))
    row = r[(r.group == "a") & (r.term == "w") & (r.comparison == "vs:b")].iloc[0]
    assert row["log_odds"] == pytest.approx(d) and row["z"] == pytest.approx(z)
    # with two groups one-vs-rest is the pairwise comparison
    ovr = r[(r.group == "a") & (r.term == "w") & (r.comparison == "one-vs-rest")].iloc[0]
    assert ovr["z"] == pytest.approx(z)


def test_log_odds_stronger_prior_shrinks():
    weak = stats.log_odds_dirichlet(_lo_table(), alpha0=5, pairwise=False)
    strong = stats.log_odds_dirichlet(_lo_table(), alpha0=5000, pairwise=False)
    k = ["group", "term"]
    w = weak.set_index(k).loc[("ptv", "terrorists"), "log_odds"]
    s = strong.set_index(k).loc[("ptv", "terrorists"), "log_odds"]
    assert 0 < s < w


def test_log_odds_explicit_prior_and_errors():
    r = stats.log_odds_dirichlet(_lo_table(), prior={"deal": 100, "zones": 100}, alpha0=10, pairwise=False)
    assert r["z"].notna().all()
    with pytest.raises(ValidationError, match="alpha0"):
        stats.log_odds_dirichlet(_lo_table(), alpha0=0)
    with pytest.raises(ValidationError, match="'term'"):
        stats.log_odds_dirichlet(pd.DataFrame({"group": ["a"], "count": [1]}))
    assert stats.log_odds_dirichlet(_lo_table().iloc[:0]).empty


def test_low_count_warnings():
    t = pd.DataFrame({"group": ["a", "b", "c", "d"], "referent": ["r"] * 4, "total": [0, 4, 5, 1]})
    w = stats.low_count_warnings(t, what="label mentions")
    assert w == ["low count: 4 label mentions for r in b (fewer than 5); its shares and tests are fragile",
                 "low count: 1 label mention for r in d (fewer than 5); its shares and tests are fragile"]


def test_docstring_examples_run():
    import doctest

    result = doctest.testmod(stats, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 15 and result.failed == 0
