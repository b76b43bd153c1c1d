"""Plots of a comparison, for notebooks and reports alike.

Every function takes a :class:`~framing.compare.Comparison` (or the one table it needs, as a
DataFrame with the contract's column names), draws on ``ax`` (a new figure when ``ax=None``) and
returns the axes. None calls ``plt.show()`` or changes matplotlib's settings; with ``ax=None`` a new
pyplot figure is made (so notebooks display it; close it with ``plt.close(ax.figure)`` in scripts).
All are safe under the non-interactive Agg backend used by reports and CI; reports pass their own
axes on figures that pyplot never sees.

Method: plain matplotlib. Shares and means are drawn with their intervals as computed by
:mod:`framing.compare` (Wilson or bootstrap); nothing is re-estimated here.

Known limits: with many groups (more than about 25 outlets) labels crowd; pass a filtered table
or ``groups=``. Text drawn from article words (terms, labels) is shown literally: ``$`` is
escaped so matplotlib never parses it as mathtext.

Examples
--------
>>> import pandas as pd
>>> from framing.plots import plot_stance
>>> t = pd.DataFrame({"group": ["a", "b"], "referent": ["armed_groups"] * 2,
...                   "n_articles": [3, 2], "mentions": [9, 4], "stance_index": [-1.2, 0.5],
...                   "ci_low": [-1.8, -0.1], "ci_high": [-0.4, 1.0]})
>>> ax = plot_stance(t, referent="armed_groups")
>>> ax.get_xlabel()
'stance index (-2 delegitimising .. +2 legitimising)'
"""

from __future__ import annotations

import numpy as np

from .errors import ValidationError

__all__ = [
    "plot_label_shares",
    "plot_stance",
    "plot_voices",
    "plot_verbs",
    "plot_tone",
    "plot_frames",
    "plot_distinctive",
    "safe_text",
]

#: a colour-blind-safe qualitative palette (Okabe & Ito 2008)
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")


def colours(n: int) -> list:
    """``n`` distinguishable colours: the Okabe-Ito palette, or tab20 beyond eight."""
    if n <= len(PALETTE):
        return list(PALETTE[:max(n, 0)])
    from matplotlib import colormaps

    cmap = colormaps["tab20"]
    return [cmap(i % 20) for i in range(n)]


def safe_text(value, *, max_len: int = 40) -> str:
    """Text fit for a matplotlib label: ``$`` escaped (no mathtext), shortened to ``max_len``."""
    s = "" if value is None else str(value)
    s = " ".join(s.split())
    if len(s) > max_len:
        s = s[: max_len - 1] + "…"
    return s.replace("\\", "\\\\").replace("$", r"\$")


def _axes(ax, *, size=(6.4, 3.6)):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    # a new pyplot figure, so notebooks show it; scripts should close it (plt.close(ax.figure))
    fig, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def _table(data, name: str, columns):
    import pandas as pd

    df = getattr(data, name, data)
    if not isinstance(df, pd.DataFrame):
        raise ValidationError(f"expected a Comparison or a DataFrame with the '{name}' table; "
                              f"got {type(data).__name__}", field=name)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValidationError(f"the '{name}' table lacks column(s) {', '.join(missing)}", field=name)
    return df


def _order(data, df, groups=None):
    """Groups in the comparison's order (then any others, sorted)."""
    present = [str(g) for g in dict.fromkeys(df["group"].astype(str))]
    if groups is not None:
        return [str(g) for g in groups if str(g) in present]
    order = [str(g) for g in (getattr(data, "order", None) or [])]
    return [g for g in order if g in present] + sorted(g for g in present if g not in order)


def _empty(ax, message: str):
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="0.4")
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def _pick_referent(df, referent, name):
    refs = sorted(df["referent"].dropna().astype(str).unique())
    if referent is None:
        if not refs:
            return None
        # the referent with the most mentions
        col = "count" if "count" in df.columns else "mentions"
        return str(df.groupby("referent")[col].sum().sort_values(ascending=False, kind="stable").index[0])
    if str(referent) not in refs:
        raise ValidationError(f"unknown referent {referent!r}; the {name} table has "
                              f"{', '.join(refs) or 'none'}", field="referent")
    return str(referent)


