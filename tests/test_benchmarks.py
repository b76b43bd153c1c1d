"""A tiny smoke run of the benchmark harness: the result files have their structure (not speed)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import FAKES


@pytest.fixture(scope="module")
def smoke(tmp_path_factory, shared_dir):
    if not FAKES.is_file():
        pytest.skip("FA-KES not available")
    from benchmarks import run

    out = tmp_path_factory.mktemp("bench")
    rc = run.main(["--sizes", "20,40", "--breakdown", "10", "--no-dask", "--tasks", "profile,vader,regex,nltk,labels",
                   "--out", str(out), "--cache", str(out / "cache")])
    assert rc == 0
    return out


@pytest.mark.slow
def test_result_files_are_written(smoke):
    names = sorted(p.name for p in smoke.iterdir() if p.is_file())
    assert "latest.json" in names and "latest.md" in names
    stamped = [n for n in names if n.endswith(".json") and n != "latest.json"]
    assert len(stamped) == 1 and (smoke / stamped[0].replace(".json", ".md")).is_file()


@pytest.mark.slow
def test_result_structure(smoke):
    res = json.loads((smoke / "latest.json").read_text())
    assert set(res) >= {"date", "machine", "commit", "sizes", "startup", "parallel", "breakdown", "derived"}
    assert res["machine"]["cores"] >= 1 and res["commit"]["commit"]
    assert set(res["sizes"]) == {"20", "40"}
    for size, block in res["sizes"].items():
        assert block["corpus"]["articles"] == int(size) and block["corpus"]["bytes"] > 1000
        assert set(block["tasks"]) == {"profile", "vader", "regex", "nltk", "labels"}
        for name in ("profile", "vader", "regex", "nltk"):
            r = block["tasks"][name]
            assert r["status"] == "ok", r
            assert r["seconds"] > 0 and r["articles_per_s"] > 0 and r["mb_per_s"] > 0 and r["maxrss_mb"] > 10
        assert block["tasks"]["profile"]["rows"] == int(size)
    assert set(res["parallel"]) == {"local_1", "local_2"}
    assert res["parallel"]["local_2"]["status"] == "ok" and res["parallel"]["local_2"]["rows"] == 40
    assert res["startup"]["median_s"] > 0
    assert res["calibration_before"]["speedup"] > 0 and res["calibration_after"]["two_s"] > 0
    d = res["derived"]
    assert set(d["targets"]) == {"profile_vs_vader", "labels_mb_s_per_core", "profile_scaling",
                                 "profile_max_rss_mb", "dask_speedup_2_vs_1", "startup_s"}
    assert d["targets"]["dask_speedup_2_vs_1"]["met"] is None  # not measured with --no-dask
    assert d["targets"]["profile_vs_vader"]["value"] > 0
    assert d["scaling"]["tasks"]["profile"]["article_ratio"] == 2
    assert d["targets"]["profile_vs_vader"]["basis"] == "CPU time"
    # the real articles, not recombined, are measured too
    assert res["real"]["corpus"]["articles"] > 100
    assert {t: r["status"] for t, r in res["real"]["tasks"].items()} == {"profile": "ok", "labels": "ok", "vader": "ok"}
    assert d["real"]["profile_vs_vader_cpu"] > 0 and d["real"]["labels_mb_s_per_core_cpu"] > 0
    for r in res["real"]["tasks"].values():     # three fresh runs each; the median counts
        assert len(r["cpu_s_runs"]) == 3 and r["cpu_s"] == sorted(r["cpu_s_runs"])[1]


def test_median_run_of_the_real_corpus_tasks():
    from benchmarks.run import _median_run

    runs = [{"status": "ok", "cpu_s": c, "n": i} for i, c in enumerate((0.3, 0.1, 0.2))]
    got = _median_run(runs)
    assert got["n"] == 2 and got["cpu_s"] == 0.2 and got["cpu_s_runs"] == [0.1, 0.2, 0.3]
    bad = {"status": "error", "error": "boom"}
    assert _median_run(runs[:2] + [bad]) == bad


@pytest.mark.slow
def test_markdown_report(smoke):
    md = (smoke / "latest.md").read_text()
    for heading in ("# framing benchmarks", "## Targets", "## Throughput", "## Parallel", "## Start-up",
                    "## Where the time goes"):
        assert heading in md
    assert "| 40 | vader |" in md


def test_corpus_is_reproducible_and_real(tmp_path, shared_dir):
    if not FAKES.is_file():
        pytest.skip("FA-KES not available")
    import pyarrow.parquet as pq

    from benchmarks.corpus import build, describe

    a = pq.read_table(build(15, cache=tmp_path / "a")).to_pylist()
    b = pq.read_table(build(15, cache=tmp_path / "b")).to_pylist()
    assert a == b and len(a) == 15
    assert describe(build(15, cache=tmp_path / "a"))["pool_sources"]["fa-kes"] > 1000
    assert all(r["text"].startswith(r["title"]) and r["text"].count("\n\n") >= 4 for r in a)


def _res(seconds, cpu, **kw):
    return {"status": "ok", "seconds": seconds, "cpu_s": cpu, **kw}


def test_derive_ratios_from_hand_written_results():
    from benchmarks.run import derive, markdown

    results = {
        "date": "2026-01-01T00:00:00+00:00", "command": "x", "total_s": 1.0,
        "machine": {"cpu": "c", "cores": 2, "memory_gb": 1, "platform": "p", "python": "3.11"},
        "commit": {"commit": "abc", "dirty": False},
        "startup": {"median_s": 0.1, "runs": 3, "bare_python_median_s": 0.02},
        "sizes": {
            "100": {"tasks": {"profile": _res(2.0, 1.0, maxrss_mb=300.0), "vader": _res(3.0, 2.0),
                              "labels": _res(1.0, 0.5, mb_per_cpu_s=30.0, mb_per_s=15.0)}},
            "1000": {"tasks": {"profile": _res(30.0, 10.5, maxrss_mb=320.0), "vader": _res(30.0, 21.0),
                               "labels": _res(5.0, 5.0, mb_per_cpu_s=20.0, mb_per_s=20.0)}},
        },
        "parallel": {"dask_1": _res(10.0, 10.0, engine="dask", jobs=1), "dask_2": _res(6.0, 12.0, engine="dask", jobs=2)},
        "parallel_size": 1000,
    }
    d = derive(results)
    t = d["targets"]
    assert t["profile_vs_vader"]["value"] == pytest.approx(2.0) and t["profile_vs_vader"]["met"] is True
    assert t["labels_mb_s_per_core"]["value"] == 20.0 and t["labels_mb_s_per_core"]["met"] is False
    assert t["profile_scaling"]["value"] == pytest.approx(10.5) and t["profile_scaling"]["met"] is True
    assert d["scaling"]["tasks"]["profile"]["time_ratio_wall"] == pytest.approx(15.0)
    assert t["profile_max_rss_mb"]["value"] == 320.0 and t["profile_max_rss_mb"]["met"] is True
    assert t["dask_speedup_2_vs_1"]["value"] == pytest.approx(10 / 6) and t["dask_speedup_2_vs_1"]["met"] is False
    assert t["startup_s"]["met"] is True
    assert t["dask_speedup_2_vs_1"]["basis"] == "wall time, 1,000 articles"
    assert t["profile_max_rss_mb"]["basis"] == "peak RSS, 1,000 articles"
    # the parallel runs at a larger size: their one-process run gives the memory at that size
    results["parallel"]["local_1"] = _res(300.0, 290.0, maxrss_mb=900.0)
    results["parallel_size"] = 100_000
    t = derive(results)["targets"]
    assert t["profile_max_rss_mb"]["value"] == 900.0 and t["profile_max_rss_mb"]["basis"] == "peak RSS, 100,000 articles"
    assert t["dask_speedup_2_vs_1"]["basis"] == "wall time, 100,000 articles"
    results["parallel"]["local_1"]["maxrss_mb"] = 1100.0
    assert derive(results)["targets"]["profile_max_rss_mb"]["met"] is False
    results["parallel"].pop("local_1")
    results["parallel_size"] = 1000
    results["derived"] = d
    md = markdown(results)
    assert "| naming choices alone, MB/s on one core | >= 25.0 | 20.00 | CPU time | **no** |" in md
