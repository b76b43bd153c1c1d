"""The ``compare`` command: compare the outlets (or outlet groups) covering one event, as tables.

A thin shell over :func:`framing.load_corpus` and :func:`framing.compare.compare`. Output tables
name the group column after what it holds: ``outlet`` (or the tag, e.g. ``camp``), and
``outlet_a``/``outlet_b`` in ``divergence``. Warnings (low counts, missing inputs) go to stderr
in table format and into the output in JSON.
"""

from __future__ import annotations

import argparse
import json
import sys

from . import add_sources_arg

__all__ = ["register", "cmd_compare", "TABLE_CHOICES", "rename_groups"]

#: --table value -> Comparison attribute
TABLE_CHOICES = {
    "labels": "labels", "stance": "stance", "voices": "voices", "verbs": "verbs", "tone": "tone",
    "frames": "frames", "salience": "salience", "distinctive": "distinctive", "omissions": "omissions",
    "divergence": "divergence", "tests": "label_tests",
}


def register(sub) -> None:
    """Add the ``compare`` subcommand to the ``framing`` parser."""
    p = sub.add_parser(
        "compare", help="compare how the outlets covering one event framed it, as tables",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Compare how the outlets covering EVENT framed it, in tables.\n\n"
            "Example:\n  framing compare astana-2017-05-04 --table labels --format table\n"
            "  framing compare astana-2017-05-04 --by camp --table tests --format csv > tests.csv\n\n"
            "Tables: label shares with intervals (labels), stance index (stance), exact and permutation\n"
            "tests with false-discovery-rate q-values (tests), Jensen-Shannon divergence (divergence),\n"
            "voice balance (voices), reporting-verb classes (verbs), tone, frames, salience, distinctive\n"
            "terms (log-odds with an informative Dirichlet prior) and omissions.\n\n"
            "With --by TAG, outlets are grouped by an outlet tag or registry field (camp, country,\n"
            "ownership) and the group column is named after it. --table all prints every table\n"
            "(in CSV, stacked with a 'table' column)."))
    p.add_argument("event", metavar="EVENT", help="event id (see events.yaml)")
    p.add_argument("--by", default="outlet", metavar="outlet|TAG",
                   help="group by outlet (default) or by an outlet tag such as camp or country")
    p.add_argument("--table", default="all", choices=[*TABLE_CHOICES, "all"],
                   help="which table to print (default: all)")
    p.add_argument("--format", dest="fmt", default="table", choices=("table", "csv", "json"),
                   help="output format (default: table)")
    p.add_argument("--random-state", type=int, default=0, metavar="SEED",
                   help="seed for bootstrap and permutation statistics (default: 0)")
    add_sources_arg(p)
    p.set_defaults(func=cmd_compare)


def rename_groups(df, name: str):
    """``group`` -> ``name``, ``group_a``/``group_b`` -> ``name_a``/``name_b``."""
    return df.rename(columns={"group": name, "group_a": f"{name}_a", "group_b": f"{name}_b"})


def _text_table(df) -> str:
    if not len(df):
        return "(no rows)"
    return df.to_string(index=False, float_format=lambda x: f"{x:.3f}")


def cmd_compare(args) -> int:
    import pandas as pd

    from ..compare import compare
    from ..corpus import load_corpus
    from ..errors import CorpusError

    corpus = load_corpus(args.sources, events=args.event)
    if not len(corpus):
        raise CorpusError(f"no articles for event '{args.event}'", path=args.sources, field="event")
    c = compare(corpus, event=args.event, by=args.by, random_state=args.random_state)
    name = c.by
    names = list(TABLE_CHOICES) if args.table == "all" else [args.table]
    tables = {n: rename_groups(getattr(c, TABLE_CHOICES[n]), name) for n in names}
    out = sys.stdout
    if args.fmt == "json":
        recs = {n: json.loads(t.to_json(orient="records", force_ascii=False)) for n, t in tables.items()}
        if args.table == "all":
            payload = {"event": args.event, "by": name, "order": [str(g) for g in c.order],
                       "warnings": list(c.warnings), "summary": c.summary(), "tables": recs}
        else:
            payload = recs[args.table]
        json.dump(payload, out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif args.fmt == "csv":
        if args.table == "all":
            frames = [t.assign(table=n)[["table", *t.columns]] for n, t in tables.items() if len(t)]
            df = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["table"])
        else:
            df = tables[args.table]
        df.to_csv(out, index=False, lineterminator="\n")
    else:
        if args.table == "all":
            out.write(c.summary() + "\n\n")
        for n, t in tables.items():
            if args.table == "all":
                out.write(f"== {n} ==\n")
            out.write(_text_table(t) + "\n")
            if args.table == "all":
                out.write("\n")
        for w in c.warnings:
            print(f"Warning: {w}", file=sys.stderr)
    return 0
