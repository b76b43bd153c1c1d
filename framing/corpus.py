"""The corpus: articles about events, from outlets, with metadata a researcher can trust.

A corpus directory (``sources/`` in this repository) holds plain files that read well in a diff::

    sources/
      outlets.yaml              outlet registry: id, name, country, language, type, ownership, tags
      events.yaml               event registry: id, title, date, description, keywords
      articles/<outlet>/<id>.txt  one article: YAML front matter, then the text
      coverage/<event>.csv      further coverage of an event still to hydrate (``framing fetch``)

An article file is YAML front matter between ``---`` lines, then the text in blocks separated by
blank lines. The first block is the headline. A block that starts with ``[caption] `` is a photo
caption (the marker is not part of the loaded text). The text *as loaded* is the blocks joined by
one blank line (``"\\n\\n"``); every character offset framing reports points into that string, and
``sha256`` in the front matter is the hash of it.

Corpora kept elsewhere load too: another directory of the same layout, or a JSONL / CSV / Parquet
file with at least ``id, outlet, text`` (optional ``event, date, title, url``). For those, the
``text`` column is the text as loaded; its first block counts as the headline only when it equals
the ``title`` column.

Reading::

    corpus = load_corpus("sources", events="astana-2017-05-04", tags={"camp": "pro"})
    df = corpus.to_frame()          # one row per article, outlet tags as tag:<name> columns
    for article in corpus: ...      # lazy: texts are read when iterated

Writing goes through :mod:`framing.ingest` (``framing add``), :mod:`framing.fetch` and
:mod:`framing.importers`, which use :func:`write_article` (atomic, never overwrites, checks the
file reads back identically) and :func:`add_registry_records` (adds, never changes a record)
under :func:`framing._io.corpus_lock`. :func:`check_corpus` (``framing validate``) reports every
problem of a directory with its file and field.

Known limits: a body paragraph that itself starts with ``[caption] `` is read as a caption (the
marker has no escape); whitespace inside a block is kept, but blank-line runs and the whitespace
around blocks are normalised (:func:`normalize_text`), so the hash is of the normalised text;
tabular corpora have no registries (outlets and events are their bare ids, without tags).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Mapping, Sequence

import yaml

from .errors import CorpusError, ValidationError
from .text import block_spans

__all__ = [
    "Segment",
    "Article",
    "Corpus",
    "load_corpus",
    "parse_article",
    "format_article",
    "text_hash",
    "ARTICLE_FIELDS",
    "OUTLET_TYPES",
    "normalize_text",
    "split_blocks",
    "read_registry",
    "write_article",
    "article_path",
    "add_registry_records",
    "check_corpus",
    "read_coverage",
]

OUTLET_TYPES = ("wire", "newspaper", "broadcaster", "state", "official", "advocacy", "analysis", "other")
ARTICLE_FIELDS = (
    "id", "outlet", "event", "date", "title", "url", "language",
    "license", "license_note", "provenance", "sha256",
)
REQUIRED_ARTICLE_FIELDS = ("id", "outlet", "date", "title", "license", "sha256")
CAPTION_MARK = "[caption] "
ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,127}$")
TABULAR_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}


@dataclass(frozen=True)
class Segment:
    """A block of an article's text: ``kind`` is ``headline``, ``body`` or ``caption``."""

    kind: str
    start: int
    end: int


@dataclass
class Article:
    """One article: metadata plus the text as loaded, split into segments."""

    id: str
    outlet: str
    text: str
    event: str | None = None
    date: _dt.date | None = None
    title: str | None = None
    url: str | None = None
    language: str | None = "en"
    license: str | None = None
    license_note: str | None = None
    provenance: dict = field(default_factory=dict)
    sha256: str | None = None
    segments: tuple[Segment, ...] = ()
    path: Path | None = None

    def __post_init__(self):
        if not self.segments:
            self.segments = tuple(segments_of(self.text, title=self.title))

    @property
    def headline(self) -> str:
        """The headline as it stands in the text, or the title when the text has none."""
        for seg in self.segments:
            if seg.kind == "headline":
                return self.text[seg.start:seg.end]
        return self.title or ""

    def segment_text(self, *kinds: str) -> str:
        """Concatenate the blocks of the given kinds (all if none given)."""
        return "\n\n".join(self.text[s.start:s.end] for s in self.segments if not kinds or s.kind in kinds)

    def metadata(self) -> dict:
        """The front-matter fields as a plain dict (dates as ISO strings)."""
        meta = {k: getattr(self, k) for k in ARTICLE_FIELDS}
        if isinstance(meta["date"], _dt.date):
            meta["date"] = meta["date"].isoformat()
        return meta