def plot_label_shares(data, referent=None, *, ax=None, top: int = 8, groups=None):
    """Share of each label for one referent, per group, with interval bars.

    Parameters
    ----------
    data : Comparison or DataFrame
        The ``labels`` table (group, referent, label, share, ci_low, ci_high, count).
    referent : str, optional
        Default: the referent with the most mentions.
    ax : matplotlib Axes, optional
    top : int, default 8
        Show the ``top`` most frequent labels (over all groups).
    groups : list of str, optional
        Groups to show, in this order (default: the comparison's order).

    Returns
    -------
    matplotlib Axes
    """
    df = _table(data, "labels", ["group", "referent", "label", "share", "ci_low", "ci_high", "count"])
    ax = _axes(ax)
    referent = _pick_referent(df, referent, "labels")
    if referent is None or not len(df):
        return _empty(ax, "no labels found")
    d = df[df["referent"].astype(str) == referent].copy()
    d["group"] = d["group"].astype(str)
    order = _order(data, d, groups)
    totals = d.groupby("label")["count"].sum().sort_values(ascending=False, kind="stable")
    labels = [str(x) for x in totals.index[:top]]
    n = max(len(order), 1)
    height = 0.8 / n
    y = np.arange(len(labels))
    for j, g in enumerate(order):
        sub = d[d["group"] == g].set_index(d[d["group"] == g]["label"].astype(str))
        share = np.array([float(sub["share"].get(lab, 0.0)) for lab in labels])
        lo = np.array([float(sub["ci_low"].get(lab, 0.0)) for lab in labels])
        hi = np.array([float(sub["ci_high"].get(lab, 0.0)) for lab in labels])
        err = np.vstack([np.clip(share - lo, 0, None), np.clip(hi - share, 0, None)])
        ax.barh(y + (j - (n - 1) / 2) * height, share, height=height * 0.9, xerr=err,
                color=PALETTE[j % len(PALETTE)], ecolor="0.25", capsize=1.5, label=safe_text(g))
    ax.set_yticks(y, [safe_text(x) for x in labels])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"share of mentions of {safe_text(referent)} (with interval)")
    ax.set_title(f"Labels for {safe_text(referent)}")
    if order:
        ax.legend(fontsize="small", loc="lower right", frameon=False)
    return ax


def plot_stance(data, referent=None, *, ax=None, groups=None):
    """Stance index of the labels used for one referent, per group, with intervals.

    Parameters
    ----------
    data : Comparison or DataFrame
        The ``stance`` table (group, referent, stance_index, ci_low, ci_high, mentions).
    referent : str, optional
        Default: the referent with the most mentions.
    ax : matplotlib Axes, optional
    groups : list of str, optional

    Returns
    -------
    matplotlib Axes
    """
    df = _table(data, "stance", ["group", "referent", "stance_index", "ci_low", "ci_high", "mentions"])
    ax = _axes(ax)
    referent = _pick_referent(df, referent, "stance")
    if referent is None or not len(df):
        return _empty(ax, "no labels found")
    d = df[df["referent"].astype(str) == referent].copy()
    d["group"] = d["group"].astype(str)
    order = _order(data, d, groups)
    d = d.set_index("group").loc[order]
    y = np.arange(len(order))
    x = d["stance_index"].astype(float).to_numpy()
    lo = d["ci_low"].astype(float).to_numpy()
    hi = d["ci_high"].astype(float).to_numpy()
    ok = ~np.isnan(x)
    err = np.vstack([np.nan_to_num(x - lo), np.nan_to_num(hi - x)])
    ax.axvline(0, color="0.7", lw=0.8)
    ax.errorbar(x[ok], y[ok], xerr=np.clip(err[:, ok], 0, None), fmt="o", color=PALETTE[0],
                ecolor="0.3", capsize=3)
    ax.set_yticks(y, [f"{safe_text(g)} (n={int(m)})" for g, m in zip(order, d["mentions"].fillna(0))])
    ax.invert_yaxis()
    ax.set_xlim(-2.1, 2.1)
    ax.set_xlabel("stance index (-2 delegitimising .. +2 legitimising)")
    ax.set_title(f"Stance of labels for {safe_text(referent)}")
    return ax


