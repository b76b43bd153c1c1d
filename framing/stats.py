"""Statistics for comparing outlets: pure functions over count tables.

Every function here takes counts (numbers, arrays or tidy DataFrames) and returns numbers or tidy
DataFrames with fixed column names, sorted deterministically; anything random takes a
``random_state``. Nothing reads files or touches global state. :mod:`framing.compare` builds the
comparison tables from these pieces.

Methods and citations
---------------------
- :func:`wilson_interval`: Wilson (1927) score interval for a proportion; recommended for small
  samples by Brown, Cai & DasGupta (2001), Statistical Science 16(2).
- :func:`cluster_bootstrap`: percentile bootstrap (Efron & Tibshirani 1993) resampling whole
  articles (clusters), not mentions, since the mentions within one article are not independent
  (Field & Welsh 2007, JRSS B 69(3)).
- :func:`fisher_exact`: Fisher's exact test of a 2x2 table (one group against the rest), two-sided,
  via :func:`scipy.stats.fisher_exact`.
- :func:`permutation_test`: a permutation test over articles for k groups: the statistic is the
  chi-square statistic of the pooled group x category table; group labels of articles are
  permuted (group sizes kept). When the number of distinct relabellings is at most
  ``n_resamples`` they are all enumerated and the p-value is exact (Good 2005, Permutation,
  Parametric and Bootstrap Tests of Hypotheses); otherwise ``(1 + #{T* >= T}) / (1 + B)``
  (Phipson & Smyth 2010).
- :func:`permutation_one_vs_rest`: the same relabelling of articles, per group and category,
  with the statistic ``|share in the group - share in the rest|``: the cluster-aware counterpart
  of Fisher's one-vs-rest test.
- :func:`benjamini_hochberg`: false-discovery-rate adjusted p-values (q-values) of Benjamini &
  Hochberg (1995), JRSS B 57(1).
- :func:`jensen_shannon`: Jensen-Shannon divergence (Lin 1991, IEEE Trans. Inf. Theory 37(1)) in
  base 2, so it lies in [0, 1]: 0 for identical distributions, 1 for disjoint ones.
- :func:`cluster_order`: average-linkage hierarchical clustering (scipy) of a divergence matrix,
  leaves in optimal order (Bar-Joseph, Gifford & Jaakkola 2001).
- :func:`log_odds_dirichlet`: weighted log-odds ratio with an informative Dirichlet prior, with
  z-scores (Monroe, Colaresi & Quinn 2008, "Fightin' Words", Political Analysis 16(4), eq. 22),
  for k groups one-vs-rest and pairwise.

Known limits: the Wilson interval and Fisher's test treat mentions as independent draws; an
outlet that repeats one label many times in one article looks more certain than it is (the
cluster bootstrap and the permutation test over articles do not have this problem, but they
cannot say much with one or two articles per group). With a handful of articles no test has much
power: a large q-value means "not shown", not "no difference".
"""

from __future__ import annotations

import itertools
import math
from collections import Counter

import numpy as np
import pandas as pd

from .errors import ValidationError

__all__ = [
    "wilson_interval",
    "cluster_bootstrap",
    "fisher_exact",
    "fisher_one_vs_rest",
    "permutation_test",
    "permutation_one_vs_rest",
    "benjamini_hochberg",
    "jensen_shannon",
    "divergence_table",
    "cluster_order",
    "log_odds_dirichlet",
    "low_count_warnings",
]


def _rng(random_state):
    if isinstance(random_state, np.random.Generator):
        return random_state
    if random_state is not None and not isinstance(random_state, (int, np.integer)):
        raise ValidationError(f"random_state must be an int, a numpy Generator or None. Got {random_state!r} instead.",
                              field="random_state")
    return np.random.default_rng(random_state)


def _check_confidence(confidence):
    if not isinstance(confidence, (int, float)) or not 0 < confidence < 1:
        raise ValidationError(f"confidence must be a number between 0 and 1 (exclusive). Got {confidence!r} instead.",
                              field="confidence")