def text_hash(text: str) -> str:
    """SHA-256 of the UTF-8 text, as hex: the article's content hash."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def segments_of(text: str, *, title: str | None = None, captions: Iterable[int] = ()) -> list[Segment]:
    """Segment a loaded text into blocks; block 0 is the headline when it equals ``title``."""
    caps = set(captions)
    out = []
    for i, (s, e) in enumerate(block_spans(text)):
        kind = "caption" if i in caps else "body"
        if i == 0 and title is not None and _norm_title(text[s:e]) == _norm_title(title):
            kind = "headline"
        out.append(Segment(kind, s, e))
    return out


def _norm_title(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("’", "'")).strip().lower()


# ----------------------------------------------------------------------------- article files

def parse_article(raw: str | bytes, *, path=None, check_hash: bool = True) -> Article:
    """Parse an article file (front matter + text) into an :class:`Article`.

    Parameters
    ----------
    raw : str or bytes
        The whole file. Bytes must be UTF-8; ``\\r\\n`` line ends are read as ``\\n``.
    path : path-like, optional
        Named in error messages and kept on the article.
    check_hash : bool, default True
        Check ``sha256`` against the text as loaded.

    Raises
    ------
    ValidationError
        One line naming the file and field: bad encoding, missing front matter, a missing or
        malformed field, or a content hash that does not match the text.

    Examples
    --------
    >>> a = parse_article("---\\nid: a1\\noutlet: x\\ndate: 2017-05-04\\ntitle: T\\nlicense: CC0\\n"
    ...                   "sha256: " + text_hash("T\\n\\nBody.") + "\\n---\\nT\\n\\nBody.\\n")
    >>> [s.kind for s in a.segments]
    ['headline', 'body']
    """
    if isinstance(raw, bytes):
        if b"\x00" in raw:
            raise ValidationError("binary content (NUL byte), not an article file", path=path)
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValidationError(f"not valid UTF-8 (byte {exc.start})", path=path) from None
    raw = raw.lstrip("\ufeff").replace("\r\n", "\n")
    if not raw.startswith("---\n"):
        raise ValidationError("missing front matter (file must start with a '---' line)", path=path)
    end = raw.find("\n---\n", 3)
    if end < 0:
        raise ValidationError("front matter is not closed by a '---' line", path=path)
    try:
        meta = yaml.safe_load(raw[4:end])
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise ValidationError(f"front matter is not valid YAML{where}", path=path) from None
    if not isinstance(meta, dict):
        raise ValidationError("front matter must be a mapping of fields", path=path)
    body = raw[end + 5:]
    texts, kinds = [], []
    for b in split_blocks(body):
        kind = "body"
        if b.startswith(CAPTION_MARK):
            kind = "caption"
            b = b[len(CAPTION_MARK):].strip()
            if not b:
                continue
        texts.append(b)
        kinds.append(kind)
    if kinds and kinds[0] == "body":
        kinds[0] = "headline"
    text = "\n\n".join(texts)
    meta = validate_metadata(meta, path=path)
    if not text.strip():
        raise ValidationError("empty article text", path=path, field="text")
    if check_hash and meta["sha256"] != text_hash(text):
        raise ValidationError("content hash does not match the text (edited by hand? run 'framing validate')",
                              path=path, field="sha256")
    segs, pos = [], 0
    for kind, t in zip(kinds, texts):
        segs.append(Segment(kind, pos, pos + len(t)))
        pos += len(t) + 2
    return Article(text=text, segments=tuple(segs), path=Path(path) if path else None, **meta)


_BLANK_LINE_RE = re.compile(r"\n[^\S\n]*(?:\n[^\S\n]*)*\n")


def split_blocks(text: str) -> list[str]:
    """Split text into blocks at blank lines (lines holding only whitespace); strip each block.

    Whitespace inside a block is kept as is, except that line ends are ``\\n``.

    >>> split_blocks("Title\\n\\n  One\\ntwo \\n \\n\\nThree\\n")
    ['Title', 'One\\ntwo', 'Three']
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [b.strip() for b in _BLANK_LINE_RE.split(text) if b.strip()]


def normalize_text(text: str) -> str:
    """The canonical text as stored: blocks stripped, joined by exactly one blank line."""
    return "\n\n".join(split_blocks(text))


def format_article(article: Article) -> str:
    """Serialize an article to the file format :func:`parse_article` reads."""
    meta = article.metadata()
    front = _dump_yaml(meta)
    blocks = []
    for seg in article.segments:
        chunk = article.text[seg.start:seg.end]
        blocks.append(CAPTION_MARK + chunk if seg.kind == "caption" else chunk)
    return f"---\n{front}---\n" + "\n\n".join(blocks) + "\n"


