"""Shared fixtures: paths to the repository, ../shared, the seed article, and scratch corpora."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FRAMING_SHARED", REPO.parent / "shared"))
SEED = SHARED / "seed" / "000_484fb0938199d8eb.txt"
FAKES = SHARED / "eval" / "fa-kes" / "fakes.csv"
BABE = SHARED / "eval" / "babe" / "final_labels_SG2.csv"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"../shared not found at {SHARED} (set FRAMING_SHARED)")
    return SHARED


@pytest.fixture(scope="session")
def seed_text(shared_dir) -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def sources_copy(tmp_path) -> Path:
    """A scratch copy of the repository's sources/ corpus."""
    dst = tmp_path / "sources"
    shutil.copytree(REPO / "sources", dst, ignore=shutil.ignore_patterns(".framing.lock"))
    return dst


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes (to check a corpus is unchanged byte for byte)."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != ".framing.lock"}
