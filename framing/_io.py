"""Atomic, non-clobbering file writes and a corpus-wide lock.

Writes go to a temporary file in the target directory, are flushed and fsynced, then either
hard-linked into place (``os.link`` fails if the target exists, so two concurrent writers can
never overwrite each other) or, for files that are meant to be replaced (registries), renamed
over the old one while the corpus lock is held. New files get the usual permissions (0666 minus
the umask), not the 0600 of a temporary file.

The corpus lock is a POSIX ``flock`` on the corpus directory itself, so no lock file is left in
the corpus. It is exclusive and not re-entrant: code holding it must not take it again.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

_UMASK = os.umask(0)
os.umask(_UMASK)

from .errors import CorpusError

__all__ = ["atomic_write", "corpus_lock"]


def atomic_write(path, data: str | bytes, *, overwrite: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically.

    Parameters
    ----------
    path : path-like
        Target file; its directory is created if needed.
    data : str or bytes
        Content; ``str`` is written as UTF-8 with ``\\n`` line ends.
    overwrite : bool, default False
        If False, fail with :class:`~framing.errors.CorpusError` when ``path`` exists, even if
        another process creates it while we write.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_UMASK)
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        if overwrite:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise CorpusError("refusing to overwrite an existing file", path=path) from None
            os.unlink(tmp)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    return path


@contextlib.contextmanager
def corpus_lock(root):
    """Hold an exclusive advisory lock on the corpus directory ``root`` (POSIX ``flock``).

    The directory is created if needed. Blocks until the lock is free.
    """
    import fcntl

    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    fd = os.open(root, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