def _dump_yaml(data) -> str:
    """YAML that reads back to ``data``: plain style where safe, double quotes where PyYAML's
    plain or single-quoted output would not round-trip (NEL, line and paragraph separators)."""
    out = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    if yaml.safe_load(out) != data:
        out = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100, default_style='"')
    return out


def parse_date(value, *, path=None, field: str = "date") -> _dt.date | None:
    """Parse an ISO date (``YYYY-MM-DD``); ``None`` stays ``None``."""
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError(f"not a valid date (YYYY-MM-DD): {str(value)[:40]!r}", path=path, field=field) from None


def validate_id(value, *, path=None, field: str = "id") -> str:
    """Check an id is a safe slug (lowercase letters, digits, ``.-_``; no path separators)."""
    if not isinstance(value, str) or not ID_RE.match(value) or ".." in value:
        raise ValidationError(
            f"must be a slug of lowercase letters, digits, '.', '-', '_' (got {str(value)[:60]!r})",
            path=path, field=field)
    return value


_C0_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def validate_metadata(meta: Mapping, *, path=None) -> dict:
    """Check and normalise article front matter; return the fields :class:`Article` takes."""
    unknown = sorted(set(meta) - set(ARTICLE_FIELDS))
    if unknown:
        raise ValidationError(f"unknown field (allowed: {', '.join(ARTICLE_FIELDS)})", path=path, field=unknown[0])
    for key in REQUIRED_ARTICLE_FIELDS:
        if meta.get(key) in (None, ""):
            raise ValidationError("required field is missing or empty", path=path, field=key)
    out = {k: meta.get(k) for k in ARTICLE_FIELDS}
    validate_id(out["id"], path=path)
    validate_id(out["outlet"], path=path, field="outlet")
    if out["event"] is not None:
        validate_id(out["event"], path=path, field="event")
    out["date"] = parse_date(out["date"], path=path)
    for key in ("title", "url", "language", "license", "license_note", "sha256"):
        if out[key] is not None and not isinstance(out[key], str):
            raise ValidationError(f"must be a string, got {type(out[key]).__name__}", path=path, field=key)
        if out[key] is not None and _C0_RE.search(out[key]):
            raise ValidationError("contains control characters", path=path, field=key)
    if "\n" in out["title"] or "\r" in out["title"]:
        raise ValidationError("must be one line", path=path, field="title")
    if not re.fullmatch(r"[0-9a-f]{64}", out["sha256"]):
        raise ValidationError("must be 64 lowercase hex digits", path=path, field="sha256")
    if out["url"] is not None and not re.match(r"^https?://\S+$", out["url"]):
        raise ValidationError("must be an http(s) URL", path=path, field="url")
    if out["provenance"] is None:
        out["provenance"] = {}
    if not isinstance(out["provenance"], dict):
        raise ValidationError("must be a mapping", path=path, field="provenance")
    return out


# ----------------------------------------------------------------------------- registries

OUTLET_FIELDS = ("id", "name", "country", "language", "type", "ownership", "tags")
EVENT_FIELDS = ("id", "title", "date", "description", "keywords")


def read_registry(path: Path, kind: str) -> dict[str, dict]:
    """Read ``outlets.yaml`` or ``events.yaml`` into ``{id: record}``; validate every record.

    Raises
    ------
    ValidationError
        The first problem found (see :func:`check_registry` for all of them).
    """
    problems: list[ValidationError] = []
    records = check_registry(path, kind, problems)
    if problems:
        raise problems[0]
    return records


