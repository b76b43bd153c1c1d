"""Tests for framing.plots, on a small Comparison-like object built from hand-written tables.

:func:`fake_comparison` is reused by tests/test_report.py and tests/test_report_browser.py: the
tables follow the column names of the ``Comparison`` contract, so plots and reports can be tested
without running the extractors.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from framing import plots  # noqa: E402
from framing.corpus import Article  # noqa: E402
from framing.errors import ValidationError  # noqa: E402

TEXTS = {
    "ptv-1": ("presstv", "Deal great leap\n\nThe terrorists were pushed back, Ja'afari said. Militant groups lost ground."),
    "afp-1": ("afp", "Safe zones agreed\n\nRebels walked out of the talks, a spokesman claimed. The opposition said no."),
    "voa-1": ("voa", "Three powers sign deal\n\nRebel groups and the opposition were cautious, Lavrov said."),
}


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def _span(aid, word, **kw):
    outlet, text = TEXTS[aid]
    start = text.index(word)
    row = {"article_id": aid, "outlet": outlet, "feature": "label", "referent": None, "label": None,
           "stance": None, "start": start, "end": start + len(word), "text": word, "speaker": None,
           "side": None, "verb": None, "kind": None, "segment": "body", "sentence": 1, "value": None}
    row.update(kw)
    return row


@dataclass
class FakeComparison:
    """The attributes and methods of framing.compare.Comparison, from hand-written tables."""

    by: str = "outlet"
    order: list = field(default_factory=lambda: ["presstv", "voa", "afp"])
    warnings: list = field(default_factory=lambda: ["low counts: fewer than 5 mentions for armed_groups in afp"])

    def __post_init__(self):
        ids = list(TEXTS)
        self.articles = pd.DataFrame({"id": ids, "outlet": [TEXTS[i][0] for i in ids],
                                      "group": [TEXTS[i][0] for i in ids],
                                      "title": [TEXTS[i][1].split("\n")[0] for i in ids]})
        self.evidence = pd.DataFrame([
            _span("ptv-1", "terrorists", referent="armed_groups", label="terrorist", stance=-2),
            _span("ptv-1", "Militant groups", referent="armed_groups", label="militant", stance=-1),
            _span("afp-1", "Rebels", referent="armed_groups", label="rebel", stance=1),
            _span("afp-1", "opposition", referent="armed_groups", label="opposition", stance=0),
            _span("voa-1", "Rebel groups", referent="armed_groups", label="rebel", stance=1),
            _span("voa-1", "opposition", referent="armed_groups", label="opposition", stance=0),
            _span("ptv-1", "said", feature="quote", side="government", speaker="Ja'afari", verb="said", kind="neutral"),
            _span("afp-1", "claimed", feature="quote", side="opposition", speaker="a spokesman", verb="claimed", kind="doubt"),
            _span("voa-1", "said", feature="quote", side="guarantors", speaker="Lavrov", verb="said", kind="neutral"),
            _span("afp-1", "walked out", feature="tone", side="opposition", value=-0.3),
        ])
        lab = [("presstv", "terrorist", -2, 1, 2), ("presstv", "militant", -1, 1, 2),
               ("afp", "rebel", 1, 1, 2), ("afp", "opposition", 0, 1, 2),
               ("voa", "rebel", 1, 1, 2), ("voa", "opposition", 0, 1, 2)]
        self.labels = pd.DataFrame([{"group": g, "referent": "armed_groups", "label": l, "stance": s,
                                     "count": c, "total": t, "share": c / t, "ci_low": 0.09, "ci_high": 0.91,
                                     "low_count": True} for g, l, s, c, t in lab])
        self.stance = pd.DataFrame({"group": ["presstv", "afp", "voa"], "referent": ["armed_groups"] * 3,
                                    "n_articles": [1, 1, 1], "mentions": [2, 2, 2], "stance_index": [-1.5, 0.5, 0.5],
                                    "ci_low": [-2.0, 0.0, 0.0], "ci_high": [-1.0, 1.0, 1.0]})
        self.label_tests = pd.DataFrame({"referent": ["armed_groups"] * 2, "label": ["rebel", "terrorist"],
                                         "group": ["presstv", "presstv"], "count": [0, 1], "total": [2, 2],
                                         "rest_count": [2, 0], "rest_total": [4, 4], "p_value": [0.47, 0.33],
                                         "q_value": [0.47, 0.47], "method": ["fisher"] * 2})
        self.divergence = pd.DataFrame({"referent": ["armed_groups"] * 3, "group_a": ["afp", "afp", "presstv"],
                                        "group_b": ["presstv", "voa", "voa"], "jsd": [1.0, 0.0, 1.0]})
        self.voices = pd.DataFrame({"group": ["presstv", "afp", "voa"], "side": ["government", "opposition", "guarantors"],
                                    "quotes": [1, 1, 1], "direct": [0, 0, 0], "partial": [0, 0, 0],
                                    "indirect": [1, 1, 1], "words": [6, 4, 5], "share_words": [1.0, 1.0, 1.0]})
        self.verbs = pd.DataFrame({"group": ["presstv", "afp", "voa"], "side": ["government", "opposition", "guarantors"],
                                   "verb_class": ["neutral", "doubt", "neutral"], "count": [1, 1, 1],
                                   "share": [1.0, 1.0, 1.0]})
        self.tone = pd.DataFrame({"group": ["presstv", "afp", "voa", "presstv"],
                                  "target": ["opposition", "opposition", "opposition", "body"],
                                  "mean": [-0.5, -0.3, 0.1, 0.2], "n": [1, 1, 1, 2]})
        self.frames = pd.DataFrame({"group": ["presstv", "afp", "voa"] * 2,
                                    "frame": ["conflict"] * 3 + ["morality"] * 3,
                                    "mean": [0.4, 0.2, 0.1, 0.0, 0.1, 0.05], "ci_low": [0.0] * 6,
                                    "ci_high": [0.6] * 6, "n": [1] * 6})
        self.salience = pd.DataFrame({"group": ["presstv", "afp"], "referent_or_side": ["armed_groups"] * 2,
                                      "first_mention_mean": [1.0, 1.0], "in_headline_share": [0.0, 0.0],
                                      "in_lead_share": [1.0, 1.0], "sentence_share": [0.5, 0.5]})
        self.distinctive = pd.DataFrame({"group": ["presstv", "presstv", "afp", "voa"],
                                         "term": ["terrorists", "leap", "rebels", "powers"],
                                         "log_odds": [1.2, 0.8, 1.1, 0.9], "z": [2.5, 1.2, 2.2, 1.0],
                                         "count": [1, 1, 1, 1], "comparison": ["one-vs-rest"] * 4})
        self.omissions = pd.DataFrame({"item_type": ["label", "label", "speaker", "speaker"],
                                       "item": ["terrorist", "terrorist", "Lavrov", "Lavrov"],
                                       "group": ["presstv", "afp", "voa", "presstv"],
                                       "included": [True, False, True, False],
                                       "n_groups_including": [1, 1, 1, 1], "n_groups": [3, 3, 3, 3]})
        self.scores = pd.DataFrame({"id": list(TEXTS), "outlet": [TEXTS[i][0] for i in TEXTS],
                                    "event": ["e"] * 3})

    def summary(self) -> str:
        return ("Press TV calls the armed groups terrorists or militants; AFP and VOA call them "
                "rebels or the opposition.")

    def to_frames(self) -> dict:
        names = ["articles", "scores", "evidence", "labels", "stance", "label_tests", "divergence",
                 "voices", "verbs", "tone", "frames", "salience", "distinctive", "omissions"]
        return {n: getattr(self, n) for n in names}


def fake_comparison() -> FakeComparison:
    return FakeComparison()


def fake_articles() -> list[Article]:
    """The articles behind :func:`fake_comparison` (evidence offsets point into their text)."""
    return [Article(id=i, outlet=o, text=t, event="e", date=dt.date(2017, 5, 4), title=t.split("\n")[0],
                    url=f"https://example.org/{i}", license="test fixture") for i, (o, t) in TEXTS.items()]


CALLS = [
    (plots.plot_label_shares, {}),
    (plots.plot_label_shares, {"referent": "armed_groups", "top": 2}),
    (plots.plot_stance, {}),
    (plots.plot_voices, {}),
    (plots.plot_verbs, {}),
    (plots.plot_verbs, {"side": "government"}),
    (plots.plot_tone, {}),
    (plots.plot_frames, {}),
    (plots.plot_distinctive, {}),
    (plots.plot_distinctive, {"group": "afp", "n": 1}),
]


@pytest.mark.parametrize("fn,kw", CALLS, ids=[f"{f.__name__}-{i}" for i, (f, _) in enumerate(CALLS)])
def test_returns_given_axes_and_draws(fn, kw):
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    out = fn(fake_comparison(), ax=ax, **kw)
    assert out is ax
    assert ax.get_title()
    assert ax.patches or ax.lines or ax.images or ax.collections


@pytest.mark.parametrize("fn,kw", CALLS[:1] + CALLS[2:5] + CALLS[6:9])
def test_new_figure_when_ax_is_none(fn, kw):
    import matplotlib.pyplot as plt

    before = set(plt.get_fignums())
    ax = fn(fake_comparison(), **kw)
    try:
        assert len(set(plt.get_fignums()) - before) == 1
        assert ax.figure.number not in before
    finally:
        plt.close(ax.figure)


def test_label_shares_draw_values_and_intervals():
    ax = plots.plot_label_shares(fake_comparison(), "armed_groups")
    widths = sorted(round(p.get_width(), 3) for p in ax.patches if p.get_width() > 0)
    assert widths == [0.5] * 6  # each label is 1 of 2 mentions in its outlet
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["presstv", "voa", "afp"]


def test_stance_follows_comparison_order():
    ax = plots.plot_stance(fake_comparison())
    assert [t.get_text() for t in ax.get_yticklabels()] == ["presstv (n=2)", "voa (n=2)", "afp (n=2)"]


def test_accepts_a_plain_table():
    c = fake_comparison()
    ax = plots.plot_frames(c.frames)
    assert {t.get_text() for t in ax.get_xticklabels()} == {"conflict", "morality"}


def test_distinctive_shows_only_positive_z_in_order():
    ax = plots.plot_distinctive(fake_comparison(), "presstv")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["terrorists", "leap"]


@pytest.mark.parametrize("fn,name", [(plots.plot_voices, "voices"), (plots.plot_tone, "tone"),
                                     (plots.plot_frames, "frames"), (plots.plot_verbs, "verbs")])
def test_empty_tables_say_so(fn, name):
    c = fake_comparison()
    setattr(c, name, getattr(c, name).iloc[0:0])
    ax = fn(c)
    assert ax.texts and ax.texts[0].get_text().startswith("no ")


@pytest.mark.parametrize("bad,match", [
    ("not a table", "expected a Comparison or a DataFrame"),
    (pd.DataFrame({"group": ["a"]}), "lacks column"),
])
def test_bad_input_raises_validation_error(bad, match):
    with pytest.raises(ValidationError, match=match):
        plots.plot_voices(bad)


def test_unknown_referent_names_the_known_ones():
    with pytest.raises(ValidationError, match="unknown referent 'kurds'.*armed_groups"):
        plots.plot_label_shares(fake_comparison(), "kurds")


@pytest.mark.parametrize("raw,expected", [
    ("rebels", "rebels"),
    ("$5 million$", r"\$5 million\$"),
    ("a\\b", "a\\\\b"),
    ("x" * 50, "x" * 39 + "…"),
    (None, ""),
])
def test_safe_text(raw, expected):
    assert plots.safe_text(raw) == expected


def test_untrusted_terms_with_dollars_render_as_svg():
    import io

    c = fake_comparison()
    c.distinctive.loc[0, "term"] = "$\\frac{<script>}{x}$"
    ax = plots.plot_distinctive(c, "presstv")
    buf = io.StringIO()
    ax.figure.savefig(buf, format="svg")
    svg = buf.getvalue()
    assert "<script" not in svg
