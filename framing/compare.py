"""Compare outlets (or groups of outlets) covering the same event.

:func:`compare` profiles a corpus (:func:`framing.pipeline.profile`) and hands the tables to
:func:`compare_profile`, a pure function over the profile's ``articles``, ``scores`` and
``evidence`` tables (plus, optionally, the article texts for vocabulary and key facts). The
result, a :class:`Comparison`, holds tidy DataFrames, each with a ``group`` column (the outlet id,
or the value of the outlet tag named by ``by``) and a ``by`` attribute saying which.

Tables and their methods (statistics in :mod:`framing.stats`):

``labels``
    label shares per group and referent, with an interval: the Wilson score interval over
    mentions, the cluster bootstrap over articles, or (default ``interval="wider"``) the envelope
    of both, so neither the few-mentions nor the few-articles uncertainty is hidden.
``stance``
    mean label stance (-2 delegitimising .. +2 legitimising) per group and referent, with a
    cluster-bootstrap interval over articles (over mentions when a group has one article; none,
    i.e. nan, for a single mention).
``label_tests``
    three families of tests, each with Benjamini-Hochberg q-values across all its rows (all
    referents, labels and groups): ``fisher (mentions)``, Fisher's exact test of a label's share
    in one group against the rest, counting mentions; ``permutation (articles)``, the same
    comparison with a permutation test that relabels whole articles, since mentions in one article
    are not independent; ``permutation k-group (articles)``, one test per referent of whether the
    groups' label distributions differ at all (group and label ``(all groups)``/``(all labels)``).
    The summary reports a difference only when both one-vs-rest tests hold.
``divergence``, ``order``
    Jensen-Shannon divergence (base 2) of label distributions per referent and pair of groups;
    groups ordered by their mentions-weighted stance index (most delegitimising first), or, with
    no stance, by hierarchical clustering of their mean divergence.
``voices``, ``verbs``
    attributions and quoted words per speaker side; reporting-verb classes per side.
``tone``, ``frames``, ``salience``
    mean tone per side or referent (over the sentences of the tone evidence that mention it) and
    per segment (mean over articles of the ``tone:<segment>:compound`` scores); mean frame scores
    per group (``frame:<f>:score``, the share of a generic frame's questions answered yes, and
    ``policy_frame:<d>:share``, a policy dimension's share of cues, named ``policy:<d>``) with a
    bootstrap interval over articles (nan with one article); first mention (sentence index,
    0 = first), headline and lead presence and the share of sentences mentioning each referent
    or side (from the Salience scores; without them, from label and quote evidence).
``distinctive``
    log-odds ratios with an informative Dirichlet prior and z-scores (Monroe, Colaresi & Quinn
    2008), one group against the rest and against each other group, on lower-cased words
    (English stop words removed); needs the article texts.
``omissions``
    for every actor (referent, side), label, quoted speaker and key fact (named entity,
    number with a unit, keyphrase), whether each group includes it.

Known limits: entities are found by capitalisation and keyphrases by collocation statistics
(NLTK's likelihood ratio on bigrams), not by a trained recogniser, so spelling variants
("Lavrov", "Sergei Lavrov") count as different items and sentence-initial words are missed
unless they recur; an outlet "omits" an item when its articles do not contain the string. With one
or two articles per group, intervals are wide and tests have little power; see ``warnings``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import stats
from .errors import ValidationError

__all__ = ["Comparison", "compare", "compare_profile", "TABLES"]

#: the tables of a Comparison, in the order of :meth:`Comparison.to_frames`
TABLES = ("articles", "scores", "evidence", "labels", "stance", "label_tests", "divergence", "voices", "verbs",
          "tone", "frames", "salience", "distinctive", "omissions")

_COLUMNS = {
    "labels": ["group", "referent", "label", "stance", "count", "total", "share", "ci_low", "ci_high", "low_count"],
    "stance": ["group", "referent", "n_articles", "mentions", "stance_index", "ci_low", "ci_high"],
    "label_tests": ["referent", "label", "group", "count", "total", "rest_count", "rest_total", "p_value",
                    "q_value", "method"],
    "divergence": ["referent", "group_a", "group_b", "jsd"],
    "voices": ["group", "side", "quotes", "direct", "partial", "indirect", "words", "share_words"],
    "verbs": ["group", "side", "verb_class", "count", "share"],
    "tone": ["group", "target", "mean", "n"],
    "frames": ["group", "frame", "mean", "ci_low", "ci_high", "n"],
    "salience": ["group", "referent_or_side", "first_mention_mean", "in_headline_share", "in_lead_share",
                 "sentence_share"],
    "distinctive": ["group", "term", "log_odds", "z", "count", "comparison"],
    "omissions": ["item_type", "item", "group", "included", "n_groups_including", "n_groups"],
}

ALL_GROUPS = "(all groups)"
ALL_LABELS = "(all labels)"
_INTERVALS = ("wilson", "bootstrap", "wider")


def _empty(name):
    return pd.DataFrame(columns=_COLUMNS[name])


# ============================================================================ Comparison
@dataclass
class Comparison:
    """The tables comparing groups of articles on one event (see the module docstring).

    Every table is a tidy DataFrame with a ``group`` column (``group_a``/``group_b`` in
    ``divergence``); ``by`` says what a group is (``"outlet"`` or an outlet tag such as
    ``"camp"``); ``order`` lists the groups, most delegitimising labels first; ``warnings`` lists
    low counts and other reasons to read a number with care.
    """

    by: str
    articles: pd.DataFrame
    scores: pd.DataFrame
    evidence: pd.DataFrame
    labels: pd.DataFrame
    stance: pd.DataFrame
    label_tests: pd.DataFrame
    divergence: pd.DataFrame
    order: list
    voices: pd.DataFrame
    verbs: pd.DataFrame
    tone: pd.DataFrame
    frames: pd.DataFrame
    salience: pd.DataFrame
    distinctive: pd.DataFrame
    omissions: pd.DataFrame
    warnings: list = field(default_factory=list)
    event: str | None = None
    order_method: str = "name"
    confidence: float = 0.95
    meta: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        return (f"Comparison(by={self.by!r}, event={self.event!r}, groups={list(self.order)!r}, "
                f"articles={len(self.articles)}, warnings={len(self.warnings)})")

    def to_frames(self) -> dict:
        """Every table by name, plus ``order`` (rank, group) and ``warnings`` (message) as DataFrames."""
        out = {n: getattr(self, n) for n in TABLES}
        out["order"] = pd.DataFrame({"rank": range(1, len(self.order) + 1), "group": list(self.order)})
        out["warnings"] = pd.DataFrame({"message": list(self.warnings)}, dtype=object)
        return out

    # ------------------------------------------------------------------ summary
    def summary(self) -> str:
        """A few plain-English paragraphs computed from the tables (blank line between paragraphs)."""
        paras = []
        n_art = len(self.articles)
        groups = list(self.order)
        if self.by == "outlet":
            what = "outlet" if len(groups) == 1 else "outlets"
        else:
            what = f"group{'s' if len(groups) != 1 else ''} of outlets by {self.by}"
        head = f"{n_art} article{'s' if n_art != 1 else ''} from {len(groups)} {what}"
        if self.event:
            head += f" on {self.event}"
        head += f": {', '.join(map(str, groups))}." if groups else "."
        paras.append(head)
        pct = lambda x: f"{x:.0%}" if x == x else "n/a"  # noqa: E731
        conf = f"{self.confidence:.0%}"

        # labels: who uses the most delegitimising labels per referent
        lab = self.labels
        if len(lab):
            sents = []
            neg = lab.assign(neg=lab["stance"].astype(float) < 0)
            tot = lab.groupby("referent")["count"].sum()
            # referents where the groups differ most come first: the spread (max - min) of the
            # delegitimising share across groups that mention the referent, then mention count
            per_group = neg[neg["total"] > 0].assign(nc=lambda d: d["count"].where(d["neg"], 0)).groupby(
                ["referent", "group"]).agg(nc=("nc", "sum"), total=("total", "max"))
            share = per_group["nc"] / per_group["total"]
            spread = share.groupby(level="referent").agg(lambda x: x.max() - x.min())
            rank = pd.DataFrame({"spread": spread, "total": tot}).fillna(0).reset_index(names="referent")
            rank = rank.sort_values(["spread", "total", "referent"], ascending=[False, False, True], kind="stable")
            for ref in rank["referent"].head(3).tolist():
                sub = neg[neg["referent"] == ref]
                per = sub.groupby("group").agg(total=("total", "max"),
                                              neg=("count", lambda s: int(s[sub.loc[s.index, "neg"]].sum())))
                per = per[per["total"] > 0]
                if not len(per):
                    continue
                per["share"] = per["neg"] / per["total"]
                per = per.sort_values(["share", "total"], ascending=[False, False], kind="stable")
                top_g = per.index[0]
                top = per.iloc[0]
                if top["neg"] > 0:
                    lo, hi = stats.wilson_interval(int(top["neg"]), int(top["total"]), confidence=self.confidence)
                    words = sub[(sub["group"] == top_g) & sub["neg"] & (sub["count"] > 0)].sort_values(
                        ["count", "label"], ascending=[False, True], kind="stable")["label"].head(3).tolist()
                    s = (f"For {ref}, {top_g} uses the most delegitimising labels: {int(top['neg'])} of "
                         f"{int(top['total'])} mentions ({pct(top['share'])}, {conf} interval {pct(lo)}–{pct(hi)}), "
                         f"mostly {', '.join(repr(w) for w in words)}")
                    fewest = per.sort_values(["share", "total"], ascending=[True, False], kind="stable")
                    low = fewest.iloc[0]
                    if len(per) > 1 and fewest.index[0] != top_g:
                        s += (f"; {fewest.index[0]} the fewest ({int(low['neg'])} of {int(low['total'])}, "
                              f"{pct(low['share'])})")
                    sents.append(s + ".")
                else:
                    best = sub[sub["count"] > 0].groupby("label")["count"].sum().sort_values(
                        ascending=False, kind="stable")
                    sents.append(f"For {ref}, no group uses delegitimising labels; the commonest label is "
                                 f"{best.index[0]!r} ({int(best.iloc[0])} mentions)." if len(best) else "")
            sig = self.label_tests
            if len(sig):
                key = ["referent", "label", "group"]
                fi = sig[sig["method"] == FISHER]
                pe = sig[sig["method"] == PERMUTATION][key + ["q_value"]].rename(columns={"q_value": "q_perm"})
                both = fi.merge(pe, on=key, how="left" if not len(pe) else "inner")
                if len(pe):
                    held = both[(both["q_value"] < 0.05) & (both["q_perm"] < 0.05)]
                    how = ("after false-discovery-rate correction (q < 0.05) in both Fisher's test over "
                           "mentions and the permutation test over articles")
                else:
                    held = both[both["q_value"] < 0.05]
                    how = ("after false-discovery-rate correction (q < 0.05) in Fisher's test over mentions "
                           "(too few articles for a test over articles)")
                if len(held):
                    held = held.assign(_q=held[["q_value"] + (["q_perm"] if len(pe) else [])].max(axis=1))
                    more = lambda r: r.count / max(r.total, 1) > r.rest_count / max(r.rest_total, 1)  # noqa: E731
                    bits = [f"{r.group} {'more' if more(r) else 'less'} often calls {r.referent} {r.label!r} "
                            f"({r.count} of {r.total} mentions against {r.rest_count} of {r.rest_total} elsewhere)"
                            for r in held.sort_values(["_q", "q_value", "referent", "label", "group"], kind="stable")
                            .head(4).itertuples(index=False)]
                    sents.append(f"{len(held)} of {len(fi)} label differences hold {how}: " + "; ".join(bits) + ".")
                else:
                    sents.append(f"No difference in label shares between groups holds {how}; with few articles, "
                                 f"that means not shown, not absent.")
            dv = self.divergence
            if len(dv) and len(groups) > 2:
                top = dv.sort_values(["jsd", "referent", "group_a", "group_b"], ascending=[False, True, True, True],
                                     kind="stable").iloc[0]
                sents.append(f"The most different label choices: {top['group_a']} and {top['group_b']} for "
                             f"{top['referent']} (Jensen-Shannon divergence {top['jsd']:.2f}, from 0 = same "
                             f"shares to 1 = no label in common).")
            paras.append(" ".join(x for x in sents if x))
        else:
            paras.append("No labels for any referent were found.")

        # voices
        v = self.voices
        if len(v) and v["quotes"].sum() > 0:
            bits = []  # the side with most quoted words, speakers without a side ("other") aside
            for g in groups:
                sub = v[(v["group"] == g) & (v["quotes"] > 0)]
                if not len(sub):
                    bits.append(f"{g} quotes no one")
                    continue
                sub = sub.sort_values(["words", "quotes", "side"], ascending=[False, False, True], kind="stable")
                named = sub[~sub["side"].isin(["other", "unattributed"])]
                r = (named if len(named) else sub).iloc[0]
                top = sub.sort_values(["quotes", "side"], ascending=[False, True], kind="stable").head(4)
                sides = ", ".join(f"{s.side} {int(s.quotes)}" for s in top.itertuples(index=False))
                more = f" and {len(sub) - 4} more sides" if len(sub) > 4 else ""
                bits.append(f"{g} gives the most quoted words to {r['side']} ({pct(r['share_words'])} of "
                            f"{int(sub['words'].sum())} words; attributions: {sides}{more})")
            s = "Voices: " + "; ".join(bits) + "."
            vb = self.verbs
            if len(vb):
                loaded = vb[~vb["verb_class"].isin(["neutral", "none"])]
                if len(loaded):
                    t = loaded.groupby(["group", "side", "verb_class"])["count"].sum().reset_index().sort_values(
                        ["count", "group", "side", "verb_class"], ascending=[False, True, True, True], kind="stable")
                    r = t.iloc[0]
                    s += (f" The commonest non-neutral reporting verb class is {r['verb_class']!r}, "
                          f"used {_times(int(r['count']))} by {r['group']} for {r['side']}.")
            paras.append(s)

        # omissions
        om = self.omissions
        if len(om) and len(groups) > 1:
            bits = []
            prio = {"referent": 0, "side": 1, "label": 2, "speaker": 3, "entity": 4, "number": 5, "keyphrase": 6}
            for g in groups:
                sub = om[(om["group"] == g) & ~om["included"].astype(bool) & (om["n_groups_including"] > 0)]
                if not len(sub):
                    continue
                sub = sub.assign(_p=sub["item_type"].map(prio).fillna(9)).sort_values(
                    ["n_groups_including", "_p", "item"], ascending=[False, True, True], kind="stable")
                items = [f"{r.item_type} {r.item!r} ({int(r.n_groups_including)} of {int(r.n_groups) - 1} others)"
                         for r in sub.head(3).itertuples(index=False)]
                bits.append(f"{g} omits {', '.join(items)}")
            only = om[om["included"].astype(bool) & (om["n_groups_including"] == 1) & (om["n_groups"] > 1)
                      & om["item_type"].isin(["label", "speaker", "referent", "side"])]
            if len(only):
                o = only.sort_values(["item_type", "item"], kind="stable").head(4)
                bits.append("only one group has " + ", ".join(f"{r.item_type} {r.item!r} ({r.group})"
                                                             for r in o.itertuples(index=False)))
            if bits:
                paras.append("Omissions: " + "; ".join(bits) + ".")
        if self.warnings:
            n = len(self.warnings)
            paras.append(f"{n} warning{'s' if n != 1 else ''} (low counts or missing inputs) "
                         f"qualif{'y' if n != 1 else 'ies'} these numbers.")
        return "\n\n".join(paras)


# ============================================================================ helpers
def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def _frame(obj, name):
    t = getattr(obj, name, None)
    if t is None and isinstance(obj, dict):
        t = obj.get(name)
    if not isinstance(t, pd.DataFrame):
        raise ValidationError(f"the profile has no '{name}' table (a pandas DataFrame)", field=name)
    return t


def _group_column(articles: pd.DataFrame, by: str) -> str:
    if not isinstance(by, str) or not by:
        raise ValidationError(f"The 'by' parameter must be 'outlet' or an outlet tag name. Got {by!r} instead.",
                              field="by")
    if by == "outlet":
        if "outlet" not in articles.columns:
            raise ValidationError("the articles table has no 'outlet' column", field="outlet")
        return "outlet"
    col = by if by.startswith("tag:") else f"tag:{by}"
    if col not in articles.columns:
        tags = sorted(c[4:] for c in articles.columns if str(c).startswith("tag:"))
        raise ValidationError(f"The 'by' parameter must be 'outlet' or one of the outlet tags "
                              f"{tags}. Got {by!r} instead.", field="by")
    return col


def _texts(texts) -> dict:
    """id -> (text, segments or None) from a mapping, a Series, a Corpus or a list of Articles."""
    if texts is None:
        return {}
    if isinstance(texts, (dict, pd.Series)):
        return {str(k): (v, None) for k, v in texts.items() if isinstance(v, str)}
    if hasattr(texts, "articles") and callable(texts.articles):
        texts = texts.articles()
    out = {}
    for a in texts:
        if not (hasattr(a, "id") and hasattr(a, "text")):
            raise ValidationError("texts must map article ids to texts, or be a Corpus or a list of Articles",
                                  field="texts")
        out[str(a.id)] = (a.text, tuple(getattr(a, "segments", None) or ()) or None)
    return out


def _with_segments(texts_map: dict, articles: pd.DataFrame) -> dict:
    """Fill missing segments (the headline is block 0 when it equals the article's title)."""
    from .corpus import segments_of

    titles = dict(zip(articles["id"].astype(str), articles["title"])) if "title" in articles.columns else {}
    out = {}
    for aid, (text, segs) in texts_map.items():
        if segs is None:
            t = titles.get(aid)
            segs = tuple(segments_of(text, title=t if isinstance(t, str) else None))
        out[aid] = (text, segs)
    return out


def _interval(kind, k, n, per_article_k, per_article_n, *, confidence, n_resamples, rng):
    lo_w, hi_w = stats.wilson_interval(k, n, confidence=confidence) if n > 0 else (np.nan, np.nan)
    if kind == "wilson":
        return lo_w, hi_w
    _, lo_b, hi_b = stats.cluster_bootstrap(per_article_k, per_article_n, n_resamples=n_resamples,
                                            confidence=confidence, random_state=rng)
    if kind == "bootstrap":
        return lo_b, hi_b
    return float(np.nanmin([lo_w, lo_b])), float(np.nanmax([hi_w, hi_b]))


def _side_of(row) -> str:
    side = row["side"]
    if isinstance(side, str) and side:
        return side
    return "other" if isinstance(row["speaker"], str) and row["speaker"].strip() else "unattributed"


# ============================================================================ tables
def _labels_tables(ev, groups, *, interval, confidence, n_resamples, rng, min_count):
    lab = ev[(ev["feature"] == "label") & ev["referent"].notna() & ev["label"].notna()].copy()
    if not len(lab):
        return _empty("labels"), _empty("stance"), []
    lab["referent"] = lab["referent"].astype(str)
    lab["label"] = lab["label"].astype(str)
    lab["stance"] = pd.to_numeric(lab["stance"], errors="coerce")
    stance_of = (lab.dropna(subset=["stance"]).groupby(["referent", "label"])["stance"]
                 .agg(lambda s: s.mode().sort_values().iloc[0]))
    per_art = lab.groupby(["group", "referent", "article_id", "label"]).size().rename("n").reset_index()
    rows, srows = [], []
    for ref in sorted(lab["referent"].unique()):
        sub = per_art[per_art["referent"] == ref]
        labels = sorted(sub["label"].unique())
        for g in groups:
            gs = sub[sub["group"] == g]
            total = int(gs["n"].sum())
            if total == 0:
                continue
            mat = gs.pivot_table(index="article_id", columns="label", values="n", aggfunc="sum", fill_value=0)
            mat = mat.reindex(columns=labels, fill_value=0)
            art_tot = mat.sum(axis=1).values
            for lb in labels:
                k = int(mat[lb].sum())
                lo, hi = _interval(interval, k, total, mat[lb].values, art_tot, confidence=confidence,
                                   n_resamples=n_resamples, rng=rng)
                rows.append({"group": g, "referent": ref, "label": lb, "stance": stance_of.get((ref, lb), np.nan),
                             "count": k, "total": total, "share": k / total, "ci_low": lo, "ci_high": hi,
                             "low_count": total < min_count})
            # stance index
            sl = lab[(lab["group"] == g) & (lab["referent"] == ref)].dropna(subset=["stance"])
            if len(sl):
                a = sl.groupby("article_id")["stance"].agg(["sum", "count"])
                if len(a) >= 2:
                    est, lo, hi = stats.cluster_bootstrap(a["sum"].values, a["count"].values, n_resamples=n_resamples,
                                                          confidence=confidence, random_state=rng)
                elif len(sl) >= 2:  # one article: resample its mentions
                    est, lo, hi = stats.cluster_bootstrap(sl["stance"].values, n_resamples=n_resamples,
                                                          confidence=confidence, random_state=rng)
                else:  # one mention: no interval
                    est, lo, hi = float(sl["stance"].iloc[0]), np.nan, np.nan
                srows.append({"group": g, "referent": ref, "n_articles": int(len(a)), "mentions": int(a["count"].sum()),
                              "stance_index": est, "ci_low": lo, "ci_high": hi})
    labels_t = pd.DataFrame(rows, columns=_COLUMNS["labels"])
    stance_t = pd.DataFrame(srows, columns=_COLUMNS["stance"])
    labels_t = _sort(labels_t, ["referent", "group", "label"])
    stance_t = _sort(stance_t, ["referent", "group"])
    warn = stats.low_count_warnings(labels_t[["group", "referent", "total"]], what="label mentions",
                                    min_count=min_count)
    return labels_t, stance_t, warn


def _sort(df, cols):
    if not len(df):
        return df.reset_index(drop=True)
    return df.sort_values(cols, kind="stable", key=lambda s: s.astype(str)).reset_index(drop=True)


#: the three families of label tests (q-values are computed within each)
FISHER = "fisher (mentions)"
PERMUTATION = "permutation (articles)"
OMNIBUS = "permutation k-group (articles)"


def _label_tests(ev, labels_t, *, n_resamples, rng):
    out = []
    if not len(labels_t):
        return _empty("label_tests")
    lab = ev[(ev["feature"] == "label") & ev["referent"].notna() & ev["label"].notna()]
    for ref in sorted(labels_t["referent"].unique()):
        sub = labels_t[labels_t["referent"] == ref]
        if sub["group"].nunique() < 2:
            continue
        f = stats.fisher_one_vs_rest(sub[["group", "label", "count"]])
        f.insert(0, "referent", ref)
        f["method"] = FISHER
        out.append(f)
        la = lab[lab["referent"].astype(str) == ref]
        mat = la.assign(label=la["label"].astype(str)).pivot_table(
            index=["article_id", "group"], columns="label", values="feature", aggfunc="count", fill_value=0)
        if len(mat) < 2:
            continue
        arts_groups = [g for _, g in mat.index]
        per = stats.permutation_one_vs_rest(mat.values, arts_groups, categories=list(mat.columns),
                                            n_resamples=n_resamples, random_state=rng)
        per = per.rename(columns={"category": "label"})
        cells = f.drop(columns=["p_value", "method"]).merge(per[["label", "group", "p_value"]], on=["label", "group"],
                                                           how="inner")
        cells["method"] = PERMUTATION
        out.append(cells.dropna(subset=["p_value"]))
        r = stats.permutation_test(mat.values, arts_groups, n_resamples=n_resamples, random_state=rng)
        if r["p_value"] == r["p_value"]:
            n = int(mat.values.sum())
            out.append(pd.DataFrame([{"referent": ref, "label": ALL_LABELS, "group": ALL_GROUPS, "count": n,
                                      "total": n, "rest_count": 0, "rest_total": 0, "p_value": r["p_value"],
                                      "method": OMNIBUS}]))
    if not out:
        return _empty("label_tests")
    t = pd.concat(out, ignore_index=True)
    t["q_value"] = np.nan
    for m in t["method"].unique():
        sel = t["method"] == m
        t.loc[sel, "q_value"] = stats.benjamini_hochberg(t.loc[sel, "p_value"].values)
    t = t[_COLUMNS["label_tests"]]
    return t.sort_values(["referent", "label", "group", "method"], kind="stable",
                         key=lambda s: s.astype(str)).reset_index(drop=True)


def _voices_verbs(ev, groups):
    q = ev[ev["feature"] == "quote"].copy()
    if not len(q):
        return _empty("voices"), _empty("verbs")
    q["side"] = q.apply(_side_of, axis=1)
    q["value"] = pd.to_numeric(q["value"], errors="coerce").fillna(0.0)
    sides = sorted(q["side"].unique())
    rows = []
    for g in groups:
        gq = q[q["group"] == g]
        gw = float(gq["value"].sum())
        for s in sides:
            sq = gq[gq["side"] == s]
            kinds = sq["kind"].astype(str).value_counts()
            words = float(sq["value"].sum())
            rows.append({"group": g, "side": s, "quotes": int(len(sq)), "direct": int(kinds.get("direct", 0)),
                         "partial": int(kinds.get("partial", 0)), "indirect": int(kinds.get("indirect", 0)),
                         "words": words, "share_words": words / gw if gw > 0 else np.nan})
    voices = pd.DataFrame(rows, columns=_COLUMNS["voices"])
    q["verb_class"] = q["label"].where(q["label"].notna(), "none").astype(str)
    vb = q.groupby(["group", "side", "verb_class"]).size().rename("count").reset_index()
    side_tot = vb.groupby(["group", "side"])["count"].transform("sum")
    vb["share"] = vb["count"] / side_tot
    vb = vb[_COLUMNS["verbs"]]
    return (_sort(voices, ["group", "side"]), _sort(vb, ["group", "side", "verb_class"]))


def _tone(ev, scores, groups):
    rows = []
    t = ev[ev["feature"] == "tone"].copy()
    if len(t):
        t["value"] = pd.to_numeric(t["value"], errors="coerce")
        t["target"] = t["side"].where(t["side"].notna() & (t["side"].astype(str) != ""), t["referent"])
        t = t.dropna(subset=["target", "value"])
        if len(t):
            agg = t.groupby(["group", "target"])["value"].agg(["mean", "count"]).reset_index()
            for r in agg.itertuples(index=False):
                rows.append({"group": r.group, "target": str(r.target), "mean": float(r.mean), "n": int(r.count)})
    for col in scores.columns:
        m = re.fullmatch(r"tone:([^:]+):compound", str(col))
        if not m:
            continue
        for g in groups:
            v = pd.to_numeric(scores.loc[scores["group"] == g, col], errors="coerce").dropna()
            if len(v):
                rows.append({"group": g, "target": m.group(1), "mean": float(v.mean()), "n": int(len(v))})
    return _sort(pd.DataFrame(rows, columns=_COLUMNS["tone"]), ["target", "group"])


def _frames(scores, groups, *, confidence, n_resamples, rng):
    rows = []
    for col in scores.columns:
        parts = str(col).split(":")
        if parts[0] == "frame" and (len(parts) == 2 or (len(parts) == 3 and parts[2] == "score")):
            name = parts[1]
        elif parts[0] == "policy_frame" and (len(parts) == 2 or (len(parts) == 3 and parts[2] == "share")):
            name = "policy:" + parts[1]
        else:
            continue
        for g in groups:
            v = pd.to_numeric(scores.loc[scores["group"] == g, col], errors="coerce").dropna().values
            if not len(v):
                continue
            est, lo, hi = stats.cluster_bootstrap(v, n_resamples=n_resamples, confidence=confidence, random_state=rng)
            if len(v) < 2:  # one article: the bootstrap cannot see any variation
                lo = hi = np.nan
            rows.append({"group": g, "frame": name, "mean": est, "ci_low": lo, "ci_high": hi, "n": int(len(v))})
    return _sort(pd.DataFrame(rows, columns=_COLUMNS["frames"]), ["frame", "group"])


_SAL = re.compile(r"salience:(referent|side):(.+):(mentions|first_sentence|in_headline|in_lead|sentence_share)")


def _salience_from_scores(scores):
    """The salience table from the Salience extractor's per-article scores (None when absent).

    Per group and referent or side mentioned by at least one of its articles: the mean first
    sentence over the articles that mention it, and the means over all the group's articles of
    ``in_headline``, ``in_lead`` and ``sentence_share``.
    """
    cols = {}
    for c in scores.columns:
        m = _SAL.fullmatch(str(c))
        if m:
            cols.setdefault(m.group(2), {})[m.group(3)] = c
    cols = {k: v for k, v in cols.items() if len(v) == 5}
    if not cols:
        return None
    rows = []
    for name in sorted(cols):
        c = cols[name]
        for g, sub in scores.groupby("group", sort=True):
            mentions = pd.to_numeric(sub[c["mentions"]], errors="coerce").fillna(0)
            if not (mentions > 0).any():
                continue
            num = {k: pd.to_numeric(sub[c[k]], errors="coerce") for k in ("first_sentence", "in_headline", "in_lead",
                                                                        "sentence_share")}
            rows.append({"group": g, "referent_or_side": name,
                         "first_mention_mean": float(num["first_sentence"][mentions > 0].mean()),
                         "in_headline_share": float(num["in_headline"].mean()),
                         "in_lead_share": float(num["in_lead"].mean()),
                         "sentence_share": float(num["sentence_share"].mean())})
    return _sort(pd.DataFrame(rows, columns=_COLUMNS["salience"]), ["referent_or_side", "group"])


def _salience(ev, articles, texts_map):
    """Per group and referent/side: first mention, headline and lead presence, share of sentences.

    Used when the profile has no Salience scores. Mentions are label rows (referents) and quote
    rows (sides). The lead is the first body segment; without the text, the first
    sentence after the headline. An article's number of sentences comes from its tone evidence
    (one row per sentence) or, failing that, from splitting its text.
    """
    from .text import sentence_spans

    lab = ev[(ev["feature"] == "label") & ev["referent"].notna()]
    q = ev[(ev["feature"] == "quote") & ev["side"].notna()]
    m = pd.concat([lab.assign(item=lab["referent"]), q.assign(item=q["side"])], ignore_index=True)
    m = m.dropna(subset=["item"])
    if not len(m):
        return _empty("salience")
    m = m.assign(item=m["item"].astype(str), sentence=pd.to_numeric(m["sentence"], errors="coerce"),
                 start=pd.to_numeric(m["start"], errors="coerce"))
    ids = set(m["article_id"])
    tone_sent = ev[(ev["feature"] == "tone") & (ev["kind"].astype(str) == "sentence")]
    sent_idx = pd.to_numeric(tone_sent["sentence"], errors="coerce")
    n_sent = (sent_idx.groupby(tone_sent["article_id"]).max() + 1).to_dict()
    lead_s, lead_e = {}, {}
    for aid in ids:
        if aid not in texts_map:
            continue
        text, segs = texts_map[aid]
        body = [sg for sg in (segs or ()) if sg.kind == "body"]
        if body:
            lead_s[aid], lead_e[aid] = body[0].start, body[0].end
        if aid not in n_sent:
            n_sent[aid] = max(1, len(sentence_spans(text)))
    ls = m["article_id"].map(lead_s)
    le = m["article_id"].map(lead_e)
    fallback = (m["segment"].astype(str) == "body") & (m["sentence"] <= 1)
    m["_lead"] = ((m["start"] >= ls) & (m["start"] < le)).where(ls.notna(), fallback).astype(bool)
    m["_head"] = m["segment"].astype(str) == "headline"
    per = m.groupby(["group", "item", "article_id"]).agg(first=("sentence", "min"), head=("_head", "any"),
                                                         lead=("_lead", "any"), sents=("sentence", "nunique"))
    per = per.reset_index()
    per["n_sent"] = per["article_id"].map(n_sent)
    per["share"] = per["sents"] / per["n_sent"]
    group_size = articles.groupby("group").size()
    rows = []
    for (g, item), a in per.groupby(["group", "item"], sort=True):
        n = int(group_size.get(g, len(a)))
        rows.append({"group": g, "referent_or_side": item, "first_mention_mean": float(a["first"].mean()),
                     "in_headline_share": float(a["head"].sum()) / n, "in_lead_share": float(a["lead"].sum()) / n,
                     "sentence_share": float(a["share"].sum()) / n if a["share"].notna().all() else np.nan})
    return _sort(pd.DataFrame(rows, columns=_COLUMNS["salience"]), ["referent_or_side", "group"])


# ---------------------------------------------------------------------------- vocabulary, key facts
_WORD = re.compile(r"[^\W\d_][\w’'\-]*", re.UNICODE)


def _stop_words():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return ENGLISH_STOP_WORDS


def _words(text: str) -> list[str]:
    sw = _stop_words()
    out = []
    for m in _WORD.finditer(text):
        w = m.group(0).lower().replace("’", "'").strip("'-")
        if w.endswith("'s"):
            w = w[:-2]
        if len(w) > 1 and w not in sw:
            out.append(w)
    return out


def _distinctive(art_texts_by_group, *, alpha0, top_terms, min_term_count):
    counts = []
    for g, texts in art_texts_by_group.items():
        c = Counter(w for t in texts for w in _words(t))
        counts.extend({"group": g, "term": w, "count": n} for w, n in c.items())
    if not counts:
        return _empty("distinctive")
    t = pd.DataFrame(counts)
    keep = t.groupby("term")["count"].sum()
    keep = keep[keep >= min_term_count].index
    t = t[t["term"].isin(keep)]
    if t["group"].nunique() < 2 or not len(t):
        return _empty("distinctive")
    lo = stats.log_odds_dirichlet(t, alpha0=alpha0, pairwise=True)
    lo = lo[(lo["count"] > 0) & (lo["z"] > 0)]
    lo = lo.groupby(["group", "comparison"], sort=False).head(top_terms)
    return lo.reset_index(drop=True)[_COLUMNS["distinctive"]]


_CONNECT = {"of", "de", "al", "el", "the", "for", "bin", "ibn", "la", "du"}
_SKIP_SINGLE = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
                "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december", "mr", "mrs", "ms", "dr"}
