"""Corpus commands: ``add``, ``fetch``, ``validate``, ``list`` and ``import``.

Each is a thin shell over :mod:`framing.ingest`, :mod:`framing.fetch`, :mod:`framing.corpus` and
:mod:`framing.importers`. Errors print one line (``Error: <file>: field '<f>': <what>``) and exit 1.
"""

from __future__ import annotations

import argparse
import json
import sys

from . import add_sources_arg

__all__ = ["register"]


def register(sub) -> None:
    """Add the corpus subcommands to the ``framing`` parser."""
    # -- add
    p = sub.add_parser(
        "add", help="add one article (text, HTML or URL) to the corpus",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Add one article (plain text, HTML or a URL) to the corpus, refusing duplicates and bad input.\n\n"
            "Example:\n"
            "  framing add ../shared/corpus/voa-2017-05-04.txt --outlet voa --event astana-2017-05-04 \\\n"
            "      --date 2017-05-04 --title 'Turkey, Russia, Iran sign deal for Syria safe zones' \\\n"
            "      --license 'public domain (17 U.S.C. 105)'\n\n"
            "The first block of the text is the headline (the title is put in front when it differs).\n"
            "Paragraphs ending in a photo credit such as '(Photo by AFP)', or starting with a\n"
            "--caption-prefix, are stored as captions. Wire copy is flagged, not refused."))
    p.add_argument("source", metavar="FILE|-|URL", help="a text or HTML file, '-' for stdin, or an http(s) URL")
    p.add_argument("--outlet", required=True, help="registered outlet id (see outlets.yaml)")
    p.add_argument("--event", help="registered event id; without it the likely event is suggested")
    p.add_argument("--date", help="publication date YYYY-MM-DD (default: from the HTML metadata)")
    p.add_argument("--title", help="headline (default: the first line of a text file, or the HTML title)")
    p.add_argument("--url", help="original address of the article")
    p.add_argument("--license", help="licence of the text (default: 'unknown')")
    p.add_argument("--license-note", help="caveats about the licence")
    p.add_argument("--language", default="en", help="ISO 639-1 language code (default: en)")
    p.add_argument("--id", dest="article_id", help="article id (default: <outlet>-<date>-<title slug>)")
    p.add_argument("--format", dest="fmt", choices=("auto", "text", "html"), default="auto",
                   help="input format (default: auto-detect)")
    p.add_argument("--encoding", help="text encoding of the file (default: UTF-8)")
    p.add_argument("--caption-prefix", action="append", default=[], metavar="TEXT",
                   help="a paragraph starting with TEXT is a photo caption (repeatable)")
    p.add_argument("--no-detect-captions", action="store_true",
                   help="do not treat paragraphs ending in '(Photo by ...)' as captions")
    p.add_argument("--new-outlet", metavar="NAME", help="register --outlet with this name if unknown")
    p.add_argument("--outlet-type", help="type of a new outlet (wire, newspaper, broadcaster, state, official, advocacy, ...)")
    p.add_argument("--outlet-country", help="country of a new outlet")
    p.add_argument("--new-event", metavar="TITLE", help="register --event with this title (dated --date) if unknown")
    p.add_argument("--timeout", type=float, default=20.0, help="download time-out in seconds (default: 20)")
    p.add_argument("--max-bytes", type=int, default=5_000_000, help="size limit of the input (default: 5 MB)")
    p.add_argument("--dry-run", action="store_true", help="check and show what would be written; write nothing")
    add_sources_arg(p)
    p.set_defaults(func=cmd_add)

    # -- fetch
    p = sub.add_parser(
        "fetch", help="hydrate an event's coverage index (download, extract, add)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Download the articles listed in coverage/<event>.csv and add them to the corpus, resumably.\n\n"
            "Example:\n  framing fetch --event astana-2017-05-04 --timeout 15 --retries 2\n\n"
            "A status per URL is kept in a state file (default: <sources>/.fetch/<event>.json); a\n"
            "second run skips what is done and retries what failed. Fetched texts are usually\n"
            "copyrighted: keep them out of a public repository."))
    p.add_argument("--event", required=True, help="event id with a coverage/<event>.csv index")
    p.add_argument("--state", help="state file (default: <sources>/.fetch/<event>.json)")
    p.add_argument("--timeout", type=float, default=20.0, help="per-request time-out in seconds (default: 20)")
    p.add_argument("--retries", type=int, default=2, help="retries per URL for time-outs and 5xx (default: 2)")
    p.add_argument("--backoff", type=float, default=1.0, help="first back-off delay in seconds (default: 1)")
    p.add_argument("--max-bytes", type=int, default=5_000_000, help="size limit per page (default: 5 MB)")
    p.add_argument("--limit", type=int, help="process at most this many rows")
    p.add_argument("--delay", type=float, default=0.5, help="seconds between two downloads (default: 0.5)")
    p.add_argument("--retry-failed", action="store_true", help="also retry rows that failed permanently (4xx, no text)")
    add_sources_arg(p)
    p.set_defaults(func=cmd_fetch)

    # -- validate
    p = sub.add_parser(
        "validate", help="check the whole corpus and report every problem",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Check the whole corpus (schema, registries, duplicate ids, content hashes) and report every problem.\n\n"
            "Example:\n  framing validate --sources sources\n\n"
            "Each problem is one line naming the file and field; the exit code is 1 if any."))
    add_sources_arg(p)
    p.set_defaults(func=cmd_validate)

    # -- list
    p = sub.add_parser(
        "list", help="list articles with their metadata and licences",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "List the corpus's articles (id, outlet, event, date, title, license, outlet tags).\n\n"
            "Example:\n  framing list --event astana-2017-05-04 --format csv\n\n"
            "With --what outlets or --what events, list the registries instead."))
    p.add_argument("--event", action="append", help="only this event (repeatable)")
    p.add_argument("--outlet", action="append", help="only this outlet (repeatable)")
    p.add_argument("--tag", action="append", default=[], metavar="NAME=VALUE", help="only outlets with this tag, e.g. camp=pro")
    p.add_argument("--what", choices=("articles", "outlets", "events"), default="articles", help="what to list (default: articles)")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format (default: table)")
    add_sources_arg(p)
    p.set_defaults(func=cmd_list)

    # -- import
    p = sub.add_parser(
        "import", help="import a published dataset as a corpus directory",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Import a published dataset (FA-KES) into a corpus directory, with outlets and events registered.\n\n"
            "Example:\n  framing import fakes ../shared/eval/fa-kes/fakes.csv --sources /tmp/fakes\n\n"
            "feature_extraction.csv, next to fakes.csv, supplies camps and events (or give --features)."))
    p.add_argument("dataset", choices=("fakes",), help="dataset name")
    p.add_argument("path", help="the dataset's main file")
    p.add_argument("--features", help="FA-KES feature_extraction.csv (default: next to PATH)")
    p.add_argument("--dry-run", action="store_true", help="report what would be written; write nothing")
    add_sources_arg(p)
    p.set_defaults(func=cmd_import)


