"""Feature commands: ``evidence`` (one row per match) and ``score`` (one row per article).

Thin shells over :func:`framing.pipeline.profile_docs` and :func:`framing.score.score`. Output
streams chunk by chunk, so a large corpus never sits in memory; heavy libraries are imported
inside the commands so ``framing --help`` stays fast.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys

from . import add_sources_arg

__all__ = ["register", "cmd_evidence", "cmd_score", "FEATURES"]

#: feature name (the ``feature`` column of evidence, the prefix of feature columns) -> extractor
FEATURES = {
    "label": ("framing.features.labels", "LabelChoices"),
    "quote": ("framing.features.quotes", "Attribution"),
    "tone": ("framing.features.tone", "Tone"),
    "salience": ("framing.features.salience", "Salience"),
    "frame": ("framing.features.frames", "GenericFrames"),
    "policy_frame": ("framing.features.frames", "PolicyFrames"),
    "loaded": ("framing.features.loaded", "LoadedLanguage"),
}


def _pos_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer >= 1, got {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected an integer >= 1, got {value!r}")
    return n


def register(sub) -> None:
    """Add the ``evidence`` and ``score`` subcommands to the ``framing`` parser."""
    p = sub.add_parser(
        "evidence", help="list every match behind the numbers: one row per label, quote, cue",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "List the words behind every number, one row per match, with character offsets into the text.\n\n"
            "Example:\n  framing evidence --event astana-2017-05-04 --outlet presstv --feature label --format csv\n\n"
            "Columns: article_id, outlet, feature, referent, label, stance, start, end, text, speaker,\n"
            "side, verb, kind, segment, sentence, value. 'start' and 'end' are character offsets into\n"
            "the article text exactly as loaded, and 'text' is that slice."))
    p.add_argument("ids", nargs="*", metavar="ARTICLE_ID", help="only these articles (default: all selected)")
    p.add_argument("--event", action="append", help="only this event (repeatable)")
    p.add_argument("--outlet", action="append", help="only this outlet (repeatable)")
    p.add_argument("--feature", action="append", choices=sorted(FEATURES), metavar="NAME",
                   help=f"only this feature (repeatable): {', '.join(FEATURES)}")
    p.add_argument("--format", choices=("csv", "json"), default="csv", help="output format (default: csv)")
    p.add_argument("--chunk-size", type=_pos_int, default=200, metavar="N",
                   help="articles read and processed at a time (default: 200)")
    add_sources_arg(p)
    p.set_defaults(func=cmd_evidence)

    p = sub.add_parser(
        "score", help="score every article: one row per article, every feature column",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Score every selected article, one row per article with every feature column, streaming in chunks.\n\n"
            "Example:\n  framing score --event astana-2017-05-04 --format parquet -o scores.parquet --jobs 2\n\n"
            "Columns: id, outlet, event, then every extractor's features (label:..., quote:...,\n"
            "tone:..., salience:..., frame:..., policy_frame:..., loaded:...).\n"
            "With -o, finished chunks are kept next to the output (FILE.parts/) until the run ends;\n"
            "--resume continues an interrupted run. --jobs N uses N processes; --engine dask runs\n"
            "the same chunks on dask.distributed: a local cluster of N workers, or an existing one\n"
            "with --scheduler tcp://HOST:8786 (its workers need framing installed).\n"
            "A progress bar shows on stderr when it is a terminal."))
    p.add_argument("--event", action="append", help="only this event (repeatable)")
    p.add_argument("--outlet", action="append", help="only this outlet (repeatable)")
    p.add_argument("--feature", action="append", choices=sorted(FEATURES), metavar="NAME",
                   help="only this feature's columns (repeatable; default: all)")
    p.add_argument("--format", choices=("csv", "json", "parquet"),
                   help="output format (default: from the -o suffix, else csv)")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically) instead of stdout")
    p.add_argument("--jobs", type=_pos_int, default=1, metavar="N", help="worker processes (default: 1)")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local processes or dask.distributed (default: local)")
    p.add_argument("--scheduler", metavar="ADDR", help="address of a running dask scheduler (with --engine dask)")
    p.add_argument("--chunk-size", type=_pos_int, default=500, metavar="N",
                   help="articles per chunk: the unit of work and of resuming (default: 500)")
    p.add_argument("--resume", action="store_true", help="continue an interrupted run writing to -o FILE")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="show a progress bar (default: when stderr is a terminal)")
    add_sources_arg(p)
    p.set_defaults(func=cmd_score)


def _extractors(features):
    """Fitted extractors: the default profile, or only the named features (others not imported)."""
    import importlib

    if not features:
        from ..pipeline import default_extractors

        return default_extractors()
    out = []
    for name in dict.fromkeys(features):
        mod, cls = FEATURES[name]
        out.append(getattr(importlib.import_module(mod), cls)().fit())
    return out


def _evidence_tables(corpus, extractors, chunk_size):
    from ..features.base import EVIDENCE_COLUMNS, evidence_frame
    from ..pipeline import profile_docs
    from ..score import _docs, iter_chunks

    for recs in iter_chunks(corpus, chunk_size=chunk_size):
        _, _, rows = profile_docs(_docs(recs), extractors, evidence=True)
        df = evidence_frame(rows)
        yield df[EVIDENCE_COLUMNS]


def _plain(v):
    """A cell as JSON/CSV wants it: None for missing, ints as ints."""
    if v is None:
        return None
    try:
        import math

        if isinstance(v, float) and math.isnan(v):
            return None
    except TypeError:  # pragma: no cover
        pass
    if hasattr(v, "item"):  # numpy scalar
        v = v.item()
    return v


def cmd_evidence(args) -> int:
    from ..corpus import load_corpus
    from ..errors import ValidationError
    from ..features.base import EVIDENCE_COLUMNS

    corpus = load_corpus(args.sources, events=args.event, outlets=args.outlet)
    if args.ids:
        known = set(corpus.ids)
        missing = [i for i in args.ids if i not in known]
        if missing:
            raise ValidationError(f"unknown article id {missing[0]!r} in the selection", path=args.sources,
                                  field="ARTICLE_ID")
        corpus = corpus.filter(ids=args.ids)
    extractors = _extractors(args.feature)
    out = sys.stdout
    if args.format == "csv":
        w = csv.writer(out, lineterminator="\n")
        w.writerow(EVIDENCE_COLUMNS)
        for df in _evidence_tables(corpus, extractors, args.chunk_size):
            for row in df.itertuples(index=False):
                w.writerow(["" if _plain(v) is None else _plain(v) for v in row])
    else:
        out.write("[")
        first = True
        for df in _evidence_tables(corpus, extractors, args.chunk_size):
            for row in df.itertuples(index=False):
                rec = {c: _plain(v) for c, v in zip(EVIDENCE_COLUMNS, row)}
                out.write(("\n" if first else ",\n") + json.dumps(rec, ensure_ascii=False))
                first = False
        out.write("\n]\n" if not first else "]\n")
    return 0


def cmd_score(args) -> int:
    from pathlib import Path

    from ..errors import ValidationError
    from ..score import _SUFFIX_FORMATS, run_chunks, score, write_rows

    fmt = args.format
    if fmt is None:
        fmt = _SUFFIX_FORMATS.get(Path(args.output).suffix.lower(), "csv") if args.output else "csv"
    if args.output is None and fmt == "parquet":
        print("Error: --format parquet writes a binary file; give one with -o FILE", file=sys.stderr)
        return 2
    if args.resume and args.output is None:
        print("Error: --resume needs the output file of the interrupted run (-o FILE)", file=sys.stderr)
        return 2
    if args.scheduler and args.engine != "dask":
        print("Error: --scheduler needs --engine dask", file=sys.stderr)
        return 2
    extractors = _extractors(args.feature)
    common = dict(extractors=extractors, chunk_size=args.chunk_size, jobs=args.jobs, engine=args.engine,
                  scheduler=args.scheduler, events=args.event, outlets=args.outlet, progress=args.progress)
    if args.output:
        if Path(args.output).is_dir():
            raise ValidationError("is a directory; give a file name", path=args.output, field="-o")
        score(args.sources, out=args.output, format=fmt, resume=args.resume, **common)
        return 0
    names = [str(n) for ex in extractors for n in ex.get_feature_names_out()]
    tables = (c.to_arrow(names) for c in run_chunks(args.sources, **common))
    write_rows(sys.stdout, tables, fmt=fmt, names=names)
    return 0