def check_registry(path: Path, kind: str, problems: list) -> dict[str, dict]:
    """Read a registry, appending every problem (a :class:`ValidationError`) to ``problems``.

    Returns the records that are valid, so later checks can still run.
    """
    fields = OUTLET_FIELDS if kind == "outlet" else EVENT_FIELDS
    path = Path(path)
    if not path.exists():
        return {}
    raw = path.read_bytes()
    if b"\x00" in raw:
        problems.append(ValidationError("binary content (NUL byte), not YAML", path=path))
        return {}
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except UnicodeDecodeError:
        problems.append(ValidationError("not valid UTF-8", path=path))
        return {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problems.append(ValidationError(f"not valid YAML{where}", path=path))
        return {}
    if data is None:
        return {}
    if not isinstance(data, list):
        problems.append(ValidationError(f"must be a list of {kind} records", path=path))
        return {}
    out: dict[str, dict] = {}
    for i, rec in enumerate(data):
        try:
            rid, rec = _check_record(rec, i, kind, fields, path)
        except ValidationError as exc:
            problems.append(exc)
            continue
        if rid in out:
            problems.append(ValidationError(f"record {i}: duplicate {kind} id {rid!r}", path=path, field="id"))
            continue
        out[rid] = rec
    return out


def _check_record(rec, i: int, kind: str, fields, path) -> tuple[str, dict]:
    if not isinstance(rec, dict):
        raise ValidationError(f"record {i} must be a mapping", path=path)
    unknown = sorted(set(rec) - set(fields))
    if unknown:
        raise ValidationError(f"record {i}: unknown field (allowed: {', '.join(fields)})", path=path, field=unknown[0])
    try:
        rid = validate_id(rec.get("id"), path=path, field="id")
    except ValidationError as exc:
        raise ValidationError(f"record {i}: {exc.message}", path=path, field="id") from None
    rec = {k: rec.get(k) for k in fields}
    for key in fields:
        if key not in ("tags", "keywords", "date", "id") and rec[key] is not None and not isinstance(rec[key], str):
            raise ValidationError(f"{kind} {rid!r}: must be a string", path=path, field=key)
    if kind == "outlet":
        if not rec["name"]:
            raise ValidationError(f"outlet {rid!r} has no name", path=path, field="name")
        if rec["type"] is not None and rec["type"] not in OUTLET_TYPES:
            raise ValidationError(f"outlet {rid!r}: type must be one of {', '.join(OUTLET_TYPES)}", path=path, field="type")
        tags = rec["tags"] or {}
        if not isinstance(tags, dict):
            raise ValidationError(f"outlet {rid!r}: tags must be a mapping", path=path, field="tags")
        for k, v in tags.items():
            if not isinstance(k, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", k) or isinstance(v, (dict, list)):
                raise ValidationError(f"outlet {rid!r}: tag {str(k)[:30]!r} must be a lowercase name with a scalar value",
                                      path=path, field="tags")
        rec["tags"] = {str(k): str(v) for k, v in tags.items()}
    else:
        if not rec["title"]:
            raise ValidationError(f"event {rid!r} has no title", path=path, field="title")
        rec["date"] = parse_date(rec["date"], path=path)
        kw = rec["keywords"] or []
        if not isinstance(kw, list):
            raise ValidationError(f"event {rid!r}: keywords must be a list", path=path, field="keywords")
        rec["keywords"] = [str(k) for k in kw]
    return rid, rec


def format_registry(records: Mapping[str, dict]) -> str:
    """Serialize a registry, records sorted by id, dates as ISO strings."""
    rows = []
    for rid in sorted(records):
        rec = dict(records[rid])
        if isinstance(rec.get("date"), _dt.date):
            rec["date"] = rec["date"].isoformat()
        rows.append({k: v for k, v in rec.items() if v not in (None, [], {})})
    return _dump_yaml(rows)


# ----------------------------------------------------------------------------- the corpus

@dataclass(frozen=True)
class _Entry:
    """What the index knows of an article without reading its text."""

    id: str
    outlet: str
    event: str | None
    date: _dt.date | None
    path: Path | None
    row: int | None = None


class Corpus:
    """A selection of articles with their outlet and event registries.

    Build one with :func:`load_corpus`. Selections (``filter``) are cheap and lazy: article texts
    are read when iterated. Every view takes the same selection arguments.

    Examples
    --------
    >>> corpus = load_corpus("sources", events="astana-2017-05-04")   # doctest: +SKIP
    >>> corpus.to_frame()[["id", "outlet", "license"]]                 # doctest: +SKIP
    """

    def __init__(self, *, root, outlets, events, entries, loader, kind="directory"):
        self.root = Path(root)
        self.kind = kind
        self._outlets = outlets
        self._events = events
        self._entries: list[_Entry] = list(entries)
        self._loader = loader

    # -- description
    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"<Corpus {self.root} ({self.kind}): {len(self)} articles, {len(self.outlet_ids)} outlets, {len(self.event_ids)} events>"

    @property
    def ids(self) -> list[str]:
        return [e.id for e in self._entries]

    @property
    def outlet_ids(self) -> list[str]:
        return sorted({e.outlet for e in self._entries})

    @property
    def event_ids(self) -> list[str]:
        return sorted({e.event for e in self._entries if e.event})

    @property
    def outlet_registry(self) -> dict[str, dict]:
        return self._outlets

    @property
    def event_registry(self) -> dict[str, dict]:
        return self._events

    def outlets(self):
        """The outlet registry as a DataFrame (one row per outlet, tags as ``tag:<name>`` columns)."""
        import pandas as pd

        rows = []
        for rid, rec in sorted(self._outlets.items()):
            row = {k: rec.get(k) for k in OUTLET_FIELDS if k != "tags"}
            row.update({f"tag:{k}": v for k, v in (rec.get("tags") or {}).items()})
            rows.append(row)
        return pd.DataFrame(rows, columns=None if rows else list(OUTLET_FIELDS[:-1]))

    def events(self):
        """The event registry as a DataFrame."""
        import pandas as pd

        rows = [{k: rec.get(k) for k in EVENT_FIELDS} for _, rec in sorted(self._events.items())]
        return pd.DataFrame(rows, columns=list(EVENT_FIELDS))

    def readme(self) -> str:
        """The corpus's own description (``README.md`` in its directory), or ``""``."""
        p = self.root / "README.md" if self.root.is_dir() else None
        return p.read_text(encoding="utf-8") if p is not None and p.is_file() else ""

    def licenses(self):
        """Licence of each selected article, counted: a DataFrame (license, license_note, articles)."""
        import pandas as pd

        counts: dict[tuple, int] = {}
        for a in self.articles():
            key = (a.license, a.license_note)
            counts[key] = counts.get(key, 0) + 1
        rows = [{"license": k[0], "license_note": k[1], "articles": n}
                for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))]
        return pd.DataFrame(rows, columns=["license", "license_note", "articles"])

    def outlet_tag(self, outlet: str, tag: str) -> str | None:
        return (self._outlets.get(outlet, {}).get("tags") or {}).get(tag)

    # -- selection
    def filter(self, *, events=None, outlets=None, date_range=None, tags=None, ids=None) -> "Corpus":
        """Select articles; every argument narrows the selection.

        Parameters
        ----------
        events, outlets, ids : str or sequence of str, optional
        date_range : (start, end), optional
            Inclusive ISO dates or ``datetime.date``; either end may be ``None``.
        tags : mapping, optional
            Outlet tags that must match, e.g. ``{"camp": "pro"}``.
        """
        events = _as_set(events, "events")
        outlets = _as_set(outlets, "outlets")
        ids = _as_set(ids, "ids")
        lo = hi = None
        if date_range is not None:
            if not isinstance(date_range, (tuple, list)) or len(date_range) != 2:
                raise ValidationError("must be a (start, end) pair", field="date_range")
            lo = parse_date(date_range[0], field="date_range")
            hi = parse_date(date_range[1], field="date_range")
        if tags is not None and not isinstance(tags, Mapping):
            raise ValidationError("must be a mapping such as {'camp': 'pro'}", field="tags")
        for name, wanted, known in (("events", events, self._events), ("outlets", outlets, self._outlets)):
            if wanted and known:
                missing = sorted(wanted - set(known))
                if missing:
                    raise ValidationError(f"unknown id {missing[0]!r} (known: {', '.join(sorted(known)[:12])})", field=name)
        keep = []
        for e in self._entries:
            if events is not None and e.event not in events:
                continue
            if outlets is not None and e.outlet not in outlets:
                continue
            if ids is not None and e.id not in ids:
                continue
            if lo is not None and (e.date is None or e.date < lo):
                continue
            if hi is not None and (e.date is None or e.date > hi):
                continue
            if tags and any(self.outlet_tag(e.outlet, k) != str(v) for k, v in tags.items()):
                continue
            keep.append(e)
        return Corpus(root=self.root, outlets=self._outlets, events=self._events, entries=keep,
                      loader=self._loader, kind=self.kind)

    # -- reading
    def __iter__(self) -> Iterator[Article]:
        return self.articles()

    def articles(self) -> Iterator[Article]:
        """Read the selected articles lazily, in a stable order (event, date, outlet, id)."""
        for e in self._entries:
            yield self._loader(e)

    def __getitem__(self, article_id: str) -> Article:
        for e in self._entries:
            if e.id == article_id:
                return self._loader(e)
        raise KeyError(article_id)

    def iter_chunks(self, size: int = 1000) -> Iterator[list[Article]]:
        """Yield lists of at most ``size`` articles (for streaming)."""
        chunk = []
        for a in self.articles():
            chunk.append(a)
            if len(chunk) >= size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def to_frame(self, *, text: bool = True):
        """One row per article: metadata, outlet name and tags, and (by default) the text."""
        import pandas as pd

        tag_names = sorted({k for rec in self._outlets.values() for k in (rec.get("tags") or {})})
        rows = []
        if text:
            for a in self.articles():
                row = a.metadata()
                row.pop("provenance")
                row["text"] = a.text
                row["headline"] = a.headline
                rows.append(row)
        else:
            rows = [{"id": e.id, "outlet": e.outlet, "event": e.event,
                     "date": e.date.isoformat() if e.date else None} for e in self._entries]
        for row in rows:
            rec = self._outlets.get(row["outlet"], {})
            row["outlet_name"] = rec.get("name", row["outlet"])
            for t in tag_names:
                row[f"tag:{t}"] = (rec.get("tags") or {}).get(t)
        cols = ["id", "outlet", "outlet_name", "event", "date", "title", "url", "language", "license",
                "license_note", "sha256", "headline", "text"] + [f"tag:{t}" for t in tag_names]
        df = pd.DataFrame(rows)
        df = df[[c for c in cols if c in df.columns]] if rows else pd.DataFrame(columns=[c for c in cols if text or c in ("id", "outlet", "outlet_name", "event", "date")])
        return df

    def fingerprint(self) -> str:
        """A hash over the selected articles' ids and content hashes (for reproducible reports)."""
        h = hashlib.sha256()
        for a in self.articles():
            h.update(f"{a.id}\t{a.sha256 or text_hash(a.text)}\n".encode())
        return h.hexdigest()


