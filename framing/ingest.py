"""Adding articles to a corpus: plain text, HTML and URLs, with duplicate, wire-copy and event checks.

:func:`add_article` is what ``framing add`` runs. It reads one input, turns it into the article
file format of :mod:`framing.corpus`, checks it against the corpus, and writes it atomically under
the corpus lock, so concurrent ``add`` runs never clobber each other and nothing is overwritten.

Method
------
- **Reading.** Plain text is read as UTF-8 (or ``encoding=``); text holding NUL bytes or many
  control characters is refused as binary; text that carries HTML markup must be passed as HTML.
  HTML (a file or a downloaded page) goes through trafilatura (Barbaresi 2021, "Trafilatura: A
  Web Scraping Library and Command-Line Tool for Text Discovery and Extraction", ACL demos):
  boilerplate, scripts and comments are dropped; the title and date it finds are used when none
  is given. URLs are downloaded with ``urllib`` under a timeout and a size limit, with retries and
  exponential back-off for time-outs, 429 and 5xx answers.
- **Blocks.** The text is split into blocks at blank lines (a single line break ends a block in
  HTML extractions). The first block is the headline: when it is not the title, the title is put
  in front. A block is a photo caption when it starts with one of ``caption_prefixes`` or ends
  with a photo credit such as ``(Photo by AFP)`` / ``(AP Photo/...)``; captions are stored with
  the ``[caption]`` marker so features can leave them out.
- **Duplicates.** An exact duplicate has the same content hash (SHA-256 of the text as loaded) as
  an article already in the corpus: refused, naming it. A near duplicate from the *same* outlet has
  Jaccard similarity >= ``near_threshold`` (0.8) between the sets of 5-word shingles of headline
  and body (Broder 1997, "On the resemblance and containment of documents"): refused, naming it.
- **Wire copy.** When another outlet's article contains >= ``wire_threshold`` (0.5) of the new
  article's shingles (or the reverse; Broder's containment), or the body carries a wire credit
  (``(AFP)``, ``(Reuters)``, ``- AP``, ``Reporting by ...``, ``Agence France-Presse``...) of a wire
  that is not the outlet, the article is **flagged** (``provenance.flags``), not refused. Texts
  with fewer than 10 shingles are not compared for copy.
- **Event suggestion.** With no event given, events are ranked by TF-IDF cosine similarity
  between the text and each event's title, description, keywords and article texts, weighted by
  date proximity ``1 / (1 + |days| / 7)``; the best is suggested, not applied.

Known limits: near-duplicate detection compares against every article (quadratic over a batch;
fine for tens of thousands); wire credits are found by patterns, so a credit phrased otherwise is
missed and a sentence quoting "(Reuters)" is flagged; trafilatura can drop short paragraphs or
keep a related-links list on unusual page layouts.
"""

from __future__ import annotations

import datetime as _dt
import re
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

from . import __version__
from ._io import corpus_lock
from .corpus import (
    CAPTION_MARK, EVENT_FIELDS, OUTLET_FIELDS, Article, Segment, _check_record, add_registry_records,
    article_path, format_article, parse_article, parse_date, read_registry, split_blocks, text_hash,
    validate_id, write_article,
)
from .errors import CorpusError, DuplicateArticleError, FetchError, ValidationError

__all__ = [
    "Extracted", "AddResult", "read_source", "extract_html", "download", "add_article",
    "prepare_blocks", "shingles", "jaccard", "containment", "wire_credits", "suggest_events", "copy_flags",
    "slugify", "MAX_BYTES", "DEFAULT_TIMEOUT",
]

MAX_BYTES = 5_000_000
DEFAULT_TIMEOUT = 20.0
SHINGLE_SIZE = 5
NEAR_THRESHOLD = 0.8
WIRE_THRESHOLD = 0.5
MIN_SHINGLES_FOR_COPY = 10
USER_AGENT = f"framing/{__version__} (+research corpus builder)"
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}