# ----------------------------------------------------------------------------- intervals
def wilson_interval(count, total, *, confidence: float = 0.95):
    """Wilson score interval for the proportion ``count / total``.

    Method: Wilson, E. B. (1927), "Probable inference, the law of succession, and statistical
    inference", JASA 22(158); recommended for small n by Brown, Cai & DasGupta (2001).

    Parameters
    ----------
    count, total : int or array-like of int
        Successes and trials; ``0 <= count <= total``. Where ``total == 0`` the interval is
        ``(nan, nan)``.
    confidence : float, default 0.95

    Returns
    -------
    (low, high) : floats, or numpy arrays for array input

    Examples
    --------
    >>> low, high = wilson_interval(3, 10)
    >>> round(low, 4), round(high, 4)
    (0.1078, 0.6032)
    >>> [round(x, 4) for x in wilson_interval(0, 5)]
    [0.0, 0.4345]
    """
    from scipy.stats import norm

    _check_confidence(confidence)
    c = np.asarray(count, dtype=float)
    n = np.asarray(total, dtype=float)
    if np.any(c < 0) or np.any(n < 0) or np.any(c > n):
        raise ValidationError(f"counts must satisfy 0 <= count <= total. Got count={count!r}, total={total!r}.",
                              field="count")
    z = norm.ppf(0.5 + confidence / 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = c / n
        denom = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
        low = np.clip(centre - half, 0.0, 1.0)
        high = np.clip(centre + half, 0.0, 1.0)
    # exact ends: the interval always contains the estimate
    low = np.where(c == 0, 0.0, np.minimum(low, p))
    high = np.where(c == n, 1.0, np.maximum(high, p))
    low = np.where(n == 0, np.nan, low)
    high = np.where(n == 0, np.nan, high)
    if low.ndim == 0:
        return float(low), float(high)
    return low, high


def cluster_bootstrap(numerators, denominators=None, *, n_resamples: int = 2000, confidence: float = 0.95,
                      random_state=0):
    """Percentile bootstrap interval of a ratio of sums (or a mean) over clusters (articles).

    Each element is one article: the statistic is ``sum(numerators) / sum(denominators)`` (for
    example label mentions over referent mentions, or stance x mentions over mentions), or the
    mean of ``numerators`` when ``denominators`` is None. Articles are resampled with replacement,
    never individual mentions, because mentions within an article are not independent.

    Method: Efron & Tibshirani (1993), An Introduction to the Bootstrap, ch. 13 (percentile
    interval); resampling clusters: Field & Welsh (2007), JRSS B 69(3).

    Parameters
    ----------
    numerators : array-like of float, one per article
    denominators : array-like of float, optional
        One per article; resamples whose denominator sums to 0 are dropped.
    n_resamples : int, default 2000
    confidence : float, default 0.95
    random_state : int, numpy Generator or None, default 0

    Returns
    -------
    (estimate, low, high) : floats (nan when there is nothing to estimate). With one article the
    interval collapses to the estimate: the bootstrap cannot see between-article variation.

    Examples
    --------
    >>> est, lo, hi = cluster_bootstrap([2, 0, 1], [2, 2, 2], random_state=0)
    >>> round(est, 3), 0.0 <= lo <= est <= hi <= 1.0
    (0.5, True)
    >>> cluster_bootstrap([3.0], random_state=0)
    (3.0, 3.0, 3.0)
    """
    _check_confidence(confidence)
    if not isinstance(n_resamples, (int, np.integer)) or n_resamples < 1:
        raise ValidationError(f"n_resamples must be an int >= 1. Got {n_resamples!r} instead.", field="n_resamples")
    num = np.asarray(numerators, dtype=float).ravel()
    den = np.ones_like(num) if denominators is None else np.asarray(denominators, dtype=float).ravel()
    if num.shape != den.shape:
        raise ValidationError("numerators and denominators must have the same length", field="denominators")
    if not len(num) or den.sum() == 0:
        return (math.nan, math.nan, math.nan)
    est = float(num.sum() / den.sum())
    if len(num) == 1:
        return (est, est, est)
    rng = _rng(random_state)
    idx = rng.integers(0, len(num), size=(int(n_resamples), len(num)))
    sn, sd = num[idx].sum(axis=1), den[idx].sum(axis=1)
    ok = sd > 0
    if not ok.any():
        return (est, math.nan, math.nan)
    stats = sn[ok] / sd[ok]
    alpha = (1 - confidence) / 2
    lo, hi = np.quantile(stats, [alpha, 1 - alpha])
    return (est, float(min(lo, est)), float(max(hi, est)))


# ----------------------------------------------------------------------------- tests
def fisher_exact(a: int, b: int, c: int, d: int) -> float:
    """Two-sided p-value of Fisher's exact test for the 2x2 table ``[[a, b], [c, d]]``.

    Method: Fisher (1922); computed by :func:`scipy.stats.fisher_exact` (two-sided: the sum of the
    probabilities of tables no more likely than the observed one).

    Examples
    --------
    The lady tasting tea (Fisher 1935): 3 of 4 cups right each way.

    >>> round(fisher_exact(3, 1, 1, 3), 4)
    0.4857
    """
    from scipy.stats import fisher_exact as _fe

    cells = [a, b, c, d]
    if any((not float(x).is_integer()) or x < 0 for x in cells):
        raise ValidationError(f"a 2x2 table needs counts >= 0. Got {cells!r}.", field="count")
    return float(_fe([[int(a), int(b)], [int(c), int(d)]], alternative="two-sided")[1])


def fisher_one_vs_rest(counts: pd.DataFrame, *, group: str = "group", category: str = "label",
                       count: str = "count") -> pd.DataFrame:
    """Fisher's exact test of each (group, category) against the other groups pooled.

    For each group and category the 2x2 table is
    ``[[count, total - count], [rest_count, rest_total - rest_count]]`` where ``total`` is the
    group's count over all categories and ``rest_*`` are the same for the other groups.

    Method: Fisher's exact test (see :func:`fisher_exact`); mentions are treated as independent.

    Parameters
    ----------
    counts : DataFrame
        One row per (group, category) with a non-negative ``count``; other columns are ignored.
    group, category, count : str
        Column names.

    Returns
    -------
    DataFrame with columns ``category, group, count, total, rest_count, rest_total, p_value``
    (``category`` renamed to the given name), sorted by category then group.

    Examples
    --------
    >>> t = pd.DataFrame({"group": ["a", "a", "b", "b"], "label": ["x", "y", "x", "y"],
    ...                   "count": [3, 1, 1, 3]})
    >>> r = fisher_one_vs_rest(t)
    >>> r[["label", "group", "count", "rest_count"]].values.tolist()
    [['x', 'a', 3, 1], ['x', 'b', 1, 3], ['y', 'a', 1, 3], ['y', 'b', 3, 1]]
    >>> round(float(r["p_value"].iloc[0]), 4)
    0.4857
    """
    cols = [category, "group", "count", "total", "rest_count", "rest_total", "p_value"]
    for c in (group, category, count):
        if c not in counts.columns:
            raise ValidationError(f"the count table has no '{c}' column", field=c)
    if not len(counts):
        return pd.DataFrame(columns=cols)
    t = counts.groupby([group, category], sort=True)[count].sum().unstack(fill_value=0)
    totals = t.sum(axis=1)
    grand = t.sum(axis=0)
    all_total = int(totals.sum())
    rows = []
    for cat in t.columns:
        for g in t.index:
            k, n = int(t.at[g, cat]), int(totals[g])
            rk, rn = int(grand[cat]) - k, all_total - n
            rows.append({category: cat, "group": g, "count": k, "total": n, "rest_count": rk, "rest_total": rn,
                         "p_value": fisher_exact(k, n - k, rk, rn - rk)})
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values([category, "group"], kind="stable").reset_index(drop=True)


def _chi2_stat(table: np.ndarray) -> float:
    rs = table.sum(axis=1, keepdims=True)
    cs = table.sum(axis=0, keepdims=True)
    n = table.sum()
    if n == 0:
        return 0.0
    exp = rs * cs / n
    with np.errstate(invalid="ignore", divide="ignore"):
        terms = np.where(exp > 0, (table - exp) ** 2 / exp, 0.0)
    return float(terms.sum())


def _multiset_permutations(items):
    """Distinct orderings of a multiset, in lexicographic order."""
    counts = Counter(items)
    keys = sorted(counts)
    n = len(items)
    out = []

    def rec(prefix):
        if len(prefix) == n:
            out.append(tuple(prefix))
            return
        for k in keys:
            if counts[k]:
                counts[k] -= 1
                prefix.append(k)
                rec(prefix)
                prefix.pop()
                counts[k] += 1

    rec([])
    return out


def _n_distinct(labels) -> int:
    n = math.factorial(len(labels))
    for c in Counter(labels).values():
        n //= math.factorial(c)
    return n


def _article_table(article_counts, groups, n_resamples):
    """Check the inputs of the permutation tests; return (counts as float array, groups as list)."""
    X = np.asarray(article_counts, dtype=float)
    if X.ndim != 2:
        raise ValidationError("article_counts must be a 2-D table (articles x categories)", field="article_counts")
    g = list(groups)
    if len(g) != X.shape[0]:
        raise ValidationError("groups must give one group per article", field="groups")
    if not isinstance(n_resamples, (int, np.integer)) or n_resamples < 1:
        raise ValidationError(f"n_resamples must be an int >= 1. Got {n_resamples!r} instead.", field="n_resamples")
    return X, g


def permutation_test(article_counts, groups, *, n_resamples: int = 2000, random_state=0) -> dict:
    """Do k groups of articles differ in how their counts spread over categories?

    The statistic is the chi-square statistic of the pooled group x category table; the null
    distribution comes from relabelling articles (group sizes kept), so mentions within an article
    stay together. When there are at most ``n_resamples`` distinct relabellings all are enumerated
    and the p-value is exact; otherwise ``n_resamples`` random relabellings give
    ``(1 + #{T* >= T}) / (1 + n_resamples)``.

    Method: Good (2005), Permutation, Parametric and Bootstrap Tests of Hypotheses, 3rd ed.;
    Phipson & Smyth (2010), "Permutation p-values should never be zero", SAGMB 9(1).

    Parameters
    ----------
    article_counts : array-like, shape (n_articles, n_categories)
        Counts per article and category.
    groups : sequence, length n_articles
        The group of each article.
    n_resamples : int, default 2000
    random_state : int, numpy Generator or None, default 0

    Returns
    -------
    dict with ``statistic``, ``p_value``, ``method`` ("permutation (exact)" or
    "permutation (monte carlo)") and ``n_resamples`` (relabellings used). ``p_value`` is nan when
    there are fewer than two groups or two categories with counts.

    Examples
    --------
    Two articles per group, each group using only its own label:

    >>> r = permutation_test([[3, 0], [2, 0], [0, 4], [0, 1]], ["a", "a", "b", "b"])
    >>> r["method"], round(r["p_value"], 4)
    ('permutation (exact)', 0.3333)
    """
    X, g = _article_table(article_counts, groups, n_resamples)
    keys = sorted(set(map(str, g)))
    codes = np.array([keys.index(str(x)) for x in g], dtype=int)
    nan = {"statistic": math.nan, "p_value": math.nan, "method": "permutation", "n_resamples": 0}
    if len(keys) < 2 or (X.sum(axis=0) > 0).sum() < 2:
        return nan

    def stat(c):
        table = np.zeros((len(keys), X.shape[1]))
        np.add.at(table, c, X)
        return _chi2_stat(table)

    observed = stat(codes)
    eps = 1e-9 * max(1.0, abs(observed))
    if _n_distinct(codes.tolist()) <= n_resamples:
        perms = _multiset_permutations(codes.tolist())
        null = np.array([stat(np.array(p)) for p in perms])
        p = float((null >= observed - eps).mean())
        return {"statistic": observed, "p_value": p, "method": "permutation (exact)", "n_resamples": len(perms)}
    rng = _rng(random_state)
    hits = 0
    for _ in range(int(n_resamples)):
        if stat(rng.permutation(codes)) >= observed - eps:
            hits += 1
    return {"statistic": observed, "p_value": (1 + hits) / (1 + int(n_resamples)),
            "method": "permutation (monte carlo)", "n_resamples": int(n_resamples)}


def permutation_one_vs_rest(article_counts, groups, *, categories=None, n_resamples: int = 2000,
                            random_state=0) -> pd.DataFrame:
    """Per group and category: does the group's share differ from the other groups'? Articles are permuted.

    The statistic is ``|share in the group - share in the other groups|`` where a share is the
    category's count over all counts, summed over the articles of each side. The null
    distribution relabels whole articles (group sizes kept), so it respects the clustering of
    mentions within articles that Fisher's test ignores. Exact by enumeration when there are at
    most ``n_resamples`` distinct relabellings, else Monte Carlo with ``(1 + hits) / (1 + B)``.

    Method: Good (2005), Permutation, Parametric and Bootstrap Tests of Hypotheses; Phipson &
    Smyth (2010), SAGMB 9(1).

    Parameters
    ----------
    article_counts : array-like, shape (n_articles, n_categories)
    groups : sequence, length n_articles
    categories : sequence, optional
        Names of the columns (default 0..n-1).
    n_resamples : int, default 2000
    random_state : int, numpy Generator or None, default 0

    Returns
    -------
    DataFrame with columns ``category, group, statistic, p_value, exact`` sorted by category and
    group (p_value nan where a side has no counts).

    Examples
    --------
    >>> r = permutation_one_vs_rest([[3, 0], [2, 0], [0, 4], [0, 1]], ["a", "a", "b", "b"],
    ...                             categories=["x", "y"])
    >>> r[["category", "group", "p_value"]].round(4).values.tolist()
    [['x', 'a', 0.3333], ['x', 'b', 0.3333], ['y', 'a', 0.3333], ['y', 'b', 0.3333]]
    """
    X, g = _article_table(article_counts, groups, n_resamples)
    cats = list(range(X.shape[1])) if categories is None else list(categories)
    if len(cats) != X.shape[1]:
        raise ValidationError("categories must name every column of article_counts", field="categories")
    keys = sorted(set(map(str, g)))
    codes = np.array([keys.index(str(x)) for x in g], dtype=int)
    G = len(keys)

    def stat(c):
        T = np.zeros((G, X.shape[1]))
        np.add.at(T, c, X)
        tot = T.sum(axis=1, keepdims=True)
        rest = T.sum(axis=0, keepdims=True) - T
        rest_tot = tot.sum() - tot
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.abs(T / tot - rest / rest_tot)

    obs = stat(codes)
    hits = np.zeros_like(obs)
    if _n_distinct(codes.tolist()) <= n_resamples:
        perms = [np.array(p) for p in _multiset_permutations(codes.tolist())]
        exact = True
    else:
        rng = _rng(random_state)
        perms = [rng.permutation(codes) for _ in range(int(n_resamples))]
        exact = False
    tol = 1e-9 * np.maximum(1.0, np.nan_to_num(obs))
    for c in perms:
        s = stat(c)
        hits += np.nan_to_num(s >= obs - tol).astype(float) * ~np.isnan(s)
    p = hits / len(perms) if exact else (1 + hits) / (1 + len(perms))
    p = np.where(np.isnan(obs), np.nan, np.minimum(p, 1.0))
    rows = [{"category": cats[j], "group": keys[i], "statistic": float(obs[i, j]), "p_value": float(p[i, j]),
             "exact": exact} for j in range(len(cats)) for i in range(G)]
    out = pd.DataFrame(rows, columns=["category", "group", "statistic", "p_value", "exact"])
    return out.sort_values(["category", "group"], kind="stable", key=lambda s: s.astype(str)).reset_index(drop=True)


def benjamini_hochberg(p_values) -> np.ndarray:
    """Benjamini-Hochberg false-discovery-rate adjusted p-values (q-values).

    ``q_(i) = min_{j >= i} min(1, m p_(j) / j)`` over the p-values sorted ascending; nan p-values
    are left out of ``m`` and stay nan.

    Method: Benjamini & Hochberg (1995), "Controlling the false discovery rate", JRSS B 57(1).

    Examples
    --------
    >>> benjamini_hochberg([0.01, 0.04, 0.03, 0.20]).round(4).tolist()
    [0.04, 0.0533, 0.0533, 0.2]
    """
    p = np.asarray(p_values, dtype=float).ravel()
    q = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    if np.any((p[ok] < 0) | (p[ok] > 1)):
        raise ValidationError("p-values must lie in [0, 1]", field="p_value")
    m = int(ok.sum())
    if m == 0:
        return q
    pv = p[ok]
    order = np.argsort(pv, kind="stable")
    ranked = pv[order] * m / np.arange(1, m + 1)
    ranked = np.minimum.accumulate(ranked[::-1])[::-1]
    adj = np.empty(m)
    adj[order] = np.minimum(ranked, 1.0)
    q[ok] = adj
    return q


# ----------------------------------------------------------------------------- divergence
def jensen_shannon(p, q, *, smoothing: float = 0.0) -> float:
    """Jensen-Shannon divergence (base 2) between two count or probability vectors.

    ``JSD(P, Q) = H(M) - (H(P) + H(Q)) / 2`` with ``M = (P + Q) / 2``; in base 2 it lies in
    [0, 1]: 0 when the distributions are identical, 1 when they share no category. Counts are
    normalised to sum to 1. Zeros need no smoothing (``0 log 0 = 0`` and ``M > 0`` wherever
    ``P`` or ``Q`` is), so the default is none; ``smoothing`` adds that pseudo-count to every
    category of both vectors first (additive/Lidstone smoothing), which pulls divergences based on
    a few mentions towards 0.

    Method: Lin (1991), "Divergence measures based on the Shannon entropy", IEEE Trans. Inf.
    Theory 37(1).

    Examples
    --------
    >>> jensen_shannon([2, 1], [4, 2])
    0.0
    >>> jensen_shannon([1, 0], [0, 3])
    1.0
    >>> round(jensen_shannon([1, 0], [0, 3], smoothing=0.5), 4)
    0.3113
    """
    a = np.asarray(p, dtype=float).ravel()
    b = np.asarray(q, dtype=float).ravel()
    if a.shape != b.shape:
        raise ValidationError("the two distributions must have the same categories", field="q")
    if not isinstance(smoothing, (int, float)) or smoothing < 0:
        raise ValidationError(f"smoothing must be a number >= 0. Got {smoothing!r} instead.", field="smoothing")
    if np.any(a < 0) or np.any(b < 0):
        raise ValidationError("counts must be >= 0", field="count")
    a, b = a + smoothing, b + smoothing
    if a.sum() == 0 or b.sum() == 0:
        return math.nan
    a, b = a / a.sum(), b / b.sum()
    m = (a + b) / 2

    def h(x):
        x = x[x > 0]
        return float(-(x * np.log2(x)).sum())

    return float(min(1.0, max(0.0, h(m) - (h(a) + h(b)) / 2)))


def divergence_table(counts: pd.DataFrame, *, by: str = "referent", group: str = "group", category: str = "label",
                     count: str = "count", smoothing: float = 0.0) -> pd.DataFrame:
    """Pairwise Jensen-Shannon divergence of groups' category distributions, per ``by`` value.

    Groups with no counts for a ``by`` value are left out of its pairs.

    Returns
    -------
    DataFrame with columns ``<by>, group_a, group_b, jsd`` (``group_a < group_b``), sorted by
    ``by``, ``group_a``, ``group_b``.

    Examples
    --------
    >>> t = pd.DataFrame({"referent": ["r"] * 4, "group": ["a", "a", "b", "c"],
    ...                   "label": ["x", "y", "x", "z"], "count": [1, 1, 2, 5]})
    >>> divergence_table(t).round(3).values.tolist()
    [['r', 'a', 'b', 0.311], ['r', 'a', 'c', 1.0], ['r', 'b', 'c', 1.0]]
    """
    cols = [by, "group_a", "group_b", "jsd"]
    for c in (by, group, category, count):
        if c not in counts.columns:
            raise ValidationError(f"the count table has no '{c}' column", field=c)
    rows = []
    for key, sub in counts.groupby(by, sort=True):
        t = sub.groupby([group, category], sort=True)[count].sum().unstack(fill_value=0)
        t = t[t.sum(axis=1) > 0]
        names = sorted(t.index, key=str)
        for ga, gb in itertools.combinations(names, 2):
            rows.append({by: key, "group_a": ga, "group_b": gb,
                         "jsd": jensen_shannon(t.loc[ga].values, t.loc[gb].values, smoothing=smoothing)})
    return pd.DataFrame(rows, columns=cols)


def cluster_order(divergence: pd.DataFrame, *, groups=None, method: str = "average") -> list:
    """Order groups so that similar ones sit together: hierarchical clustering on divergences.

    The divergences of each pair are averaged over the table's rows (e.g. over referents);
    missing pairs count as 0.5. The order is the leaf order of an average-linkage dendrogram with
    optimal leaf ordering.

    Method: scipy.cluster.hierarchy ``linkage`` and ``optimal_leaf_ordering`` (Bar-Joseph,
    Gifford & Jaakkola 2001, Bioinformatics 17 suppl. 1).

    Parameters
    ----------
    divergence : DataFrame with ``group_a``, ``group_b``, ``jsd``
    groups : list, optional
        All groups to order (default: those in the table).
    method : str, default "average"
        Any linkage method of scipy that accepts a distance matrix.

    Examples
    --------
    >>> d = pd.DataFrame({"group_a": ["a", "a", "b"], "group_b": ["b", "c", "c"], "jsd": [0.9, 0.1, 0.8]})
    >>> order = cluster_order(d)
    >>> abs(order.index("a") - order.index("c"))
    1
    """
    from scipy.cluster.hierarchy import leaves_list, linkage, optimal_leaf_ordering
    from scipy.spatial.distance import squareform

    names = list(groups) if groups is not None else sorted(
        set(divergence["group_a"]).union(divergence["group_b"]), key=str)
    names = sorted(dict.fromkeys(names), key=str)
    if len(names) < 3:
        return names
    pair = divergence.groupby(["group_a", "group_b"])["jsd"].mean() if len(divergence) else pd.Series(dtype=float)
    idx = {g: i for i, g in enumerate(names)}
    D = np.full((len(names), len(names)), 0.5)
    np.fill_diagonal(D, 0.0)
    for (a, b), v in pair.items():
        if a in idx and b in idx and not np.isnan(v):
            D[idx[a], idx[b]] = D[idx[b], idx[a]] = v
    y = squareform(D, checks=False)
    Z = linkage(y, method=method)
    Z = optimal_leaf_ordering(Z, y)
    return [names[i] for i in leaves_list(Z)]


# ----------------------------------------------------------------------------- distinctive terms
def log_odds_dirichlet(counts: pd.DataFrame, *, prior=None, alpha0: float = 1000.0, pairwise: bool = True,
                       group: str = "group", term: str = "term", count: str = "count") -> pd.DataFrame:
    """Weighted log-odds ratios with an informative Dirichlet prior, with z-scores, for k groups.

    For group ``i`` against ``j`` (another group, or all other groups pooled) and term ``w``::

        delta = log((y_iw + a_w) / (n_i + a0 - y_iw - a_w)) - log((y_jw + a_w) / (n_j + a0 - y_jw - a_w))
        var   = 1 / (y_iw + a_w) + 1 / (y_jw + a_w)
        z     = delta / sqrt(var)

    The prior ``a_w = alpha0 * b_w / sum(b)`` scales background counts ``b`` (by default the
    pooled counts of all groups, i.e. the corpus itself) to a total strength ``alpha0``: a larger
    ``alpha0`` shrinks rare terms more. ``z`` above about 1.96 marks a term the group uses more
    than the comparison beyond what chance and the prior allow. ``z(i vs j) = -z(j vs i)``.

    Method: Monroe, Colaresi & Quinn (2008), "Fightin' Words: Lexical feature selection and
    evaluation for identifying the content of political conflict", Political Analysis 16(4),
    section 3.5 (eqs. 16, 19-22); k-group one-vs-rest as in scattertext.

    Parameters
    ----------
    counts : DataFrame
        One row per (group, term) with a count >= 0.
    prior : mapping or Series term -> background count, optional
        Background corpus counts (terms missing from it get the smallest positive background
        count). Default: the pooled counts.
    alpha0 : float, default 1000
        Prior strength (total pseudo-count).
    pairwise : bool, default True
        Also compare every ordered pair of groups (``comparison`` = ``"vs:<other>"``).

    Returns
    -------
    DataFrame with columns ``group, term, log_odds, z, count, comparison`` (``count`` = the
    group's count of the term; ``comparison`` = ``"one-vs-rest"`` or ``"vs:<other group>"``),
    sorted by group, comparison, descending z, term.

    Examples
    --------
    >>> t = pd.DataFrame({"group": ["a", "a", "b", "b"], "term": ["rebels", "deal", "terrorists", "deal"],
    ...                   "count": [8, 5, 9, 5]})
    >>> r = log_odds_dirichlet(t, alpha0=10, pairwise=False)
    >>> r[r.group == "a"][["term", "comparison"]].values.tolist()[0]
    ['rebels', 'one-vs-rest']
    >>> bool(r[(r.group == "a") & (r.term == "terrorists")]["z"].iloc[0] < 0)
    True
    """
    cols = ["group", "term", "log_odds", "z", "count", "comparison"]
    for c in (group, term, count):
        if c not in counts.columns:
            raise ValidationError(f"the count table has no '{c}' column", field=c)
    if not isinstance(alpha0, (int, float)) or not alpha0 > 0:
        raise ValidationError(f"alpha0 must be a number > 0. Got {alpha0!r} instead.", field="alpha0")
    if not len(counts):
        return pd.DataFrame(columns=cols)
    t = counts.groupby([group, term], sort=True)[count].sum().unstack(fill_value=0).astype(float)
    if (t.values < 0).any():
        raise ValidationError("term counts must be >= 0", field=count)
    terms = t.columns
    if prior is None:
        bg = t.sum(axis=0)
    else:
        bg = pd.Series(prior, dtype=float).reindex(terms)
        pos = bg[bg > 0]
        fill = float(pos.min()) if len(pos) else 1.0
        bg = bg.fillna(fill).clip(lower=fill if (bg <= 0).any() else 0)
    if bg.sum() <= 0:
        return pd.DataFrame(columns=cols)
    a = (alpha0 * bg / bg.sum()).values
    a = np.where(a > 0, a, 1e-12)
    Y = t.values
    n = Y.sum(axis=1)
    groups = list(t.index)

    def delta(yi, ni, yj, nj):
        lo = np.log((yi + a) / (ni + alpha0 - yi - a)) - np.log((yj + a) / (nj + alpha0 - yj - a))
        var = 1.0 / (yi + a) + 1.0 / (yj + a)
        return lo, lo / np.sqrt(var)

    frames = []
    total = Y.sum(axis=0)
    for i, g in enumerate(groups):
        comps = []
        if len(groups) > 1:
            comps.append(("one-vs-rest", total - Y[i], n.sum() - n[i]))
        if pairwise:
            for j, h in enumerate(groups):
                if j != i:
                    comps.append((f"vs:{h}", Y[j], n[j]))
        for name, yj, nj in comps:
            lo, z = delta(Y[i], n[i], yj, nj)
            frames.append(pd.DataFrame({"group": g, "term": terms, "log_odds": lo, "z": z,
                                        "count": Y[i].astype(int), "comparison": name}))
    if not frames:
        return pd.DataFrame(columns=cols)
    out = pd.concat(frames, ignore_index=True)[cols]
    out["_one"] = out["comparison"] != "one-vs-rest"
    out = out.sort_values(["group", "_one", "comparison", "z", "term"], ascending=[True, True, True, False, True],
                          kind="stable").drop(columns="_one")
    return out.reset_index(drop=True)


# ----------------------------------------------------------------------------- warnings
def low_count_warnings(table: pd.DataFrame, *, what: str, count: str = "total", min_count: int = 5,
                       keys=("group", "referent")) -> list[str]:
    """Plain-language warnings for rows whose ``count`` column is below ``min_count`` (but > 0).

    Examples
    --------
    >>> t = pd.DataFrame({"group": ["afp", "voa"], "referent": ["armed_groups"] * 2, "total": [2, 9]})
    >>> low_count_warnings(t, what="label mentions")
    ['low count: 2 label mentions for armed_groups in afp (fewer than 5); its shares and tests are fragile']
    """
    out = []
    if not len(table):
        return out
    t = table.drop_duplicates(list(keys) + [count])
    t = t.sort_values(list(keys), kind="stable")
    for r in t.itertuples(index=False):
        r = r._asdict()
        n = r[count]
        if 0 < n < min_count:
            g = r.get("group")
            rest = [str(r[k]) for k in keys if k != "group"]
            where = (" for " + ", ".join(rest)) if rest else ""
            noun = what[:-1] if n == 1 and what.endswith("s") else what
            out.append(f"low count: {int(n)} {noun}{where} in {g} (fewer than {min_count}); "
                       f"its shares and tests are fragile")
    return out