def _as_set(value, name) -> set | None:
    if value is None:
        return None
    if isinstance(value, str):
        return {value}
    try:
        return {str(v) for v in value}
    except TypeError:
        raise ValidationError("must be a string or a list of strings", field=name) from None


def _sort_key(e: _Entry):
    return (e.event or "", e.date or _dt.date.min, e.outlet, e.id)


def load_corpus(source="sources", *, events=None, outlets=None, date_range=None, tags=None) -> Corpus:
    """Load a corpus from a directory, or from a JSONL / CSV / Parquet file.

    Parameters
    ----------
    source : path-like, default "sources"
        A corpus directory (see the module docstring) or a tabular file with at least
        ``id, outlet, text`` columns.
    events, outlets, date_range, tags
        Selection, as in :meth:`Corpus.filter`.

    Returns
    -------
    Corpus

    Raises
    ------
    CorpusError
        The source does not exist or is not a corpus; ``ValidationError`` for a malformed file,
        naming the file and field.
    """
    path = Path(source)
    if not path.exists():
        raise CorpusError("no such corpus directory or file", path=path)
    if path.is_dir():
        corpus = _load_directory(path)
    elif path.suffix.lower() in TABULAR_SUFFIXES:
        corpus = _load_table(path, TABULAR_SUFFIXES[path.suffix.lower()])
    else:
        raise CorpusError(f"not a corpus: expected a directory or one of {', '.join(sorted(TABULAR_SUFFIXES))}", path=path)
    if any(v is not None for v in (events, outlets, date_range, tags)):
        corpus = corpus.filter(events=events, outlets=outlets, date_range=date_range, tags=tags)
    return corpus