#: wire id -> names that appear in its credits
WIRES = {
    "afp": ("AFP", "Agence France-Presse", "Agence France Presse"),
    "reuters": ("Reuters",),
    "ap": ("AP", "Associated Press"),
    "dpa": ("dpa", "DPA"),
    "efe": ("EFE",),
    "xinhua": ("Xinhua",),
    "tass": ("TASS",),
    "anadolu": ("Anadolu Agency", "Anadolu"),
    "ians": ("IANS",),
}

_PHOTO_CREDIT_RE = re.compile(
    r"(?:\((?:[^()]{0,40}\b)?(?:photo|photograph|picture|image|file photo)s?\b[^()]{0,80}\)"
    r"|\b(?:photo|image|picture)\s*(?:by|credit|:)\s*[^.]{1,60})\s*\.?\s*$", re.I)
_HTML_MARKUP_RE = re.compile(r"<\s*(?:script|style|html|body|head|div|p|iframe|a\s+href|!doctype)\b", re.I)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass
class Extracted:
    """What was read from one input, before it becomes an article."""

    text: str
    method: str                      # "text", "html" or "url"
    source: str
    title: str | None = None
    date: _dt.date | None = None
    url: str | None = None
    extractor: str = "framing.ingest"
    extractor_version: str = __version__


@dataclass
class AddResult:
    """The outcome of :func:`add_article`."""

    article: Article
    path: Path
    written: bool
    warnings: list[str] = field(default_factory=list)
    suggestions: list[tuple[str, float]] = field(default_factory=list)
    registered: list[str] = field(default_factory=list)


# ----------------------------------------------------------------------------- reading

def read_source(source, *, fmt: str = "auto", encoding: str | None = None,
                timeout: float = DEFAULT_TIMEOUT, max_bytes: int = MAX_BYTES, retries: int = 2,
                backoff: float = 0.5, stdin=None) -> Extracted:
    """Read one input: a file path, ``"-"`` for stdin, or an http(s) URL.

    Parameters
    ----------
    source : str or path-like
    fmt : {"auto", "text", "html"}
        ``auto`` treats ``.html``/``.htm`` files, pages starting with ``<!doctype html`` or
        ``<html``, and URLs answering ``text/html`` as HTML.
    encoding : str, optional
        Text encoding of a file (default UTF-8, strict).
    timeout, max_bytes, retries
        Download limits for URLs; ``max_bytes`` also caps files and stdin.

    Raises
    ------
    ValidationError
        Missing, empty, binary, oversized or undecodable input (naming the file).
    FetchError
        A URL could not be downloaded.
    """
    if fmt not in ("auto", "text", "html"):
        raise ValidationError(f"must be auto, text or html (got {fmt!r})", field="format")
    src = str(source)
    content_type = ""
    if re.match(r"^https?://", src, re.I):
        raw, content_type, final = download(src, timeout=timeout, max_bytes=max_bytes, retries=retries,
                                            backoff=backoff)
        method, url = "url", final
    elif src == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        raw = stream.read(max_bytes + 1)
        if isinstance(raw, str):
            raw = raw.encode("utf-8")
        if len(raw) > max_bytes:
            raise ValidationError(f"input larger than the {max_bytes}-byte limit", path="<stdin>", field="text")
        method, url = "text", None
    else:
        path = Path(src)
        if not path.exists():
            raise ValidationError("no such file", path=path)
        if not path.is_file():
            raise ValidationError("not a regular file", path=path)
        size = path.stat().st_size
        if size > max_bytes:
            raise ValidationError(f"file is {size} bytes, over the {max_bytes}-byte limit", path=path, field="text")
        raw = path.read_bytes()
        method, url = "text", None
    where = "<stdin>" if src == "-" else src
    if not raw.strip():
        raise ValidationError("empty input", path=where, field="text")
    is_html = fmt == "html" or (fmt == "auto" and (
        "html" in content_type.lower()
        or Path(src.split("?")[0]).suffix.lower() in HTML_SUFFIXES
        or re.match(rb"^\s*(?:<!doctype\s+html|<html)", raw[:1024], re.I) is not None))
    if b"\x00" in raw[:8192]:
        raise ValidationError("binary content (NUL byte), not text", path=where, field="text")
    text = _decode(raw, encoding=encoding, where=where, content_type=content_type)
    if is_html:
        ex = extract_html(text, url=url, where=where)
        ex.method = method if method == "url" else "html"
        ex.source = src
        return ex
    if _HTML_MARKUP_RE.search(text):
        raise ValidationError("text carries HTML markup (e.g. <script>); pass it as HTML (--format html)",
                              path=where, field="text")
    return Extracted(text=text, method=method, source=src, url=url)


