"""``make validate``: measure agreement with human coding and published benchmarks.

Writes ``validation/README.md`` (the tables, with date, commit and how each was measured) and one
CSV per table. Evaluation data are read from ``../shared/eval`` (or ``--shared``), never copied.

Usage: ``python -m framing.validation [--shared PATH] [--out validation]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import subprocess
import sys
from pathlib import Path

from .._io import atomic_write


def _commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                             cwd=Path(__file__).resolve().parents[2], timeout=10)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True,
                               text=True, cwd=Path(__file__).resolve().parents[2], timeout=10)
        return out.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "") or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def _md_table(df) -> str:
    cols = list(df.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for _, row in df.iterrows():
        cells = [(str(int(v)) if float(v).is_integer() and abs(v) >= 1 else f"{v:.3f}")
                 if isinstance(v, float) else str(v) for v in row]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv=None) -> int:
    repo = Path(__file__).resolve().parents[2]
    ap = argparse.ArgumentParser(prog="python -m framing.validation", description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(repo.parent / "shared"), help="path of ../shared")
    ap.add_argument("--out", default="validation", help="output folder (default: validation)")
    args = ap.parse_args(argv)
    shared = Path(args.shared)
    out = Path(args.out)
    sections = []
    stamp = f"Measured {dt.date.today().isoformat()} at commit {_commit()} on Python {platform.python_version()}."

    from . import fakes

    fk = fakes.camp_auc(shared / "eval" / "fa-kes")
    atomic_write(out / "fakes_camp_auc.csv", fk.to_csv(index=False), overwrite=True)
    sections.append(("FA-KES: naming-choice stance separates the camps (ROC-AUC, goal >= 0.95)",
                     fakes.__doc__.split("Method:")[1].split("Known limits")[0].strip(), fk))

    try:
        from . import babe
    except ImportError:
        babe = None
    if babe is not None and hasattr(babe, "validation_tables"):
        for title, method, table, name in babe.validation_tables(shared / "eval" / "babe"):
            atomic_write(out / f"{name}.csv", table.to_csv(index=False), overwrite=True)
            sections.append((title, method, table))

    parts = ["# Validation", "", stamp, "",
             "Produced by `make validate` (`python -m framing.validation`). Data sets are read from "
             "`../shared/eval` and are not part of this repository.", ""]
    for title, method, table in sections:
        method = " ".join(method.split())
        parts += [f"## {title}", "", method[:1].upper() + method[1:], "", _md_table(table), ""]
    atomic_write(out / "README.md", "\n".join(parts), overwrite=True)
    print("\n".join(parts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
