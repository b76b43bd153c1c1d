"""The ``train`` command runs in-process: help, exit codes, scores printed, model written."""

from __future__ import annotations

import io
import json

import joblib
import pandas as pd
import pytest

from framing.cli import main

from .test_classify import DOCS, LABELS


def run(capsys, *argv):
    rc = main(list(argv))
    out = capsys.readouterr()
    return rc, out.out, out.err


@pytest.fixture
def labels_csv(tmp_path):
    p = tmp_path / "coded.csv"
    pd.DataFrame({"body": DOCS, "frame": LABELS, "outlet": ["a", "b", "c"] * 4}).to_csv(p, index=False)
    return p


def test_help_opens_with_a_sentence_and_a_real_example(capsys):
    with pytest.raises(SystemExit) as info:
        main(["train", "--help"])
    assert info.value.code == 0
    text = capsys.readouterr().out
    first = text.split("\n\n", 1)[1].strip().splitlines()[0]
    assert first.endswith(".") and first[0].isupper()
    assert "Example:\n  framing train " in text


def test_train_writes_model_and_prints_scores(capsys, labels_csv, tmp_path):
    model = tmp_path / "m.joblib"
    rc, out, err = run(capsys, "train", str(labels_csv), "--text-col", "body", "--label-col", "frame",
                       "-o", str(model), "--features", "framing", "--cv", "3")
    assert rc == 0, err
    assert "12 articles, labels: conflict (6), economic (6)" in out
    assert "3-fold stratified cross-validation" in out
    assert "f1_macro" in out and "mean" in out
    clf = joblib.load(model)
    assert list(clf.predict(["The army and rebels clashed, trading accusations."])) == ["conflict"]


def test_csv_and_json_output_and_stdin(capsys, labels_csv, tmp_path, monkeypatch):
    model = tmp_path / "m.joblib"
    rc, out, _ = run(capsys, "train", str(labels_csv), "--text-col", "body", "--label-col", "frame",
                     "-o", str(model), "--features", "tfidf", "--cv", "2", "--format", "csv")
    assert rc == 0
    table = pd.read_csv(io.StringIO(out))
    assert list(table["fold"].astype(str)) == ["1", "2", "mean", "std"]
    monkeypatch.setattr("sys.stdin", io.StringIO(labels_csv.read_text()))
    rc, out, _ = run(capsys, "train", "-", "--text-col", "body", "--label-col", "frame", "-o", str(model),
                     "--features", "tfidf", "--cv", "2", "--format", "json", "--group-col", "outlet")
    assert rc == 0 and len(json.loads(out)) == 4


@pytest.mark.parametrize("args,message", [
    (["--text-col", "text", "--label-col", "frame"], "no column 'text' (--text-col); columns are: body, frame, outlet"),
    (["--text-col", "body", "--label-col", "outlet", "--cv", "5"], "label 'a' has 4 documents"),
])
def test_input_errors_exit_1(capsys, labels_csv, tmp_path, args, message):
    rc, out, err = run(capsys, "train", str(labels_csv), "-o", str(tmp_path / "m"), *args)
    assert rc == 1
    assert err.startswith("Error: ") and message in err and str(labels_csv) in err
    assert not (tmp_path / "m").exists()


def test_missing_file_exit_1(capsys, tmp_path):
    rc, _, err = run(capsys, "train", str(tmp_path / "nope.csv"), "-o", str(tmp_path / "m"))
    assert rc == 1 and err == f"Error: {tmp_path / 'nope.csv'}: no such file\n"


@pytest.mark.parametrize("args", [["--cv", "1"], ["--C", "0"], ["--features", "words"], []])
def test_usage_errors_exit_2(capsys, labels_csv, args):
    out = ["train", str(labels_csv), *args]
    if args:
        out += ["-o", "m.joblib"]
    with pytest.raises(SystemExit) as info:
        main(out)
    assert info.value.code == 2
