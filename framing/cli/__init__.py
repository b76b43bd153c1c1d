"""The ``framing`` command line: a thin shell over the library.

Each group of subcommands lives in its own module here and exposes ``register(subparsers)``;
a subcommand sets ``func`` to a callable taking the parsed ``args`` and returning an exit code.
Heavy libraries (pandas, scikit-learn, nltk) are imported inside the commands, not here, so
``framing --help`` starts fast.

Exit codes: 0 success; 1 an error about the input (``Error: ...`` on stderr, one line);
2 a usage error (argparse).
"""

from __future__ import annotations

import argparse
import importlib
import sys

__all__ = ["main", "build_parser"]

#: modules under framing.cli that contribute subcommands, in help order
COMMAND_MODULES = ("corpus", "features", "train", "compare", "report")


def build_parser() -> argparse.ArgumentParser:
    from .. import __version__

    parser = argparse.ArgumentParser(
        prog="framing",
        description="Measure how news outlets frame the same event, and compare them.",
        epilog="Example: framing compare astana-2017-05-04 --format table",
    )
    parser.add_argument("--version", action="version", version=f"framing {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMAND_MODULES:
        try:
            mod = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"{__name__}.{name}":
                continue
            raise
        mod.register(sub)
    return parser


def add_sources_arg(p: argparse.ArgumentParser) -> None:
    """The ``--sources`` option every command takes."""
    p.add_argument("--sources", default="sources", metavar="PATH",
                   help="corpus directory, or a JSONL / CSV / Parquet file (default: ./sources)")


def main(argv=None) -> int:
    from ..errors import FramingError

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except FramingError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into head, etc.
        return 0
    except KeyboardInterrupt:
        print("Error: interrupted", file=sys.stderr)
        return 130
