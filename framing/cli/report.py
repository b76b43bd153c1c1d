"""The ``report`` command: compare the outlets covering one event and write the HTML and Markdown report.

A thin shell over :func:`framing.load_corpus`, :func:`framing.compare.compare` and
:func:`framing.report.write_report`. Prints the headline comparison (``Comparison.summary()``)
and the paths written.
"""

from __future__ import annotations

import argparse
import sys

from . import add_sources_arg

__all__ = ["register", "cmd_report"]


def _nonneg_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer >= 0, got {value!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"expected an integer >= 0, got {value!r}")
    return n


def register(sub) -> None:
    """Add the ``report`` subcommand to the ``framing`` parser."""
    p = sub.add_parser(
        "report", help="write an HTML and Markdown report comparing the outlets on one event",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Compare how the outlets covering EVENT framed it, and write a self-contained HTML report\n"
            "and its Markdown twin.\n\n"
            "Example:\n  framing report astana-2017-05-04 --sources sources -o reports\n\n"
            "Writes DIR/EVENT.html and DIR/EVENT.md (replacing earlier ones) and prints the headline\n"
            "comparison. The HTML loads nothing from the network; every number links to its evidence.\n"
            "With --by TAG, outlets are grouped by an outlet tag (e.g. --by camp)."))
    p.add_argument("event", metavar="EVENT", help="event id (see events.yaml)")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="directory for EVENT.html and EVENT.md")
    p.add_argument("--by", default="outlet", metavar="outlet|TAG",
                   help="group by outlet (default) or by an outlet tag such as camp or country")
    p.add_argument("--title", help="report title (default: 'How outlets framed EVENT')")
    p.add_argument("--name", help="file stem of the report (default: the event id)")
    p.add_argument("--max-articles", type=_nonneg_int, default=150, metavar="N",
                   help="articles reproduced in full with highlights (default: 150)")
    p.add_argument("--max-evidence", type=_nonneg_int, default=10, metavar="N",
                   help="matches listed per number (default: 10)")
    p.add_argument("--random-state", type=int, default=0, metavar="SEED",
                   help="seed for bootstrap and permutation statistics (default: 0)")
    add_sources_arg(p)
    p.set_defaults(func=cmd_report)


def cmd_report(args) -> int:
    from ..corpus import load_corpus
    from ..errors import CorpusError
    from ..report import write_report

    corpus = load_corpus(args.sources, events=args.event)
    if not len(corpus):
        raise CorpusError(f"no articles for event '{args.event}'", path=args.sources, field="event")
    from ..compare import compare

    # the corpus is already this event's articles; name the event for the summary and the report
    comparison = compare(corpus, by=args.by, random_state=args.random_state)
    if getattr(comparison, "event", None) is None:
        comparison.event = args.event
    print(comparison.summary())
    html, md = write_report(comparison, args.output, corpus=corpus, name=args.name, title=args.title,
                            max_articles=args.max_articles, max_evidence=args.max_evidence)
    print(f"Wrote {html} and {md}", file=sys.stderr)
    return 0
