"""The ``framing compare`` command, run in-process: output formats, column names, exit codes."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from framing.cli import build_parser, main
from framing.cli.compare import TABLE_CHOICES
from tests.test_compare import WordLabels

FIX = Path(__file__).parent / "fixtures" / "corpus"
EVENT = "harbour-deal-2020-03-01"


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    shutil.copytree(FIX / "mini", root)
    return root


@pytest.fixture
def extractors(monkeypatch):
    """Default extractors for these tests: a word-label extractor and the real Attribution."""
    from framing import pipeline
    from framing.features.quotes import Attribution

    monkeypatch.setattr(pipeline, "default_extractors", lambda fit=True: [WordLabels().fit(), Attribution().fit()])


def run(capsys, *argv):
    rc = main(list(argv))
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_help_opens_with_a_sentence_and_a_real_example(capsys):
    with pytest.raises(SystemExit) as info:
        main(["compare", "--help"])
    assert info.value.code == 0
    text = capsys.readouterr().out
    desc = text.split("\n\n", 1)[1]
    first = desc.strip().splitlines()[0]
    assert first == "Compare how the outlets covering EVENT framed it, in tables."
    assert "framing compare astana-2017-05-04" in desc.split("Example:")[1]
    for opt in ("--sources", "--by", "--table", "--format"):
        assert opt in text


def test_registered_with_every_table():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    table = next(a for a in sub.choices["compare"]._actions if a.dest == "table")
    assert set(table.choices) == {"labels", "stance", "voices", "verbs", "tone", "frames", "salience",
                                  "distinctive", "omissions", "divergence", "tests", "all"}


def test_csv_labels_has_outlet_column(corpus, extractors, capsys):
    rc, out, _ = run(capsys, "compare", EVENT, "--table", "labels", "--format", "csv", "--sources", str(corpus))
    assert rc == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0])[:3] == ["outlet", "referent", "label"]
    assert {r["outlet"] for r in rows} <= {"afp", "statetv"} and rows
    for r in rows:
        assert float(r["ci_low"]) <= float(r["share"]) <= float(r["ci_high"])


def test_json_single_table_and_all(corpus, extractors, capsys):
    rc, out, _ = run(capsys, "compare", EVENT, "--table", "voices", "--format", "json", "--sources", str(corpus))
    assert rc == 0
    recs = json.loads(out)
    assert isinstance(recs, list)
    assert all("outlet" in r and "group" not in r for r in recs)
    rc, out, _ = run(capsys, "compare", EVENT, "--format", "json", "--sources", str(corpus))
    assert rc == 0
    payload = json.loads(out)
    assert set(payload) == {"event", "by", "order", "warnings", "summary", "tables"}
    assert set(payload["tables"]) == set(TABLE_CHOICES)
    assert payload["by"] == "outlet" and sorted(payload["order"]) == ["afp", "statetv"]
    assert payload["summary"].startswith("2 articles from 2 outlets on harbour-deal-2020-03-01")
    div = payload["tables"]["divergence"]
    assert all({"outlet_a", "outlet_b"} <= set(r) for r in div)


def test_table_format_all_prints_summary_tables_and_warnings(corpus, extractors, capsys):
    rc, out, err = run(capsys, "compare", EVENT, "--sources", str(corpus))
    assert rc == 0
    assert out.startswith("2 articles from 2 outlets")
    for name in TABLE_CHOICES:
        assert f"== {name} ==" in out
    assert "few articles: 1 in afp" in err and err.startswith("Warning: ")
    header = out.split("== labels ==\n", 1)[1].splitlines()[0]
    assert header.split()[0] == "outlet"


def test_csv_all_is_stacked_with_a_table_column(corpus, extractors, capsys):
    rc, out, _ = run(capsys, "compare", EVENT, "--table", "all", "--format", "csv", "--sources", str(corpus))
    assert rc == 0
    df = pd.read_csv(io.StringIO(out))
    assert df.columns[0] == "table"
    assert {"labels", "omissions"} <= set(df["table"])
    assert "group" not in df.columns and "outlet" in df.columns


def test_by_tag_names_the_column_after_the_tag(corpus, extractors, capsys):
    rc, out, _ = run(capsys, "compare", EVENT, "--by", "country", "--table", "labels", "--format", "csv",
                     "--sources", str(corpus))
    assert rc == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0])[0] == "country"
    assert {r["country"] for r in rows} <= {"France", "Ruritania"}


@pytest.mark.parametrize("argv, code, message", [
    (["compare", "nope"], 1, "Error: field 'events': unknown id 'nope'"),
    (["compare", EVENT, "--by", "colour"], 1, "Error: field 'by': The 'by' parameter must be 'outlet'"),
    (["compare", EVENT, "--table", "everything"], 2, "invalid choice: 'everything'"),
    (["compare", EVENT, "--format", "xml"], 2, "invalid choice: 'xml'"),
])
def test_errors_and_exit_codes(argv, code, message, corpus, extractors, capsys):
    try:
        rc = main([*argv, "--sources", str(corpus)])
    except SystemExit as exc:
        rc = exc.code
    err = capsys.readouterr().err
    assert rc == code
    assert message in err
    if code == 1:
        assert len(err.strip().splitlines()) == 1


def test_empty_event_is_an_error(tmp_path, corpus, extractors, capsys):
    # an event registered but without articles
    rc, _, err = run(capsys, "compare", "flood-2020-06-10", "--sources", str(corpus))
    assert rc == 0  # the daily article covers the flood
    shutil.rmtree(corpus / "articles" / "daily")
    rc, _, err = run(capsys, "compare", "flood-2020-06-10", "--sources", str(corpus))
    assert rc == 1 and "no articles for event 'flood-2020-06-10'" in err
