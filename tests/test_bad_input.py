"""The bad-input catalogue: every malformed input gets a one-line error naming file and field,
a non-zero exit, and leaves the corpus unchanged byte for byte."""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import pytest

from framing.cli import main
from tests.conftest import snapshot

FIX = Path(__file__).parent / "fixtures" / "corpus"
AFP_ID = "afp-2020-03-01-ceasefire-deal-signed-for-portville-harbour"
AFP_TEXT = (FIX / "inputs" / "afp-harbour.txt").read_text(encoding="utf-8")
GOOD = "A headline\n\nA body paragraph long enough to be an article about something.\n"


def _w(tmp: Path, name: str, data) -> str:
    p = tmp / name
    if isinstance(data, str):
        data = data.encode("utf-8")
    p.write_bytes(data)
    return str(p)


def add(*extra, src=None, outlet="daily", event="harbour-deal-2020-03-01", date="2020-03-01"):
    """argv for 'framing add' with defaults that are valid, so each case breaks one thing."""
    def build(root, tmp):
        source = src(tmp) if callable(src) else (src or _w(tmp, "in.txt", GOOD))
        argv = ["add", source, "--sources", str(root)]
        if outlet is not None:
            argv += ["--outlet", outlet]
        if event is not None:
            argv += ["--event", event]
        if date is not None:
            argv += ["--date", date]
        return argv + list(extra)
    return build


def corrupt(rel: str, data, then=("validate",)):
    """Corrupt one file of the corpus, then run a command (the corruption is part of the setup)."""
    def build(root, tmp):
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if callable(data):
            p.write_bytes(data(p.read_bytes() if p.exists() else b""))
        else:
            p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        return [*then, "--sources", str(root)]
    return build


def afp_file(root):
    return next((root / "articles" / "afp").glob("*.txt"))


AFP_REL = f"articles/afp/{AFP_ID}.txt"
D1_REL = "articles/daily/daily-2020-06-10-floods-force-thousands-from-valley-towns.txt"

