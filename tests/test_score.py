"""The streaming scoring engine: chunking, engines agree, Parquet output, resuming, input checks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from framing.errors import CorpusError, FramingError, ValidationError
from framing.features.base import Extractor
from framing.score import iter_chunks, score

REPO = Path(__file__).resolve().parents[1]

TEXTS = [
    "Rebels shelled the town.\n\nThe government said the rebels broke the truce.",
    "Militants and rebels met in Astana.",
    "Nothing to see here.",
    "The regime denied it. Rebels, rebels, rebels.",
    "Talks resumed on Thursday.\n\nOfficials said talks would go on.",
    "Fighters left the zone; rebels stayed.",
    "A quiet day in Damascus.",
]


class WordCounts(Extractor):
    """A tiny deterministic extractor for the tests: counts of a few words, with evidence."""

    feature = "words"

    def __init__(self, words=("rebels", "said", "talks"), fail_on=None):
        self.words = words
        self.fail_on = fail_on

    def _fit_resources(self):
        self.feature_names_ = [f"words:{w}" for w in self.words] + ["words:chars"]
        self.seen_ = []

    def _extract(self, doc):
        if self.fail_on is not None and doc.id == self.fail_on:
            raise KeyboardInterrupt("simulated interruption")
        self.seen_.append(doc.id)
        feats, ev = {"words:chars": float(len(doc.text))}, []
        for w in self.words:
            ms = list(re.finditer(rf"\b{w}\b", doc.text, flags=re.I))
            feats[f"words:{w}"] = float(len(ms))
            ev += [{"start": m.start(), "end": m.end(), "label": w} for m in ms]
        return feats, ev


def docs():
    from framing.text import Doc

    return [Doc(t, id=f"a{i}", outlet="o1" if i % 2 else "o2", event="e1" if i < 4 else "e2")
            for i, t in enumerate(TEXTS)]


def expected_frame():
    ex = WordCounts().fit()
    mat = ex.transform([d.text for d in docs()])
    meta = pd.DataFrame({"id": [d.id for d in docs()], "outlet": [d.outlet for d in docs()],
                         "event": [d.event for d in docs()]})
    return pd.concat([meta, pd.DataFrame(mat, columns=ex.get_feature_names_out())], axis=1)


def test_in_memory_scores_match_transform():
    got = score(docs(), extractors=[WordCounts().fit()], chunk_size=3)
    pd.testing.assert_frame_equal(got, expected_frame(), check_dtype=False)
    assert list(got.columns[:3]) == ["id", "outlet", "event"]
    assert got["words:rebels"].tolist() == [2, 1, 0, 3, 0, 1, 0]


@pytest.mark.parametrize("size,expected", [(1, [1] * 7), (3, [3, 3, 1]), (7, [7]), (100, [7])])
def test_chunks_have_the_asked_size(size, expected):
    assert [len(c) for c in iter_chunks(docs(), chunk_size=size)] == expected


def test_selection_by_event_and_outlet():
    got = score(docs(), extractors=[WordCounts().fit()], events="e1", outlets=["o1"])
    assert got["id"].tolist() == ["a1", "a3"]


def test_empty_selection_gives_the_schema():
    got = score(docs(), extractors=[WordCounts().fit()], events="nope")
    assert len(got) == 0
    assert list(got.columns) == ["id", "outlet", "event", "words:rebels", "words:said", "words:talks", "words:chars"]


@pytest.mark.parametrize("kw,field", [
    ({"jobs": 0}, "jobs"),
    ({"jobs": 1.5}, "jobs"),
    ({"chunk_size": 0}, "chunk_size"),
    ({"engine": "spark"}, "engine"),
    ({"scheduler": "tcp://127.0.0.1:1"}, "scheduler"),
    ({"resume": True}, "resume"),
    ({"format": "xlsx", "out": "x"}, "format"),
])
def test_bad_options_are_refused(kw, field, tmp_path):
    if "out" in kw:
        kw = {**kw, "out": tmp_path / kw["out"]}
    with pytest.raises(ValidationError) as info:
        score(docs(), extractors=[WordCounts().fit()], **kw)
    assert info.value.field == field


def test_not_a_corpus_is_refused():
    with pytest.raises(ValidationError, match="list of articles"):
        list(iter_chunks(42))
    with pytest.raises(CorpusError, match="no such corpus directory or file"):
        score("no/such/corpus", extractors=[WordCounts().fit()])


def test_unfitted_extractor_is_refused():
    with pytest.raises(FramingError, match="not fitted"):
        score(docs(), extractors=[WordCounts()])


def test_processes_give_identical_results():
    ex = [WordCounts().fit()]
    one = score(docs(), extractors=ex, chunk_size=2)
    two = score(docs(), extractors=ex, chunk_size=2, jobs=2)
    pd.testing.assert_frame_equal(one, two)


def test_real_extractor_identical_across_engines_on_the_corpus():
    from framing.features.quotes import Attribution

    ex = [Attribution().fit()]
    one = score(REPO / "sources", extractors=ex, chunk_size=1)
    two = score(REPO / "sources", extractors=ex, chunk_size=1, jobs=2)
    pd.testing.assert_frame_equal(one, two)
    assert len(one) == 3 and one.filter(like="quote:").to_numpy().sum() > 0


@pytest.mark.slow
def test_dask_local_cluster_gives_identical_results():
    from framing.features.quotes import Attribution

    ex = [Attribution().fit()]
    one = score(REPO / "sources", extractors=ex, chunk_size=1)
    dk = score(REPO / "sources", extractors=ex, chunk_size=1, engine="dask", jobs=2)
    pd.testing.assert_frame_equal(one, dk)


@pytest.mark.slow
def test_dask_on_an_existing_scheduler_keeps_no_copy_of_the_articles():
    # a task's arguments pass through the scheduler, which kept them (at 100k articles the
    # client of a LocalCluster grew to 1.75 GB): the records are scattered to a worker instead
    import gc

    from distributed import LocalCluster

    from framing.text import Doc

    marker = "Only this test writes this text: rebels said talks"
    ds = [Doc(f"{marker} {i}.", id=f"m{i}", outlet="o") for i in range(6)]
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0") as cluster:
        got = score(ds, extractors=[WordCounts().fit()], chunk_size=2, engine="dask",
                    scheduler=cluster.scheduler_address)
        assert got["id"].tolist() == [f"m{i}" for i in range(6)]
        assert got["words:rebels"].tolist() == [1.0] * 6
        gc.collect()
        kept = [o for o in gc.get_objects()
                if type(o) is tuple and len(o) == 5 and isinstance(o[3], str) and o[3].startswith(marker)]
        assert kept == []


def test_dask_ships_the_extractors_with_their_shared_lexicon():
    # dask serialises a list item by item; the extractors travel as one bundle so that the
    # lexicon they share stays one object in the worker (one text scan per document, not three)
    from distributed.protocol import deserialize, serialize

    from framing.features.labels import LabelChoices
    from framing.features.salience import Salience
    from framing.score import _Bundle

    ex = [LabelChoices().fit(), Salience().fit()]
    assert ex[0].lexicon_ is ex[1].lexicon_
    got = deserialize(*serialize(_Bundle(ex), iterate_collection=True)).value
    assert [type(e) for e in got] == [LabelChoices, Salience]
    assert got[0].lexicon_ is got[1].lexicon_ and got[0].lexicon_ is not ex[0].lexicon_
    apart = deserialize(*serialize(ex, iterate_collection=True))   # how dask ships a bare list
    assert apart[0].lexicon_ is not apart[1].lexicon_


@pytest.mark.slow
def test_a_worker_without_the_extractors_module_is_a_clear_error(monkeypatch):
    # as on a cluster whose workers lack a user's extractor package
    import framing.score as sc

    def no_module(modules):
        raise ModuleNotFoundError("No module named 'mypkg'", name="mypkg")

    monkeypatch.setattr(sc, "_import_all", no_module)
    with pytest.raises(FramingError, match="cannot import mypkg.*every worker"):
        score(docs(), extractors=[WordCounts().fit()], engine="dask", jobs=1)


def test_unreachable_scheduler_is_an_error(monkeypatch):
    monkeypatch.setattr("framing.score.DASK_CONNECT_TIMEOUT", "1s")
    with pytest.raises(FramingError, match="scheduler"):
        score(docs(), extractors=[WordCounts().fit()], engine="dask", scheduler="tcp://127.0.0.1:9")


def test_parquet_output_one_row_group_per_chunk(tmp_path):
    out = tmp_path / "scores.parquet"
    got = score(docs(), extractors=[WordCounts().fit()], chunk_size=3, out=out)
    assert got == out and out.is_file()
    pf = pq.ParquetFile(out)
    assert pf.metadata.num_row_groups == 3
    assert [pf.metadata.row_group(i).num_rows for i in range(3)] == [3, 3, 1]
    assert pf.schema_arrow.field("id").type == pa.string()
    assert pf.schema_arrow.field("words:rebels").type == pa.float64()
    pd.testing.assert_frame_equal(pd.read_parquet(out), expected_frame(), check_dtype=False)
    assert not (tmp_path / "scores.parquet.parts").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scores.parquet"]


@pytest.mark.parametrize("name,reader", [
    ("s.csv", lambda p: pd.read_csv(p, keep_default_na=False)),
    ("s.json", lambda p: pd.DataFrame(json.loads(p.read_text()))),
])
def test_text_outputs(tmp_path, name, reader):
    out = tmp_path / name
    score(docs(), extractors=[WordCounts().fit()], chunk_size=2, out=out)
    pd.testing.assert_frame_equal(reader(out), expected_frame(), check_dtype=False)


def test_interrupted_run_resumes_without_rescoring(tmp_path):
    out = tmp_path / "scores.parquet"
    failing = WordCounts(fail_on="a5").fit()
    with pytest.raises(KeyboardInterrupt):
        score(docs(), extractors=[failing], chunk_size=2, out=out)
    assert not out.exists()
    parts = tmp_path / "scores.parquet.parts"
    assert sorted(p.name for p in parts.iterdir()) == ["00000000.arrow", "00000001.arrow", "state.json"]
    assert pd.read_feather(parts / "00000001.arrow")["id"].tolist() == ["a2", "a3"]
    good = WordCounts().fit()
    score(docs(), extractors=[good], chunk_size=2, out=out, resume=True)
    assert good.seen_ == ["a4", "a5", "a6"]  # chunks 0 and 1 were not scored again
    pd.testing.assert_frame_equal(pd.read_parquet(out), expected_frame(), check_dtype=False)
    assert pq.ParquetFile(out).metadata.num_row_groups == 4
    assert not parts.exists()


def test_without_resume_an_old_partial_run_is_discarded(tmp_path):
    out = tmp_path / "scores.parquet"
    with pytest.raises(KeyboardInterrupt):
        score(docs(), extractors=[WordCounts(fail_on="a3").fit()], chunk_size=2, out=out)
    fresh = WordCounts().fit()
    score(docs(), extractors=[fresh], chunk_size=2, out=out)
    assert fresh.seen_ == [d.id for d in docs()]


def test_resume_with_other_options_is_refused(tmp_path):
    out = tmp_path / "scores.parquet"
    with pytest.raises(KeyboardInterrupt):
        score(REPO / "sources", extractors=[WordCounts(fail_on="zzz").fit(), _Boom().fit()], chunk_size=1, out=out)
    with pytest.raises(FramingError, match="another source, selection, chunk size"):
        score(REPO / "sources", extractors=[WordCounts().fit(), _Boom(ok=True).fit()], chunk_size=2, out=out,
              resume=True)


def test_resume_of_a_run_by_another_version_is_refused(tmp_path):
    out = tmp_path / "scores.parquet"
    with pytest.raises(KeyboardInterrupt):
        score(docs(), extractors=[WordCounts(fail_on="a3").fit()], chunk_size=2, out=out)
    state = tmp_path / "scores.parquet.parts" / "state.json"
    state.write_text(state.read_text().replace('"version": 2', '"version": 1'))
    with pytest.raises(FramingError, match="another version of framing"):
        score(docs(), extractors=[WordCounts().fit()], chunk_size=2, out=out, resume=True)


class _Boom(Extractor):
    feature = "boom"

    def __init__(self, ok=False):
        self.ok = ok

    def _fit_resources(self):
        self.feature_names_ = ["boom:n"]

    def _extract(self, doc):
        if not self.ok and doc.outlet == "un":
            raise KeyboardInterrupt
        return {"boom:n": 1.0}, []


def test_damaged_part_is_scored_again(tmp_path):
    out = tmp_path / "scores.parquet"
    with pytest.raises(KeyboardInterrupt):
        score(docs(), extractors=[WordCounts(fail_on="a6").fit()], chunk_size=2, out=out)
    (tmp_path / "scores.parquet.parts" / "00000001.arrow").write_bytes(b"ARROW1 truncated")
    good = WordCounts().fit()
    score(docs(), extractors=[good], chunk_size=2, out=out, resume=True)
    assert good.seen_ == ["a2", "a3", "a6"]
    pd.testing.assert_frame_equal(pd.read_parquet(out), expected_frame(), check_dtype=False)


def _table(tmp_path, kind, rows):
    df = pd.DataFrame(rows)
    if kind == "parquet":
        p = tmp_path / "c.parquet"
        df.to_parquet(p)
    else:
        p = tmp_path / "c.jsonl"
        p.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return p


@pytest.mark.parametrize("kind", ["parquet", "jsonl"])
def test_tabular_files_stream_in_file_order(tmp_path, kind):
    rows = [{"id": d.id, "outlet": d.outlet, "event": d.event, "text": d.text} for d in docs()][::-1]
    p = _table(tmp_path, kind, rows)
    got = score(p, extractors=[WordCounts().fit()], chunk_size=2)
    want = expected_frame().iloc[::-1].reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    sel = score(p, extractors=[WordCounts().fit()], events=["e2"])
    assert sel["id"].tolist() == ["a6", "a5", "a4"]


@pytest.mark.parametrize("kind", ["parquet", "jsonl"])
@pytest.mark.parametrize("rows,field,message", [
    ([{"id": "a", "outlet": "o"}], "text", "text"),
    ([{"id": "a", "outlet": "o", "text": "x"}, {"id": "a", "outlet": "o", "text": "y"}], "id", "duplicate article id 'a'"),
    ([{"id": "a", "outlet": "o", "text": "   "}], "text", "row 1 .id 'a'. has no text"),
])
def test_bad_tabular_rows_name_file_and_field(tmp_path, kind, rows, field, message):
    p = _table(tmp_path, kind, rows)
    with pytest.raises(ValidationError, match=message) as info:
        score(p, extractors=[WordCounts().fit()])
    assert info.value.field == field and info.value.path == str(p)


def test_progress_bar_only_when_asked_or_on_a_terminal(capsys):
    score(docs(), extractors=[WordCounts().fit()])
    assert capsys.readouterr().err == ""  # stderr is not a terminal under pytest
    score(docs(), extractors=[WordCounts().fit()], progress=True)
    err = capsys.readouterr().err
    assert "7/7" in err and "scoring" in err


def test_duplicate_feature_names_are_refused():
    with pytest.raises(ValidationError, match="two extractors produce the feature 'words:chars'"):
        score(docs(), extractors=[WordCounts().fit(), WordCounts(words=("x",)).fit()])


def test_matrix_is_float64_and_ids_are_strings():
    from framing.score import score_chunk, _record

    chunk = score_chunk(0, [_record(d) for d in docs()[:2]], [WordCounts().fit()])
    assert chunk.matrix.dtype == np.float64 and chunk.ids == ["a0", "a1"]


# ----------------------------------------------------------------------------- workers that read

def _article_table(path, *, row_group_size, n=9, empty_text_at=None, duplicate_at=None):
    """A Parquet file of n articles cut from the shipped sources (titles, several events)."""
    from framing import load_corpus

    arts = list(load_corpus(REPO / "sources").articles())
    rows = []
    for i in range(n):
        a = arts[i % len(arts)]
        paras = [p for p in a.text.split("\n\n") if p.strip()]
        text = "\n\n".join(paras[i % 3:i % 3 + 4])
        rows.append({"id": f"a{i}", "outlet": a.outlet, "event": a.event if i % 4 else None,
                     "title": a.title, "text": "  " if i == empty_text_at else text})
    if duplicate_at is not None:
        rows[duplicate_at]["id"] = rows[0]["id"]
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=row_group_size)
    return path


def test_which_runs_let_the_workers_read(tmp_path):
    from framing.score import WORKERS_READ_MAX_GROUP_CHUNKS, _workers_read

    small = _article_table(tmp_path / "small.parquet", row_group_size=3)
    big = _article_table(tmp_path / "big.parquet", row_group_size=9)
    assert WORKERS_READ_MAX_GROUP_CHUNKS * 2 < 9
    assert _workers_read(small, "dask", None, None, None, 2) == small.resolve()
    assert _workers_read(big, "dask", None, None, None, 2) is None          # read whole for each chunk
    assert _workers_read(big, "dask", None, None, None, 3) == big.resolve()
    assert _workers_read(small, "local", None, None, None, 2) is None
    assert _workers_read(small, "dask", "tcp://10.0.0.5:8786", None, None, 2) is None  # files not shared
    assert _workers_read(small, "dask", None, {"e"}, None, 2) is None       # a selection
    assert _workers_read(small, "dask", None, None, {"o"}, 2) is None
    assert _workers_read(str(small), "dask", None, None, None, 2) == small.resolve()
    assert _workers_read(REPO / "sources", "dask", None, None, None, 2) is None


def test_read_rows_across_row_groups_gives_the_streamed_records(tmp_path):
    from framing.score import _read_rows

    path = _article_table(tmp_path / "a.parquet", row_group_size=3, n=8)
    streamed = [r for chunk in iter_chunks(path, chunk_size=100) for r in chunk]
    assert len(streamed) == 8
    for start, stop in ((0, 8), (2, 7), (3, 6), (5, 8), (7, 8), (4, 4)):
        assert _read_rows(path, start, stop) == streamed[start:stop]


@pytest.mark.slow
def test_dask_workers_read_the_file_and_resume_identically(tmp_path, monkeypatch):
    import framing.score as sc
    from framing.features.labels import LabelChoices
    from framing.features.quotes import Attribution

    ex = [LabelChoices().fit(), Attribution().fit()]
    path = _article_table(tmp_path / "a.parquet", row_group_size=3)
    serial = pd.read_parquet(score(path, extractors=ex, chunk_size=2, out=tmp_path / "serial.parquet"))

    def not_this_way(*a, **k):
        raise AssertionError("the records went through this process")

    monkeypatch.setattr(sc, "_run_dask", not_this_way)
    # an interrupted run: two chunks written, then stopped
    real_write, written = sc._write_part, []

    def stop_after_two(parts, chunk, names):
        if len(written) == 2:
            raise KeyboardInterrupt
        written.append(chunk.index)
        real_write(parts, chunk, names)

    out = tmp_path / "d.parquet"
    monkeypatch.setattr(sc, "_write_part", stop_after_two)
    with pytest.raises(KeyboardInterrupt):
        score(path, extractors=ex, chunk_size=2, out=out)
    monkeypatch.setattr(sc, "_write_part", real_write)
    assert sorted(p.name for p in (tmp_path / "d.parquet.parts").glob("*.arrow")) == \
        ["00000000.arrow", "00000001.arrow"]
    got = score(path, extractors=ex, chunk_size=2, out=out, engine="dask", jobs=2, resume=True)
    pd.testing.assert_frame_equal(pd.read_parquet(got), serial)
    assert len(serial) == 9 and serial["quote:attributions"].sum() > 0
    assert not (tmp_path / "d.parquet.parts").exists()


@pytest.mark.slow
def test_dask_workers_that_read_report_bad_rows(tmp_path):
    from framing.features.labels import LabelChoices

    ex = [LabelChoices().fit()]
    empty = _article_table(tmp_path / "empty.parquet", row_group_size=3, empty_text_at=4)
    with pytest.raises(ValidationError, match=r"empty\.parquet: field 'text': row 5 \(id 'a4'\) has no text"):
        score(empty, extractors=ex, chunk_size=2, out=tmp_path / "e.parquet", engine="dask", jobs=1)
    dup = _article_table(tmp_path / "dup.parquet", row_group_size=3, duplicate_at=7)
    with pytest.raises(ValidationError, match=r"dup\.parquet: field 'id': duplicate article id 'a0' \(row 8\)"):
        score(dup, extractors=ex, chunk_size=2, out=tmp_path / "d.parquet", engine="dask", jobs=1)
    assert not (tmp_path / "d.parquet").exists()