# ----------------------------------------------------------------------------- commands

def cmd_add(args) -> int:
    from ..ingest import add_article

    new_outlet = None
    if args.new_outlet:
        new_outlet = {"name": args.new_outlet}
        if args.outlet_type:
            new_outlet["type"] = args.outlet_type
        if args.outlet_country:
            new_outlet["country"] = args.outlet_country
        if args.language:
            new_outlet["language"] = args.language
    elif args.outlet_type or args.outlet_country:
        from ..errors import ValidationError
        raise ValidationError("--outlet-type and --outlet-country only apply with --new-outlet", field="new_outlet")
    new_event = {"title": args.new_event} if args.new_event else None
    res = add_article(
        args.sources, args.source, outlet=args.outlet, event=args.event, date=args.date, title=args.title,
        url=args.url, license=args.license, license_note=args.license_note, language=args.language,
        article_id=args.article_id, new_outlet=new_outlet, new_event=new_event,
        caption_prefixes=args.caption_prefix, detect_captions=not args.no_detect_captions, fmt=args.fmt,
        encoding=args.encoding, timeout=args.timeout, max_bytes=args.max_bytes, dry_run=args.dry_run)
    for reg in res.registered:
        print(f"{'Would register' if args.dry_run else 'Registered'} {reg}", file=sys.stderr)
    for w in res.warnings:
        print(f"Warning: {w}", file=sys.stderr)
    if res.suggestions:
        best, score = res.suggestions[0]
        print(f"Note: no --event given; likely event: {best} (score {score:.2f}); "
              f"set it with --event {best}", file=sys.stderr)
    elif args.event is None:
        print("Note: no --event given and no registered event resembles this text", file=sys.stderr)
    if args.dry_run:
        from ..corpus import format_article
        print(f"Would write {res.path}")
        head = format_article(res.article).split("\n---\n", 1)[0]
        print(head + "\n---")
    else:
        print(f"Added {res.article.id} -> {res.path}")
    return 0


