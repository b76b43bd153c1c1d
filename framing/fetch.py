"""Hydrating an event's coverage index: download each listed URL, extract it, add it to the corpus.

``framing fetch --event ID`` reads ``<sources>/coverage/<ID>.csv`` (columns ``ref, outlet, date,
url``, optional ``headline``) and, for every row, downloads the page (time-out, size limit, retries
with exponential back-off for time-outs, 429 and 5xx), extracts the text with trafilatura and
adds it through :func:`framing.ingest.add_article`, so every check of ``framing add`` applies:
duplicates are refused (and recorded as such), wire copy is flagged.

A status per row is kept in a JSON state file (default ``<sources>/.fetch/<ID>.json``), rewritten
atomically after each row, so an interrupted run loses nothing and a second run resumes:

- ``added`` (with the article id), ``duplicate`` (with the existing id) and ``skipped`` (no URL)
  are final and not tried again;
- ``failed`` (time-out, connection error, 429/5xx after the retries) is tried again on the next run;
- ``error`` (4xx, no article text, bad metadata) is permanent unless ``retry_failed=True``.

Fetched texts are usually copyrighted: their ``license`` says so, and they should not be
published with the repository. Known limits: pages behind JavaScript or paywalls yield no text
(``error``); many URLs in the Astana index are reposts, so the outlet is the one the index names,
not the site that served the page.
"""

from __future__ import annotations

import datetime as _dt
import json
import time
from pathlib import Path
from typing import Callable

from ._io import atomic_write
from .corpus import read_coverage, read_registry
from .errors import CorpusError, DuplicateArticleError, FetchError, FramingError, ValidationError
from .ingest import DEFAULT_TIMEOUT, MAX_BYTES, add_article

__all__ = ["fetch_event", "read_state", "FINAL_STATUSES", "FETCH_LICENSE"]

FINAL_STATUSES = ("added", "duplicate", "skipped")
FETCH_LICENSE = "copyright of the publisher; fetched for private research, do not redistribute"


def _state_path(root: Path, event: str, state_path) -> Path:
    return Path(state_path) if state_path else root / ".fetch" / f"{event}.json"


def read_state(path) -> dict:
    """Read a fetch state file (``{"event", "coverage", "rows": {ref: status}}``); empty if absent."""
    path = Path(path)
    if not path.exists():
        return {"rows": {}}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValidationError("fetch state is not valid JSON (delete it to start again)", path=path) from None
    if not isinstance(data, dict) or not isinstance(data.get("rows"), dict):
        raise ValidationError("fetch state has no 'rows' mapping (delete it to start again)", path=path, field="rows")
    return data


def fetch_event(root, event: str, *, state_path=None, timeout: float = DEFAULT_TIMEOUT, retries: int = 2,
                backoff: float = 1.0, max_bytes: int = MAX_BYTES, limit: int | None = None,
                retry_failed: bool = False, delay: float = 0.0,
                progress: Callable | None = None) -> dict[str, int]:
    """Hydrate ``coverage/<event>.csv`` into the corpus at ``root``; return counts per status.

    Parameters
    ----------
    root : path-like
        Corpus directory.
    event : str
        A registered event with a coverage index.
    state_path : path-like, optional
        Where the per-row status is kept (default ``<root>/.fetch/<event>.json``).
    timeout, retries, backoff, max_bytes
        Download limits (see :func:`framing.ingest.download`).
    limit : int, optional
        Process at most this many rows that still need work.
    retry_failed : bool
        Also retry rows whose last error was permanent.
    delay : float
        Seconds to wait between two downloads (be polite to the servers).
    progress : callable, optional
        Called as ``progress(row, status)`` after each row.

    Raises
    ------
    CorpusError
        No such event or no coverage index. Per-row problems never raise: they are recorded.
    """
    root = Path(root)
    events = read_registry(root / "events.yaml", "event")
    if event not in events:
        raise ValidationError(f"unknown event {event!r}", path=root / "events.yaml", field="event")
    cov = root / "coverage" / f"{event}.csv"
    if not cov.is_file():
        raise CorpusError(f"no coverage index for event {event!r}", path=cov)
    rows = read_coverage(cov)
    spath = _state_path(root, event, state_path)
    state = read_state(spath)
    state.update({"event": event, "coverage": str(cov)})
    todo = 0
    fetched = False
    for row in rows:
        ref = row["ref"]
        prev = state["rows"].get(ref, {})
        if prev.get("status") in FINAL_STATUSES or (prev.get("status") == "error" and not retry_failed):
            continue
        if limit is not None and todo >= limit:
            break
        todo += 1
        status = {"url": row.get("url") or None, "attempts": int(prev.get("attempts", 0)) + 1,
                  "updated": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()}
        if not row.get("url"):
            status.update(status="skipped", error="no URL in the index")
        else:
            if fetched and delay > 0:
                time.sleep(delay)
            fetched = True
            try:
                res = add_article(
                    root, row["url"], outlet=row["outlet"], event=event, date=row.get("date") or None,
                    fallback_title=(row.get("headline") or None), url=row["url"], license=FETCH_LICENSE,
                    timeout=timeout, max_bytes=max_bytes, retries=retries, backoff=backoff, fmt="html",
                    provenance={"method": "fetch", "coverage": f"coverage/{event}.csv", "coverage_ref": ref})
                status.update(status="added", id=res.article.id)
                if res.warnings:
                    status["warnings"] = res.warnings
            except DuplicateArticleError as exc:
                status.update(status="duplicate", id=exc.existing_id, error=exc.message)
            except FetchError as exc:
                status.update(status="failed" if getattr(exc, "retryable", True) else "error", error=exc.message)
            except FramingError as exc:
                status.update(status="error", error=str(exc))
        state["rows"][ref] = status
        atomic_write(spath, json.dumps(state, indent=1, ensure_ascii=False, sort_keys=True) + "\n", overwrite=True)
        if progress is not None:
            progress(row, status)
    counts: dict[str, int] = {}
    for row in rows:
        s = state["rows"].get(row["ref"], {}).get("status", "pending")
        counts[s] = counts.get(s, 0) + 1
    return counts
