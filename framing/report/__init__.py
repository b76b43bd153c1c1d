"""Reports: a comparison rendered as a self-contained HTML page and its Markdown twin.

:func:`render_html` and :func:`render_markdown` return strings; :func:`write_report` writes both
files atomically. The page loads nothing from the network (no scripts, styles, fonts or images
from elsewhere; a Content-Security-Policy forbids it too) and embeds its charts as inline SVG
drawn by :mod:`framing.plots` (deterministic: ``svg.hashsalt`` is fixed and no date is stored).

Sections: a summary in plain words, label choices per group with intervals, stance, voice
balance and reporting verbs, tone, frames, salience, distinctive terms, inclusion and omission,
every article with its framing choices highlighted, and a methods section (toolkit and lexicon
versions, corpus fingerprint, date) that makes the report reproducible. Every number links to
its evidence: a list of the matches behind it, each linking to the highlighted span in its
article.

Safety: article text, titles and URLs are untrusted. The HTML template is autoescaped
(``select_autoescape``); highlighted text is built by :func:`highlight_html`, which slices the
text at evidence offsets and escapes every piece; links are emitted only for ``http(s)`` URLs.
The Markdown environment escapes every expression by default (``finalize``), so forgetting a
filter cannot inject markup.

Known limits: to keep a report on 1,000 articles under 5 MB, each number lists at most
``max_evidence`` matches, fewer (down to 3) when the numbers are many (``evidence_budget``); the
count always says how many there are. Only the first ``max_articles`` articles are reproduced in
full (collapsed); the others are listed by title.
Distinctive terms have no extractor evidence: their links list the term's occurrences found by a
case-insensitive whole-word search in the group's articles.
"""

from __future__ import annotations

import datetime as _dt
import functools
import io
import os
import re
from pathlib import Path

from markupsafe import Markup, escape

from ..errors import ValidationError

__all__ = [
    "render_html",
    "render_markdown",
    "write_report",
    "build_context",
    "highlight_html",
    "highlight_markdown",
    "md_escape",
    "figure_svg",
    "MdSafe",
]

#: the evidence feature names behind each table of a Comparison
_FRAME_FEATURES = ("frame", "policy_frame")


# --------------------------------------------------------------------------- escaping helpers
class MdSafe(str):
    """A string of Markdown that is already escaped (passed through by the Markdown template)."""


_MD_INLINE = re.compile(r"([\\`*_\[\]|{}~])")
_MD_LINESTART = re.compile(r"(?m)^(\s*)(#|[+\-=](?=\s|$))")
_MD_ORDERED = re.compile(r"(?m)^(\s*\d+)([.)])(?=\s|$)")


def md_escape(value) -> MdSafe:
    """Escape text for Markdown: no markup, no raw HTML, no entity tricks, single-line safe.

    >>> md_escape("<b>*hi*</b> | #1")
    '&lt;b&gt;\\\\*hi\\\\*&lt;/b&gt; \\\\| #1'
    """
    if isinstance(value, MdSafe):
        return value
    s = "" if value is None else str(value)
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _MD_INLINE.sub(r"\\\1", s)
    s = _MD_LINESTART.sub(lambda m: m.group(1) + "\\" + m.group(2), s)
    s = _MD_ORDERED.sub(lambda m: m.group(1) + "\\" + m.group(2), s)
    return MdSafe(s)


def _md_cell(value) -> MdSafe:
    """Escape for a Markdown table cell (one line)."""
    return md_escape(" ".join(("" if value is None else str(value)).split()))


def _md_link(text, anchor) -> MdSafe:
    """``[text](#anchor)`` with ``text`` escaped (plain escaped text when there is no anchor)."""
    t = _md_cell(text)
    if not anchor or not re.match(r"^[a-z]+[0-9]+$", str(anchor)):
        return t
    return MdSafe(f"[{t}](#{anchor})")


def _finalize_md(value):
    if value is None:
        return ""
    if isinstance(value, MdSafe):
        return value
    return md_escape(value)


#: spans longer than this (or crossing a paragraph) are anchored, not highlighted, so the short
#: matches inside them (labels, reporting verbs) stay visible
MAX_MARK = 80


