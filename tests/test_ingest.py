"""framing.ingest: reading inputs, blocks and captions, duplicates, wire copy, event suggestion,
registration, dry runs and concurrent adds."""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing.corpus import check_corpus, load_corpus
from framing.errors import DuplicateArticleError, FramingError, ValidationError
from framing.ingest import (
    add_article, containment, jaccard, prepare_blocks, read_source, shingles, slugify, suggest_events,
    wire_credits,
)
from tests.conftest import snapshot

FIX = Path(__file__).parent / "fixtures" / "corpus"
HARBOUR = "harbour-deal-2020-03-01"


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    shutil.copytree(FIX / "mini", root)
    return root


def _text(n: int, topic: str = "harbour") -> str:
    body = "\n\n".join(f"Paragraph {i} about the {topic} talks, with enough distinct words number {i * 7} "
                       f"to make shingles {i} of its own kind." for i in range(n))
    return f"A {topic} headline {n}\n\n{body}"


# ----------------------------------------------------------------------------- blocks and captions

@pytest.mark.parametrize("text, title, prefixes, kinds", [
    ("T\n\nBody.", None, (), ["headline", "body"]),
    ("Body only here.\n\nMore body.", "A title", (), ["headline", "body", "body"]),
    ("T\n\nBody.\n\nDiplomats meet in Astana. (Photo by AFP)\n\nMore.", None, (), ["headline", "body", "caption", "body"]),
    ("T\n\nBody.\n\nA boy runs. (AP Photo/Hussein Malla)", None, (), ["headline", "body", "caption"]),
    ("T\n\nBody.\n\nPhoto: Reuters", None, (), ["headline", "body", "caption"]),
    ("T\n\nBody.\n\nIMAGE Diplomats in the hall", None, ("IMAGE",), ["headline", "body", "caption"]),
    ("T\n\nBody.\n\n[caption] Already marked", None, (), ["headline", "body", "caption"]),
    # negative: a body paragraph that mentions a photo is not a caption
    ("T\n\nThe photo by the minister's aide was widely shared on Sunday, officials said.", None, (), ["headline", "body"]),
])
def test_prepare_blocks_kinds(text, title, prefixes, kinds):
    _, blocks, got, _ = prepare_blocks(text, title=title, caption_prefixes=prefixes)
    assert got == kinds
    assert not any(b.startswith("[caption]") for b in blocks)


def test_seed_caption_is_stored_as_caption(seed_text):
    title, blocks, kinds, notes = prepare_blocks(seed_text, title=None)
    assert title.startswith("Astana safe zones deal")
    caps = [b for b, k in zip(blocks, kinds) if k == "caption"]
    assert caps == [b for b in blocks if b.startswith("Senior diplomats attend")]
    assert kinds.count("caption") == 1


# ----------------------------------------------------------------------------- similarity and credits

def test_shingles_and_similarity():
    a = shingles("one two three four five six seven")
    b = shingles("one two three four five six eight")
    assert len(a) == 3 and jaccard(a, b) == pytest.approx(2 / 4)
    assert containment(a, b) == pytest.approx(2 / 3)
    assert jaccard(frozenset(), a) == 0.0 and containment(frozenset(), a) == 0.0
    assert shingles("Two words") == frozenset({("two",), ("words",)})


@pytest.mark.parametrize("text, expected", [
    ("BEIRUT (Reuters) - Rebels said on Sunday ...", ["reuters"]),
    ("MOSCOW (AFP) - Russia said ...", ["afp"]),
    ("The talks ended on Thursday, (AP) reported ...", ["ap"]),
    ("Talks resumed.\n\nReporting by Ellen Francis; Editing by Tom Heneghan", ["reuters"]),
    ("The deal was signed.\n\n- dpa", ["dpa"]),
    ("The Associated Press contributed to this report.", ["ap"]),
    ("Xinhua - The talks opened on Wednesday in Astana.", ["xinhua"]),
    # negatives: photo credits, bare mentions, other outlets
    ("Diplomats attend the signing. (Photo by AFP)", []),
    ("A boy runs. (AP Photo/Hussein Malla)", []),
    ("Reuters reported that the talks would resume.", []),
    ("Press TV – Top Syrian negotiator Bashar al-Ja'afari has praised ...", []),
    ("He was happy (apparently) with the outcome.", []),
])
def test_wire_credits(text, expected):
    assert wire_credits(text) == expected