# (case id, argv builder, expected text in the error, field named, file hint in the error)
CASES = [
    ("unknown-outlet", add(outlet="nope"), "unknown outlet 'nope'", "outlet", "outlets.yaml"),
    ("unknown-event", add(event="no-such-event"), "unknown event 'no-such-event'", "event", "events.yaml"),
    ("impossible-date", add(date="2017-02-30"), "not a valid date", "date", "in.txt"),
    ("malformed-date", add(date="04/05/2017"), "not a valid date", "date", "in.txt"),
    ("future-date", add(date="2999-01-01"), "is in the future", "date", "in.txt"),
    ("ancient-date", add(date="0999-01-01"), "implausibly early", "date", "in.txt"),
    ("empty-file", add(src=lambda t: _w(t, "in.txt", "")), "empty input", "text", "in.txt"),
    ("blank-file", add(src=lambda t: _w(t, "in.txt", " \n\n\t\n")), "empty input", "text", "in.txt"),
    ("binary-nul", add(src=lambda t: _w(t, "in.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR")), "binary content", "text", "in.txt"),
    ("binary-controls", add(src=lambda t: _w(t, "in.txt", "T\n\n" + "\x01\x02\x03\x04\x05" * 20)), "control characters", "text", "in.txt"),
    ("not-utf8", add(src=lambda t: _w(t, "in.txt", "Title\n\nCaf\xe9 society in the old town.".encode("latin-1"))), "not valid utf-8", "text", "in.txt"),
    ("unknown-encoding", add("--encoding", "klingon-8"), "unknown encoding", "encoding", "in.txt"),
    ("huge-file", add("--max-bytes", "1000", src=lambda t: _w(t, "in.txt", "T\n\n" + "word " * 400)), "over the 1000-byte limit", "text", "in.txt"),
    ("html-scripts-only", add(src=lambda t: str(FIX / "html" / "script-only.html")), "no article text found", "text", "script-only.html"),
    ("text-with-script-tag", add(src=lambda t: _w(t, "in.txt", "Title\n\nHello <script>alert(1)</script> world")), "HTML markup", "text", "in.txt"),
    ("headline-only", add(src=lambda t: _w(t, "in.txt", "Just a headline\n")), "only a headline", "text", "in.txt"),
    ("captions-only", add(src=lambda t: _w(t, "in.txt", "Headline\n\nA man waves. (Photo by AFP)\n")), "only headline and captions", "text", "in.txt"),
    ("no-title-long-first-block", add(src=lambda t: _w(t, "in.txt", "line one\nline two\n\nBody text here.")), "not a one-line title", "title", "in.txt"),
    ("missing-file", add(src=lambda t: str(t / "nope.txt")), "no such file", None, "nope.txt"),
    ("directory-as-file", add(src=lambda t: str(t)), "not a regular file", None, None),
    ("exact-duplicate", add(src=lambda t: _w(t, "in.txt", AFP_TEXT), outlet="afp"), f"exact duplicate of article '{AFP_ID}'", "text", "in.txt"),
    ("exact-duplicate-other-outlet", add(src=lambda t: _w(t, "in.txt", AFP_TEXT)), f"exact duplicate of article '{AFP_ID}'", "text", "in.txt"),
    ("near-duplicate", add(src=lambda t: _w(t, "in.txt", AFP_TEXT.replace("on Sunday", "on Saturday")), outlet="afp"),
     f"near-duplicate of article '{AFP_ID}'", "text", "in.txt"),
    ("traversal-outlet", add(outlet="../../etc"), "must be a slug", "outlet", None),
    ("traversal-id", add("--id", "../../../tmp/evil"), "must be a slug", "id", None),
    ("slash-in-id", add("--id", "a/b"), "must be a slug", "id", None),
    ("dotdot-id", add("--id", "a..b"), "must be a slug", "id", None),
    ("uppercase-outlet", add(outlet="AFP"), "must be a slug", "outlet", None),
    ("existing-id", add("--id", AFP_ID), f"article id '{AFP_ID}' already exists", "id", "in.txt"),
    ("bad-url", add("--url", "ftp://example.org/a"), "must be an http(s) URL", "url", "in.txt"),
    ("new-outlet-bad-type", add("--new-outlet", "Tabloid Daily", "--outlet-type", "tabloid", outlet="tabloid"), "type must be one of", "type", "outlets.yaml"),
    ("new-outlet-already-registered", add("--new-outlet", "Again"), "already registered", "outlet", "outlets.yaml"),
    ("new-event-without-event", add("--new-event", "Something", event=None), "--new-event needs --event", "event", "events.yaml"),
    ("outlet-type-without-new-outlet", add("--outlet-type", "wire"), "only apply with --new-outlet", "new_outlet", None),
    ("stdin-empty", add(src="-"), "empty input", "text", "<stdin>"),
    ("title-control-chars", add("--title", "Bell\x07 title"), "contains control characters", "title", None),
    ("title-too-long", add("--title", "x" * 600), "longer than 500 characters", "title", "in.txt"),
    ("add-into-a-file-corpus", lambda r, t: ["add", _w(t, "in.txt", GOOD), "--outlet", "daily", "--date", "2020-03-01",
                                             "--sources", _w(t, "c.jsonl", '{"id": "a", "outlet": "b", "text": "x"}\n')],
     "only be added to a corpus directory", None, "c.jsonl"),
    ("list-unknown-event", lambda r, t: ["list", "--event", "nope", "--sources", str(r)], "unknown id 'nope'", "events", None),
    ("list-bad-tag", lambda r, t: ["list", "--tag", "camp", "--sources", str(r)], "must be NAME=VALUE", "tag", None),
    ("list-missing-corpus", lambda r, t: ["list", "--sources", str(t / "nowhere")], "no such corpus", None, "nowhere"),
    ("list-not-a-corpus-file", lambda r, t: ["list", "--sources", _w(t, "notes.docx", "x")], "not a corpus", None, "notes.docx"),
    ("tabular-missing-text-column", lambda r, t: ["list", "--sources", _w(t, "c.csv", "id,outlet\na,b\n")], "required column is missing", "text", "c.csv"),
    ("tabular-duplicate-ids", lambda r, t: ["list", "--sources", _w(t, "c.csv", "id,outlet,text\na,b,x\na,b,y\n")], "duplicate article id 'a'", "id", "c.csv"),
    ("fetch-unknown-event", lambda r, t: ["fetch", "--event", "nope", "--sources", str(r)], "unknown event 'nope'", "event", "events.yaml"),
    ("fetch-no-coverage", lambda r, t: ["fetch", "--event", "flood-2020-06-10", "--sources", str(r)], "no coverage index", None, "flood-2020-06-10.csv"),
    ("import-missing-file", lambda r, t: ["import", "fakes", str(t / "fakes.csv"), "--sources", str(r)], "no such file", None, "fakes.csv"),
    ("import-missing-column", lambda r, t: ["import", "fakes", _w(t, "fakes.csv", "unit_id,article_title\n1,x\n"), "--sources", str(r)], "required column is missing", "article_content", "fakes.csv"),
]

