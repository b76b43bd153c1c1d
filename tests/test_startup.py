"""Start-up: ``framing --help`` (and each command's help) imports no heavy library.

The wall time is measured in the benchmarks (``benchmarks/results``), not asserted here: a timed
assertion would fail on a busy machine for reasons that have nothing to do with the code.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("pandas", "sklearn", "nltk", "numpy", "pyarrow", "dask", "distributed", "matplotlib", "scipy")

PROBE = """
import json, sys
from framing.cli import main
try:
    main({argv!r})
except SystemExit:
    pass
print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})), file=sys.stderr)
"""


def loaded_after(argv):
    r = subprocess.run([sys.executable, "-c", PROBE.format(argv=argv)], capture_output=True, text=True,
                       timeout=60)
    return set(json.loads(r.stderr.strip().splitlines()[-1])), r.stdout


@pytest.mark.parametrize("argv", [["--help"], ["score", "--help"], ["evidence", "--help"], ["--version"]])
def test_help_imports_no_heavy_library(argv):
    mods, out = loaded_after(argv)
    assert "framing" in mods and out  # the probe really ran the CLI
    assert not mods & set(HEAVY), sorted(mods & set(HEAVY))


def test_probe_detects_a_heavy_import():
    # negative control: a command that does work imports pandas, and the probe sees it
    mods, _ = loaded_after(["list", "--format", "csv", "--sources", str(Path(__file__).resolve().parents[1] / "sources")])
    assert "pandas" in mods


def test_importtime_of_help_has_no_heavy_module():
    r = subprocess.run([sys.executable, "-X", "importtime", "-m", "framing", "--help"], capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0 and "usage: framing" in r.stdout
    imported = {line.split("|")[-1].strip().split(".")[0] for line in r.stderr.splitlines()
                if line.startswith("import time:")}
    assert "framing" in imported
    assert not imported & set(HEAVY)