_UNITS = (r"%|percent|per cent|km|kilometres|kilometers|miles|metres|meters|people|persons|civilians|children|"
          r"women|soldiers|fighters|militants|rebels|terrorists|troops|dead|deaths|killed|wounded|injured|"
          r"zones|areas|provinces|countries|states|groups|years|days|hours|weeks|months|million|billion|"
          r"dollars|refugees|families|villages|towns|attacks|airstrikes|air strikes|strikes")
_NUMBER = re.compile(r"(?<![\w.])(\$\s?\d[\d,]*(?:\.\d+)?(?:\s(?:million|billion))?|\d[\d,]*(?:\.\d+)?\s?(?:" + _UNITS
                     + r"))\b", re.IGNORECASE)
_SENT_START = re.compile(r"(?:^|[.!?:]['\"”’)]*\s+|\n\s*|[\"“‘]\s*)$")


def _body(text: str, segments=None) -> str:
    """The text without its headline (title case there would make every word an entity)."""
    if not segments:
        return text
    parts = [text[s.start:s.end] for s in segments if s.kind != "headline"]
    return "\n\n".join(parts) if parts else text


def _entities(text: str, segments=None):
    """Capitalised sequences (entities, places) in one text; sentence-initial single words are skipped."""
    sw = _stop_words()
    text = _body(text, segments)
    toks = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"[^\W_][\w’'\-]*", text)]
    out = []
    i = 0
    while i < len(toks):
        s, e, w = toks[i]
        if not (w[0].isupper() and w.lower() not in sw) or w[0].isdigit():
            i += 1
            continue
        j = i
        parts = [w]
        end = e
        k = i + 1
        while k < len(toks):
            s2, e2, w2 = toks[k]
            gap = text[end:s2]
            if gap not in (" ", "-"):
                break
            if w2[0].isupper() and not w2[0].isdigit():
                parts.append(gap + w2)
                end = e2
                j = k
                k += 1
            elif w2.lower() in _CONNECT and k + 1 < len(toks) and toks[k + 1][2][0].isupper() \
                    and text[e2:toks[k + 1][0]] == " ":
                parts.append(gap + w2)
                end = e2
                k += 1
            else:
                break
        phrase = "".join(parts).replace("’", "'")
        if phrase.endswith("'s"):
            phrase = phrase[:-2]
        initial = bool(_SENT_START.search(text[max(0, s - 4):s])) or s == 0
        single = j == i
        if not (single and (initial or phrase.lower() in _SKIP_SINGLE or len(phrase) < 3)):
            out.append(phrase)
        i = j + 1
    return out