def read_front_matter(path: Path) -> dict:
    """Read only the front matter of an article file (cheap: stops at the closing ``---``)."""
    lines = []
    with open(path, "rb") as fh:
        first = fh.readline()
        if first.lstrip(b"\xef\xbb\xbf").replace(b"\r\n", b"\n") != b"---\n":
            raise ValidationError("missing front matter (file must start with a '---' line)", path=path)
        for line in fh:
            if line in (b"---\n", b"---\r\n"):
                break
            lines.append(line)
        else:
            raise ValidationError("front matter is not closed by a '---' line", path=path)
    try:
        meta = yaml.safe_load(b"".join(lines).decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError):
        raise ValidationError("front matter is not valid UTF-8 YAML", path=path) from None
    if not isinstance(meta, dict):
        raise ValidationError("front matter must be a mapping of fields", path=path)
    return meta


def _load_directory(root: Path) -> Corpus:
    outlets = read_registry(root / "outlets.yaml", "outlet")
    events = read_registry(root / "events.yaml", "event")
    if not outlets and not (root / "articles").is_dir():
        raise CorpusError("not a corpus directory (no outlets.yaml and no articles/)", path=root)
    entries = []
    seen: dict[str, Path] = {}
    for p in sorted((root / "articles").glob("*/*.txt")):
        meta = read_front_matter(p)
        aid = validate_id(meta.get("id"), path=p)
        if aid in seen:
            raise ValidationError(f"duplicate article id {aid!r} (also in {seen[aid]})", path=p, field="id")
        seen[aid] = p
        outlet = validate_id(meta.get("outlet"), path=p, field="outlet")
        event = meta.get("event")
        entries.append(_Entry(aid, outlet, event, parse_date(meta.get("date"), path=p), p))
    entries.sort(key=_sort_key)

    def loader(e: _Entry) -> Article:
        return parse_article(e.path.read_bytes(), path=e.path)

    return Corpus(root=root, outlets=outlets, events=events, entries=entries, loader=loader)


def _read_table(path: Path, kind: str):
    import pandas as pd

    try:
        if kind == "jsonl":
            df = pd.read_json(path, lines=True, dtype=False)
        elif kind == "csv":
            df = pd.read_csv(path, dtype=str, keep_default_na=False)
        else:
            df = pd.read_parquet(path)
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        raise CorpusError(f"cannot read {kind.upper()}: {str(exc).splitlines()[0][:120]}", path=path) from None
    return df


