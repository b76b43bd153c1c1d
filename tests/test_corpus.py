"""framing.corpus: article format, registries, loader, filters, tabular corpora, writing, validation."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing.corpus import (
    Article, Segment, add_registry_records, article_path, check_corpus, format_article, load_corpus,
    normalize_text, parse_article, read_registry, split_blocks, text_hash, write_article,
)
from framing.errors import CorpusError, ValidationError

FIX = Path(__file__).parent / "fixtures" / "corpus"
MINI = FIX / "mini"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    shutil.copytree(MINI, root)
    return root


# ----------------------------------------------------------------------------- property tests

_C0 = "".join(chr(i) for i in range(32) if chr(i) not in "\t\n") + "\x7f"   # refused in metadata
_ws_free = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=_C0), min_size=1, max_size=40)
_block = _ws_free.map(lambda s: " ".join(s.split())).filter(lambda s: s and not s.startswith("[caption]"))
_multiline = st.lists(_block, min_size=1, max_size=3).map("\n".join)   # single line breaks inside a block
_slug = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,20}", fullmatch=True)


def _article(blocks, kinds, meta):
    text = "\n\n".join(blocks)
    segs, pos = [], 0
    for k, b in zip(kinds, blocks):
        segs.append(Segment(k, pos, pos + len(b)))
        pos += len(b) + 2
    return Article(text=text, segments=tuple(segs), sha256=text_hash(text), **meta)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    blocks=st.lists(_multiline, min_size=1, max_size=6),
    caption_flags=st.lists(st.booleans(), min_size=6, max_size=6),
    aid=_slug, outlet=_slug, event=st.one_of(st.none(), _slug),
    date=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
    title=_block, note=st.one_of(st.none(), st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=_C0), max_size=80)),
    prov=st.dictionaries(st.from_regex(r"[a-z_]{1,10}", fullmatch=True),
                         st.one_of(st.text(max_size=30), st.integers(), st.lists(st.integers(), max_size=3)), max_size=4),
)
def test_format_parse_round_trip(blocks, caption_flags, aid, outlet, event, date, title, note, prov):
    kinds = ["headline"] + ["caption" if f else "body" for f in caption_flags[: len(blocks) - 1]]
    meta = dict(id=aid, outlet=outlet, event=event, date=date, title=title, url="https://example.org/x",
                language="en", license="CC0", license_note=note, provenance=prov)
    art = _article(blocks, kinds, meta)
    raw = format_article(art)
    back = parse_article(raw)
    assert back.text == art.text
    assert back.segments == art.segments
    assert back.metadata() == art.metadata()
    assert format_article(back) == raw       # stable: a second round trip changes nothing
    # the cheap front-matter reader agrees with the full parser
    from framing.corpus import read_front_matter
    import tempfile
    with tempfile.NamedTemporaryFile("wb", suffix=".txt", delete=False) as fh:
        fh.write(raw.encode("utf-8"))
    try:
        assert read_front_matter(Path(fh.name))["id"] == aid
    finally:
        Path(fh.name).unlink()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_normalize_text_is_idempotent_and_blocks_are_clean(text):
    norm = normalize_text(text)
    assert normalize_text(norm) == norm
    assert split_blocks(norm) == (norm.split("\n\n") if norm else [])
    for b in split_blocks(text):
        assert b == b.strip() and b


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_parser_never_crashes_on_garbage(raw):
    try:
        parse_article(raw, path="x.txt")
    except ValidationError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("x.txt")


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(["id", "outlet", "date", "title", "license", "sha256", "url", "event", "extra"]),
                       st.one_of(st.none(), st.text(max_size=20), st.integers(), st.lists(st.integers(), max_size=2)),
                       max_size=9))
def test_metadata_validation_raises_only_validation_errors(meta):
    import yaml
    raw = "---\n" + yaml.safe_dump(meta) + "---\nT\n\nBody.\n"
    try:
        a = parse_article(raw, path="m.txt", check_hash=False)
    except ValidationError as exc:
        assert str(exc).startswith("m.txt")
    else:
        assert a.id == meta["id"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.lists(_block, min_size=2, max_size=4), min_size=1, max_size=4, unique_by=lambda b: tuple(b)))
def test_loader_reads_back_what_was_written(tmp_path_factory, texts):
    root = tmp_path_factory.mktemp("c")
    shutil.copy(MINI / "outlets.yaml", root / "outlets.yaml")
    written = {}
    for i, blocks in enumerate(texts):
        art = _article(blocks, ["headline"] + ["body"] * (len(blocks) - 1),
                       dict(id=f"a{i}", outlet="daily", date=dt.date(2020, 1, 1 + i), title=blocks[0], license="CC0"))
        write_article(root, art)
        written[art.id] = art.text
    c = load_corpus(root)
    assert {a.id: a.text for a in c} == written
    assert check_corpus(root) == []


# ----------------------------------------------------------------------------- loader

def test_load_directory_and_filters():
    c = load_corpus(MINI)
    assert len(c) == 3 and c.outlet_ids == ["afp", "daily", "statetv"]
    assert len(c.filter(events="harbour-deal-2020-03-01")) == 2
    assert c.filter(outlets=["daily"]).ids == ["daily-2020-06-10-floods-force-thousands-from-valley-towns"]
    assert len(c.filter(tags={"camp": "pro"})) == 1
    assert len(c.filter(date_range=("2020-06-01", None))) == 1
    assert len(load_corpus(MINI, events="flood-2020-06-10", outlets="daily")) == 1
    with pytest.raises(ValidationError, match="unknown id 'nope'"):
        c.filter(events="nope")
    with pytest.raises(ValidationError, match="date_range"):
        c.filter(date_range=("2020-01-01",))


def test_segments_and_captions():
    c = load_corpus(MINI)
    st_art = next(a for a in c if a.outlet == "statetv")
    assert [s.kind for s in st_art.segments] == ["headline", "body", "body", "caption", "body"]
    assert st_art.headline == st_art.title
    assert "(Photo by State TV)" not in st_art.segment_text("headline", "body")
    assert "(Photo by State TV)" in st_art.segment_text("caption")
    for s in st_art.segments:
        assert st_art.text[s.start:s.end].strip() == st_art.text[s.start:s.end]


def test_to_frame_one_row_per_article():
    df = load_corpus(MINI).to_frame()
    assert len(df) == 3
    for col in ("id", "outlet", "outlet_name", "event", "date", "title", "license", "text", "tag:camp"):
        assert col in df.columns
    assert set(df["tag:camp"].dropna()) == {"pro", "against"}
    light = load_corpus(MINI).to_frame(text=False)
    assert list(light.columns[:4]) == ["id", "outlet", "outlet_name", "event"]


def test_repository_sources_validate_and_hold_the_three_astana_texts():
    root = REPO / "sources"
    assert check_corpus(root) == []
    c = load_corpus(root, events="astana-2017-05-04")
    assert sorted(c.outlet_ids) == ["presstv", "un", "voa"]
    assert len(c.outlet_registry) >= 42
    for a in c:
        assert a.license and a.provenance["method"] == "add:text" and a.provenance["source"]
    seed = next(a for a in c if a.outlet == "presstv")
    assert [s.kind for s in seed.segments].count("caption") == 1


@pytest.mark.parametrize("kind", ["jsonl", "csv", "parquet"])
def test_load_tabular(tmp_path, kind):
    import pandas as pd

    df = pd.DataFrame({"id": ["a", "b"], "outlet": ["x", "y"], "text": ["T\n\nBody a.", "Body b."],
                       "title": ["T", "B"], "event": ["e1", None], "date": ["2020-01-01", "2020-01-02"]})
    p = tmp_path / f"c.{kind}"
    if kind == "jsonl":
        p.write_text("\n".join(json.dumps(r) for r in df.to_dict("records")))
    elif kind == "csv":
        df.to_csv(p, index=False)
    else:
        df.to_parquet(p)
    c = load_corpus(p)
    assert c.kind == kind and c.ids == ["a", "b"] or sorted(c.ids) == ["a", "b"]
    a = c["a"]
    assert [s.kind for s in a.segments] == ["headline", "body"]
    assert c["b"].segments[0].kind == "body"       # first block is not the title -> not a headline
    assert len(load_corpus(p, outlets="x")) == 1


# ----------------------------------------------------------------------------- registries and writing

def test_registry_errors(tmp_path):
    p = tmp_path / "outlets.yaml"
    p.write_text("- id: a\n  name: A\n  type: tabloid\n")
    with pytest.raises(ValidationError, match="type must be one of"):
        read_registry(p, "outlet")
    p.write_text("{a: 1}\n")
    with pytest.raises(ValidationError, match="must be a list"):
        read_registry(p, "outlet")
    p.write_text("- id: a\n  name: A\n  tags: {Camp: pro}\n")
    with pytest.raises(ValidationError, match="lowercase name"):
        read_registry(p, "outlet")


def test_add_registry_records_never_changes_existing(corpus):
    add_registry_records(corpus, "outlet", [{"id": "new", "name": "New"}])
    assert "new" in read_registry(corpus / "outlets.yaml", "outlet")
    with pytest.raises(ValidationError, match="already registered"):
        add_registry_records(corpus, "outlet", [{"id": "afp", "name": "Other"}])


def test_write_article_never_overwrites(corpus):
    a = next(iter(load_corpus(corpus)))
    with pytest.raises(CorpusError, match="refusing to overwrite"):
        write_article(corpus, a)


def test_write_article_rejects_non_canonical_text(corpus):
    text = "T\n\n\n\nBody with  two blank lines before."
    art = Article(id="x1", outlet="daily", text=text, date=dt.date(2020, 1, 1), title="T", license="CC0",
                  sha256=text_hash(text))
    with pytest.raises(ValidationError, match="read back identically"):
        write_article(corpus, art)


def test_article_path_stays_inside(corpus, tmp_path):
    assert article_path(corpus, "a1", "daily") == corpus / "articles" / "daily" / "a1.txt"
    with pytest.raises(ValidationError):
        article_path(corpus, "../x", "daily")
    outside = tmp_path / "outside"
    outside.mkdir()
    (corpus / "articles" / "evil").symlink_to(outside)
    with pytest.raises(ValidationError, match="outside the corpus"):
        article_path(corpus, "a1", "evil")


def test_check_corpus_on_missing_directory(tmp_path):
    with pytest.raises(CorpusError, match="no such corpus directory"):
        check_corpus(tmp_path / "nope")


def test_crlf_article_files_load_and_validate(corpus):
    p = next((corpus / "articles" / "afp").glob("*.txt"))
    original = load_corpus(corpus)[p.stem].text
    p.write_bytes(p.read_bytes().replace(b"\n", b"\r\n"))
    assert load_corpus(corpus)[p.stem].text == original
    assert check_corpus(corpus) == []


def test_corpus_describes_itself():
    c = load_corpus(REPO / "sources")
    assert "How the content was added" in c.readme()
    lic = c.licenses()
    assert list(lic.columns) == ["license", "license_note", "articles"] and lic["articles"].sum() == len(c)
    assert load_corpus(MINI).readme() == ""


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(recs=st.lists(st.fixed_dictionaries(
    {"id": _slug, "name": _block},
    optional={"country": _block, "type": st.sampled_from(["wire", "newspaper", "state"]),
              "tags": st.dictionaries(st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True), _block, max_size=3)}),
    max_size=6, unique_by=lambda r: r["id"]))
def test_registry_round_trip(tmp_path_factory, recs):
    from framing.corpus import format_registry

    p = tmp_path_factory.mktemp("r") / "outlets.yaml"
    p.write_text(format_registry({r["id"]: r for r in recs}), encoding="utf-8")
    back = read_registry(p, "outlet")
    assert sorted(back) == sorted(r["id"] for r in recs)
    for r in recs:
        assert back[r["id"]]["name"] == r["name"]
        assert back[r["id"]]["tags"] == r.get("tags", {})