def _numbers(text: str):
    return [re.sub(r"\s+", " ", m.group(1)).lower() for m in _NUMBER.finditer(text)]


def _runs(text: str) -> list[list[str]]:
    """Runs of adjacent content words (stop words and punctuation other than '-' break a run)."""
    sw = _stop_words()
    runs, cur, last = [], [], 0
    for m in _WORD.finditer(text):
        w = m.group(0).lower().replace("’", "'").strip("'-")
        if w.endswith("'s"):
            w = w[:-2]
        gap = text[last:m.start()]
        last = m.end()
        if len(w) < 2 or w in sw or gap.strip():
            if len(cur) > 1:
                runs.append(cur)
            cur = [] if (len(w) < 2 or w in sw) else [w]
            continue
        cur.append(w)
    if len(cur) > 1:
        runs.append(cur)
    return runs


def _bigrams(text: str) -> set:
    return {bg for r in _runs(text) for bg in zip(r, r[1:])}


def _keyphrases(all_texts, *, top: int = 40, min_freq: int = 2):
    from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

    docs = [r for t in all_texts for r in _runs(t)]
    finder = BigramCollocationFinder.from_documents(docs)
    finder.apply_freq_filter(min_freq)
    if not finder.ngram_fd:
        return []
    scored = finder.score_ngrams(BigramAssocMeasures.likelihood_ratio)
    scored = sorted(scored, key=lambda x: (-x[1], x[0]))
    return [" ".join(bg) for bg, _ in scored[:top]]