def _load_table(path: Path, kind: str) -> Corpus:
    df = _read_table(path, kind)
    for col in ("id", "outlet", "text"):
        if col not in df.columns:
            raise ValidationError("required column is missing", path=path, field=col)
    records = df.to_dict("records")
    entries = []
    seen = set()
    for i, rec in enumerate(records):
        aid = str(rec["id"])
        if aid in seen:
            raise ValidationError(f"duplicate article id {aid!r} (row {i + 1})", path=path, field="id")
        seen.add(aid)
        if not isinstance(rec["text"], str) or not rec["text"].strip():
            raise ValidationError(f"row {i + 1} (id {aid!r}) has no text", path=path, field="text")
        date = parse_date(_clean(rec.get("date")), path=path)
        entries.append(_Entry(aid, str(rec["outlet"]), _clean(rec.get("event")), date, None, i))
    entries.sort(key=_sort_key)
    outlets = {o: {"id": o, "name": o, "tags": {}} for o in sorted({e.outlet for e in entries})}
    events = {ev: {"id": ev, "title": ev} for ev in sorted({e.event for e in entries if e.event})}

    def loader(e: _Entry) -> Article:
        rec = records[e.row]
        text = rec["text"]
        return Article(id=e.id, outlet=e.outlet, text=text, event=e.event, date=e.date,
                       title=_clean(rec.get("title")), url=_clean(rec.get("url")),
                       license=_clean(rec.get("license")), sha256=text_hash(text),
                       provenance={"method": "table", "source": str(path), "row": e.row})

    return Corpus(root=path, outlets=outlets, events=events, entries=entries, loader=loader, kind=kind)


def _clean(v):
    if v is None:
        return None
    try:
        import math

        if isinstance(v, float) and math.isnan(v):
            return None
    except TypeError:
        pass
    v = str(v)
    return v or None


# ----------------------------------------------------------------------------- writing

def article_path(root, article_id: str, outlet: str) -> Path:
    """Where an article lives: ``<root>/articles/<outlet>/<id>.txt``, checked to stay inside ``root``.

    Raises
    ------
    ValidationError
        The id or outlet is not a safe slug, or the path would leave the corpus (``..``, ``/``,
        or a symbolic link pointing elsewhere).
    """
    root = Path(root)
    validate_id(article_id, field="id")
    validate_id(outlet, field="outlet")
    path = root / "articles" / outlet / f"{article_id}.txt"
    base = (root / "articles").resolve()
    if not path.resolve().is_relative_to(base) or path.parent.resolve() != base / outlet:
        raise ValidationError("would write outside the corpus (symbolic link?)", path=path, field="outlet")
    return path


def write_article(root, article: Article) -> Path:
    """Write one article file atomically; never overwrite an existing file.

    The caller should hold :func:`framing._io.corpus_lock` when it also checks for duplicates.

    Raises
    ------
    ValidationError
        The article would not read back identically (text not in canonical form, see
        :func:`normalize_text`), or its path is unsafe.
    CorpusError
        A file already exists at the article's path.
    """
    from ._io import atomic_write

    path = article_path(root, article.id, article.outlet)
    data = format_article(article)
    back = parse_article(data, path=path, check_hash=False)
    if back.sha256 != text_hash(back.text) and back.text == article.text:
        raise ValidationError("content hash does not match the text", path=path, field="sha256")
    if back.text != article.text or [s.kind for s in back.segments] != [s.kind for s in article.segments]:
        raise ValidationError("text would not read back identically (blocks not in canonical form)",
                              path=path, field="text")
    atomic_write(path, data)
    return path


def add_registry_records(root, kind: str, records: Sequence[Mapping]) -> Path:
    """Add records to ``outlets.yaml`` (``kind="outlet"``) or ``events.yaml`` (``kind="event"``).

    Existing records are never changed: an id already registered raises. The registry is rewritten
    atomically. The caller holds :func:`framing._io.corpus_lock` (the lock is not re-entrant).
    """
    from ._io import atomic_write

    root = Path(root)
    path = root / ("outlets.yaml" if kind == "outlet" else "events.yaml")
    current = read_registry(path, kind)
    fields = OUTLET_FIELDS if kind == "outlet" else EVENT_FIELDS
    merged = dict(current)
    for i, rec in enumerate(records):
        rid, clean = _check_record(dict(rec), i, kind, fields, path)
        if rid in merged:
            raise ValidationError(f"{kind} {rid!r} is already registered", path=path, field="id")
        merged[rid] = clean
    atomic_write(path, format_registry(merged), overwrite=True)
    return path