def _decode(raw: bytes, *, encoding, where, content_type="") -> str:
    enc = encoding
    if enc is None:
        m = re.search(r"charset=([\w.-]+)", content_type or "", re.I)
        enc = m.group(1) if m else "utf-8"
    try:
        text = raw.decode(enc)
    except LookupError:
        raise ValidationError(f"unknown encoding {enc!r}", path=where, field="encoding") from None
    except UnicodeDecodeError as exc:
        raise ValidationError(f"not valid {enc} (byte {exc.start}); give --encoding", path=where, field="text") from None
    text = text.lstrip("\ufeff")
    if len(_CONTROL_RE.findall(text)) > max(3, len(text) // 1000):
        raise ValidationError("binary content (control characters), not text", path=where, field="text")
    return _CONTROL_RE.sub("", text)


def extract_html(html: str | bytes, *, url: str | None = None, where=None) -> Extracted:
    """Extract the main text, title and date of an HTML page with trafilatura.

    Paragraphs become blocks; scripts, styles, navigation and comments are dropped.

    Raises
    ------
    ValidationError
        No article text could be found in the page.
    """
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    if doc is not None and not isinstance(doc, dict):
        doc = doc.as_dict()
    text = (doc or {}).get("text") or ""
    if not text.strip():
        raise ValidationError("no article text found in the HTML", path=where or url, field="text")
    blocks = [line.strip() for line in text.replace("\r", "\n").split("\n") if line.strip()]
    date = None
    raw_date = (doc or {}).get("date")
    if raw_date:
        try:
            date = _dt.date.fromisoformat(str(raw_date)[:10])
        except ValueError:
            date = None
    title = (doc or {}).get("title") or None
    if title:
        title = re.sub(r"\s+", " ", title).strip()
    return Extracted(text="\n\n".join(blocks), method="html", source=str(where or url), title=title,
                     date=date, url=(doc or {}).get("url") or url, extractor="trafilatura",
                     extractor_version=trafilatura.__version__)


def download(url: str, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = MAX_BYTES,
             retries: int = 2, backoff: float = 0.5) -> tuple[bytes, str, str]:
    """Download ``url``; return ``(body, content_type, final_url)``.

    Time-outs, connection errors, 429 and 5xx answers are retried ``retries`` times with
    exponential back-off (``backoff * 2**attempt`` seconds); other HTTP errors fail at once.

    Raises
    ------
    FetchError
        One line with the URL and the reason (HTTP status, time-out, too large, ...).
    """
    import http.client
    import urllib.error
    import urllib.request

    if not re.match(r"^https?://\S+$", url, re.I):
        raise FetchError("not an http(s) URL", path=url, field="url")
    last = "unknown error"
    retryable = True
    for attempt in range(retries + 1):
        if attempt:
            time.sleep(backoff * 2 ** (attempt - 1))
        req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,text/plain;q=0.9,*/*;q=0.1"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                length = resp.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > max_bytes:
                    raise _fetch_error(f"response is {length} bytes, over the {max_bytes}-byte limit", url, False)
                body = resp.read(max_bytes + 1)
                if len(body) > max_bytes:
                    raise _fetch_error(f"response over the {max_bytes}-byte limit", url, False)
                return body, resp.headers.get("Content-Type", ""), resp.geturl()
        except urllib.error.HTTPError as exc:
            last = f"HTTP {exc.code} {exc.reason}"
            if exc.code != 429 and exc.code < 500:
                retryable = False
                break
        except (TimeoutError, urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            reason = getattr(exc, "reason", exc)
            last = "timed out" if isinstance(reason, TimeoutError) or "timed out" in str(reason) else f"connection failed: {reason}"
    raise _fetch_error(f"download failed after {attempt + 1} attempt(s): {last}", url, retryable)


def _fetch_error(message: str, url: str, retryable: bool) -> FetchError:
    exc = FetchError(message, path=url, field="url")
    exc.retryable = retryable
    return exc


# ----------------------------------------------------------------------------- blocks and titles

def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).replace("’", "'").replace("‘", "'")
    return re.sub(r"\s+", " ", s).strip().lower()


def prepare_blocks(text: str, *, title: str | None, caption_prefixes: Sequence[str] = (),
                   detect_captions: bool = True, where=None) -> tuple[str, list[str], list[str], list[str]]:
    """Turn raw text into ``(title, blocks, kinds, notes)`` for the article format.

    The first block is the headline: when ``title`` is given and differs from the first block,
    the title is put in front; with no title, a one-line first block of at most 300 characters
    is taken as the title.
    """
    blocks = split_blocks(text)
    if not blocks:
        raise ValidationError("empty article text", path=where, field="text")
    notes = []
    if title is not None:
        title = re.sub(r"\s+", " ", title).strip()
        if not title:
            raise ValidationError("must not be empty", path=where, field="title")
        if _norm(blocks[0]) != _norm(title):
            blocks.insert(0, title)
            notes.append("headline taken from the title")
    else:
        if "\n" in blocks[0] or len(blocks[0]) > 300:
            raise ValidationError("no title given and the first block is not a one-line title; give --title",
                                  path=where, field="title")
        title = blocks[0]
    if len(blocks) < 2:
        raise ValidationError("empty article body (only a headline)", path=where, field="text")
    kinds = ["headline"]
    prefixes = tuple(p for p in caption_prefixes if p)
    for b in blocks[1:]:
        if b.startswith(CAPTION_MARK.strip()):
            kinds.append("caption")
        elif prefixes and b.startswith(prefixes):
            kinds.append("caption")
        elif detect_captions and len(b) < 400 and _PHOTO_CREDIT_RE.search(b):
            kinds.append("caption")
        else:
            kinds.append("body")
    blocks = [b[len(CAPTION_MARK.strip()):].strip() if k == "caption" and b.startswith(CAPTION_MARK.strip()) else b
              for b, k in zip(blocks, kinds)]
    if not any(k == "body" for k in kinds):
        raise ValidationError("empty article body (only headline and captions)", path=where, field="text")
    ncap = kinds.count("caption")
    if ncap:
        notes.append(f"{ncap} caption block(s)")
    return title, blocks, kinds, notes


def slugify(text: str, *, words: int = 6, max_len: int = 50) -> str:
    """A lowercase ASCII slug of the first ``words`` words of ``text``."""
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    parts = re.findall(r"[a-z0-9]+", ascii_.lower())[:words]
    slug = "-".join(parts)[:max_len].strip("-")
    return slug or "article"


# ----------------------------------------------------------------------------- similarity

_WORD_RE = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, k: int = SHINGLE_SIZE) -> frozenset:
    """The set of ``k``-word shingles of ``text`` (lowercased words); all words if fewer than ``k``."""
    words = [w.lower() for w in _WORD_RE.findall(unicodedata.normalize("NFKC", text))]
    if len(words) < k:
        return frozenset((w,) for w in words)
    return frozenset(tuple(words[i:i + k]) for i in range(len(words) - k + 1))


def jaccard(a: frozenset, b: frozenset) -> float:
    """Jaccard similarity ``|a & b| / |a | b|`` (0 for two empty sets)."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def containment(a: frozenset, b: frozenset) -> float:
    """Share of ``a`` contained in ``b``: ``|a & b| / |a|``."""
    if not a:
        return 0.0
    return len(a & b) / len(a)


def _compare_text(article: Article) -> str:
    """Headline and body, without captions (shared agency photos must not look like copy)."""
    body = article.segment_text("body")
    return body if len(_WORD_RE.findall(body)) >= SHINGLE_SIZE * 4 else article.segment_text("headline", "body")


def wire_credits(text: str) -> list[str]:
    """Wire ids whose credit the text carries: ``(AFP)``, ``LONDON (Reuters) -``, ``- AP``, ...

    Pass body text only: photo captions credit agencies for pictures, not for copy.

    >>> wire_credits("BEIRUT (Reuters) - Rebels said ...")
    ['reuters']
    >>> wire_credits("Senior diplomats attend the signing. (Photo by AFP)")
    []
    """
    found = []
    for wid, names in WIRES.items():
        alt = "|".join(re.escape(n) for n in names)
        pats = [
            rf"\(\s*(?:{alt})(?:\s*[/,]\s*[^()]{{0,30}})?\s*\)",
            rf"(?m)^\s*(?:{alt})\s*[-–—:]\s+[A-Z]",
            rf"(?m)[-–—]\s*(?:{alt})\s*$",
            rf"\b(?:{alt})\s+contributed\s+to\s+this\s+report",
            rf"(?i)\b(?:copyright|©)\s*(?:\d{{4}}\s*)?(?:the\s+)?(?:{alt})\b",
        ]
        if wid == "reuters":
            pats.append(r"\bReporting by [A-Z][^;\n]{0,80};\s*(?:Additional reporting|Editing|Writing) by")
        if any(re.search(p, text) for p in pats):
            found.append(wid)
    return found


# ----------------------------------------------------------------------------- corpus index

@dataclass
class _Indexed:
    id: str
    outlet: str
    event: str | None
    sha256: str
    shingles: frozenset


def _index(root: Path) -> list[_Indexed]:
    out = []
    adir = root / "articles"
    if not adir.is_dir():
        return out
    for p in sorted(adir.glob("*/*.txt")):
        try:
            a = parse_article(p.read_bytes(), path=p, check_hash=False)
        except ValidationError:
            continue   # 'framing validate' reports it; adding must not depend on it
        out.append(_Indexed(a.id, a.outlet, a.event, text_hash(a.text), shingles(_compare_text(a))))
    return out


def copy_flags(articles: Sequence[Article], *, near_threshold: float = NEAR_THRESHOLD,
               wire_threshold: float = WIRE_THRESHOLD) -> dict[str, dict]:
    """Flag near duplicates and wire copy within a batch of articles (for importers).

    The same tests as :func:`add_article`, over all pairs at once through an inverted index of
    shingles: ``near_duplicate_of`` (same outlet, Jaccard >= ``near_threshold``), ``wire_copy_of``
    (other outlet, containment >= ``wire_threshold``) and ``wire_credits``.

    Returns
    -------
    dict
        ``{article_id: flags}`` for the articles that have any flag; lists sorted by similarity.
    """
    sh = [shingles(_compare_text(a)) for a in articles]
    inverted: dict = {}
    for i, s in enumerate(sh):
        for g in s:
            inverted.setdefault(g, []).append(i)
    out: dict[str, dict] = {}
    for i, a in enumerate(articles):
        shared: dict[int, int] = {}
        for g in sh[i]:
            for j in inverted[g]:
                if j != i:
                    shared[j] = shared.get(j, 0) + 1
        flags: dict = {}
        for j, n in shared.items():
            b = articles[j]
            if b.outlet == a.outlet:
                sim = n / (len(sh[i]) + len(sh[j]) - n)
                if sim >= near_threshold:
                    flags.setdefault("near_duplicate_of", []).append({"id": b.id, "jaccard": round(sim, 3)})
            elif min(len(sh[i]), len(sh[j])) >= MIN_SHINGLES_FOR_COPY:
                sim = max(n / len(sh[i]), n / len(sh[j]))
                if sim >= wire_threshold:
                    flags.setdefault("wire_copy_of", []).append({"id": b.id, "outlet": b.outlet, "containment": round(sim, 3)})
        for key, score in (("near_duplicate_of", "jaccard"), ("wire_copy_of", "containment")):
            if key in flags:
                flags[key] = sorted(flags[key], key=lambda r: (-r[score], r["id"]))[:5]
        credits = [w for w in wire_credits(a.segment_text("body")) if w != a.outlet]
        if credits:
            flags["wire_credits"] = credits
        if flags:
            out[a.id] = flags
    return out


def suggest_events(root, text: str, date: _dt.date | None = None, *, top: int = 3) -> list[tuple[str, float]]:
    """Rank a corpus's events for a text: TF-IDF cosine x date proximity. Best first.

    Returns ``[(event_id, score), ...]`` with scores in [0, 1]; empty when no event is registered.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    root = Path(root)
    events = read_registry(root / "events.yaml", "event")
    if not events:
        return []
    profiles = {eid: [rec["title"], rec.get("description") or "", " ".join(rec.get("keywords") or [])]
                for eid, rec in events.items()}
    adir = root / "articles"
    for p in sorted(adir.glob("*/*.txt")) if adir.is_dir() else []:
        try:
            a = parse_article(p.read_bytes(), path=p, check_hash=False)
        except ValidationError:
            continue
        if a.event in profiles:
            profiles[a.event].append(a.text)
    ids = sorted(profiles)
    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    mat = vec.fit_transform([" ".join(profiles[e]) for e in ids] + [text])
    sims = (mat[:-1] @ mat[-1].T).toarray().ravel()
    out = []
    for eid, sim in zip(ids, sims):
        edate = events[eid].get("date")
        weight = 1.0 / (1.0 + abs((date - edate).days) / 7.0) if (date and edate) else 0.5
        out.append((eid, float(sim) * weight))
    out.sort(key=lambda t: (-t[1], t[0]))
    return [t for t in out[:top] if t[1] > 0]


# ----------------------------------------------------------------------------- adding

def add_article(root, source=None, *, text: str | None = None, outlet: str, event: str | None = None,
                date=None, title: str | None = None, url: str | None = None, license: str | None = None,
                license_note: str | None = None, language: str = "en", article_id: str | None = None,
                new_outlet: Mapping | None = None, new_event: Mapping | None = None,
                caption_prefixes: Sequence[str] = (), detect_captions: bool = True,
                fmt: str = "auto", encoding: str | None = None, timeout: float = DEFAULT_TIMEOUT,
                max_bytes: int = MAX_BYTES, retries: int = 2, backoff: float = 0.5, near_threshold: float = NEAR_THRESHOLD,
                wire_threshold: float = WIRE_THRESHOLD, provenance: Mapping | None = None,
                fallback_title: str | None = None,
                dry_run: bool = False, stdin=None, today: _dt.date | None = None) -> AddResult:
    """Add one article to the corpus at ``root``; refuse anything that would corrupt or duplicate it.

    Parameters
    ----------
    root : path-like
        The corpus directory (created, with its registries, when ``new_outlet`` is given).
    source : str or path-like, optional
        A file, ``"-"`` (stdin) or an http(s) URL; or give ``text=`` directly.
    outlet, event : str
        Registered ids. An unknown outlet or event is refused unless ``new_outlet`` /
        ``new_event`` (a registry record; ``id`` defaults to ``outlet`` / ``event``) asks to
        register it. With no event, :func:`suggest_events` ranks the registered ones and the best
        is returned in ``AddResult.suggestions``; the article is added without an event.
    date : str or datetime.date
        Publication date; defaults to the date found in HTML metadata.
    title, url, license, license_note, language
        Metadata. ``license`` defaults to ``"unknown"``. With no ``title``, the title is the
        page title (HTML) or the first block when it is one line (its headline).
    fallback_title : str, optional
        Title to use only when none is given and none is found in the input.
    article_id : str, optional
        Defaults to ``<outlet>-<date>-<slug of the title>`` (``-2``, ``-3``... if taken).
    caption_prefixes, detect_captions
        How photo captions are recognised (see the module docstring).
    dry_run : bool
        Check everything and return the result without writing.

    Returns
    -------
    AddResult

    Raises
    ------
    ValidationError
        Bad input or metadata (one line naming the file and field).
    DuplicateArticleError
        Exact or near duplicate; ``existing_id`` names the article already in the corpus.
    """
    root = Path(root)
    today = today or _dt.date.today()
    if root.exists() and not root.is_dir():
        raise CorpusError("articles can only be added to a corpus directory, not a file", path=root)
    if text is None and source is None:
        raise ValidationError("give a FILE, '-' or a URL", field="source")
    if text is not None:
        if "\x00" in text:
            raise ValidationError("binary content (NUL byte), not text", path="<text>", field="text")
        if len(_CONTROL_RE.findall(text)) > max(3, len(text) // 1000):
            raise ValidationError("binary content (control characters), not text", path="<text>", field="text")
        text = _CONTROL_RE.sub("", text)
        ex = Extracted(text=text, method="text", source="<text>")
    else:
        ex = read_source(source, fmt=fmt, encoding=encoding, timeout=timeout, max_bytes=max_bytes,
                         retries=retries, backoff=backoff, stdin=stdin)
    where = ex.source if ex.source not in ("-",) else "<stdin>"
    for name, value in (("near_threshold", near_threshold), ("wire_threshold", wire_threshold)):
        if not (isinstance(value, (int, float)) and 0 < value <= 1):
            raise ValidationError(f"must be a number in (0, 1], got {value!r}", field=name)
    validate_id(outlet, path=where, field="outlet")
    if event is not None:
        validate_id(event, path=where, field="event")
    the_date = parse_date(date, path=where) if date not in (None, "") else ex.date
    if the_date is None:
        raise ValidationError("no date given and none found in the input; give --date", path=where, field="date")
    if the_date > today + _dt.timedelta(days=1):
        raise ValidationError(f"date {the_date.isoformat()} is in the future", path=where, field="date")
    if the_date.year < 1800:
        raise ValidationError(f"date {the_date.isoformat()} is implausibly early", path=where, field="date")
    url = url or ex.url
    if url is not None and not re.match(r"^https?://\S+$", url):
        raise ValidationError("must be an http(s) URL", path=where, field="url")
    the_title = title
    first = split_blocks(ex.text)[:1]
    if the_title is None and ex.title:
        # an extracted page title often carries the site name ("Headline | Site"): when the
        # first block is the headline it contains, the first block is the title
        if first and "\n" not in first[0] and len(first[0]) <= 300 and _norm(first[0]) in _norm(ex.title):
            the_title = None
        else:
            the_title = ex.title
    if the_title is None and fallback_title and first and ("\n" in first[0] or len(first[0]) > 300):
        the_title = fallback_title
    the_title, blocks, kinds, notes = prepare_blocks(
        ex.text, title=the_title, caption_prefixes=caption_prefixes,
        detect_captions=detect_captions, where=where)
    if len(the_title) > 500:
        raise ValidationError("title is longer than 500 characters", path=where, field="title")
    body_text = "\n\n".join(blocks)
    segs, pos = [], 0
    for kind, b in zip(kinds, blocks):
        segs.append(Segment(kind, pos, pos + len(b)))
        pos += len(b) + 2

    with corpus_lock(root) if not dry_run else _nullcontext():
        outlets = read_registry(root / "outlets.yaml", "outlet")
        events = read_registry(root / "events.yaml", "event")
        to_register: list[tuple[str, dict]] = []
        if outlet not in outlets:
            if new_outlet is None:
                raise ValidationError(f"unknown outlet {outlet!r} (register it with --new-outlet NAME)",
                                      path=root / "outlets.yaml", field="outlet")
            rec = {"id": outlet, **dict(new_outlet)}
            if rec["id"] != outlet:
                raise ValidationError("new outlet id differs from --outlet", field="outlet")
            to_register.append(("outlet", rec))
        elif new_outlet is not None:
            raise ValidationError(f"outlet {outlet!r} is already registered", path=root / "outlets.yaml", field="outlet")
        if event is not None and event not in events:
            if new_event is None:
                raise ValidationError(f"unknown event {event!r} (register it with --new-event TITLE)",
                                      path=root / "events.yaml", field="event")
            rec = {"id": event, "date": the_date.isoformat(), **dict(new_event)}
            to_register.append(("event", rec))
        elif new_event is not None:
            raise ValidationError(f"event {event!r} is already registered" if event else "--new-event needs --event",
                                  path=root / "events.yaml", field="event")
        for kind, rec in to_register:   # check the records before anything is written
            _check_record(rec, 0, kind, OUTLET_FIELDS if kind == "outlet" else EVENT_FIELDS,
                          root / f"{kind}s.yaml")

        index = _index(root)
        sha = text_hash(body_text)
        candidate = Article(id="candidate", outlet=outlet, text=body_text, title=the_title, segments=tuple(segs))
        sh = shingles(_compare_text(candidate))
        warnings: list[str] = []
        flags: dict = {}
        for other in index:
            if other.sha256 == sha:
                raise DuplicateArticleError(f"exact duplicate of article {other.id!r} (same content hash)",
                                            existing_id=other.id, path=where, field="text")
        best = None
        for other in index:
            if other.outlet == outlet:
                sim = jaccard(sh, other.shingles)
                if sim >= near_threshold and (best is None or sim > best[1]):
                    best = (other.id, sim)
        if best is not None:
            raise DuplicateArticleError(
                f"near-duplicate of article {best[0]!r} (Jaccard {best[1]:.2f} on {SHINGLE_SIZE}-word shingles)",
                existing_id=best[0], similarity=best[1], path=where, field="text")
        copies = []
        for other in index:
            # containment of a handful of shingles means nothing: compare texts of some length
            if other.outlet != outlet and min(len(sh), len(other.shingles)) >= MIN_SHINGLES_FOR_COPY:
                sim = max(containment(sh, other.shingles), containment(other.shingles, sh))
                if sim >= wire_threshold:
                    copies.append({"id": other.id, "outlet": other.outlet, "containment": round(sim, 3)})
        if copies:
            copies.sort(key=lambda c: (-c["containment"], c["id"]))
            flags["wire_copy_of"] = copies[:5]
            warnings.append(f"wire copy: closely matches {copies[0]['outlet']} article {copies[0]['id']!r} "
                            f"(containment {copies[0]['containment']:.2f})")
        credits = [w for w in wire_credits(candidate.segment_text("body")) if w != outlet]
        if credits:
            flags["wire_credits"] = credits
            warnings.append(f"wire copy: the text credits {', '.join(credits)}")

        suggestions: list[tuple[str, float]] = []
        if event is None:
            suggestions = suggest_events(root, body_text, the_date)

        taken = {o.id for o in index}
        if article_id is not None:
            validate_id(article_id, path=where, field="id")
            if article_id in taken:
                raise ValidationError(f"article id {article_id!r} already exists", path=where, field="id")
        else:
            base = f"{outlet}-{the_date.isoformat()}-{slugify(the_title)}"[:120].strip("-")
            article_id, n = base, 2
            while article_id in taken:
                article_id, n = f"{base}-{n}", n + 1
        prov = {
            "method": f"add:{ex.method}",
            "source": ex.source,
            "extractor": ex.extractor,
            "extractor_version": ex.extractor_version,
            "framing_version": __version__,
            "added": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
        }
        if notes:
            prov["notes"] = notes
        if flags:
            prov["flags"] = flags
        if provenance:
            prov.update(dict(provenance))
        article = Article(id=article_id, outlet=outlet, text=body_text, event=event, date=the_date,
                          title=the_title, url=url, language=language, license=license or "unknown",
                          license_note=license_note, provenance=prov, sha256=sha, segments=tuple(segs))
        path = article_path(root, article_id, outlet)
        if path.exists():
            raise CorpusError("refusing to overwrite an existing file", path=path)
        registered = [f"{k} {r['id']}" for k, r in to_register]
        # the article must read back identically before anything (registries included) is written
        back = parse_article(format_article(article), path=where)
        if back.text != article.text:
            raise ValidationError("text would not read back identically", path=where, field="text")
        if dry_run:
            return AddResult(article, path, False, warnings, suggestions, registered)
        for kind, rec in to_register:
            add_registry_records(root, kind, [rec])
        write_article(root, article)
    return AddResult(article, path, True, warnings, suggestions, registered)


class _nullcontext:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