def _omissions(ev, groups, texts_by_group, docs_by_group, *, max_items):
    n_groups = len(groups)
    sets = {}  # (item_type, item) -> set of groups

    def add(kind, item, g):
        sets.setdefault((kind, item), set()).add(g)

    lab = ev[(ev["feature"] == "label") & ev["referent"].notna()]
    for r in lab[["group", "referent", "label"]].itertuples(index=False):
        add("referent", str(r.referent), r.group)
        if isinstance(r.label, str):
            add("label", r.label, r.group)
    sides = ev[ev["side"].notna() & ev["feature"].isin(["quote", "salience", "tone"])]
    for r in sides[["group", "side"]].itertuples(index=False):
        add("side", str(r.side), r.group)
    q = ev[(ev["feature"] == "quote") & ev["speaker"].notna()]
    for r in q[["group", "speaker"]].itertuples(index=False):
        sp = " ".join(str(r.speaker).split())
        if any(ch.isupper() for ch in sp):
            add("speaker", sp, r.group)
    if texts_by_group:
        joined = {g: "\n".join(ts) for g, ts in texts_by_group.items()}
        ent = Counter()
        num = Counter()
        for docs in docs_by_group.values():
            for t, segs in docs:
                ent.update(set(_entities(t, segs)))
                num.update(set(_numbers(t)))
        n_art = sum(len(ts) for ts in texts_by_group.values())
        min_f = 1 if n_art <= 10 else 2
        for kind, cnt in (("entity", ent), ("number", num)):
            items = [w for w, c in sorted(cnt.items(), key=lambda x: (-x[1], x[0])) if c >= min_f][:max_items]
            for it in items:
                pat = re.compile(r"(?<!\w)" + re.escape(it).replace("'", "['’]").replace(r"\ ", r"\s+") + r"(?!\w)",
                                 0 if kind == "entity" else re.IGNORECASE)
                for g, t in joined.items():
                    if pat.search(t):
                        add(kind, it, g)
        phrases = _keyphrases([t for ts in texts_by_group.values() for t in ts], top=max_items)
        grams = {g: set().union(*[_bigrams(t) for t in ts]) for g, ts in texts_by_group.items()}
        for ph in phrases:
            bg = tuple(ph.split())
            for g in texts_by_group:
                if bg in grams[g]:
                    add("keyphrase", ph, g)
    rows = []
    for (kind, item), inc in sets.items():
        for g in groups:
            rows.append({"item_type": kind, "item": item, "group": g, "included": g in inc,
                         "n_groups_including": len(inc), "n_groups": n_groups})
    out = pd.DataFrame(rows, columns=_COLUMNS["omissions"])
    return _sort(out, ["item_type", "item", "group"])