# ----------------------------------------------------------------------------- validation

COVERAGE_COLUMNS = ("ref", "outlet", "date", "url")


def check_corpus(root) -> list[ValidationError]:
    """Check a whole corpus directory and return every problem found (empty list: all good).

    Checks: both registries (schema, duplicate ids); each article file (encoding, front matter,
    fields, content hash, file name equal to the id, folder equal to the outlet); that outlets and
    events are registered; duplicate article ids and duplicate texts across files; the coverage
    indexes (columns, registered outlets, dates). Each problem names its file and field.
    """
    root = Path(root)
    if not root.is_dir():
        raise CorpusError("no such corpus directory", path=root)
    problems: list[ValidationError] = []
    if not (root / "outlets.yaml").exists():
        problems.append(ValidationError("missing outlet registry", path=root / "outlets.yaml"))
    outlets = check_registry(root / "outlets.yaml", "outlet", problems)
    events = check_registry(root / "events.yaml", "event", problems)
    ids: dict[str, Path] = {}
    hashes: dict[str, Path] = {}
    adir = root / "articles"
    files = sorted(p for p in adir.rglob("*") if p.is_file()) if adir.is_dir() else []
    for p in files:
        rel = p.relative_to(adir)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if p.suffix != ".txt" or len(rel.parts) != 2:
            problems.append(ValidationError("not an article file (expected articles/<outlet>/<id>.txt)", path=p))
            continue
        try:
            art = parse_article(p.read_bytes(), path=p)
        except ValidationError as exc:
            problems.append(exc)
            continue
        if p.stem != art.id:
            problems.append(ValidationError(f"file name does not match id {art.id!r}", path=p, field="id"))
        if rel.parts[0] != art.outlet:
            problems.append(ValidationError(f"file is in folder {rel.parts[0]!r}, not its outlet's", path=p, field="outlet"))
        if art.outlet not in outlets:
            problems.append(ValidationError(f"outlet {art.outlet!r} is not in outlets.yaml", path=p, field="outlet"))
        if art.event is not None and art.event not in events:
            problems.append(ValidationError(f"event {art.event!r} is not in events.yaml", path=p, field="event"))
        if art.id in ids:
            problems.append(ValidationError(f"duplicate article id (also in {ids[art.id]})", path=p, field="id"))
        else:
            ids[art.id] = p
        if art.sha256 in hashes:
            problems.append(ValidationError(f"same text as {hashes[art.sha256]}", path=p, field="sha256"))
        else:
            hashes[art.sha256] = p
    cdir = root / "coverage"
    for p in sorted(cdir.glob("*.csv")) if cdir.is_dir() else []:
        problems.extend(check_coverage(p, outlets=outlets, events=events))
    return problems


def read_coverage(path) -> list[dict]:
    """Read a coverage index (``coverage/<event>.csv``) into a list of row dicts (all strings)."""
    import csv

    path = Path(path)
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            rows = list(reader)
            header = reader.fieldnames or []
    except UnicodeDecodeError:
        raise ValidationError("not valid UTF-8", path=path) from None
    except csv.Error as exc:
        raise ValidationError(f"not valid CSV: {exc}", path=path) from None
    for col in COVERAGE_COLUMNS:
        if col not in header:
            raise ValidationError("required column is missing", path=path, field=col)
    return rows


def check_coverage(path, *, outlets: Mapping, events: Mapping) -> list[ValidationError]:
    """Every problem of one coverage index: columns, event file name, outlets, dates, duplicate refs."""
    path = Path(path)
    try:
        rows = read_coverage(path)
    except ValidationError as exc:
        return [exc]
    out = []
    if events and path.stem not in events:
        out.append(ValidationError(f"event {path.stem!r} (from the file name) is not in events.yaml", path=path))
    refs = set()
    for i, row in enumerate(rows, start=2):
        row = {k: (v or "") for k, v in row.items() if k is not None}
        if row["ref"] in refs:
            out.append(ValidationError(f"line {i}: duplicate ref {row['ref']!r}", path=path, field="ref"))
        refs.add(row["ref"])
        if row["outlet"] not in outlets:
            out.append(ValidationError(f"line {i}: outlet {row['outlet']!r} is not in outlets.yaml", path=path, field="outlet"))
        try:
            parse_date(row["date"], path=path)
        except ValidationError:
            out.append(ValidationError(f"line {i}: not a valid date {row['date']!r}", path=path, field="date"))
        if row["url"] and not re.match(r"^https?://\S+$", row["url"]):
            out.append(ValidationError(f"line {i}: not an http(s) URL", path=path, field="url"))
    return out
