"""Every notebook in notebooks/ runs top to bottom (nbclient) on the project's own Python.

The kernel is this interpreter (the .venv's python): the test installs a kernelspec for it into a
temporary prefix and points Jupyter at it, so nothing depends on a kernel registered on the
machine. The FA-KES notebook reads ``FRAMING_FAKES``; the test sets it to ../shared's copy when
present (the notebook explains how to obtain the dataset otherwise, and still runs).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FAKES, REPO

pytestmark = pytest.mark.slow

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
KERNEL = "framing-test-venv"


@pytest.fixture(scope="module")
def kernel_env(tmp_path_factory):
    prefix = tmp_path_factory.mktemp("jupyter")
    subprocess.run([sys.executable, "-m", "ipykernel", "install", "--prefix", str(prefix), "--name", KERNEL,
                    "--display-name", "framing (test)"], check=True, capture_output=True, timeout=120)
    spec = prefix / "share" / "jupyter" / "kernels" / KERNEL / "kernel.json"
    assert spec.is_file()
    return prefix / "share" / "jupyter"


def test_there_are_four_notebooks():
    names = [p.name for p in NOTEBOOKS]
    assert len(names) == 4, names
    for key in ("astana", "add-a-source", "lexicon", "fakes"):
        assert any(key in n for n in names), (key, names)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom(path, kernel_env, monkeypatch, tmp_path):
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.setenv("JUPYTER_PATH", str(kernel_env) + os.pathsep + os.environ.get("JUPYTER_PATH", ""))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    if FAKES.is_file():
        monkeypatch.setenv("FRAMING_FAKES", str(FAKES))
    else:
        monkeypatch.delenv("FRAMING_FAKES", raising=False)
    sources_before = {p: p.stat().st_mtime_ns for p in (REPO / "sources").rglob("*") if p.is_file()}
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name=KERNEL, timeout=900, resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors
    # notebooks never write into the repository's sources/
    after = {p: p.stat().st_mtime_ns for p in (REPO / "sources").rglob("*") if p.is_file()}
    assert {p for p in after if p.name != ".framing.lock"} == {p for p in sources_before if p.name != ".framing.lock"}
    assert all(after[p] == t for p, t in sources_before.items() if p in after and p.name != ".framing.lock")


def test_notebooks_are_committed_without_outputs():
    import nbformat

    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code"), path.name


def test_fakes_notebook_explains_how_to_get_the_data_when_absent(kernel_env, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    path = next(p for p in NOTEBOOKS if "fakes" in p.name)
    monkeypatch.setenv("JUPYTER_PATH", str(kernel_env) + os.pathsep + os.environ.get("JUPYTER_PATH", ""))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setenv("FRAMING_FAKES", "/nonexistent/fakes.csv")
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, kernel_name=KERNEL, timeout=300, resources={"metadata": {"path": str(path.parent)}}).execute()
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "https://doi.org/10.5281/zenodo.2607278" in text
    assert "profiled" not in text  # nothing computed without the data