# ============================================================================ entry points
def compare_profile(profile, *, by: str = "outlet", texts=None, event=None, random_state=0,
                    confidence: float = 0.95, interval: str = "wider", n_resamples: int = 1000,
                    alpha0: float = 1000.0, min_count: int = 5, top_terms: int = 25, min_term_count: int = 2,
                    max_items: int = 200) -> Comparison:
    """Compare groups of articles from the tables of a framing profile (a pure function).

    Parameters
    ----------
    profile : Profile or object with ``articles``, ``scores`` and ``evidence`` DataFrames
        From :func:`framing.pipeline.profile`; ``articles`` needs ``id`` and ``outlet`` (and
        ``tag:<by>`` when grouping by a tag), evidence rows follow
        :data:`framing.features.base.EVIDENCE_COLUMNS`.
    by : str, default "outlet"
        ``"outlet"`` or the name of an outlet tag (``"camp"``, ``"country"``...).
    texts : mapping id -> text, Corpus or list of Article, optional
        Article texts, for distinctive terms, key facts (entities, numbers, keyphrases) and
        sentence shares. Without them those parts are empty and a warning says so.
    event : str, optional
        Event id, for the summary.
    random_state : int, default 0
        Seed of the bootstrap and permutation resampling.
    confidence : float, default 0.95
    interval : {"wider", "wilson", "bootstrap"}, default "wider"
        Interval of label shares: Wilson over mentions, cluster bootstrap over articles, or the
        envelope of both.
    n_resamples : int, default 1000
        Bootstrap resamples and (at most) permutations.
    alpha0 : float, default 1000
        Prior strength of the log-odds ratios (see :func:`framing.stats.log_odds_dirichlet`).
    min_count : int, default 5
        Fewer mentions of a referent in a group than this marks ``low_count`` and warns.
    top_terms : int, default 25
        Distinctive terms kept per group and comparison (highest z, z > 0).
    min_term_count : int, default 2
        Words used fewer times in the whole corpus are not scored.
    max_items : int, default 200
        Entities, numbers and keyphrases considered for omissions, per kind (most frequent first).

    Returns
    -------
    Comparison

    Examples
    --------
    >>> import pandas as pd
    >>> from framing.features.base import EVIDENCE_COLUMNS
    >>> arts = pd.DataFrame({"id": ["p1", "a1"], "outlet": ["presstv", "afp"]})
    >>> ev = pd.DataFrame([
    ...     {"article_id": "p1", "feature": "label", "referent": "armed_groups", "label": "terrorist", "stance": -2},
    ...     {"article_id": "a1", "feature": "label", "referent": "armed_groups", "label": "rebel", "stance": 1},
    ... ], columns=EVIDENCE_COLUMNS)
    >>> class P: articles, scores, evidence = arts, arts[["id", "outlet"]], ev
    >>> c = compare_profile(P())
    >>> c.order
    ['presstv', 'afp']
    >>> c.labels[["group", "label", "count", "share"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['afp', 'rebel', 1, 1.0], ['afp', 'terrorist', 0, 0.0],
     ['presstv', 'rebel', 0, 0.0], ['presstv', 'terrorist', 1, 1.0]]
    """
    if interval not in _INTERVALS:
        raise ValidationError(f"The 'interval' parameter must be one of {list(_INTERVALS)}. Got {interval!r} instead.",
                              field="interval")
    for name, v, lo in (("n_resamples", n_resamples, 1), ("min_count", min_count, 0), ("top_terms", top_terms, 1),
                        ("min_term_count", min_term_count, 1), ("max_items", max_items, 0)):
        if not isinstance(v, (int, np.integer)) or isinstance(v, bool) or v < lo:
            raise ValidationError(f"The '{name}' parameter must be an int >= {lo}. Got {v!r} instead.", field=name)
    stats._check_confidence(confidence)
    rng = stats._rng(random_state)
    articles = _frame(profile, "articles").copy()
    scores = _frame(profile, "scores").copy()
    evidence = _frame(profile, "evidence").copy()
    if "id" not in articles.columns:
        raise ValidationError("the articles table has no 'id' column", field="id")
    col = _group_column(articles, by)
    by_name = "outlet" if col == "outlet" else col[4:]
    warnings = []
    articles["id"] = articles["id"].astype(str)
    missing = articles[col].isna() | (articles[col].astype(str) == "")
    if missing.any():
        warnings.append(f"{int(missing.sum())} article(s) have no '{by_name}' tag; grouped as 'untagged'")
    articles["group"] = articles[col].where(~missing, "untagged").astype(str)
    art_group = dict(zip(articles["id"], articles["group"]))
    groups_seen = sorted(articles["group"].unique(), key=str)
    if "id" in scores.columns:
        scores = scores.assign(id=scores["id"].astype(str))
        scores["group"] = scores["id"].map(art_group)
    else:
        scores["group"] = pd.Series(dtype=object)
    for c in ("article_id", "feature", "referent", "label", "stance", "start", "end", "segment", "sentence", "side",
              "speaker", "verb", "kind", "value"):
        if c not in evidence.columns:
            evidence[c] = pd.Series([None] * len(evidence), dtype=object)
    evidence["article_id"] = evidence["article_id"].astype(str)
    evidence["group"] = evidence["article_id"].map(art_group)
    unknown = evidence["group"].isna()
    if unknown.any():
        warnings.append(f"{int(unknown.sum())} evidence row(s) belong to no article of the articles table; ignored")
    ev = evidence[~unknown]
    texts_map = _with_segments(_texts(texts), articles)
    texts_by_group, docs_by_group = {}, {}
    for aid, g in art_group.items():
        if aid in texts_map:
            texts_by_group.setdefault(g, []).append(texts_map[aid][0])
            docs_by_group.setdefault(g, []).append(texts_map[aid])
    if not texts_map:
        warnings.append("no article texts given: distinctive terms, key facts and sentence shares are left out")

    size = articles.groupby("group").size()
    for g in groups_seen:
        if size[g] < 3:
            warnings.append(f"few articles: {int(size[g])} in {g} (fewer than 3); its intervals are wide and "
                            f"between-article variation cannot be estimated")
    labels_t, stance_t, w = _labels_tables(ev, groups_seen, interval=interval, confidence=confidence,
                                           n_resamples=n_resamples, rng=rng, min_count=min_count)
    warnings += w
    if not len(labels_t):
        warnings.append("no label evidence: label shares, stance, tests and divergence are empty")
    tests_t = _label_tests(ev, labels_t, n_resamples=n_resamples, rng=rng)
    div = (stats.divergence_table(labels_t[["referent", "group", "label", "count"]]) if len(labels_t)
           else _empty("divergence"))
    # order: mentions-weighted stance index, most delegitimising first; else clustering; else name
    clustered = stats.cluster_order(div, groups=groups_seen) if len(div) else sorted(groups_seen, key=str)
    pos = {g: i for i, g in enumerate(clustered)}
    if len(stance_t):
        st = (stance_t.assign(w=stance_t["stance_index"] * stance_t["mentions"])
              .groupby("group")[["w", "mentions"]].sum())
        overall = (st["w"] / st["mentions"]).to_dict()
        order = sorted(groups_seen, key=lambda g: (0, overall[g], pos.get(g, 0)) if g in overall
                       else (1, 0.0, pos.get(g, 0)))
        order_method = "stance index"
    else:
        order, order_method = clustered, ("label divergence clustering" if len(div) else "name")
    voices, verbs = _voices_verbs(ev, groups_seen)
    if not len(voices):
        warnings.append("no quote evidence: voices and verbs are empty")
    else:
        vq = voices.groupby("group")["quotes"].sum()
        for g in groups_seen:
            if 0 < vq.get(g, 0) < min_count:
                warnings.append(f"low count: {int(vq[g])} attribution{'s' if vq[g] != 1 else ''} in {g} "
                                f"(fewer than {min_count}); voice shares are fragile")
    tone = _tone(ev, scores, groups_seen)
    frames = _frames(scores, groups_seen, confidence=confidence, n_resamples=n_resamples, rng=rng)
    salience = _salience_from_scores(scores)
    if salience is None:
        salience = _salience(ev, articles, texts_map)
    distinctive = (_distinctive(texts_by_group, alpha0=alpha0, top_terms=top_terms, min_term_count=min_term_count)
                   if texts_by_group else _empty("distinctive"))
    omissions = _omissions(ev, order, texts_by_group, docs_by_group, max_items=max_items)
    if not groups_seen:
        warnings.append("no articles: nothing to compare")
    elif len(groups_seen) < 2:
        warnings.append("only one group: nothing to compare it with")
    meta = dict(getattr(profile, "meta", None) or {})
    return Comparison(by=by_name, articles=articles, scores=scores, evidence=evidence.reset_index(drop=True),
                      labels=labels_t, stance=stance_t, label_tests=tests_t, divergence=div, order=list(order),
                      voices=voices, verbs=verbs, tone=tone, frames=frames, salience=salience,
                      distinctive=distinctive, omissions=omissions, warnings=warnings, event=event,
                      order_method=order_method, confidence=confidence, meta=meta)


