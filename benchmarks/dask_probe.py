"""Where a dask run's time goes: ``python -m benchmarks.dask_probe MODE WORKERS CORPUS``.

A probe for whoever works on the dask engine next, not part of ``make bench``. It runs the
default extractors on a ``LocalCluster`` with WORKERS single-threaded workers and prints one JSON
line. Two modes:

``client``
    what ``framing score --engine dask`` does (:func:`framing.score._run_dask`): this process
    reads the corpus, scatters each chunk's records to a worker, and gets the scores back. It
    reports the tasks' own CPU time (``time.thread_time`` in the task) next to their wall time,
    this process's CPU time, and the CPU time of the cluster's processes. Part files are not
    written, so it isolates dask from framing's output.
``workers``
    each task reads its own 250 rows from the Parquet file and writes its own Arrow part, and
    this process only schedules: what ``framing score`` now does for a LocalCluster over a whole
    Parquet file (:func:`framing.score._score_on_workers`), whose task this mode times. (The
    numbers below for this mode come from its first form, written before framing had the task.)

Measured
on 2026-11-27 on the 2-core machine of ``benchmarks/results``:

- ``client``, 10,000 articles: 16.4 s with one worker, 10.2 s with two (1.61x); tasks' CPU time
  14.5 s against 15.2 s, their wall time 14.6 s against 16.5 s; this process 1.0 s of CPU.
- ``client``, 100,000 articles (an earlier form of this script, which read the whole corpus
  before the first task): 149.0 s against 89.2 s (1.67x); 143.6 s against 83.5 s (1.72x) from
  the first task on; tasks' CPU time 138.4 s against 148.8 s (+7.5%), wall 139.2 s against 160.0 s.
- ``workers``, 10,000 articles: 16.8 s against 10.2 s (1.65x); this process 0.4 s of CPU.
- ``workers``, 100,000 articles (the earlier form): 140.5 s against 79.1 s (1.78x).

``framing score`` itself, before it let the workers read (parts written, then assembled, by the
process that runs it), measured 1.51x at 10,000 articles and 1.61x at 100,000; after, 1.55x and
1.78x (``benchmarks/README.md``).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROWS_PER_TASK = 250


def _cpu(who) -> float:
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def _timed(index, records, bundle):
    """Score one chunk; return its row count, CPU time and wall time in the task's thread."""
    import framing.score as sc

    c0, w0 = time.thread_time(), time.perf_counter()
    chunk = sc._score_bundle(index, records, bundle)
    return len(chunk.ids), time.thread_time() - c0, time.perf_counter() - w0


def _read_and_score(index, path, start, stop, bundle, parts, names):
    """The ``workers`` mode: framing's own task (:func:`framing.score._score_rows`), timed."""
    import framing.score as sc

    c0, w0 = time.thread_time(), time.perf_counter()
    n = sc._score_rows(index, path, start, stop, bundle, parts, names)
    return n, time.thread_time() - c0, time.perf_counter() - w0


def probe(mode: str, workers: int, corpus: Path) -> dict:
    import pyarrow.parquet as pq
    from dask.distributed import Client, LocalCluster, wait

    import framing.score as sc
    from benchmarks.tasks import _available_default_extractors

    extractors, _ = _available_default_extractors()
    names = [str(n) for e in extractors for n in e.get_feature_names_out()]
    n_rows = pq.ParquetFile(corpus).metadata.num_rows
    c0, t0 = _cpu(resource.RUSAGE_SELF), time.perf_counter()
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address=":0", silence_logs=40)
    client = Client(cluster)
    client.run(sc._import_all, sorted({type(e).__module__ for e in extractors}))
    bundle = client.scatter(sc._Bundle(extractors), broadcast=True, hash=False)
    started = time.perf_counter()
    results = []
    with tempfile.TemporaryDirectory() as parts:
        if mode == "workers":
            futures = [client.submit(_read_and_score, i, str(corpus.resolve()), a, min(a + ROWS_PER_TASK, n_rows),
                                     bundle, parts, names, pure=False)
                       for i, a in enumerate(range(0, n_rows, ROWS_PER_TASK))]
            wait(futures)
            results = [f.result() for f in futures]
        else:
            def submit(i, records):
                data = client.scatter(sc._Bundle(records), hash=False)
                return client.submit(_timed, i, data, bundle, pure=False)

            def wait_one(pending):
                res = wait(list(pending), return_when="FIRST_COMPLETED")
                return [f.result() for f in res.done], set(res.not_done)

            chunks = enumerate(sc.iter_chunks(str(corpus), chunk_size=ROWS_PER_TASK))
            results = list(sc._bounded(submit, chunks, 2 * workers, wait_one))
    done = time.perf_counter()
    client_cpu = _cpu(resource.RUSAGE_SELF) - c0
    client.close()
    cluster.close()
    return {"mode": mode, "workers": workers, "rows": sum(r[0] for r in results),
            "seconds": done - t0, "seconds_from_start_of_work": done - started,
            "task_cpu_s": sum(r[1] for r in results), "task_wall_s": sum(r[2] for r in results),
            "client_cpu_s": client_cpu, "cluster_cpu_s": _cpu(resource.RUSAGE_CHILDREN)}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.dask_probe")
    p.add_argument("mode", choices=("client", "workers"))
    p.add_argument("workers", type=int)
    p.add_argument("corpus", type=Path)
    opts = p.parse_args(argv)
    print(json.dumps(probe(opts.mode, opts.workers, opts.corpus)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