def test_slugify():
    assert slugify("Astana safe zones deal: Ja’afari’s view!") == "astana-safe-zones-deal-jaafaris-view"
    assert slugify("!!!") == "article"


# ----------------------------------------------------------------------------- adding

def test_add_writes_a_valid_article(corpus):
    res = add_article(corpus, text=_text(3), outlet="daily", event=HARBOUR, date="2020-03-02",
                      license="CC0", url="https://example.org/a")
    assert res.written and res.path.exists() and res.path.parent.name == "daily"
    art = load_corpus(corpus)[res.article.id]
    assert art.text == res.article.text and art.sha256 == res.article.sha256
    prov = art.provenance
    assert prov["method"] == "add:text" and prov["extractor"] == "framing.ingest" and "added" in prov
    assert res.article.id == "daily-2020-03-02-a-harbour-headline-3"
    assert check_corpus(corpus) == []


def test_add_html_file_extracts_title_and_date(corpus):
    res = add_article(corpus, FIX / "html" / "daily-harbour.html", outlet="daily", event=HARBOUR, license="x")
    a = res.article
    assert a.title == "Rebels walk out as harbour deal is signed"
    assert a.date == dt.date(2020, 3, 1)
    assert a.provenance["method"] == "add:html" and a.provenance["extractor"] == "trafilatura"
    assert "TRACKING" not in a.text and "INLINE SCRIPT" not in a.text and "Subscribe" not in a.text


def test_same_id_gets_a_suffix(corpus):
    r1 = add_article(corpus, text=_text(2), outlet="daily", event=HARBOUR, date="2020-03-02")
    r2 = add_article(corpus, text=_text(2, topic="river"), outlet="daily", event=HARBOUR, date="2020-03-02",
                     title="A harbour headline 2")
    assert r2.article.id == r1.article.id + "-2"


def test_near_duplicate_names_the_existing_article(corpus):
    first = add_article(corpus, text=_text(6), outlet="daily", event=HARBOUR, date="2020-03-02")
    changed = _text(6).replace("number 35", "number 36")
    with pytest.raises(DuplicateArticleError) as info:
        add_article(corpus, text=changed, outlet="daily", event=HARBOUR, date="2020-03-02")
    assert info.value.existing_id == first.article.id and info.value.similarity >= 0.8


def test_wire_copy_from_another_outlet_is_flagged_not_refused(corpus):
    afp = (FIX / "inputs" / "afp-harbour.txt").read_text()
    copy = afp.replace("Ceasefire deal signed for Portville harbour", "Harbour ceasefire signed") + \
        "\n\nThe ministry said the deal takes effect on Monday.\n"
    res = add_article(corpus, text=copy, outlet="statetv", event=HARBOUR, date="2020-03-01")
    flags = res.article.provenance["flags"]
    assert flags["wire_credits"] == ["afp"]
    assert flags["wire_copy_of"][0]["id"].startswith("afp-2020-03-01")
    assert flags["wire_copy_of"][0]["containment"] >= 0.5
    assert any("wire copy" in w for w in res.warnings)


def test_own_credit_and_photo_credit_are_not_wire_copy(corpus):
    res = add_article(corpus, text="Agency headline\n\nPARIS (AFP) - Something new happened in Paris today, "
                      "officials of the city said.\n\nA crowd. (Photo by AFP)", outlet="afp", event=HARBOUR,
                      date="2020-03-03")
    assert "flags" not in res.article.provenance