def _registry_value(corpus, outlet, name):
    rec = (getattr(corpus, "outlet_registry", None) or {}).get(outlet) or {}
    v = (rec.get("tags") or {}).get(name)
    if v is None:
        v = rec.get(name)
    return None if v is None else str(v)


def compare(corpus, *, event=None, by: str = "outlet", extractors=None, random_state=0, **options) -> Comparison:
    """Profile a corpus and compare its outlets (or groups of outlets) on one event.

    Parameters
    ----------
    corpus : Corpus
        From :func:`framing.load_corpus`.
    event : str, optional
        Keep only this event's articles (default: all articles).
    by : str, default "outlet"
        ``"outlet"`` or an outlet tag or registry field (``"camp"``, ``"country"``, ``"ownership"``).
    extractors : list of fitted Extractor, optional
        Default: :func:`framing.pipeline.default_extractors`.
    random_state : int, default 0
    **options
        Passed to :func:`compare_profile` (``interval``, ``confidence``, ``alpha0``...).

    Returns
    -------
    Comparison
    """
    from .corpus import Corpus
    from .pipeline import profile

    if not isinstance(corpus, Corpus):
        raise ValidationError(f"compare expects a Corpus (see framing.load_corpus); got {type(corpus).__name__}. "
                              f"Use compare_profile for profile tables.", field="corpus")
    if event is not None:
        sub = corpus.filter(events=event)
        if not len(sub):
            raise ValidationError(f"no articles for event '{event}'", field="event")
        corpus = sub
    events = sorted({a.event for a in corpus.articles() if a.event})
    prof = profile(corpus, extractors=extractors)
    if by != "outlet":
        name = by[4:] if by.startswith("tag:") else by
        col = f"tag:{name}"
        outlets = prof.articles["outlet"].unique() if len(prof.articles) else []
        values = {o: _registry_value(corpus, o, name) for o in outlets}
        if col not in prof.articles.columns or prof.articles[col].isna().all():
            if not any(v is not None for v in values.values()):
                tags = sorted({k for r in corpus.outlet_registry.values() for k in (r.get("tags") or {})}
                              | {"country", "ownership", "type"})
                raise ValidationError(f"The 'by' parameter must be 'outlet' or an outlet tag or field such as "
                                      f"{tags}. Got {by!r} instead.", field="by")
            prof.articles[col] = prof.articles["outlet"].map(values)
    out = compare_profile(prof, by=by, texts=corpus, event=event, random_state=random_state, **options)
    if event is None and len(events) > 1:
        out.warnings.insert(0, f"articles from {len(events)} events are compared together; pass event= to "
                               f"compare the coverage of one event")
    return out
