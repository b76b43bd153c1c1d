"""The corpus commands run in-process: exit codes, output and messages."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from framing.cli import build_parser, main
from tests.conftest import FAKES, snapshot

FIX = Path(__file__).parent / "fixtures" / "corpus"
REPO = Path(__file__).resolve().parents[1]
COMMANDS = ["add", "fetch", "validate", "list", "import"]


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    shutil.copytree(FIX / "mini", root)
    return root


def run(capsys, *argv):
    rc = main(list(argv))
    out = capsys.readouterr()
    return rc, out.out, out.err


@pytest.mark.parametrize("cmd", COMMANDS)
def test_help_opens_with_a_sentence_and_a_real_example(cmd, capsys):
    with pytest.raises(SystemExit) as info:
        main([cmd, "--help"])
    assert info.value.code == 0
    text = capsys.readouterr().out
    desc = text.split("\n\n", 1)[1]
    first = desc.strip().splitlines()[0]
    assert first.endswith(".") and first[0].isupper()
    assert "Example:" in desc and f"framing {cmd}" in desc.split("Example:")[1]
    assert "--sources" in text


def test_every_subcommand_takes_sources():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for cmd in COMMANDS:
        opts = {o for a in sub.choices[cmd]._actions for o in a.option_strings}
        assert "--sources" in opts, cmd


def test_done_when_list_astana_csv(capsys):
    rc, out, _ = run(capsys, "list", "--event", "astana-2017-05-04", "--format", "csv", "--sources", str(REPO / "sources"))
    assert rc == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["outlet"] for r in rows} == {"presstv", "voa", "un"}
    for col in ("id", "outlet", "event", "date", "title", "license"):
        assert col in rows[0]
    lic = {r["outlet"]: r["license"] for r in rows}
    assert "17 U.S.C. 105" in lic["voa"] and "ST/AI/189" in lic["un"] and "seed" in lic["presstv"]


def test_done_when_validate_repo_sources(capsys):
    rc, out, err = run(capsys, "validate", "--sources", str(REPO / "sources"))
    assert rc == 0 and out == "" and "no problems" in err


def test_add_dry_run_then_add(corpus, tmp_path, capsys):
    src = tmp_path / "a.txt"
    src.write_text("River rises again\n\nThe river rose again on Friday in the valley towns and more families "
                   "were evacuated after heavy rain, the governor said.\n")
    before = snapshot(corpus)
    rc, out, err = run(capsys, "add", str(src), "--outlet", "daily", "--date", "2020-06-12", "--sources", str(corpus),
                       "--dry-run")
    assert rc == 0 and out.startswith("Would write ") and "sha256:" in out
    assert "likely event: flood-2020-06-10" in err
    assert snapshot(corpus) == before
    rc, out, err = run(capsys, "add", str(src), "--outlet", "daily", "--event", "flood-2020-06-10", "--date",
                       "2020-06-12", "--license", "CC0", "--sources", str(corpus))
    assert rc == 0 and out.startswith("Added daily-2020-06-12-river-rises-again")
    rc, out, err = run(capsys, "add", str(src), "--outlet", "daily", "--event", "flood-2020-06-10", "--date",
                       "2020-06-12", "--sources", str(corpus))
    assert rc == 1 and err.strip() == (f"Error: {src}: field 'text': exact duplicate of article "
                                       "'daily-2020-06-12-river-rises-again' (same content hash)")


def test_add_flags_wire_copy(corpus, tmp_path, capsys):
    src = tmp_path / "copy.txt"
    src.write_text("Harbour ceasefire signed\n\n" + (FIX / "inputs" / "afp-harbour.txt").read_text().split("\n\n", 1)[1])
    rc, out, err = run(capsys, "add", str(src), "--outlet", "statetv", "--event", "harbour-deal-2020-03-01",
                       "--date", "2020-03-01", "--sources", str(corpus))
    assert rc == 0
    assert "Warning: wire copy: closely matches afp article" in err
    assert "Warning: wire copy: the text credits afp" in err


def test_add_registers_outlet_and_event_when_asked(corpus, tmp_path, capsys):
    src = tmp_path / "n.txt"
    src.write_text("Bridge opens\n\nA new bridge opened over the river on Monday, linking the two valley towns.\n")
    rc, _, err = run(capsys, "add", str(src), "--outlet", "valleynews", "--new-outlet", "Valley News",
                     "--outlet-type", "newspaper", "--event", "bridge-2020-07-01", "--new-event", "Bridge opens",
                     "--date", "2020-07-01", "--sources", str(corpus))
    assert rc == 0 and "Registered outlet valleynews" in err and "Registered event bridge-2020-07-01" in err
    rc, out, _ = run(capsys, "list", "--what", "outlets", "--format", "json", "--sources", str(corpus))
    rec = next(r for r in json.loads(out) if r["id"] == "valleynews")
    assert rec["type"] == "newspaper" and rec["articles"] == 1


def test_add_from_stdin(corpus, capsys, monkeypatch):
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(
        "Piped headline\n\nA body that arrives on standard input about the harbour.\n".encode())))
    rc, out, _ = run(capsys, "add", "-", "--outlet", "daily", "--event", "harbour-deal-2020-03-01",
                     "--date", "2020-03-02", "--sources", str(corpus))
    assert rc == 0 and "daily-2020-03-02-piped-headline" in out


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_list_formats(fmt, capsys):
    rc, out, err = run(capsys, "list", "--format", fmt, "--sources", str(FIX / "mini"))
    assert rc == 0
    if fmt == "json":
        rows = json.loads(out)
        assert len(rows) == 3 and {"id", "outlet", "event", "date", "title", "license", "tag:camp"} <= set(rows[0])
    elif fmt == "csv":
        assert out.splitlines()[0].startswith("id,outlet,event,date,title,license")
    else:
        assert "afp-2020-03-01" in out and "3 articles, 3 outlets, 2 events" in err


def test_list_filters_and_registries(capsys):
    rc, out, _ = run(capsys, "list", "--tag", "camp=pro", "--format", "csv", "--sources", str(FIX / "mini"))
    assert rc == 0 and len(out.strip().splitlines()) == 2 and "statetv" in out
    rc, out, _ = run(capsys, "list", "--what", "events", "--format", "csv", "--sources", str(FIX / "mini"))
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in rows] == ["flood-2020-06-10", "harbour-deal-2020-03-01"]
    assert [r["articles"] for r in rows] == ["1", "2"]


def test_list_and_validate_a_tabular_corpus(tmp_path, capsys):
    p = tmp_path / "c.jsonl"
    p.write_text('{"id": "a", "outlet": "x", "text": "T\\n\\nBody", "title": "T"}\n'
                 '{"id": "b", "outlet": "y", "text": "Other body"}\n')
    rc, out, _ = run(capsys, "list", "--format", "csv", "--sources", str(p))
    assert rc == 0 and len(out.strip().splitlines()) == 3
    rc, _, err = run(capsys, "validate", "--sources", str(p))
    assert rc == 0 and "2 articles" in err


def test_import_mini_fakes_then_list(tmp_path, capsys):
    dest = tmp_path / "fk"
    rc, out, _ = run(capsys, "import", "fakes", str(FIX / "fakes" / "fakes.csv"), "--sources", str(dest))
    assert rc == 0 and out.startswith("Imported 5 articles from 7 rows")
    rc, out, err = run(capsys, "list", "--sources", str(dest))
    assert rc == 0 and "5 articles, 3 outlets, 2 events" in err and "tag:camp" in out
    rc, _, err = run(capsys, "validate", "--sources", str(dest))
    assert rc == 0


@pytest.mark.eval
def test_done_when_import_real_fakes(shared_dir, tmp_path, capsys):
    dest = tmp_path / "fakes"
    rc, out, _ = run(capsys, "import", "fakes", str(FAKES), "--sources", str(dest))
    assert rc == 0
    rc, out, err = run(capsys, "list", "--sources", str(dest))
    assert rc == 0 and "790 articles, 15 outlets, 9 events" in err
    rc, out, _ = run(capsys, "list", "--what", "outlets", "--format", "csv", "--sources", str(dest))
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 15 and all(r["tag:camp"] in ("pro", "against", "neutral") for r in rows)
