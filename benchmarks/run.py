"""Benchmarks: the framing profile against the tools a user would otherwise run, in one run.

``make bench`` (``python -m benchmarks.run``) builds realistic corpora (see
:mod:`benchmarks.corpus`) at each size, runs every task in its own process
(:mod:`benchmarks.tasks`) and writes ``benchmarks/results/<stamp>-<commit>.json`` and ``.md``
(plus ``latest.json`` / ``latest.md``) with the machine, date and commit.

Measured per size: the full profile (every default extractor, streamed to Parquet), the
naming-choice extractor alone, vaderSentiment over every sentence, a regular-expression alternation
of the same lexicon terms, and a notebook-style NLTK tokenise-and-count pipeline: articles/s, MB/s,
peak RSS. At the largest size (or ``--parallel-size N``; ``make bench`` uses 100,000) also the
profile with one and two local processes and on a dask LocalCluster with one and two workers; the
one-process run there also gives the peak memory of a streamed run at that size. Then the ratios
the targets are stated in, start-up time of ``framing --help``, and a per-extractor time
breakdown with cProfile's top functions.

Options: ``--sizes 1000,10000`` (default), ``--parallel-size N`` (100000 for the speed-up and
memory checks at scale, which take about 8 minutes more), ``--quick`` (sizes 200,2000 and fewer start-up repeats), ``--no-dask``,
``--tasks profile,vader``, ``--no-real`` (skip the corpus of real articles, not recombined, on
which the profile, naming choices and vaderSentiment are also measured, each three times in fresh
processes: the median counts) and ``--out DIR``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks import corpus as bc

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results"
PEER_TASKS = ("profile", "labels", "vader", "regex", "nltk")

TARGETS = {
    "profile_vs_vader": ("full profile at least as fast as vaderSentiment alone (vader s / profile s)", 1.0, ">="),
    "labels_mb_s_per_core": ("naming choices alone, MB/s on one core", 25.0, ">="),
    "profile_scaling": ("time ratio for 10x the articles (largest / smallest, per factor 10)", 10.5, "<="),
    "profile_max_rss_mb": ("peak RSS of the streamed profile, MB (100k articles under 1 GB)", 1024.0, "<="),
    "dask_speedup_2_vs_1": ("dask: two workers vs one (speed-up)", 1.7, ">="),
    "startup_s": ("framing --help wall time, s (median)", 0.3, "<="),
}


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {"platform": platform.platform(), "python": platform.python_version(), "cpu": cpu,
            "cores": os.cpu_count(), "memory_gb": mem, "hostname": platform.node()}


def commit() -> dict:
    def git(*a):
        r = subprocess.run(["git", *a], cwd=REPO, capture_output=True, text=True)
        return r.stdout.strip() if r.returncode == 0 else None

    status = git("status", "--porcelain", "--untracked-files=no")
    return {"commit": git("rev-parse", "HEAD"), "dirty": bool(status)}


#: runs per task on the corpus of real articles
REAL_RUNS = 3


def _median_run(runs: list[dict]) -> dict:
    """The run with the median CPU time (all runs' CPU times kept as ``cpu_s_runs``); an error
    run if any failed."""
    bad = [r for r in runs if r.get("status") != "ok"]
    if bad:
        return bad[0]
    runs = sorted(runs, key=lambda r: r["cpu_s"])
    out = dict(runs[len(runs) // 2])
    out["cpu_s_runs"] = [r["cpu_s"] for r in runs]
    return out


def run_task(task: str, path: Path, *, jobs: int = 1, engine: str = "local", extra=(), timeout=None) -> dict:
    cmd = [sys.executable, "-m", "benchmarks.tasks", task, str(path), "--jobs", str(jobs), "--engine", engine,
           *extra]
    t0 = time.perf_counter()
    r = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=timeout)
    wall = time.perf_counter() - t0
    lines = [ln for ln in r.stdout.splitlines() if ln.startswith("{")]
    if r.returncode != 0 or not lines:
        err = (r.stderr.strip().splitlines() or ["(no output)"])[-1]
        return {"task": task, "jobs": jobs, "engine": engine, "status": "error", "error": err[:300],
                "process_wall_s": wall}
    res = json.loads(lines[-1])
    res["process_wall_s"] = wall
    return res


def startup(repeats: int) -> dict:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "framing", "--help"], cwd=REPO, capture_output=True, check=True)
        times.append(time.perf_counter() - t0)
    base = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], cwd=REPO, capture_output=True, check=True)
        base.append(time.perf_counter() - t0)
    return {"median_s": statistics.median(times), "min_s": min(times), "runs": repeats,
            "bare_python_median_s": statistics.median(base)}


def _burn(n: int) -> int:
    s = 0
    for i in range(n):
        s += i * i
    return s


def calibrate(work: int = 4_000_000, units: int = 8) -> dict:
    """The speed-up this machine gives two processes right now, on pure-Python work.

    Other work on a shared machine takes cores away; this says what a perfect 2-worker engine
    could reach in the same run, so the measured speed-ups can be read against it.
    """
    from concurrent.futures import ProcessPoolExecutor

    times = {}
    for j in (1, 2):
        t0 = time.perf_counter()
        with ProcessPoolExecutor(j) as pool:
            list(pool.map(_burn, [work] * units))
        times[j] = time.perf_counter() - t0
    return {"one_s": times[1], "two_s": times[2], "speedup": times[1] / times[2],
            "loadavg": os.getloadavg()[0]}


def _rates(res: dict, meta: dict) -> dict:
    if res.get("status") == "ok" and res.get("seconds"):
        res["articles_per_s"] = meta["articles"] / res["seconds"]
        res["mb_per_s"] = meta["bytes"] / 1e6 / res["seconds"]
        if res.get("cpu_s"):
            res["mb_per_cpu_s"] = meta["bytes"] / 1e6 / res["cpu_s"]
    return res


def _ok(res):
    return res is not None and res.get("status") == "ok" and res.get("seconds")


def _t(res, basis):
    """The time of a result on a basis: 'cpu' (CPU seconds) or 'wall'."""
    return res.get("cpu_s") if basis == "cpu" and res.get("cpu_s") else res["seconds"]


def derive(results: dict) -> dict:
    """The ratios the targets are stated in, from the measurements of this run.

    Single-process comparisons are given on CPU time (``basis: cpu``), which other work on a
    shared machine disturbs far less than wall time, and on wall time; speed-ups from more
    workers are on wall time.
    """
    sizes = sorted(int(s) for s in results["sizes"])
    by = results["sizes"]
    d: dict = {"per_size": {}}
    for s in sizes:
        r = by[str(s)]["tasks"]
        row = {}
        prof = r.get("profile")
        for basis in ("cpu", "wall"):
            for peer in ("labels", "vader", "regex", "nltk"):
                if _ok(prof) and _ok(r.get(peer)):
                    # > 1 means the full profile is faster than the peer
                    row[f"profile_vs_{peer}_{basis}"] = _t(r[peer], basis) / _t(prof, basis)
        if _ok(r.get("labels")):
            row["labels_mb_s_per_core_cpu"] = r["labels"].get("mb_per_cpu_s")
            if r["labels"].get("transform_cpu_s"):   # the extractor alone, input reading left out
                row["labels_transform_only_mb_s_cpu"] = (by[str(s)]["corpus"]["bytes"] / 1e6
                                                         / r["labels"]["transform_cpu_s"])
            row["labels_mb_s_wall"] = r["labels"]["mb_per_s"]
            if _ok(r.get("regex")):
                row["labels_vs_regex_cpu"] = _t(r["regex"], "cpu") / _t(r["labels"], "cpu")
        if _ok(prof):
            row["profile_max_rss_mb"] = prof["maxrss_mb"]
        d["per_size"][str(s)] = row
    if len(sizes) >= 2:
        lo, hi = sizes[0], sizes[-1]
        scale = {}
        for t in PEER_TASKS:
            a, b = by[str(lo)]["tasks"].get(t), by[str(hi)]["tasks"].get(t)
            if _ok(a) and _ok(b):
                entry = {"article_ratio": hi / lo}
                for basis in ("cpu", "wall"):
                    ratio = _t(b, basis) / _t(a, basis)
                    entry[f"time_ratio_{basis}"] = ratio
                    entry[f"per_10x_{basis}"] = ratio ** (1 / math.log10(hi / lo)) if hi > lo else None
                scale[t] = entry
        d["scaling"] = {"from": lo, "to": hi, "tasks": scale}
    real = results.get("real", {}).get("tasks", {})
    if real:
        row = {}
        if _ok(real.get("profile")) and _ok(real.get("vader")):
            row["profile_vs_vader_cpu"] = _t(real["vader"], "cpu") / _t(real["profile"], "cpu")
        if _ok(real.get("labels")):
            row["labels_mb_s_per_core_cpu"] = real["labels"].get("mb_per_cpu_s")
        d["real"] = row
    par = results.get("parallel", {})
    if _ok(par.get("local_1")) and _ok(par.get("local_2")):
        d["local_speedup_2_vs_1"] = par["local_1"]["seconds"] / par["local_2"]["seconds"]
    if _ok(par.get("dask_1")) and _ok(par.get("dask_2")):
        d["dask_speedup_2_vs_1"] = par["dask_1"]["seconds"] / par["dask_2"]["seconds"]
    rss = [(v.get("profile_max_rss_mb") or 0, int(s)) for s, v in d["per_size"].items()]
    if _ok(par.get("local_1")) and par["local_1"].get("maxrss_mb"):
        rss.append((par["local_1"]["maxrss_mb"], int(results.get("parallel_size") or 0)))
    peak = max(rss, default=(0, 0))
    # target checks, at the largest size measured
    hi = str(sizes[-1])
    row = d["per_size"].get(hi, {})
    values = {
        "profile_vs_vader": row.get("profile_vs_vader_cpu"),
        "labels_mb_s_per_core": row.get("labels_mb_s_per_core_cpu"),
        "profile_scaling": d.get("scaling", {}).get("tasks", {}).get("profile", {}).get("per_10x_cpu"),
        "profile_max_rss_mb": peak[0] or None,
        "dask_speedup_2_vs_1": d.get("dask_speedup_2_vs_1"),
        "startup_s": results.get("startup", {}).get("median_s"),
    }
    n_par = results.get("parallel_size")
    basis = {"profile_vs_vader": "CPU time", "labels_mb_s_per_core": "CPU time", "profile_scaling": "CPU time",
             "profile_max_rss_mb": f"peak RSS, {peak[1]:,} articles" if peak[0] else "peak RSS",
             "dask_speedup_2_vs_1": f"wall time, {n_par:,} articles" if n_par else "wall time",
             "startup_s": "wall time"}
    checks = {}
    for key, (what, goal, op) in TARGETS.items():
        v = values[key]
        met = None if v is None else (v >= goal if op == ">=" else v <= goal)
        checks[key] = {"what": what, "goal": f"{op} {goal}", "value": v, "basis": basis[key], "met": met}
    d["targets"] = checks
    return d


def _fmt(v, nd=2):
    if v is None:
        return "n/a"
    if isinstance(v, float):
        return f"{v:,.{nd}f}"
    return str(v)


def markdown(results: dict) -> str:
    m, c, d = results["machine"], results["commit"], results["derived"]
    out = [f"# framing benchmarks: {results['date']}", "",
           f"- commit `{c['commit']}`{' (uncommitted changes)' if c['dirty'] else ''}",
           f"- machine: {m['cpu']} ({m['cores']} cores, {m['memory_gb']} GB), {m['platform']}, Python {m['python']}",
           f"- command: `{results['command']}`; total {results['total_s']:.0f} s", "",
           "Corpora: real headlines and paragraphs (sources/, ../shared seed and coverage texts, FA-KES) recombined "
           "with a fixed seed; each task in its own process; time excludes imports and lexicon loading "
           "(`setup_s`). Peers: vaderSentiment `polarity_scores` on every sentence; one `re` alternation of "
           "the lexicon's surface forms; NLTK TreebankWordTokenizer + lower-case 1-3-gram counts (NLTK's "
           "`word_tokenize` needs punkt, which cannot be downloaded here, so both peers split sentences with "
           "NLTK's `PunktSentenceTokenizer` loaded with framing's shipped parameters).", "", "## Targets", "",
           "| target | goal | measured | on | met |", "|---|---|---|---|---|"]
    for key, t in d["targets"].items():
        met = {True: "yes", False: "**no**", None: "not measured"}[t["met"]]
        out.append(f"| {t['what']} | {t['goal']} | {_fmt(t['value'])} | {t.get('basis', '')} | {met} |")
    if d.get("real"):
        r = d["real"]
        n = results["real"]["corpus"]["articles"]
        out += ["", f"The targets are checked on the recombined corpora, whose paragraphs recur (a pool of "
                f"some 4,200 paragraphs), which favours anything cached per sentence or phrase. On {n:,} real "
                f"articles, none recombined (FA-KES, sources/, ../shared): full profile vs vaderSentiment "
                f"{_fmt(r.get('profile_vs_vader_cpu'))}, naming choices {_fmt(r.get('labels_mb_s_per_core_cpu'))} "
                f"MB/s on one core (CPU time)."]
    out += ["", "This machine is shared with other work (see the load column): wall times vary from run to "
            "run, CPU times much less, so single-process ratios are computed on CPU time (both are in the JSON).",
            "", "## Throughput", "",
            "| articles | task | extractors | wall s | CPU s | articles/s | MB/s (wall) | MB/CPU-s | peak RSS MB | load | status |",
            "|---|---|---|---|---|---|---|---|---|---|---|"]
    for s, block in sorted(results["sizes"].items(), key=lambda kv: int(kv[0])):
        for t, r in block["tasks"].items():
            ex = ", ".join(r.get("extractors", [])) if t == "profile" else ""
            load = f"{_fmt(r.get('loadavg_start'), 1)}-{_fmt(r.get('loadavg_end'), 1)}"
            out.append(f"| {int(s):,} | {t} | {ex} | {_fmt(r.get('seconds'))} | {_fmt(r.get('cpu_s'))} | "
                       f"{_fmt(r.get('articles_per_s'), 1)} | {_fmt(r.get('mb_per_s'))} | {_fmt(r.get('mb_per_cpu_s'))} | "
                       f"{_fmt(r.get('maxrss_mb'), 0)} | {load} | "
                       f"{r.get('status')}{': ' + r['error'] if r.get('error') else ''} |")
    for t, r in results.get("real", {}).get("tasks", {}).items():
        ex = ", ".join(r.get("extractors", [])) if t == "profile" else ""
        load = f"{_fmt(r.get('loadavg_start'), 1)}-{_fmt(r.get('loadavg_end'), 1)}"
        out.append(f"| {results['real']['corpus']['articles']:,} real | {t} | {ex} | {_fmt(r.get('seconds'))} | "
                   f"{_fmt(r.get('cpu_s'))} | {_fmt(r.get('articles_per_s'), 1)} | {_fmt(r.get('mb_per_s'))} | "
                   f"{_fmt(r.get('mb_per_cpu_s'))} | {_fmt(r.get('maxrss_mb'), 0)} | {load} | {r.get('status')} |")
    par = results.get("parallel", {})
    if par:
        out += ["", f"## Parallel ({_fmt(results.get('parallel_size'))} articles, full profile)", "",
                "| engine | workers | wall s | CPU s | articles/s | peak RSS MB (parent / largest child) | status |",
                "|---|---|---|---|---|---|---|"]
        for k, r in par.items():
            out.append(f"| {r.get('engine')} | {r.get('jobs')} | {_fmt(r.get('seconds'))} | {_fmt(r.get('cpu_s'))} | "
                       f"{_fmt(r.get('articles_per_s'), 1)} | {_fmt(r.get('maxrss_mb'), 0)} / "
                       f"{_fmt(r.get('children_maxrss_mb'), 0)} | {r.get('status')} |")
        out.append("")
        out.append(f"Speed-up with 2 local processes: {_fmt(d.get('local_speedup_2_vs_1'))}x; "
                   f"dask, 2 workers vs 1: {_fmt(d.get('dask_speedup_2_vs_1'))}x.")
        cal = [results.get(k) for k in ("calibration_before", "calibration_after") if results.get(k)]
        if cal:
            out.append("")
            out.append("What the machine allowed: two processes of pure-Python work ran "
                       + " and ".join(f"{c['speedup']:.2f}x (load {c['loadavg']:.1f})" for c in cal)
                       + " faster than one, before and after these runs (2.0x on an idle 2-core machine); "
                       "the dask time includes starting the LocalCluster.")
    out += ["", "## Ratios per size (profile_vs_X > 1: the profile is faster than X)", ""]
    for s, row in d["per_size"].items():
        out.append(f"- {int(s):,} articles: " + ", ".join(f"{k} {_fmt(v)}" for k, v in row.items()))
    if "scaling" in d:
        sc = d["scaling"]
        out += ["", f"## Scaling {sc['from']:,} -> {sc['to']:,} articles", ""]
        for t, v in sc["tasks"].items():
            out.append(f"- {t}: CPU time x{v['time_ratio_cpu']:.2f}, wall x{v['time_ratio_wall']:.2f} "
                       f"for articles x{v['article_ratio']:.0f}")
    st = results.get("startup")
    if st:
        out += ["", "## Start-up", "",
                f"`framing --help`: median {st['median_s']:.3f} s over {st['runs']} runs "
                f"(bare `python -c pass`: {st['bare_python_median_s']:.3f} s)."]
    bd = results.get("breakdown")
    if bd and bd.get("status") == "ok":
        out += ["", f"## Where the time goes ({bd['articles_profiled']} articles, one process)", "",
                "| step | s | share |", "|---|---|---|"]
        total = bd["sentence_split_s"] + sum(bd["extractor_s"].values())
        rows = [("sentence splitting (Doc.sentences)", bd["sentence_split_s"]), *bd["extractor_s"].items()]
        for name, v in sorted(rows, key=lambda kv: -kv[1]):
            out.append(f"| {name} | {v:.2f} | {100 * v / total:.0f}% |")
        if bd.get("missing_extractors"):
            out.append("")
            out.append("Not yet available: " + "; ".join(bd["missing_extractors"]))
        out += ["", "cProfile, top functions by own time:", "", "```", *bd["cprofile_top_tottime"], "```"]
    return "\n".join(out) + "\n"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", help="comma-separated corpus sizes (default: 1000,10000)")
    p.add_argument("--quick", action="store_true", help="sizes 200,2000; fewer repeats")
    p.add_argument("--tasks", default=",".join(PEER_TASKS), help=f"tasks per size (default: {','.join(PEER_TASKS)})")
    p.add_argument("--no-dask", action="store_true", help="skip the dask runs")
    p.add_argument("--no-parallel", action="store_true", help="skip the --jobs and dask runs")
    p.add_argument("--parallel-size", type=int, metavar="N",
                   help="corpus size of the --jobs and dask runs (default: the largest of --sizes)")
    p.add_argument("--no-real", action="store_true", help="skip the corpus of real, not recombined articles")
    p.add_argument("--breakdown", type=int, default=1000, metavar="N",
                   help="articles for the per-extractor breakdown (0: skip; default 1000)")
    p.add_argument("--out", type=Path, default=RESULTS, help="results directory (default: benchmarks/results)")
    p.add_argument("--cache", type=Path, default=bc.CACHE, help="where generated corpora are kept")
    args = p.parse_args(argv)
    sizes = [int(x) for x in (args.sizes or ("200,2000" if args.quick else "1000,10000")).split(",") if x.strip()]
    tasks = [t for t in args.tasks.split(",") if t]
    unknown = sorted(set(tasks) - set(PEER_TASKS))
    if unknown or not sizes or min(sizes) < 1:
        p.error(f"unknown task {unknown[0]!r}" if unknown else "sizes must be integers >= 1")
    if args.parallel_size is not None and args.parallel_size < 1:
        p.error("--parallel-size must be an integer >= 1")
    t_start = time.perf_counter()
    results = {"date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "machine": machine(),
               "commit": commit(), "command": " ".join(["python -m benchmarks.run", *(argv or sys.argv[1:])]),
               "sizes": {}}
    log = lambda *a: print(*a, file=sys.stderr, flush=True)  # noqa: E731
    results["startup"] = startup(3 if args.quick else 7)
    log(f"start-up: {results['startup']['median_s']:.3f} s")
    for n in sizes:
        path = bc.build(n, cache=args.cache)
        meta = bc.describe(path)
        block = {"corpus": {k: meta[k] for k in ("articles", "bytes", "seed", "version", "pool_paragraphs",
                                                  "pool_sources")}, "tasks": {}}
        for t in tasks:
            r = _rates(run_task(t, path), meta)
            block["tasks"][t] = r
            log(f"{n:>8} {t:<8} {r.get('status'):<11} {_fmt(r.get('seconds'))} s  "
                f"{_fmt(r.get('mb_per_s'))} MB/s  {_fmt(r.get('maxrss_mb'), 0)} MB")
        results["sizes"][str(n)] = block
    if not args.no_real:
        # real articles, none recombined: no repeated paragraphs for per-sentence caches to meet
        path = bc.build_real(cache=args.cache)
        meta = bc.describe(path)
        block = {"corpus": {k: meta.get(k) for k in ("articles", "bytes", "pool_sources")}, "tasks": {}}
        for t in [t for t in ("profile", "labels", "vader") if t in tasks]:
            # a small corpus (tenths of a second per task): the median of REAL_RUNS fresh
            # processes, each with cold caches
            r = _median_run([_rates(run_task(t, path), meta) for _ in range(REAL_RUNS)])
            block["tasks"][t] = r
            log(f"{'real':>8} {t:<8} {r.get('status'):<11} {_fmt(r.get('seconds'))} s  "
                f"{_fmt(r.get('mb_per_s'))} MB/s  {_fmt(r.get('maxrss_mb'), 0)} MB")
        results["real"] = block
    big = args.parallel_size or max(sizes)
    path = bc.build(big, cache=args.cache)
    meta = bc.describe(path)
    if not args.no_parallel:
        par = {}
        prof = results["sizes"].get(str(big), {}).get("tasks", {}).get("profile")
        results["calibration_before"] = calibrate()
        par["local_1"] = prof if prof else _rates(run_task("profile", path), meta)
        par["local_2"] = _rates(run_task("profile", path, jobs=2), meta)
        if not args.no_dask:
            par["dask_1"] = _rates(run_task("profile", path, jobs=1, engine="dask"), meta)
            par["dask_2"] = _rates(run_task("profile", path, jobs=2, engine="dask"), meta)
        results["calibration_after"] = calibrate()
        for k, r in par.items():
            log(f"{big:>8} {k:<8} {r.get('status'):<11} {_fmt(r.get('seconds'))} s")
        results["parallel"] = par
        results["parallel_size"] = big
    if args.breakdown:
        small = bc.build(min(sizes), cache=args.cache)
        results["breakdown"] = run_task("breakdown", small, extra=("--limit", str(args.breakdown)))
    results["total_s"] = time.perf_counter() - t_start
    results["derived"] = derive(results)
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    sha = (results["commit"]["commit"] or "nocommit")[:7]
    md = markdown(results)
    for name in (f"{stamp}-{sha}", "latest"):
        (args.out / f"{name}.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
        (args.out / f"{name}.md").write_text(md, encoding="utf-8")
    log(f"wrote {args.out / (stamp + '-' + sha)}.json and .md")
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