# validate: the corpus is corrupted in the setup; validate must report it without changing anything
VALIDATE_CASES = [
    ("article-missing-field", corrupt(AFP_REL, lambda b: b.replace(b"\nlicense:", b"\nlicence:")), "unknown field", "licence"),
    ("article-hash-mismatch", corrupt(AFP_REL, lambda b: b.replace(b"Two governments", b"Three governments")), "content hash does not match", "sha256"),
    ("article-no-front-matter", corrupt(AFP_REL, lambda b: b.split(b"\n---\n", 1)[1]), "missing front matter", None),
    ("article-bad-yaml", corrupt(AFP_REL, lambda b: b.replace(b"title: ", b"title: [unclosed ", 1)), "not valid YAML", None),
    ("article-not-utf8", corrupt(AFP_REL, lambda b: b.replace(b"Two governments", b"Two gov\xe9rnments")), "not valid UTF-8", None),
    ("article-bad-date", corrupt(AFP_REL, lambda b: b.replace(b"date: '2020-03-01'", b"date: '2020-13-01'")), "not a valid date", "date"),
    ("article-unknown-outlet", corrupt(AFP_REL, lambda b: b.replace(b"outlet: afp", b"outlet: ghost")), "is not in outlets.yaml", "outlet"),
    ("article-duplicate-id", corrupt(D1_REL.replace(".txt", "-copy.txt"), lambda b: (FIX / "mini" / D1_REL).read_bytes()), "duplicate article id", "id"),
    ("registry-bad-yaml", corrupt("outlets.yaml", "- id: [oops\n"), "not valid YAML", None),
    ("registry-duplicate-outlet", corrupt("outlets.yaml", lambda b: b + b"- id: afp\n  name: AFP again\n"), "duplicate outlet id 'afp'", "id"),
    ("registry-event-no-title", corrupt("events.yaml", lambda b: b + b"- id: e3\n  date: 2020-01-01\n"), "has no title", "title"),
    ("stray-file", corrupt("articles/afp/notes.md", "hello"), "not an article file", None),
    ("coverage-missing-column", corrupt("coverage/harbour-deal-2020-03-01.csv", "ref,outlet,date\nA,afp,2020-03-01\n"), "required column is missing", "url"),
]


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    shutil.copytree(FIX / "mini", root)
    return root


def _run(argv, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    rc = main(argv)
    return rc, capsys.readouterr()


def test_catalogue_is_big_enough():
    assert len(CASES) + len(VALIDATE_CASES) >= 30
    assert len({c[0] for c in CASES + VALIDATE_CASES}) == len(CASES) + len(VALIDATE_CASES)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_bad_input(case, corpus, tmp_path, capsys, monkeypatch):
    name, build, expected, field, path_hint = case
    scratch = tmp_path / "in"
    scratch.mkdir()
    argv = build(corpus, scratch)
    before = snapshot(corpus)
    rc, out = _run(argv, capsys, monkeypatch)
    assert rc == 1, (rc, out)
    lines = out.err.strip().splitlines()
    assert len(lines) == 1, out.err
    msg = lines[0]
    assert msg.startswith("Error: ")
    assert expected.lower() in msg.lower(), msg
    if field:
        assert f"field '{field}'" in msg, msg
    if path_hint:
        assert path_hint in msg, msg
    assert snapshot(corpus) == before
    assert not list(corpus.rglob("*.tmp")), "temporary file left behind"


@pytest.mark.parametrize("case", VALIDATE_CASES, ids=[c[0] for c in VALIDATE_CASES])
def test_validate_reports_corruption(case, corpus, tmp_path, capsys, monkeypatch):
    name, build, expected, field = case
    argv = build(corpus, tmp_path)
    before = snapshot(corpus)
    rc, out = _run(argv, capsys, monkeypatch)
    assert rc == 1
    hits = [ln for ln in out.out.splitlines() if expected.lower() in ln.lower()]
    assert hits, out.out
    line = hits[0]
    assert str(corpus) in line          # names the file
    if field:
        assert f"field '{field}'" in line
    assert out.err.strip().startswith("Error: ") and len(out.err.strip().splitlines()) == 1
    assert snapshot(corpus) == before


def test_validate_reports_every_problem_not_just_the_first(corpus, capsys, monkeypatch):
    afp = afp_file(corpus)
    afp.write_bytes(afp.read_bytes().replace(b"Two governments", b"Three governments"))
    (corpus / "outlets.yaml").write_bytes((corpus / "outlets.yaml").read_bytes() + b"- id: afp\n  name: again\n")
    (corpus / "events.yaml").write_bytes((corpus / "events.yaml").read_bytes() + b"- id: e9\n")
    rc, out = _run(["validate", "--sources", str(corpus)], capsys, monkeypatch)
    assert rc == 1
    assert len(out.out.strip().splitlines()) == 3, out.out
    assert "3 problem(s)" in out.err


def test_validate_passes_on_clean_fixture(corpus, capsys, monkeypatch):
    rc, out = _run(["validate", "--sources", str(corpus)], capsys, monkeypatch)
    assert rc == 0, out.out
    assert "3 articles, no problems" in out.err
