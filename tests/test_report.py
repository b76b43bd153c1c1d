"""Tests for framing.report: rendering, escaping, evidence links, determinism, size, writing."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest

from framing.corpus import Article
from framing.errors import ValidationError
from framing.report import (
    build_context,
    figure_svg,
    highlight_html,
    highlight_markdown,
    md_escape,
    render_html,
    render_markdown,
    safe_url,
    write_report,
)
from tests.test_plots import TEXTS, _span, fake_articles, fake_comparison

DATE = dt.date(2026, 1, 2)

XSS_TITLE = '<script>window.__xss=1;document.title="pwned"</script><img src=x onerror="window.__xss=2">'
XSS_BODY = ('Rebels <b onmouseover="window.__xss=3">met</b> at <svg onload="window.__xss=4"></svg> the talks.\n\n'
            '<iframe src="javascript:window.__xss=5"></iframe> "Quoted" <a href="javascript:alert(1)">x</a> '
            '</mark></p><script>window.__xss=6</script> {{ 7*7 }} $x$ | *bold* [l](javascript:alert(2))')


class Tags(HTMLParser):
    """Every start tag with its attributes, for checking what a browser would see as markup."""

    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_of(html):
    p = Tags()
    p.feed(html)
    return p.tags


def hostile():
    """The fake comparison plus an article whose title, body and URL are hostile."""
    c = fake_comparison()
    text = XSS_TITLE + "\n\n" + XSS_BODY
    start = text.index("Rebels")
    TEXTS_X = dict(TEXTS)
    TEXTS_X["evil-1"] = ("afp", text)
    import pandas as pd

    row = _span("afp-1", "Rebels", referent="armed_groups", label="rebel", stance=1)
    row.update(article_id="evil-1", start=start, end=start + 6, text="Rebels")
    script_at = text.index("<script>window.__xss=6")
    row2 = dict(row, start=script_at, end=script_at + 30, text=text[script_at:script_at + 30], label="<i>x</i>")
    c.evidence = pd.concat([c.evidence, pd.DataFrame([row, row2])], ignore_index=True)
    c.articles = pd.concat([c.articles, pd.DataFrame([{"id": "evil-1", "outlet": "afp", "group": "afp",
                                                       "title": XSS_TITLE}])], ignore_index=True)
    c.distinctive.loc[len(c.distinctive)] = {"group": "afp", "term": "<script>alert(3)</script>", "log_odds": 2.0,
                                             "z": 3.0, "count": 1, "comparison": "one-vs-rest"}
    c.summary = lambda: "Summary with <script>window.__xss=7</script> inside."
    arts = fake_articles() + [Article(id="evil-1", outlet="afp", text=text, event="e", date=DATE,
                                      title=XSS_TITLE, url="javascript:window.__xss=8", license="x")]
    return c, arts


# --------------------------------------------------------------------------- helpers
@pytest.mark.parametrize("text,spans,expected", [
    ("a <b> c", [(2, 5, "x1", "label", "t")], '<p>a <mark id="x1" class="label" title="t">&lt;b&gt;</mark> c</p>'),
    ("abc", [], "<p>abc</p>"),
    ("", [(0, 1, "x", None, None)], ""),
    ("abc", [(5, 9, "x", None, None), (2, 1, "y", None, None), (-1, 2, "z", None, None)], "<p>abc</p>"),
    ("abcdef", [(1, 5, "o", None, None), (2, 3, "i", None, None)], '<p>a<span id="o"></span>b<mark id="i">c</mark>def</p>'),
    ("abcdef", [(1, 4, "o", None, None), (2, 5, "i", None, None)], '<p>a<span id="i"></span><mark id="o">bcd</mark>ef</p>'),
    ("abcdef", [(0, 3, "x", None, None), (0, 3, "x", None, None), (0, 3, "y", None, None)],
     '<p><span id="y"></span><mark id="x">abc</mark>def</p>'),
    ("a " + "long " * 20 + "end", [(2, 102, "sent", None, None), (7, 11, "w", None, None)],
     '<p>a <span id="sent"></span>long <mark id="w">long</mark> ' + "long " * 18 + "end</p>"),
    ("one\n\ntwo", [(0, 8, "p", None, None)], '<p><span id="p"></span>one</p>\n<p>two</p>'),
    ("one\n\ntwo\nthree", [(5, 8, "t", None, None)], '<p>one</p>\n<p><mark id="t">two</mark><br>three</p>'),
    ('x"y', [(0, 3, 'a"><script>', 'c" onload="x', None)],
     '<p><mark id="a&#34;&gt;&lt;script&gt;" class="c&#34; onload=&#34;x">x&#34;y</mark></p>'),
    ("&amp;", [], "<p>&amp;amp;</p>"),
])
def test_highlight_html(text, spans, expected):
    assert str(highlight_html(text, spans)) == expected


def test_highlight_html_keeps_every_character():
    text = XSS_TITLE + "\n\n" + XSS_BODY
    spans = [(m.start(), m.end(), f"s{i}", None, None) for i, m in enumerate(re.finditer(r"\w+", text))]
    html = str(highlight_html(text, spans))
    import html as h

    plain = re.sub(r"<[^>]+>", "", html.replace("<br>", "\n").replace("</p>\n<p>", "\n\n"))
    assert h.unescape(plain) == text
    assert not [t for t, a in tags_of(html) if t not in ("p", "mark", "span", "br")]


@pytest.mark.parametrize("raw,expected", [
    ("plain words", "plain words"),
    ("a_b*c", "a\\_b\\*c"),
    ("<script>", "&lt;script&gt;"),
    ("x | y", "x \\| y"),
    ("[l](javascript:x)", "\\[l\\](javascript:x)"),
    ("# title", "\\# title"),
    ("- item", "\\- item"),
    ("1. item", "1\\. item"),
    ("0.50", "0.50"),
    ("-1.50", "-1.50"),
    ("&lt;", "&amp;lt;"),
    (None, ""),
])
def test_md_escape(raw, expected):
    assert md_escape(raw) == expected


def test_highlight_markdown_escapes_and_anchors():
    out = highlight_markdown("<b>the rebels</b>", [(7, 13, "s1", None, None)])
    assert out == '&lt;b&gt;the <a id="s1"></a>**rebels**&lt;/b&gt;'


@pytest.mark.parametrize("url,expected", [
    ("https://example.org/a?b=1", "https://example.org/a?b=1"),
    ("HTTP://EXAMPLE.ORG", "HTTP://EXAMPLE.ORG"),
    ("javascript:alert(1)", None),
    (" javascript:alert(1)", None),
    ("data:text/html,<script>", None),
    ('https://x.org/"onmouseover="a', None),
    ("//example.org", None),
    ("", None),
    (None, None),
])
def test_safe_url(url, expected):
    assert safe_url(url) == expected


def test_figure_svg_is_deterministic_and_inline():
    from framing import plots

    a = figure_svg(plots.plot_stance(fake_comparison()))
    b = figure_svg(plots.plot_stance(fake_comparison()))
    assert a == b
    assert a.startswith("<svg") and "<?xml" not in a and "<dc:date>" not in a


# --------------------------------------------------------------------------- rendering
@pytest.fixture(scope="module")
def page():
    return render_html(fake_comparison(), corpus=fake_articles(), generated=DATE)


@pytest.fixture(scope="module")
def md():
    return render_markdown(fake_comparison(), corpus=fake_articles(), generated=DATE)


@pytest.mark.parametrize("section", ["summary", "labels", "voices", "tone", "frames", "salience", "distinctive",
                                     "omissions", "articles", "evidence", "methods"])
def test_html_has_every_section(page, section):
    assert f'<section id="{section}">' in page


def test_html_is_self_contained(page):
    tags = tags_of(page)
    assert not [t for t, _ in tags if t in ("script", "link", "iframe", "img", "object", "embed")]
    assert not [a for _, a in tags if "src" in a]
    hrefs = [a["href"] for t, a in tags if "href" in a]
    external = [h for h in hrefs if not h.startswith("#")]
    assert external == ["https://example.org/ptv-1", "https://example.org/voa-1", "https://example.org/afp-1"]
    assert "@import" not in page and "url(http" not in page
    assert "Content-Security-Policy" in page
    assert page.count("<svg") >= 7  # labels, stance, voices, verbs, tone, frames, distinctive x3


def test_every_internal_link_has_a_target(page, md):
    ids = set(re.findall(r'\sid="([^"]+)"', page))
    targets = set(re.findall(r'href="#([^"]+)"', page))
    assert targets and targets <= ids
    md_ids = set(re.findall(r'<a id="([^"]+)"></a>', md))
    md_targets = set(re.findall(r"\]\(#([^)]+)\)", md))
    assert md_targets and md_targets <= md_ids


def test_numbers_link_to_their_evidence(page):
    ctx = build_context(fake_comparison(), corpus=fake_articles(), generated=DATE, charts=False)
    row = next(r for r in ctx["labels"] if r["group"] == "presstv" and r["label"] == "terrorist")
    group = next(g for g in ctx["evidence_groups"] if g["id"] == row["ev"])
    assert [it["match"] for it in group["items"]] == ["terrorists"]
    span = group["items"][0]["span"]
    assert re.search(rf'<mark id="{span}" class="f-label"[^>]*>terrorists</mark>', page)
    assert f'<a class="num" href="#{row["ev"]}">1</a>' in page
    # distinctive terms link to occurrences found in the group's texts
    term = next(r for r in ctx["distinctive"] if r["term"] == "rebels")
    assert next(g for g in ctx["evidence_groups"] if g["id"] == term["ev"])["n"] == 1


def test_methods_section(page):
    assert DATE.isoformat() in page
    from framing import __version__

    assert f"framing {__version__}" in page


def test_methods_fingerprint_from_corpus(tmp_path):
    from framing.corpus import load_corpus

    corpus = load_corpus("tests/fixtures/corpus/mini")
    c = fake_comparison()
    html = render_html(c, corpus=corpus, generated=DATE)
    assert corpus.fingerprint() in html


def test_rendering_is_deterministic():
    a = render_html(fake_comparison(), corpus=fake_articles(), generated=DATE)
    b = render_html(fake_comparison(), corpus=fake_articles(), generated=DATE)
    assert a == b
    assert render_markdown(fake_comparison(), generated=DATE) == render_markdown(fake_comparison(), generated=DATE)


def test_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    ctx = build_context(fake_comparison(), charts=False)
    assert ctx["methods"]["date"] == "1970-01-02"


def test_markdown_twin_has_tables_and_no_raw_html(md):
    assert md.startswith("# Framing comparison")
    assert "| outlet | referent | label |" in md
    assert re.search(r"\| presstv \| armed\\_groups \| terrorist \| -2 \| \[1\]\(#ev\d+\)", md)
    assert re.search(r"\| afp \| armed\\_groups \| rebel \| \+1 \|", md)
    allowed = re.sub(r'<a id="[a-z]+[0-9]+"></a>|<https://example\.org/[a-z0-9-]+>', "", md)
    assert "<" not in allowed


def test_untrusted_text_is_escaped_in_html():
    c, arts = hostile()
    page = render_html(c, corpus=arts, generated=DATE)
    tags = tags_of(page)
    assert not [t for t, _ in tags if t in ("script", "iframe", "img", "b", "object")]
    # an svg element exists only for the charts (matplotlib's, with no event handlers)
    assert not [(t, a) for t, a in tags for k in a if k.lower().startswith("on")]
    assert not [a for _, a in tags for v in a.values() if v and "javascript:" in v.lower()]
    assert "&lt;script&gt;window.__xss=1" in page
    assert "{{ 7*7 }}" in page and "49" not in re.sub(r"<svg.*?</svg>", "", page, flags=re.S)


def test_untrusted_text_is_escaped_in_markdown():
    c, arts = hostile()
    md = render_markdown(c, corpus=arts, generated=DATE)
    allowed = re.sub(r'<a id="[a-z]+[0-9]+"></a>|<https://example\.org/[a-z0-9-]+>', "", md)
    assert "<" not in allowed
    assert "](javascript" not in md.replace("\\](javascript", "")
    assert "&lt;script&gt;window.\\_\\_xss=1" in md


def test_article_cap_is_stated():
    page = render_html(fake_comparison(), corpus=fake_articles(), generated=DATE, max_articles=1)
    assert "The first 1 of 3 articles are reproduced in full" in page
    assert page.count('<div class="text">') == 1


def test_evidence_cap_is_stated():
    ctx = build_context(fake_comparison(), corpus=fake_articles(), generated=DATE, max_evidence=1, charts=False)
    g = next(g for g in ctx["evidence_groups"] if g["n"] == 2)
    assert len(g["items"]) == 1 and g["more"] == 1


def test_without_corpus_there_are_no_texts_but_evidence_remains():
    page = render_html(fake_comparison(), generated=DATE)
    assert "No article texts were given to the report." in page
    assert "not available (no corpus given)" in page
    assert "<mark>terrorists</mark>" in page


@pytest.mark.parametrize("kw,match", [
    ({"max_evidence": -1}, "'max_evidence' parameter of render_html must be an int >= 0. Got -1"),
    ({"max_articles": "10"}, "'max_articles' parameter"),
])
def test_bad_options(kw, match):
    with pytest.raises(ValidationError, match=match):
        render_html(fake_comparison(), **kw)


def test_missing_table_is_named():
    c = fake_comparison()
    c.voices = None
    with pytest.raises(ValidationError, match="no 'voices' table"):
        render_html(c)


# --------------------------------------------------------------------------- writing
def test_write_report_writes_both_and_overwrites(tmp_path):
    html, mdp = write_report(fake_comparison(), tmp_path / "out", corpus=fake_articles(), name="astana", generated=DATE)
    assert html == tmp_path / "out" / "astana.html" and mdp == tmp_path / "out" / "astana.md"
    first = html.read_text(encoding="utf-8")
    assert first == render_html(fake_comparison(), corpus=fake_articles(), generated=DATE)
    html2, _ = write_report(fake_comparison(), tmp_path / "out", corpus=fake_articles(), name="astana",
                            generated=dt.date(2026, 2, 3))
    assert "2026-02-03" in html2.read_text(encoding="utf-8")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["astana.html", "astana.md"]


@pytest.mark.parametrize("name", ["../x", "a/b", ".hidden", "x y"])
def test_write_report_rejects_path_names(tmp_path, name):
    with pytest.raises(ValidationError, match="plain file name"):
        write_report(fake_comparison(), tmp_path, name=name)


# --------------------------------------------------------------------------- command line
def test_cli_help_opens_with_a_sentence_and_an_example(capsys):
    from framing.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["report", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    desc = out.split("\n\n", 2)[1]
    assert desc.startswith("Compare how the outlets covering EVENT framed it")
    assert "framing report astana-2017-05-04 --sources sources -o reports" in out


@pytest.mark.parametrize("argv,code,err", [
    (["report", "astana-2017-05-04"], 2, "the following arguments are required: -o/--output"),
    (["report", "x", "-o", "d", "--max-articles", "-1"], 2, "expected an integer >= 0, got '-1'"),
])
def test_cli_usage_errors(argv, code, err, capsys):
    from framing.cli import main

    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == code
    assert err in capsys.readouterr().err


def test_cli_unknown_event_is_an_error(sources_copy, tmp_path, capsys):
    from framing.cli import main

    code = main(["report", "no-such-event", "--sources", str(sources_copy), "-o", str(tmp_path / "out")])
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("Error: ") and "no-such-event" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_cli_report_on_sources(sources_copy, tmp_path, capsys):
    from framing.cli import main

    out = tmp_path / "out"
    code = main(["report", "astana-2017-05-04", "--sources", str(sources_copy), "-o", str(out)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert sorted(p.name for p in out.iterdir()) == ["astana-2017-05-04.html", "astana-2017-05-04.md"]
    assert captured.out.strip()  # the headline comparison
    html = (out / "astana-2017-05-04.html").read_text(encoding="utf-8")
    from framing.corpus import load_corpus

    assert load_corpus(sources_copy, events="astana-2017-05-04").fingerprint() in html
    for outlet in ("presstv", "voa", "un"):
        assert f"— {outlet}" in html
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    assert set(re.findall(r'href="#([^"]+)"', html)) <= ids
    assert html.count('class="num" href="#ev') > 10


# --------------------------------------------------------------------------- scale
def synthetic_articles(n=1000, seed=0):
    """``n`` articles recombined from the paragraphs of sources/ and the fixture corpus (seeded)."""
    import random

    from framing.corpus import load_corpus

    paras = []
    for root in ("sources", "tests/fixtures/corpus/mini"):
        for a in load_corpus(REPO_ROOT / root).articles():
            paras += [p for p in a.text.split("\n\n")[1:] if len(p) > 40]
    outlets = ["presstv", "voa", "un", "afp", "ap", "reuters", "tass", "sana", "aljazeera", "bbc", "rt", "dw"]
    rng = random.Random(seed)
    arts = []
    for i in range(n):
        body = rng.sample(paras, k=min(6, len(paras)))
        title = f"Synthetic report {i}: " + " ".join(body[0].split()[:6])
        arts.append(Article(id=f"syn-{i:04d}", outlet=outlets[i % len(outlets)], text=title + "\n\n" + "\n\n".join(body),
                            event="synthetic", date=dt.date(2017, 5, 4), title=title,
                            url=f"https://example.org/syn/{i}", license="synthetic test text"))
    return arts


REPO_ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_report_on_1000_articles_stays_under_5_mb(tmp_path):
    from framing.compare import compare_profile
    from framing.pipeline import profile

    arts = synthetic_articles()
    comparison = compare_profile(profile(arts), by="outlet")
    html_path, md_path = write_report(comparison, tmp_path, corpus=arts, name="synthetic", generated=DATE)
    html_size, md_size = html_path.stat().st_size, md_path.stat().st_size
    print(f"1000 articles: html {html_size / 1e6:.2f} MB, md {md_size / 1e6:.2f} MB")
    assert html_size < 5_000_000 and md_size < 5_000_000
    html = html_path.read_text(encoding="utf-8")
    assert "The first 150 of 1000 articles are reproduced in full" in html
    assert html.count('<details class="article"') == 1000


@pytest.mark.slow
@pytest.mark.eval
@pytest.mark.parametrize("by", ["camp"])  # by outlet runs in notebooks/04 (same event, same profile)
def test_cli_report_on_the_largest_fakes_event(by, tmp_path_factory, capsys):
    """FA-KES's largest event (both camps, over 200 articles): the report works and stays readable."""
    from tests.conftest import FAKES

    if not FAKES.is_file():
        pytest.skip(f"FA-KES not found at {FAKES} (set FRAMING_SHARED)")
    from framing.cli import main
    from framing.corpus import load_corpus

    root = tmp_path_factory.getbasetemp() / "fakes-corpus"
    if not root.exists():
        assert main(["import", "fakes", str(FAKES), "--sources", str(root)]) == 0
    frame = load_corpus(root).to_frame(text=False)
    event = frame.groupby("event").size().idxmax()
    corpus = load_corpus(root, events=event)
    assert len(corpus) > 200
    camps = {corpus.outlet_tag(o, "camp") for o in corpus.outlet_ids}
    assert {"pro", "against"} <= camps
    out = tmp_path_factory.mktemp(f"fakes-report-{by}")
    capsys.readouterr()
    assert main(["report", event, "--sources", str(root), "--by", by, "-o", str(out)]) == 0
    summary = capsys.readouterr().out
    assert len(summary.split()) > 10
    html = (out / f"{event}.html").read_text(encoding="utf-8")
    md = (out / f"{event}.md").read_text(encoding="utf-8")
    assert len(html.encode()) < 5_000_000 and len(md.encode()) < 5_000_000
    assert f"{len(corpus)} articles from" in html
    if by == "camp":
        assert "grouped by the outlet tag “camp”" in html
        assert "<td>pro</td>" in html and "<td>against</td>" in html
    assert html.count("<svg") >= 5
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    assert set(re.findall(r'href="#([^"]+)"', html)) <= ids


@pytest.mark.parametrize("value,expected", [(0, "0%"), (0.001, "<1%"), (0.005, "<1%"), (0.006, "1%"), (0.5, "50%"),
                                            (1, "100%"), (None, "–"), (float("nan"), "–"), ("x", "–")])
def test_percentages(value, expected):
    from framing.report import _pct

    assert _pct(value) == expected