def test_event_is_suggested_when_missing(corpus):
    text = ("Rain floods the valley again\n\nThe river rose again on Friday and rescue teams evacuated "
            "families from the valley towns after more heavy rain, the governor said.")
    res = add_article(corpus, text=text, outlet="daily", date="2020-06-12")
    assert res.suggestions[0][0] == "flood-2020-06-10"
    assert res.article.event is None
    ranked = suggest_events(corpus, "harbour ceasefire Portville rebels walk out", dt.date(2020, 3, 1))
    assert ranked[0][0] == HARBOUR
    # date proximity: same words, far-away date -> lower score
    far = suggest_events(corpus, "harbour ceasefire Portville rebels walk out", dt.date(2021, 3, 1))
    assert far[0][1] < ranked[0][1]


def test_register_new_outlet_and_event_only_when_asked(corpus):
    before = snapshot(corpus)
    with pytest.raises(ValidationError, match="unknown outlet 'newpaper'"):
        add_article(corpus, text=_text(2), outlet="newpaper", event="new-event", date="2020-05-05")
    assert snapshot(corpus) == before
    res = add_article(corpus, text=_text(2), outlet="newpaper", event="new-event", date="2020-05-05",
                      new_outlet={"name": "New Paper", "type": "newspaper", "tags": {"camp": "neutral"}},
                      new_event={"title": "A new event"})
    assert res.registered == ["outlet newpaper", "event new-event"]
    c = load_corpus(corpus)
    assert c.outlet_registry["newpaper"]["tags"] == {"camp": "neutral"}
    assert c.event_registry["new-event"]["date"] == dt.date(2020, 5, 5)
    assert check_corpus(corpus) == []


def test_dry_run_writes_nothing(corpus):
    before = snapshot(corpus)
    res = add_article(corpus, text=_text(2), outlet="newpaper", event=HARBOUR, date="2020-03-02",
                      new_outlet={"name": "New Paper"}, dry_run=True)
    assert not res.written and res.registered == ["outlet newpaper"]
    assert snapshot(corpus) == before


def test_read_source_stdin_and_formats(tmp_path):
    import io

    ex = read_source("-", stdin=io.BytesIO("T\n\nBody from stdin.".encode()))
    assert ex.text.startswith("T") and ex.method == "text"
    with pytest.raises(ValidationError, match="must be auto, text or html"):
        read_source("-", fmt="pdf", stdin=io.BytesIO(b"x"))
    p = tmp_path / "page.txt"
    p.write_text((FIX / "html" / "daily-harbour.html").read_text())
    assert read_source(p).method == "html"           # sniffed from <!DOCTYPE html>
    with pytest.raises(ValidationError, match="HTML markup"):
        read_source(p, fmt="text")


def _worker(args):
    root, i = args
    text = (f"Concurrent headline {i}\n\n" + " ".join(f"unique{i}word{j}" for j in range(60)))
    res = add_article(root, text=text, outlet="daily", event=HARBOUR, date="2020-03-02",
                      article_id=f"concurrent-{i}")
    return res.article.id


def _dup_worker(root):
    try:
        add_article(root, text="Same headline\n\nExactly the same body text for every worker in the pool.",
                    outlet="daily", event=HARBOUR, date="2020-03-02")
        return "added"
    except DuplicateArticleError:
        return "duplicate"


def test_concurrent_adds_do_not_clobber(corpus):
    ctx = mp.get_context("fork")
    with ctx.Pool(4) as pool:
        ids = pool.map(_worker, [(str(corpus), i) for i in range(12)])
        outcomes = pool.map(_dup_worker, [str(corpus)] * 6)
    assert sorted(ids) == sorted(f"concurrent-{i}" for i in range(12))
    c = load_corpus(corpus)
    assert set(ids) <= set(c.ids) and len(c) == 3 + 12 + 1
    assert sorted(outcomes) == ["added"] + ["duplicate"] * 5
    assert check_corpus(corpus) == []
    assert not list(corpus.rglob("*.tmp"))