def _clean_spans(text: str, spans, *, max_mark: int = MAX_MARK):
    """Marks and anchor points for ``spans`` over ``text``.

    Returns ``(marks, points)``: ``marks`` are ``[start, end, anchor, css, title, nested_ids]``,
    sorted and never overlapping; ``points`` are ``(offset, anchor)`` for zero-width anchors.
    Spans outside the text or empty are dropped. A span longer than ``max_mark`` characters or
    crossing a blank line becomes an anchor point at its start. Shorter spans win over longer
    ones; a span overlapping a kept mark is not highlighted on its own, but its anchor id is
    kept at the start of that mark, so links to it still land. Identical anchors appear once.
    """
    n = len(text)
    ok, points = [], []
    for sp in spans:
        sp = tuple(sp) + (None,) * (5 - len(sp))
        start, end = int(sp[0]), int(sp[1])
        if not 0 <= start < end <= n:
            continue
        if end - start > max_mark or "\n\n" in text[start:end]:
            if sp[2]:
                points.append((start, str(sp[2])))
            continue
        ok.append((start, end) + tuple(sp[2:5]))
    # shortest first, then leftmost: short matches are the framing choices worth seeing
    ok.sort(key=lambda s: (s[1] - s[0], s[0], str(s[2])))
    marks = []
    seen = set()
    for s in ok:
        clash = next((m for m in marks if s[0] < m[1] and m[0] < s[1]), None)
        if clash is None:
            marks.append([s[0], s[1], s[2], s[3], s[4], []])
            seen.add(s[2])
        elif s[2] and s[2] not in seen:
            points.append((s[0], str(s[2])))
    marks.sort(key=lambda m: m[0])
    # anchors inside a mark move to its start; each anchor once
    starts = [m[0] for m in marks]
    import bisect

    out_points, done = [], set(seen)
    for off, aid in sorted(points):
        if aid in done:
            continue
        done.add(aid)
        i = bisect.bisect_right(starts, off) - 1
        if i >= 0 and marks[i][0] < off < marks[i][1]:
            off = marks[i][0]
        out_points.append((off, aid))
    out_points.sort()
    return marks, out_points


def _weave(text, marks, points, *, esc, anchor, mark):
    """Join escaped text pieces, anchors and marks in text order."""
    out = []
    pi = 0

    def plain(a, b):
        nonlocal pi
        while pi < len(points) and points[pi][0] <= b:
            off = max(points[pi][0], a)
            out.append(esc(text[a:off]))
            out.append(anchor(points[pi][1]))
            a = off
            pi += 1
        out.append(esc(text[a:b]))

    pos = 0
    for m in marks:
        plain(pos, m[0])
        out.append(mark(m))
        pos = m[1]
    plain(pos, len(text))
    while pi < len(points):
        out.append(anchor(points[pi][1]))
        pi += 1
    return out


def highlight_html(text: str, spans) -> Markup:
    """Escaped HTML of ``text`` with ``spans`` wrapped in ``<mark>``.

    Parameters
    ----------
    text : str
        The article text as loaded (untrusted).
    spans : iterable of tuple
        ``(start, end, anchor_id, css_class, title)``; offsets index ``text``; the last three
        may be None. Anchor ids and classes must be ones the report generated (they are escaped
        all the same). Long spans (sentences) become anchors without a highlight.

    Returns
    -------
    markupsafe.Markup
        Paragraphs (``<p>``) of escaped text; nothing of ``text`` is ever emitted unescaped.

    Examples
    --------
    >>> str(highlight_html("a <b> c", [(2, 5, "x1", "label", "tag")]))
    '<p>a <mark id="x1" class="label" title="tag">&lt;b&gt;</mark> c</p>'
    """
    text = "" if text is None else str(text)
    marks, points = _clean_spans(text, spans)

    def mark(m):
        attrs = Markup("")
        if m[2]:
            attrs += Markup(' id="{}"').format(m[2])
        if m[3]:
            attrs += Markup(' class="{}"').format(m[3])
        if m[4]:
            attrs += Markup(' title="{}"').format(m[4])
        return Markup("<mark{}>{}</mark>").format(attrs, text[m[0]:m[1]])

    pieces = _weave(text, marks, points, esc=escape, anchor=lambda i: Markup('<span id="{}"></span>').format(i),
                    mark=mark)
    html = str(Markup("").join(pieces))
    paras = [p for p in re.split(r"\n\s*\n", html) if p.strip()]
    return Markup("\n".join("<p>" + p.replace("\n", "<br>") + "</p>" for p in paras))


def highlight_markdown(text: str, spans) -> MdSafe:
    """Escaped Markdown of ``text`` with ``spans`` in bold, each preceded by its anchor.

    >>> print(highlight_markdown("the *rebels* said", [(5, 11, "x1", None, None)]))
    the \\*<a id="x1"></a>**rebels**\\* said
    """
    text = "" if text is None else str(text)
    marks, points = _clean_spans(text, spans)

    def mark(m):
        piece = md_escape(text[m[0]:m[1]]).strip()
        a = f'<a id="{escape(m[2])}"></a>' if m[2] else ""
        return a + (f"**{piece}**" if piece else "")

    return MdSafe("".join(_weave(text, marks, points, esc=md_escape,
                                 anchor=lambda i: f'<a id="{escape(i)}"></a>', mark=mark)))


def safe_url(url) -> str | None:
    """``url`` if it is an absolute http(s) URL, else None (no ``javascript:`` or ``data:``)."""
    if not url:
        return None
    s = str(url).strip()
    return s if re.match(r"^https?://[^\s<>\"']+$", s, flags=re.I) else None


# --------------------------------------------------------------------------- charts
def figure_svg(ax_or_fig) -> Markup:
    """Inline SVG of a matplotlib figure: deterministic (fixed hash salt, no date), no XML header."""
    import matplotlib

    fig = getattr(ax_or_fig, "figure", ax_or_fig)
    buf = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": "framing-report", "svg.fonttype": "none"}):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": "framing"})
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]
    # matplotlib escapes text it draws; refuse anything script-like all the same
    if re.search(r"<\s*script|\son\w+\s*=|javascript:", svg, flags=re.I):
        raise ValidationError("a chart contains script-like markup; refusing to embed it", field="svg")
    return Markup(svg)