def cmd_fetch(args) -> int:
    from ..fetch import fetch_event

    def report(row, status):
        msg = f"{row.get('ref', '?')}\t{status['status']}"
        if status.get("id"):
            msg += f"\t{status['id']}"
        if status.get("error"):
            msg += f"\t{status['error']}"
        print(msg)

    summary = fetch_event(args.sources, args.event, state_path=args.state, timeout=args.timeout,
                          retries=args.retries, backoff=args.backoff, max_bytes=args.max_bytes,
                          limit=args.limit, retry_failed=args.retry_failed, delay=args.delay, progress=report)
    counts = ", ".join(f"{k} {v}" for k, v in sorted(summary.items()))
    print(f"Done: {counts}", file=sys.stderr)
    return 0


def cmd_validate(args) -> int:
    from pathlib import Path

    from ..corpus import check_corpus, load_corpus
    from ..errors import FramingError

    root = Path(args.sources)
    if root.is_dir():
        problems = check_corpus(root)
        n = sum(1 for _ in (root / "articles").glob("*/*.txt")) if (root / "articles").is_dir() else 0
    else:
        problems = []
        try:
            corpus = load_corpus(root)
            n = len(corpus)
            for e in corpus._entries:
                try:
                    corpus._loader(e)
                except FramingError as exc:
                    problems.append(exc)
        except FramingError as exc:
            problems.append(exc)
            n = 0
    for p in problems:
        print(f"{p}")
    if problems:
        print(f"Error: {len(problems)} problem(s) in {root}", file=sys.stderr)
        return 1
    print(f"OK: {root}: {n} articles, no problems", file=sys.stderr)
    return 0


def _frame(args):
    import pandas as pd

    from ..corpus import load_corpus
    from ..errors import ValidationError

    tags = {}
    for t in args.tag:
        if "=" not in t:
            raise ValidationError(f"must be NAME=VALUE, got {t!r}", field="tag")
        k, v = t.split("=", 1)
        tags[k] = v
    corpus = load_corpus(args.sources)
    if args.what == "outlets":
        df = corpus.outlets()
        counts = corpus.to_frame(text=False).groupby("outlet").size() if len(corpus) else pd.Series(dtype=int)
        df["articles"] = [int(counts.get(o, 0)) for o in df["id"]] if len(df) else []
        return df
    if args.what == "events":
        df = corpus.events()
        counts = corpus.to_frame(text=False).groupby("event").size() if len(corpus) else pd.Series(dtype=int)
        df["articles"] = [int(counts.get(e, 0)) for e in df["id"]] if len(df) else []
        df["date"] = [d.isoformat() if d is not None else None for d in df["date"]]
        df["keywords"] = [", ".join(k or []) for k in df["keywords"]]
        return df
    corpus = corpus.filter(events=args.event, outlets=args.outlet, tags=tags or None)
    df = corpus.to_frame()
    cols = ["id", "outlet", "event", "date", "title", "license", "url"] + [c for c in df.columns if c.startswith("tag:")]
    if not len(df):
        return pd.DataFrame(columns=cols)
    return df[[c for c in cols if c in df.columns]]


def cmd_list(args) -> int:
    df = _frame(args)
    if args.format == "csv":
        df.to_csv(sys.stdout, index=False)
    elif args.format == "json":
        print(json.dumps(json.loads(df.to_json(orient="records")), indent=1, ensure_ascii=False))
    else:
        if not len(df):
            print("(no rows)")
        else:
            show = df.copy()
            if "title" in show:
                show["title"] = [t if t is None or len(t) <= 60 else t[:57] + "..." for t in show["title"]]
            if "license" in show:
                show["license"] = [t if t is None or len(t) <= 30 else t[:27] + "..." for t in show["license"]]
            show = show.drop(columns=[c for c in ("url",) if c in show])
            print(show.fillna("").to_string(index=False))
        if args.what == "articles":
            n_out = df["outlet"].nunique() if len(df) else 0
            n_ev = df["event"].dropna().nunique() if len(df) else 0
            print(f"{len(df)} articles, {n_out} outlets, {n_ev} events", file=sys.stderr)
    return 0


def cmd_import(args) -> int:
    from ..importers import import_fakes

    res = import_fakes(args.path, args.sources, features=args.features, dry_run=args.dry_run)
    verb = "Would import" if args.dry_run else "Imported"
    print(f"{verb} {res['articles']} articles from {res['rows']} rows ({res['merged_rows']} repeated rows merged), "
          f"{res['outlets']} outlets, {res['events']} events into {args.sources}")
    return 0