def _stacked(ax, order, parts, values, *, xlabel, title, legend_title=None):
    """Horizontal stacked bars: one bar per row in ``order``, one segment per part."""
    y = np.arange(len(order))
    left = np.zeros(len(order))
    cols = colours(len(parts))
    for k, part in enumerate(parts):
        v = np.array([values.get((g, part), 0.0) for g in order], dtype=float)
        ax.barh(y, v, left=left, color=cols[k], label=safe_text(part), height=0.7)
        left += v
    ax.set_yticks(y, [safe_text(g) for g in order])
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    ax.legend(fontsize="small", frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0),
              title=legend_title, ncol=1 if len(parts) <= 12 else 2)
    return ax


def plot_voices(data, *, ax=None, groups=None):
    """Voice balance: each side's share of quoted words, per group (stacked bars).

    Parameters
    ----------
    data : Comparison or DataFrame
        The ``voices`` table (group, side, words, share_words).
    ax : matplotlib Axes, optional
    groups : list of str, optional

    Returns
    -------
    matplotlib Axes
    """
    df = _table(data, "voices", ["group", "side", "share_words", "quotes"])
    ax = _axes(ax)
    if not len(df):
        return _empty(ax, "no attributed quotes found")
    d = df.copy()
    d["group"] = d["group"].astype(str)
    d["side"] = d["side"].fillna("unknown").astype(str)
    order = _order(data, d, groups)
    sides = sorted(d["side"].unique())
    values = {(g, s): float(v) for g, s, v in zip(d["group"], d["side"], d["share_words"].fillna(0))}
    return _stacked(ax, order, sides, values, xlabel="share of quoted words", title="Whose words are quoted",
                    legend_title="side")


def plot_verbs(data, *, ax=None, groups=None, side=None):
    """Reporting-verb stance mix per group (and side), as stacked shares.

    Parameters
    ----------
    data : Comparison or DataFrame
        The ``verbs`` table (group, side, verb_class, count, share).
    ax : matplotlib Axes, optional
    groups : list of str, optional
    side : str, optional
        Only this side's quotes; default: one bar per (group, side).

    Returns
    -------
    matplotlib Axes
    """
    df = _table(data, "verbs", ["group", "side", "verb_class", "count"])
    ax = _axes(ax)
    d = df.copy()
    d["group"] = d["group"].astype(str)
    d["side"] = d["side"].fillna("unknown").astype(str)
    if side is not None:
        d = d[d["side"] == str(side)]
    if not len(d):
        return _empty(ax, "no reporting verbs found")
    order = _order(data, d, groups)
    rows = [(g, s) for g in order for s in sorted(d.loc[d["group"] == g, "side"].unique())]
    classes = sorted(d["verb_class"].astype(str).unique())
    tot = d.groupby(["group", "side"])["count"].sum()
    values = {}
    for (g, s, c), cnt in d.groupby(["group", "side", "verb_class"])["count"].sum().items():
        t = float(tot.get((g, s), 0))
        values[(f"{g} / {s}", str(c))] = float(cnt) / t if t else 0.0
    return _stacked(ax, [f"{g} / {s}" for g, s in rows], classes, values,
                    xlabel="share of reporting verbs", title="Reporting verbs by side", legend_title="verb class")