def test_registrations_under_concurrency(corpus):
    ctx = mp.get_context("fork")
    with ctx.Pool(4) as pool:
        pool.map(_register_worker, [(str(corpus), i) for i in range(8)])
    c = load_corpus(corpus)
    assert {f"outlet{i}" for i in range(8)} <= set(c.outlet_registry)
    assert check_corpus(corpus) == []


def _register_worker(args):
    root, i = args
    add_article(root, text=f"Outlet {i} headline\n\n" + " ".join(f"o{i}w{j}" for j in range(40)),
                outlet=f"outlet{i}", event=HARBOUR, date="2020-03-02", new_outlet={"name": f"Outlet {i}"})


@pytest.mark.parametrize("text, fallback, expected_title, expected_notes", [
    ("Own headline\n\nBody text of the article about the harbour.", "Index headline", "Own headline", None),
    ("First line of a long\nparagraph without headline.\n\nMore body.", "Index headline", "Index headline",
     ["headline taken from the title"]),
])
def test_fallback_title_only_when_none_found(corpus, text, fallback, expected_title, expected_notes):
    res = add_article(corpus, text=text, outlet="daily", event=HARBOUR, date="2020-03-02",
                      fallback_title=fallback, dry_run=True)
    assert res.article.title == expected_title
    assert res.article.provenance.get("notes") == expected_notes


def test_fallback_title_missing_is_an_error(corpus):
    with pytest.raises(ValidationError, match="not a one-line title"):
        add_article(corpus, text="Two\nlines\n\nBody.", outlet="daily", event=HARBOUR, date="2020-03-02", dry_run=True)


def test_short_texts_are_not_called_wire_copy(corpus):
    from framing.ingest import MIN_SHINGLES_FOR_COPY

    add_article(corpus, text="Short one\n\nHarbour deal signed today in Portville.", outlet="afp", event=HARBOUR,
                date="2020-03-04")
    res = add_article(corpus, text="Short two\n\nHarbour deal signed today in Portville.", outlet="daily",
                      event=HARBOUR, date="2020-03-04")
    assert "flags" not in res.article.provenance
    a = shingles("short one harbour deal signed today in portville")
    b = shingles("short two harbour deal signed today in portville")
    assert containment(b, a) >= 0.5 and len(b) < MIN_SHINGLES_FOR_COPY   # would have been flagged


def test_copy_flags_over_a_batch():
    from framing.corpus import Article, normalize_text, text_hash
    from framing.ingest import copy_flags

    body = " ".join(f"word{i}" for i in range(40))

    def art(aid, outlet, text):
        text = normalize_text(text)
        return Article(id=aid, outlet=outlet, text=text, title=text.split("\n\n")[0], sha256=text_hash(text))

    arts = [art("a", "afp", f"H1\n\nPARIS (AFP) - {body}"),
            art("b", "daily", f"H2\n\n{body} extra1 extra2"),          # copy of a, other outlet
            art("c", "afp", f"H3\n\nPARIS (AFP) - {body} tail"),       # near-dup of a, same outlet
            art("d", "daily", "H4\n\n" + " ".join(f"other{i}" for i in range(40)))]
    flags = copy_flags(arts)
    assert flags["a"]["near_duplicate_of"][0]["id"] == "c"
    assert flags["b"]["wire_copy_of"][0]["outlet"] == "afp"
    assert "wire_credits" not in flags["b"]                          # no credit in b's text
    assert "wire_credits" not in flags["a"]                          # its own credit
    assert "d" not in flags


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300), title=st.one_of(st.none(), st.text(max_size=40)))
def test_add_either_writes_a_valid_article_or_refuses(tmp_path_factory, text, title):
    root = tmp_path_factory.mktemp("fuzz") / "c"
    shutil.copytree(FIX / "mini", root)
    before = snapshot(root)
    try:
        res = add_article(root, text=text, title=title, outlet="daily", event="flood-2020-06-10", date="2020-06-10")
    except FramingError as exc:
        assert "\n" not in str(exc)
        assert snapshot(root) == before
        return
    assert check_corpus(root) == []
    assert load_corpus(root)[res.article.id].text == res.article.text
