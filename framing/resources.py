"""Where a user's own data files (lexicons, reporting verbs, speaker maps, frame cues) come from.

Every loader of shipped data takes ``paths=`` (a folder or file, or a list of them) and, where it
has one, falls back to an environment variable listing folders separated by ``os.pathsep``
(``FRAMING_LEXICONS``, ``FRAMING_SPEAKERS``). A path that does not exist is an error naming it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable

from .errors import LexiconError

__all__ = ["user_paths", "user_files"]


def user_paths(paths, *, env: str | None = None, what: str = "data") -> list[Path]:
    """Normalise ``paths`` (``None`` -> the ``env`` variable) to existing paths.

    Raises
    ------
    LexiconError
        A named folder or file does not exist.
    """
    if paths is None:
        raw = os.environ.get(env, "") if env else ""
        paths = [p for p in raw.split(os.pathsep) if p]
    elif isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    out = []
    for p in map(Path, paths):
        if not p.exists():
            raise LexiconError(f"{what} not found: no such file or folder", path=p)
        out.append(p)
    return out


def user_files(paths, *, select: Callable[[Path], Iterable[Path]], env: str | None = None,
               what: str = "data") -> list[Path]:
    """Files named by ``paths``: a file as is, a folder through ``select(folder)``."""
    out: list[Path] = []
    for p in user_paths(paths, env=env, what=what):
        out.extend(select(p) if p.is_dir() else [p])
    return out
