"""One benchmark task, run in its own process: ``python -m benchmarks.tasks TASK CORPUS [options]``.

Prints one JSON line: ``setup_s`` (imports, fitting, loading the speaker map of each event),
``seconds`` (wall time of the streamed run over the whole corpus), ``cpu_s`` (its CPU time,
workers included), ``loadavg_start`` / ``loadavg_end`` (the machine's 1-minute load: other work
on it slows the wall time), ``maxrss_mb`` (peak resident memory of this process,
``resource.getrusage``) and
``children_maxrss_mb`` (the largest finished child process: the ``--jobs`` workers, or the
processes of a dask LocalCluster, which are this process's children too).

Tasks
-----
profile   framing.score.score over the file: every default extractor, Parquet written
labels    framing.features.labels.LabelChoices alone (transform, batch by batch; ``transform_cpu_s``
          is the CPU time of the transform calls alone, without reading the input)
vader     vaderSentiment's SentimentIntensityAnalyzer.polarity_scores on every sentence (NLTK's
          PunktSentenceTokenizer with framing's shipped parameters splits the text)
regex     one regular-expression alternation of the same lexicon terms, counted per article
nltk      a notebook-style NLTK pipeline: sentences, TreebankWordTokenizer, lower-casing, counts
          of the lexicon's 1-3-grams (NLTK's ``word_tokenize`` needs the punkt model, which cannot
          be downloaded here, so NLTK's PunktSentenceTokenizer gets framing's shipped parameters,
          as a user offline would do)
breakdown time per extractor and for sentence splitting, plus cProfile's top functions
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path


def _rss_mb(who=resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024.0  # Linux: kilobytes


def _cpu() -> float:
    """CPU seconds (user + system) of this process and its finished children."""
    a, b = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return a.ru_utime + a.ru_stime + b.ru_utime + b.ru_stime


class Clock:
    """Wall and CPU time of the measured region (CPU time is less disturbed by a busy machine)."""

    def __init__(self):
        self.t0, self.c0 = time.perf_counter(), _cpu()

    def done(self, **more) -> dict:
        return {"seconds": time.perf_counter() - self.t0, "cpu_s": _cpu() - self.c0, **more}


def lexicon_terms() -> list[str]:
    """The surface forms LabelChoices matches (terms with their variants), for the regex peers."""
    from framing import lexicon as lx

    lex = lx.load_lexicon()
    terms = set()
    for ref in lex.referents:
        for lab in lex.labels(ref):
            for t in lab.terms:
                variants = getattr(lx, "_variants", None)
                terms |= set(variants(t, lab.plural)) if variants else {t.lower()}
    return sorted(terms)


def nltk_punkt():
    """NLTK's own Punkt sentence tokenizer with framing's shipped parameters: what a notebook
    uses offline in place of ``nltk.sent_tokenize`` (whose punkt model cannot be downloaded
    here). The peers split with it, not with :mod:`framing.text`, so framing's own speed-ups
    to sentence splitting are not lent to them."""
    import json
    from importlib import resources

    from nltk.tokenize.punkt import PunktSentenceTokenizer

    from framing.text import PUNKT_JSON, _params_from_dict

    data = json.loads(resources.files("framing").joinpath(PUNKT_JSON).read_text("utf-8"))
    return PunktSentenceTokenizer(_params_from_dict(data))


def _available_default_extractors():
    """The default extractors that exist today; the names of those that do not."""
    import importlib

    from framing.pipeline import DEFAULT_EXTRACTORS

    got, missing = [], []
    for mod, cls in DEFAULT_EXTRACTORS:
        try:
            got.append(getattr(importlib.import_module(mod), cls)().fit())
        except (ImportError, AttributeError) as exc:
            missing.append(f"{cls} ({type(exc).__name__}: {exc})")
    return got, missing


def task_profile(corpus: Path, opts) -> dict:
    import tempfile

    from framing.score import score

    extractors, missing = _available_default_extractors()
    if opts.only:
        keep = set(opts.only.split(","))
        extractors = [e for e in extractors if type(e).__name__ in keep]
    # what score() imports on first use is set-up, as the peers' imports are
    import pandas  # noqa: F401
    import pyarrow.parquet  # noqa: F401
    import tqdm  # noqa: F401

    from framing import pipeline  # noqa: F401
    from framing.text import _punkt

    _punkt()    # NLTK and the shipped Punkt parameters, loaded as the peers' tokenizer is
    # the speaker map of each event in the corpus (loaded once per event and process, like the
    # lexicons; the extractors would otherwise load them at their first article of the event)
    events = set(pyarrow.parquet.read_table(corpus, columns=["event"]).column(0).to_pylist())
    for ex in extractors:
        for ev in events | {None}:
            if hasattr(ex, "speaker_groups"):
                ex.speaker_groups(ev or None)
    clock = Clock()
    with tempfile.TemporaryDirectory() as tmp:
        out = score(corpus, extractors=extractors, out=Path(tmp) / "scores.parquet", jobs=opts.jobs,
                    engine=opts.engine, chunk_size=opts.chunk_size, progress=False)
        import pyarrow.parquet as pq

        md = pq.ParquetFile(out).metadata
        rows, cols = md.num_rows, md.num_columns
        res = clock.done(rows=rows, columns=cols, extractors=[type(e).__name__ for e in extractors],
                         missing_extractors=missing)
    return res


def task_labels(corpus: Path, opts) -> dict:
    from benchmarks.corpus import texts
    from framing.features.labels import LabelChoices

    ex = LabelChoices().fit()
    clock = Clock()
    total = 0.0
    transform_cpu = 0.0     # the extractor alone, without reading the Parquet input
    for batch in texts(corpus):
        c0 = _cpu()
        total += float(ex.transform(batch).sum())
        transform_cpu += _cpu() - c0
    return clock.done(checksum=total, transform_cpu_s=transform_cpu)


def task_vader(corpus: Path, opts) -> dict:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from benchmarks.corpus import texts

    sia = SentimentIntensityAnalyzer()
    punkt = nltk_punkt()
    clock = Clock()
    n, total = 0, 0.0
    for batch in texts(corpus):
        for text in batch:
            for s in punkt.tokenize(text):
                total += sia.polarity_scores(s)["compound"]
                n += 1
    return clock.done(sentences=n, checksum=total)


def task_regex(corpus: Path, opts) -> dict:
    import re
    from collections import Counter

    from benchmarks.corpus import texts

    terms = lexicon_terms()
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)) + r")\b",
                         re.IGNORECASE)
    clock = Clock()
    hits = 0
    for batch in texts(corpus):
        for text in batch:
            counts = Counter(m.lower() for m in pattern.findall(text))
            hits += sum(counts.values())
    return clock.done(terms=len(terms), hits=hits)


def task_nltk(corpus: Path, opts) -> dict:
    from collections import Counter

    from nltk.tokenize import TreebankWordTokenizer
    from nltk.util import ngrams

    from benchmarks.corpus import texts

    tok = TreebankWordTokenizer()
    punkt = nltk_punkt()
    terms = set(lexicon_terms())
    clock = Clock()
    hits = 0
    for batch in texts(corpus):
        for text in batch:
            counts = Counter()
            for s in punkt.tokenize(text):
                words = [w.lower() for w in tok.tokenize(s)]
                for k in (1, 2, 3):
                    for g in ngrams(words, k):
                        t = " ".join(g)
                        if t in terms:
                            counts[t] += 1
            hits += sum(counts.values())
    return clock.done(terms=len(terms), hits=hits)


def task_breakdown(corpus: Path, opts) -> dict:
    """Seconds per extractor on a shared Doc, scores only (``_features``, as the profile task's
    ``framing.score`` runs it), and for sentence splitting."""
    import cProfile
    import io
    import pstats

    from benchmarks.corpus import texts
    from framing.text import Doc

    from framing.text import _punkt

    extractors, missing = _available_default_extractors()
    _punkt()    # loading NLTK and the Punkt parameters is set-up, not sentence splitting
    per = {type(e).__name__: 0.0 for e in extractors}
    split = 0.0
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    n = 0
    for batch in texts(corpus):
        for text in batch:
            n += 1
            if n > opts.limit:
                break
            doc = Doc(text)
            s = time.perf_counter()
            doc.sentences
            split += time.perf_counter() - s
            for ex in extractors:
                s = time.perf_counter()
                ex._features(doc)
                per[type(ex).__name__] += time.perf_counter() - s
    seconds = time.perf_counter() - t0
    # a second, profiled pass over fewer articles for the function-level picture
    m = 0
    prof.enable()
    for batch in texts(corpus):
        for text in batch:
            m += 1
            if m > min(opts.limit, 300):
                break
            doc = Doc(text)
            for ex in extractors:
                ex._features(doc)
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(15)
    top = [ln for ln in buf.getvalue().splitlines() if ln.strip()][-16:]
    return {"seconds": seconds, "articles_profiled": min(n, opts.limit), "sentence_split_s": split,
            "extractor_s": per, "missing_extractors": missing, "cprofile_top_tottime": top}


TASKS = {"profile": task_profile, "labels": task_labels, "vader": task_vader, "regex": task_regex,
         "nltk": task_nltk, "breakdown": task_breakdown}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.tasks")
    p.add_argument("task", choices=sorted(TASKS))
    p.add_argument("corpus", type=Path)
    p.add_argument("--jobs", type=int, default=1)
    p.add_argument("--engine", default="local", choices=("local", "dask"))
    p.add_argument("--chunk-size", type=int, default=250)
    p.add_argument("--limit", type=int, default=1000, help="articles for 'breakdown'")
    p.add_argument("--only", help="profile: only these extractor classes (comma-separated)")
    opts = p.parse_args(argv)
    t0 = time.perf_counter()
    load0 = os.getloadavg()[0]
    fn = TASKS[opts.task]
    try:
        res = fn(opts.corpus, opts)
        res["status"] = "ok"
    except ModuleNotFoundError as exc:
        res = {"status": "unavailable", "error": f"{type(exc).__name__}: {exc}"}
    wall = time.perf_counter() - t0
    res.update(loadavg_start=load0, loadavg_end=os.getloadavg()[0], task=opts.task, jobs=opts.jobs, engine=opts.engine, wall_s=wall,
               setup_s=wall - res.get("seconds", 0.0), maxrss_mb=_rss_mb(),
               children_maxrss_mb=_rss_mb(resource.RUSAGE_CHILDREN))
    print(json.dumps(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