def plot_tone(data, *, ax=None, groups=None):
    """Mean tone per target (side, referent or segment), one marker per group.

    Parameters
    ----------
    data : Comparison or DataFrame
        The ``tone`` table (group, target, mean, n).
    ax : matplotlib Axes, optional
    groups : list of str, optional

    Returns
    -------
    matplotlib Axes
    """
    df = _table(data, "tone", ["group", "target", "mean", "n"])
    ax = _axes(ax)
    if not len(df):
        return _empty(ax, "no tone measured")
    d = df.copy()
    d["group"] = d["group"].astype(str)
    d["target"] = d["target"].astype(str)
    order = _order(data, d, groups)
    targets = sorted(d["target"].unique())
    y = np.arange(len(targets))
    n = max(len(order), 1)
    for j, g in enumerate(order):
        sub = d[d["group"] == g].set_index("target")["mean"]
        x = np.array([float(sub.get(t, np.nan)) for t in targets])
        ax.plot(x, y + (j - (n - 1) / 2) * (0.6 / n), "o", color=PALETTE[j % len(PALETTE)],
                label=safe_text(g))
    ax.axvline(0, color="0.7", lw=0.8)
    ax.set_yticks(y, [safe_text(t) for t in targets])
    ax.invert_yaxis()
    ax.set_xlim(-1.05, 1.05)
    ax.set_xlabel("mean tone (VADER compound, -1 .. +1)")
    ax.set_title("Tone by target")
    ax.legend(fontsize="small", frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax


def plot_frames(data, *, ax=None, groups=None, top: int = 15):
    """Heatmap of frame scores: groups in rows, frames in columns.

    Parameters
    ----------
    data : Comparison or DataFrame
        The ``frames`` table (group, frame, mean, n).
    ax : matplotlib Axes, optional
    groups : list of str, optional
    top : int, default 15
        Show the ``top`` frames with the largest mean over groups.

    Returns
    -------
    matplotlib Axes
    """
    df = _table(data, "frames", ["group", "frame", "mean"])
    ax = _axes(ax)
    if not len(df):
        return _empty(ax, "no frames measured")
    d = df.copy()
    d["group"] = d["group"].astype(str)
    d["frame"] = d["frame"].astype(str)
    order = _order(data, d, groups)
    frames = list(d.groupby("frame")["mean"].mean().sort_values(ascending=False, kind="stable").index[:top])
    m = d.pivot_table(index="group", columns="frame", values="mean", aggfunc="mean").reindex(
        index=order, columns=frames)
    vals = m.to_numpy(dtype=float)
    im = ax.imshow(np.nan_to_num(vals), aspect="auto", cmap="Blues")
    ax.set_yticks(np.arange(len(order)), [safe_text(g) for g in order])
    ax.set_xticks(np.arange(len(frames)), [safe_text(f, max_len=24) for f in frames], rotation=45, ha="right")
    vmax = np.nanmax(vals) if np.isfinite(vals).any() else 0.0
    for i in range(vals.shape[0]):
        for j in range(vals.shape[1]):
            if np.isfinite(vals[i, j]):
                ax.text(j, i, f"{vals[i, j]:.2g}", ha="center", va="center", fontsize="x-small",
                        color="white" if vals[i, j] > 0.6 * vmax else "black")
    ax.figure.colorbar(im, ax=ax, shrink=0.8, label="mean score")
    ax.set_title("Frames")
    return ax


def plot_distinctive(data, group=None, *, ax=None, n: int = 10, comparison: str = "one-vs-rest"):
    """The most distinctive terms of one group (log-odds z-scores), as horizontal bars.

    Parameters
    ----------
    data : Comparison or DataFrame
        The ``distinctive`` table (group, term, z, comparison).
    group : str, optional
        Default: the first group in the comparison's order.
    ax : matplotlib Axes, optional
    n : int, default 10
        Number of terms.
    comparison : str, default "one-vs-rest"
        Which comparison rows to show (e.g. ``"vs:afp"`` for a pairwise one).

    Returns
    -------
    matplotlib Axes
    """
    df = _table(data, "distinctive", ["group", "term", "z", "comparison"])
    ax = _axes(ax)
    d = df[df["comparison"].astype(str) == comparison].copy()
    d["group"] = d["group"].astype(str)
    if group is None:
        order = _order(data, d)
        if not order:
            return _empty(ax, "no distinctive terms")
        group = order[0]
    d = d[(d["group"] == str(group)) & (d["z"] > 0)]
    if not len(d):
        return _empty(ax, f"no distinctive terms for {safe_text(group)}")
    d = d.sort_values(["z", "term"], ascending=[False, True], kind="stable").head(n)
    y = np.arange(len(d))
    ax.barh(y, d["z"].astype(float), color=PALETTE[0], height=0.7)
    ax.axvline(1.96, color="0.5", ls="--", lw=0.8)
    ax.set_yticks(y, [safe_text(t, max_len=30) for t in d["term"]])
    ax.invert_yaxis()
    ax.set_xlabel("z of the log-odds ratio" + (", one vs rest" if comparison == "one-vs-rest" else "")
                  + " (dashed: 1.96)")
    ax.set_title(f"Distinctive terms: {safe_text(group)}" + ("" if comparison == "one-vs-rest" else
                                                             f" ({safe_text(comparison)})"))
    return ax