def _charts(comparison, *, max_groups: int):
    from matplotlib.figure import Figure

    from .. import plots

    charts = []

    def add(key, title, fn, size=(7.0, 3.6), **kw):
        fig = Figure(figsize=size, layout="constrained")
        ax = fig.add_subplot()
        fn(comparison, ax=ax, **kw)
        charts.append({"key": key, "title": title, "svg": figure_svg(fig)})

    order = [str(g) for g in (getattr(comparison, "order", None) or [])]
    n_groups = max(len(order), 1)
    tall = max(3.0, 0.35 * n_groups + 1.2)
    labels = comparison.labels
    if len(labels):
        tot = labels.groupby("referent")["count"].sum().sort_values(ascending=False, kind="stable")
        for ref in [str(r) for r in tot.index[:4]]:
            nlab = min(labels[labels["referent"].astype(str) == ref]["label"].nunique(), 8)
            add(f"labels-{ref}", f"Labels for {ref}", plots.plot_label_shares, referent=ref,
                size=(7.0, max(3.0, 0.25 * nlab * min(n_groups, 6) + 1.2)))
    stance = comparison.stance
    if len(stance):
        for ref in [str(r) for r in stance.groupby("referent")["mentions"].sum()
                    .sort_values(ascending=False, kind="stable").index[:4]]:
            n = int((stance["referent"].astype(str) == ref).sum())
            add(f"stance-{ref}", f"Stance for {ref}", plots.plot_stance, referent=ref, size=(7.0, 0.32 * n + 1.3))
    if len(comparison.voices):
        n_sides = comparison.voices["side"].nunique()
        add("voices", "Voice balance", plots.plot_voices,
            size=(7.5, max(tall, 0.2 * (n_sides if n_sides <= 12 else (n_sides + 1) // 2) + 1.0)))
    if len(comparison.verbs):
        rows = comparison.verbs.groupby(["group", "side"]).ngroups
        add("verbs", "Reporting verbs", plots.plot_verbs, size=(7.0, max(3.0, 0.3 * rows + 1.2)))
    if len(comparison.tone):
        add("tone", "Tone", plots.plot_tone, size=(7.0, max(3.0, 0.4 * comparison.tone["target"].nunique() + 1.2)))
    if len(comparison.frames):
        add("frames", "Frames", plots.plot_frames, size=(7.5, tall + 1.0))
    dist = comparison.distinctive
    if len(dist):
        groups = [g for g in order if g in set(dist["group"].astype(str))][:max_groups]
        for g in groups:
            n = int(((dist["group"].astype(str) == g) & (dist["comparison"] == "one-vs-rest") & (dist["z"] > 0)).sum())
            add(f"distinctive-{g}", f"Distinctive terms: {g}", plots.plot_distinctive, group=g,
                size=(4.2, 0.28 * min(max(n, 1), 10) + 1.1))
    return charts


# --------------------------------------------------------------------------- evidence index
class _Evidence:
    """Numbered groups of evidence rows; each number in the report links to one group."""

    def __init__(self, comparison, articles_text: dict, *, max_evidence: int):
        import pandas as pd

        self.max = max_evidence
        self.groups = []
        self._by_key = {}
        ev = comparison.evidence.copy() if comparison.evidence is not None else pd.DataFrame()
        group_of = _article_groups(comparison)
        if len(ev):
            ev["_group"] = ev["article_id"].astype(str).map(group_of).fillna(ev.get("outlet", "")).astype(str)
            for c in ("feature", "referent", "label", "side", "kind", "verb", "speaker", "segment"):
                if c in ev.columns:
                    ev["_" + c] = ev[c].astype("string").str.lower().fillna("")
                else:
                    ev["_" + c] = ""
            ev = ev.reset_index(drop=True)
            ev["_row"] = range(len(ev))
        self.ev = ev
        self.spans = set()
        if len(ev):
            self.spans = set(zip(ev["article_id"].astype(str), ev["start"].astype(int), ev["end"].astype(int)))
        self.texts = articles_text
        self.group_of = group_of
        self.article_anchor = {}
        self.span_anchor = {}  # (article_id, start, end) -> id

    def span_id(self, article_id, start, end) -> str:
        key = (str(article_id), int(start), int(end))
        if key not in self.span_anchor:
            self.span_anchor[key] = f"s{len(self.span_anchor) + 1}"
        return self.span_anchor[key]

    def select(self, *, features, group=None, **any_of):
        """Rows of the given features (and group), where each keyword's value equals one of its columns."""
        ev = self.ev
        if not len(ev):
            return ev
        mask = ev["_feature"].isin(list(features))
        if group is not None:
            mask &= ev["_group"] == str(group)
        for value, cols in any_of.values():
            v = str(value).lower()
            m = None
            for c in cols:
                hit = ev["_" + c] == v
                m = hit if m is None else (m | hit)
            mask &= m
        return ev[mask]

    def link(self, key, title, rows):
        """Register an evidence group; return its anchor id (None when there is no evidence)."""
        if rows is None or not len(rows):
            return None
        if key in self._by_key:
            return self._by_key[key]
        gid = f"ev{len(self.groups) + 1}"
        shown = rows.sort_values(["article_id", "start"], kind="stable").head(self.max)
        self.groups.append({"id": gid, "title": title, "n": len(rows), "_rows": shown})
        self._by_key[key] = gid
        return gid

    def finalize(self, budget: int) -> int:
        """Turn each group's rows into listed matches; at most ``budget`` in all (at least 3 per group).

        Returns the number of matches listed per group.
        """
        cap = self.max
        if self.groups and cap * len(self.groups) > budget:
            cap = min(self.max, max(3, budget // len(self.groups)))
        for g in self.groups:
            items = []
            for rec in g.pop("_rows").head(cap).to_dict("records"):
                r = _Row(rec)
                aid = str(r.article_id)
                text = self.texts.get(aid)
                start, end = int(r.start), int(r.end)
                match = str(r.text) if isinstance(r.text, str) else ""
                before = after = ""
                if text and 0 <= start <= end <= len(text):
                    before = re.sub(r"\s+", " ", text[max(0, start - 50):start])
                    after = re.sub(r"\s+", " ", text[end:end + 50])
                    match = text[start:end]
                in_text = text is not None and (aid, start, end) in self.spans
                items.append({"article": aid, "group": rec.get("_group"), "match": match, "before": before,
                              "after": after, "span": self.span_id(aid, start, end) if in_text else None,
                              "detail": _detail(r)})
            g["items"] = items
            g["more"] = max(0, g["n"] - len(items))
        return cap


class _Row(dict):
    __getattr__ = dict.get


def _detail(r) -> str:
    import pandas as pd

    parts = []
    for c in ("label", "stance", "speaker", "side", "verb", "kind", "value"):
        v = getattr(r, c, None)
        try:
            if v is None or pd.isna(v) or v == "":
                continue
        except (TypeError, ValueError):
            pass
        parts.append(f"{c}: {v:.3g}" if isinstance(v, float) else f"{c}: {v}")
    return "; ".join(parts)


def _article_groups(comparison) -> dict:
    arts = comparison.articles
    if arts is None or not len(arts):
        return {}
    by = getattr(comparison, "by", "outlet")
    if "group" in arts.columns:
        col = "group"
    elif by != "outlet" and f"tag:{by}" in arts.columns:
        col = f"tag:{by}"
    else:
        col = "outlet"
    return {str(i): str(g) for i, g in zip(arts["id"], arts[col])}


# --------------------------------------------------------------------------- context
def _num(v, fmt="{:.2f}"):
    try:
        f = float(v)
    except (TypeError, ValueError):
        return "–"
    if f != f:
        return "–"
    return fmt.format(f)


def _interval_s(lo, hi, fmt="{:.2f}", sep="–"):
    a, b = _num(lo, fmt), _num(hi, fmt)
    return "–" if a == "–" and b == "–" else f"{a}{sep}{b}"


def _pct(v):
    """A share as a whole percentage; "<1%" for a share that is positive but rounds to 0."""
    try:
        f = float(v)
    except (TypeError, ValueError):
        return "–"
    if 0 < f < 0.01 and f"{f:.0%}" == "0%":
        return "<1%"
    return _num(f, "{:.0%}")


def _records(df):
    return [] if df is None else df.to_dict("records")


def _flatten_meta(obj, name=""):
    """Yield (name, info dict) for every record with a version, source or licence, however nested."""
    if isinstance(obj, dict):
        if any(k in obj for k in ("version", "source", "licence", "license")):
            yield str(obj.get("name") or name), obj
            return
        for k, v in obj.items():
            yield from _flatten_meta(v, str(k))
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            yield from _flatten_meta(v, name)


@functools.lru_cache(maxsize=4)
def _default_meta(_lexicon_paths):
    """Resource metadata of the default extractors (cached per FRAMING_LEXICONS value)."""
    try:
        from ..pipeline import default_extractors

        return {type(ex).__name__: ex.resource_meta() for ex in default_extractors()}
    except Exception:  # noqa: BLE001 - the methods section then says "not recorded"
        return None


def _lexicon_meta(comparison) -> list[dict]:
    """Name, version, source and licence of every data file behind the comparison.

    From the comparison's (or its profile's) ``meta`` when it carries one, else from the default
    extractors, which is what :func:`framing.compare.compare` uses unless told otherwise.
    """
    meta = getattr(comparison, "meta", None) or getattr(getattr(comparison, "profile", None), "meta", None)
    source = "comparison"
    if not meta:
        meta = _default_meta(os.environ.get("FRAMING_LEXICONS"))
        source = "default extractors"
        if meta is None:
            return []
    rows = []
    for extractor, resources in (meta.items() if isinstance(meta, dict) else []):
        for name, info in _flatten_meta(resources):
            rows.append({"extractor": str(extractor), "name": name, "version": str(info.get("version") or ""),
                         "source": str(info.get("source") or ""),
                         "licence": str(info.get("licence") or info.get("license") or ""), "from": source})
    seen = set()
    out = []
    for r in rows:
        key = tuple(r.values())
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def _default_title(event, corpus) -> str:
    """'How outlets framed <event title> (<date>)' from the event registry, else the event id."""
    if not event:
        return "Framing comparison"
    rec = (getattr(corpus, "event_registry", None) or {}).get(event) or {}
    name = rec.get("title") or event
    if rec.get("date") is not None and name != event:
        name = f"{name} ({rec['date']})"
    return f"How outlets framed {name}"


def build_context(comparison, *, corpus=None, title=None, generated=None, max_evidence: int = 10,
                  max_articles: int = 150, max_rows: int = 60, evidence_budget: int = 3000,
                  charts: bool = True) -> dict:
    """Everything the templates need, computed once (see :func:`render_html` for the parameters)."""
    import pandas as pd

    from .. import __version__

    for name in ("articles", "evidence", "labels", "stance", "voices", "verbs", "tone", "frames",
                 "distinctive", "omissions"):
        if not isinstance(getattr(comparison, name, None), pd.DataFrame):
            raise ValidationError(f"the comparison has no '{name}' table", field=name)
    for name, v in (("max_evidence", max_evidence), ("max_articles", max_articles), ("max_rows", max_rows),
                    ("evidence_budget", evidence_budget)):
        if not isinstance(v, int) or v < 0:
            raise ValidationError(f"the '{name}' parameter of render_html must be an int >= 0. Got {v!r} instead.",
                                  field=name)

    articles = []
    texts = {}
    arts_df = comparison.articles
    if corpus is not None:
        wanted = set(arts_df["id"].astype(str)) if len(arts_df) else None
        for a in (corpus.articles() if hasattr(corpus, "articles") else corpus):
            if wanted is None or str(a.id) in wanted:
                articles.append(a)
                texts[str(a.id)] = a.text
    E = _Evidence(comparison, texts, max_evidence=max_evidence)
    by = getattr(comparison, "by", "outlet")
    order = [str(g) for g in (getattr(comparison, "order", None) or [])]
    group_rank = {g: i for i, g in enumerate(order)}

    def gsort(df, *cols):
        if not len(df):
            return df
        d = df.copy()
        d["_rank"] = d["group"].astype(str).map(group_rank).fillna(len(order))
        return d.sort_values(["_rank", "group", *cols], kind="stable")

    # labels
    labels = []
    lab_t = comparison.labels
    n_zero_labels = int((lab_t["count"] == 0).sum()) if len(lab_t) else 0
    for r in _records(gsort(lab_t[lab_t["count"] > 0] if len(lab_t) else lab_t, "referent", "label")):
        g, ref, lab = str(r["group"]), str(r["referent"]), str(r["label"])
        rows = E.select(features=["label"], group=g, referent=(ref, ["referent"]), label=(lab, ["label"]))
        labels.append({**r, "group": g, "share_s": _pct(r["share"]), "stance_s": _num(r["stance"], "{:+g}"), "ci_s": "–" if _pct(r["ci_low"]) == "–" else f"{_pct(r['ci_low'])}–{_pct(r['ci_high'])}",
                       "ev": E.link(("label", g, ref, lab), f"'{lab}' for {ref} in {g}", rows)})
    stance = []
    for r in _records(gsort(comparison.stance, "referent")):
        g, ref = str(r["group"]), str(r["referent"])
        rows = E.select(features=["label"], group=g, referent=(ref, ["referent"]))
        stance.append({**r, "group": g, "index_s": _num(r["stance_index"]),
                       "ci_s": _interval_s(r["ci_low"], r["ci_high"], sep=" to "),
                       "ev": E.link(("stance", g, ref), f"labels for {ref} in {g}", rows)})
    tests = []
    lt = getattr(comparison, "label_tests", None)
    if isinstance(lt, pd.DataFrame) and len(lt):
        for r in _records(lt.sort_values(["q_value", "p_value", "referent", "label", "group"], kind="stable")
                          .head(min(max_rows, 20))):
            key = ("label", str(r["group"]), str(r["referent"]), str(r["label"]))
            tests.append({**r, "p_s": _num(r["p_value"], "{:.3g}"), "q_s": _num(r["q_value"], "{:.3g}"),
                          "ev": E._by_key.get(key)})
    divergence = []
    dv = getattr(comparison, "divergence", None)
    if isinstance(dv, pd.DataFrame) and len(dv):
        for r in _records(dv.sort_values(["jsd", "referent", "group_a", "group_b"], ascending=[False, True, True, True],
                                         kind="stable").head(max_rows)):
            divergence.append({**r, "jsd_s": _num(r["jsd"], "{:.3f}"),
                               "ev_a": E._by_key.get(("stance", str(r["group_a"]), str(r["referent"]))),
                               "ev_b": E._by_key.get(("stance", str(r["group_b"]), str(r["referent"])))})
    voices = []
    vo = comparison.voices
    for r in _records(gsort(vo[vo["quotes"] > 0] if len(vo) else vo, "side")):
        g, side = str(r["group"]), str(r["side"])
        if side in ("other", "unattributed"):
            # compare's names for quotes without a side: with a named speaker ("other") or without
            rows = E.select(features=["quote"], group=g, side=("", ["side"]))
            if len(rows):
                named = rows["_speaker"].str.strip() != ""
                rows = rows[named] if side == "other" else rows[~named]
        else:
            rows = E.select(features=["quote"], group=g, side=(side, ["side"]))
        voices.append({**r, "group": g, "share_s": _pct(r["share_words"]), "words_s": _num(r["words"], "{:.0f}"),
                       "ev": E.link(("quote", g, side), f"quotes of {side} in {g}", rows)})
    verbs = []
    for r in _records(gsort(comparison.verbs, "side", "verb_class")):
        g, side, vc = str(r["group"]), str(r["side"]), str(r["verb_class"])
        rows = E.select(features=["quote"], group=g, side=(side, ["side"]), vc=(vc, ["kind", "label", "verb"]))
        verbs.append({**r, "group": g, "share_s": _pct(r.get("share")),
                      "ev": E.link(("verb", g, side, vc), f"'{vc}' reporting verbs for {side} in {g}", rows)})
    tone = []
    for r in _records(gsort(comparison.tone, "target")):
        g, t = str(r["group"]), str(r["target"])
        if t in ("headline", "body", "caption", "lead"):
            rows = E.select(features=["tone"], group=g, t=(t, ["segment"]), k=("sentence", ["kind"]))
        else:
            rows = E.select(features=["tone"], group=g, t=(t, ["side", "referent"]))
        tone.append({**r, "group": g, "mean_s": _num(r["mean"]),
                     "ev": E.link(("tone", g, t), f"tone of {t} in {g}", rows)})
    frames = []
    fr = comparison.frames
    n_zero_frames = int((fr["mean"].fillna(0) == 0).sum()) if len(fr) else 0
    for r in _records(gsort(fr[fr["mean"].fillna(0) != 0] if len(fr) else fr, "frame")):
        g, f = str(r["group"]), str(r["frame"])
        feature = "policy_frame" if f.startswith("policy:") else "frame"
        rows = E.select(features=[feature], group=g, f=(f.split(":", 1)[-1] if feature == "policy_frame" else f,
                                                       ["referent", "label"]))
        frames.append({**r, "group": g, "mean_s": _num(r["mean"], "{:.3g}"),
                       "ci_s": _interval_s(r.get("ci_low"), r.get("ci_high"), "{:.3g}"),
                       "ev": E.link(("frame", g, f), f"frame '{f}' in {g}", rows)})
    salience = []
    sal = getattr(comparison, "salience", None)
    if isinstance(sal, pd.DataFrame) and len(sal):
        for r in _records(gsort(sal, "referent_or_side")):
            g, x = str(r["group"]), str(r["referent_or_side"])
            rows = E.select(features=["salience"], group=g, x=(x, ["referent", "side"]))
            if not len(rows):
                rows = E.select(features=["label", "quote"], group=g, x=(x, ["referent", "side"]))
            salience.append({**r, "group": g, "first_s": _num(r["first_mention_mean"], "{:.1f}"),
                             "headline_s": _pct(r["in_headline_share"]), "lead_s": _pct(r["in_lead_share"]),
                             "sentences_s": _pct(r["sentence_share"]),
                             "ev": E.link(("salience", g, x), f"mentions of {x} in {g}", rows)})
    # distinctive terms: top 10 one-vs-rest per group, occurrences found in the group's texts
    distinctive = []
    dist = comparison.distinctive
    if len(dist):
        d = dist[dist["comparison"].astype(str) == "one-vs-rest"]
        d = gsort(d[d["z"] > 0], "z")
        d = d.sort_values(["_rank", "group", "z", "term"], ascending=[True, True, False, True], kind="stable") if len(d) else d
        d = d.groupby("group", sort=False).head(10) if len(d) else d
        for r in _records(d):
            g, term = str(r["group"]), str(r["term"])
            rows = _term_rows(term, g, E)
            distinctive.append({**r, "group": g, "z_s": _num(r["z"]), "lo_s": _num(r["log_odds"]),
                                "ev": E.link(("term", g, term), f"'{term}' in {g}", rows)})
    # omissions: items some groups include and others leave out
    omissions = []
    om = comparison.omissions
    if len(om):
        part = om[(om["n_groups_including"] > 0) & (om["n_groups_including"] < om["n_groups"])]
        items = part.groupby(["item_type", "item"], sort=True).agg(
            n=("n_groups_including", "max"), of=("n_groups", "max")).reset_index()
        rank = {t: i for i, t in enumerate(("referent", "side", "label", "speaker"))}
        items["_t"] = items["item_type"].map(rank).fillna(len(rank))
        items = items.sort_values(["n", "_t", "item_type", "item"], kind="stable").head(max_rows)
        for r in _records(items):
            inc = part[(part["item_type"] == r["item_type"]) & (part["item"] == r["item"])]
            incl = sorted({str(g) for g in inc.loc[inc["included"].astype(bool), "group"]},
                          key=lambda g: (group_rank.get(g, len(order)), g))
            excl = sorted({str(g) for g in inc.loc[~inc["included"].astype(bool), "group"]},
                          key=lambda g: (group_rank.get(g, len(order)), g))
            item = str(r["item"])
            rows = E.select(features=["label", "quote", "salience", "loaded"],
                            x=(item, ["label", "referent", "side", "speaker"]))
            if not len(rows):  # entities, numbers, keyphrases: where the including groups' texts say it
                rows = _term_rows(item, incl, E)
            omissions.append({"item_type": r["item_type"], "item": item, "n": int(r["n"]), "of": int(r["of"]),
                              "included": incl, "omitted": excl,
                              "ev": E.link(("omission", r["item_type"], item), f"{r['item_type']} '{item}'", rows)})

    # articles with highlighted spans
    by_article = {}
    if len(E.ev):
        for r in E.ev[["article_id", "start", "end", "feature", "label", "referent", "side", "text"]].itertuples(index=False):
            by_article.setdefault(str(r.article_id), []).append(r)
    art_rows = []
    meta = {str(r["id"]): r for r in _records(arts_df)} if len(arts_df) else {}
    ordered = sorted(articles, key=lambda a: (group_rank.get(E.group_of.get(str(a.id), a.outlet), len(order)),
                                              E.group_of.get(str(a.id), str(a.outlet)), str(a.date or ""), str(a.id)))
    for k, a in enumerate(ordered):
        aid = str(a.id)
        E.article_anchor[aid] = f"a{k + 1}"
        full = k < max_articles
        spans = []
        feats = {}
        for r in by_article.get(aid, []):
            feats[str(r.feature)] = feats.get(str(r.feature), 0) + 1
            if full:
                css = "f-" + re.sub(r"[^a-z0-9_-]", "", str(r.feature).lower())
                what = " ".join(str(x) for x in (r.feature, r.referent, r.label, r.side)
                                if isinstance(x, str) and x)
                spans.append((int(r.start), int(r.end), E.span_id(aid, r.start, r.end), css, what))
        m = meta.get(aid, {})
        art_rows.append({
            "anchor": f"a{k + 1}", "id": aid, "outlet": a.outlet, "group": E.group_of.get(aid, a.outlet),
            "title": a.title or m.get("title") or aid, "date": a.date.isoformat() if a.date else "",
            "url": safe_url(a.url), "url_md": MdSafe(safe_url(a.url) or ""), "url_text": a.url or "", "license": a.license or "",
            "full": full, "n_evidence": sum(feats.values()),
            "features": ", ".join(f"{f} {n}" for f, n in sorted(feats.items())),
            "html": highlight_html(a.text, spans) if full else None,
            "md": highlight_markdown(a.text, spans) if full else None,
        })
    per_number = E.finalize(evidence_budget)
    span_articles = {sid: aid for (aid, _s, _e), sid in E.span_anchor.items()}
    for grp in E.groups:
        for it in grp["items"]:
            it["article_anchor"] = E.article_anchor.get(it["article"])
            if it["span"] and not _article_is_full(art_rows, span_articles[it["span"]]):
                it["span"] = None

    event = None
    if "event" in arts_df.columns and len(arts_df):
        ev_ids = sorted({str(e) for e in arts_df["event"].dropna()})
        event = ", ".join(ev_ids) if ev_ids else None
    event = getattr(comparison, "event", None) or event
    if generated is None:
        sde = os.environ.get("SOURCE_DATE_EPOCH")
        generated = (_dt.datetime.fromtimestamp(int(sde), _dt.timezone.utc).date() if sde
                     else _dt.date.today())
    fingerprint = corpus.fingerprint() if corpus is not None and hasattr(corpus, "fingerprint") else None
    summary = comparison.summary() if hasattr(comparison, "summary") else ""
    import matplotlib
    import platform

    return {
        "title": title or _default_title(event, corpus),
        "event": event or "", "by": by, "order": order,
        "n_articles": len(arts_df), "n_groups": len(order) or (arts_df["outlet"].nunique() if len(arts_df) else 0),
        "summary": [p.strip() for p in re.split(r"\n\s*\n", summary or "") if p.strip()],
        "warnings": [str(w) for w in (getattr(comparison, "warnings", None) or [])],
        "charts": _charts(comparison, max_groups=12) if charts else [],
        "labels": labels, "n_zero_labels": n_zero_labels, "n_zero_frames": n_zero_frames, "n_tests": 0 if lt is None else len(lt), "stance": stance, "tests": tests, "divergence": divergence,
        "voices": voices, "verbs": verbs, "tone": tone, "frames": frames, "salience": salience,
        "distinctive": distinctive, "omissions": omissions,
        "articles": art_rows, "n_full": sum(1 for a in art_rows if a["full"]),
        "evidence_groups": E.groups, "max_evidence": per_number, "max_articles": max_articles,
        "max_rows": max_rows,
        "methods": {
            "toolkit": f"framing {__version__}", "python": platform.python_version(),
            "matplotlib": matplotlib.__version__, "pandas": pd.__version__,
            "fingerprint": fingerprint or "not available (no corpus given)",
            "date": generated.isoformat() if hasattr(generated, "isoformat") else str(generated),
            "lexicons": _lexicon_meta(comparison),
            "n_evidence": int(len(E.ev)),
        },
    }


def _article_is_full(rows, aid) -> bool:
    for r in rows:
        if r["id"] == aid:
            return r["full"]
    return False


def _term_rows(term: str, groups, E: _Evidence):
    """Occurrences of ``term`` (case-insensitive, whole words) in the texts of ``groups``."""
    import pandas as pd

    groups = {groups} if isinstance(groups, str) else set(groups)
    words = term.split()
    if not words:
        return pd.DataFrame()
    pat = re.compile(r"(?<!\w)" + r"\s+".join(re.escape(t) for t in words) + r"(?!\w)", re.I)
    rows = []
    for aid, text in E.texts.items():
        g = E.group_of.get(aid)
        if g not in groups:
            continue
        for m in pat.finditer(text):
            rows.append({"article_id": aid, "start": m.start(), "end": m.end(), "text": m.group(0),
                         "_group": g, "feature": "term", "label": term})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- rendering
def _env(kind: str):
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    if kind == "html":
        env = Environment(loader=PackageLoader("framing.report", "templates"),
                          autoescape=select_autoescape(enabled_extensions=("html.j2", "html"),
                                                       default_for_string=True, default=True),
                          undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    else:
        env = Environment(loader=PackageLoader("framing.report", "templates"), autoescape=False,
                          finalize=_finalize_md, undefined=StrictUndefined, trim_blocks=True,
                          lstrip_blocks=True)
        env.filters["cell"] = _md_cell
        env.globals["link"] = _md_link
    return env


def render_html(comparison, *, corpus=None, title=None, generated=None, max_evidence: int = 10,
                max_articles: int = 150, max_rows: int = 60, evidence_budget: int = 3000, context=None) -> str:
    """Render a comparison as one self-contained HTML page.

    Parameters
    ----------
    comparison : Comparison
        From :func:`framing.compare.compare`.
    corpus : Corpus or iterable of Article, optional
        The articles compared; needed for the highlighted texts and the corpus fingerprint.
    title : str, optional
        Page title (default: "How outlets framed <event>").
    generated : datetime.date, optional
        Date printed in the methods section (default: ``SOURCE_DATE_EPOCH`` if set, else today).
    max_evidence : int, default 10
        Matches listed per number (the total is always given).
    evidence_budget : int, default 3000
        Matches listed in all: with many numbers, each lists fewer (at least 3) so that the page
        stays small; the page says how many are listed per number.
    max_articles : int, default 150
        Articles reproduced in full; the rest are listed by title and evidence count.
    max_rows : int, default 60
        Rows shown of the long tables (tests, divergence, omissions).
    context : dict, optional
        A context from :func:`build_context` (to render HTML and Markdown from one computation).

    Returns
    -------
    str
    """
    ctx = context or build_context(comparison, corpus=corpus, title=title, generated=generated,
                                   max_evidence=max_evidence, max_articles=max_articles, max_rows=max_rows,
                                   evidence_budget=evidence_budget)
    return _env("html").get_template("report.html.j2").render(**ctx)


def render_markdown(comparison, *, corpus=None, title=None, generated=None, max_evidence: int = 10,
                    max_articles: int = 150, max_rows: int = 60, evidence_budget: int = 3000, context=None) -> str:
    """Render a comparison as Markdown (the HTML report's twin, without charts).

    Parameters are those of :func:`render_html`.
    """
    ctx = context or build_context(comparison, corpus=corpus, title=title, generated=generated,
                                   max_evidence=max_evidence, max_articles=max_articles, max_rows=max_rows,
                                   evidence_budget=evidence_budget, charts=False)
    return _env("md").get_template("report.md.j2").render(**ctx)


def write_report(comparison, out_dir, *, corpus=None, name=None, title=None, generated=None,
                 max_evidence: int = 10, max_articles: int = 150, max_rows: int = 60,
                 evidence_budget: int = 3000) -> tuple[Path, Path]:
    """Render and write ``<name>.html`` and ``<name>.md`` into ``out_dir`` (atomic, overwriting).

    Parameters
    ----------
    comparison : Comparison
    out_dir : path-like
        Created if needed.
    corpus : Corpus, optional
    name : str, optional
        File stem (default: the event id, else "report").
    title, generated, max_evidence, max_articles, max_rows, evidence_budget
        As for :func:`render_html`.

    Returns
    -------
    (Path, Path)
        The HTML and Markdown paths.
    """
    from .._io import atomic_write

    if name is not None and not re.match(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$", name):
        raise ValidationError(f"the report name must be a plain file name; got {name!r}", field="name")
    ctx = build_context(comparison, corpus=corpus, title=title, generated=generated, max_evidence=max_evidence,
                        max_articles=max_articles, max_rows=max_rows, evidence_budget=evidence_budget)
    stem = name or (ctx["event"] if ctx["event"] and "," not in ctx["event"] else "report")
    if not re.match(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$", stem):
        raise ValidationError(f"the report name must be a plain file name; got {stem!r}", field="name")
    out = Path(out_dir)
    html = render_html(comparison, context=ctx)
    md = render_markdown(comparison, context=ctx)
    return (atomic_write(out / f"{stem}.html", html, overwrite=True),
            atomic_write(out / f"{stem}.md", md, overwrite=True))
