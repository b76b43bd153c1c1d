"""Benchmark corpora: realistic articles recombined from real paragraphs, at any size.

Paragraphs come from the texts at hand, read at bench time and never copied into the repository:
the articles of ``sources/``, the seed article and the coverage texts in ``../shared``, and
FA-KES (``../shared/eval/fa-kes/fakes.csv``, Latin-1; its articles are single paragraphs, so they
are cut into paragraphs of two or three sentences). Each generated article is a real headline
followed by 4–14 real paragraphs drawn with a seeded random generator, so every size is
reproducible and has the vocabulary, quotes and sentence lengths of real Syria coverage.

Generated corpora are Parquet files (``id, outlet, event, title, text``) in ``benchmarks/cache/``
(ignored by git), with a sidecar ``.json`` holding article and byte counts.
"""

from __future__ import annotations

import csv
import json
import os
import random
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FRAMING_SHARED", REPO.parent / "shared"))
CACHE = REPO / "benchmarks" / "cache"
FAKES = SHARED / "eval" / "fa-kes" / "fakes.csv"
VERSION = 1
SEED = 20170504
EVENTS = ("astana-2017-05-04", "khan-shaykhun-2017-04-04", "aleppo-2016-12", "ghouta-2018-02", "idlib-2019")


def _blocks(text: str) -> list[str]:
    return [b.strip() for b in text.replace("\r\n", "\n").split("\n\n") if len(b.strip()) >= 40]


def paragraph_pool(*, sources=REPO / "sources", shared=SHARED) -> tuple[list[str], list[str], dict]:
    """(paragraphs, headlines, provenance counts) from the real texts available."""
    from framing.corpus import load_corpus
    from framing.text import sentences

    paras: list[str] = []
    heads: list[str] = []
    counts = {"sources": 0, "shared": 0, "fa-kes": 0}
    try:
        for a in load_corpus(sources):
            heads.append(a.headline)
            for seg in a.segments:
                if seg.kind == "body" and seg.end - seg.start >= 40:
                    paras.append(a.text[seg.start:seg.end])
                    counts["sources"] += 1
    except Exception:  # no corpus directory: the other sources still make a pool
        pass
    for folder in (shared / "seed", shared / "corpus"):
        for p in sorted(folder.glob("*.txt")) if folder.is_dir() else ():
            blocks = _blocks(p.read_text(encoding="utf-8", errors="replace"))
            if blocks:
                heads.append(blocks[0][:200])
                paras.extend(blocks[1:])
                counts["shared"] += len(blocks) - 1
    fakes = shared / "eval" / "fa-kes" / "fakes.csv"
    if fakes.is_file():
        with open(fakes, encoding="latin-1", newline="") as fh:
            for row in csv.DictReader(fh):
                title = (row.get("article_title") or "").strip()
                if title:
                    heads.append(title)
                sents = sentences(row.get("article_content") or "")
                i = 0
                rng = random.Random(row.get("unit_id"))
                while i < len(sents):
                    k = rng.choice((2, 3))
                    para = " ".join(s.strip() for s in sents[i:i + k])
                    if len(para) >= 40:
                        paras.append(para)
                        counts["fa-kes"] += 1
                    i += k
    if len(paras) < 20 or not heads:
        raise RuntimeError(f"not enough real text for a benchmark corpus (found {len(paras)} paragraphs); "
                           f"set FRAMING_SHARED to the folder holding seed/, corpus/ and eval/fa-kes/")
    return paras, heads, counts


def build(n: int, *, cache: Path = CACHE, seed: int = SEED) -> Path:
    """The Parquet corpus of ``n`` articles (built once, then read from the cache)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"corpus-{n}-v{VERSION}-s{seed}.parquet"
    meta_path = path.with_suffix(".json")
    if path.is_file() and meta_path.is_file():
        return path
    paras, heads, counts = paragraph_pool()
    rng = random.Random(seed)
    outlets = [f"outlet{i:02d}" for i in range(12)]
    schema = pa.schema([(c, pa.string()) for c in ("id", "outlet", "event", "title", "text")])
    n_bytes = 0
    tmp = path.with_name(path.name + ".tmp")
    with pq.ParquetWriter(tmp, schema) as w:
        batch = {c: [] for c in schema.names}
        for i in range(n):
            title = rng.choice(heads)
            body = [rng.choice(paras) for _ in range(rng.randint(4, 14))]
            text = "\n\n".join([title, *body])
            n_bytes += len(text.encode("utf-8"))
            for c, v in (("id", f"bench-{i:07d}"), ("outlet", rng.choice(outlets)), ("event", rng.choice(EVENTS)),
                         ("title", title), ("text", text)):
                batch[c].append(v)
            if len(batch["id"]) >= 1000 or i == n - 1:
                w.write_table(pa.table(batch, schema=schema))
                batch = {c: [] for c in schema.names}
    os.replace(tmp, path)
    meta = {"articles": n, "bytes": n_bytes, "seed": seed, "version": VERSION, "pool_paragraphs": len(paras),
            "pool_headlines": len(heads), "pool_sources": counts}
    meta_path.write_text(json.dumps(meta, indent=1), encoding="utf-8")
    return path


def build_real(*, cache: Path = CACHE, shared=SHARED, sources=REPO / "sources") -> Path:
    """The real articles as they are, none recombined: FA-KES (title, blank line, body), the
    articles of ``sources/`` and the seed and coverage texts in ``../shared``.

    The recombined corpora repeat paragraphs (about 9 draws from a pool of some 4,200 per 1,000
    articles), so whatever caches per sentence or phrase meets them again; this corpus has no
    such repeats, and measures what a first pass over real articles costs.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    from framing.corpus import load_corpus

    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"corpus-real-v{VERSION}.parquet"
    meta_path = path.with_suffix(".json")
    if path.is_file() and meta_path.is_file():
        return path
    rows = []
    try:
        rows += [(a.id, a.outlet, a.event or "", a.title or "", a.text) for a in load_corpus(sources)]
    except Exception:  # no corpus directory: the other texts still make a corpus
        pass
    for folder in (shared / "seed", shared / "corpus"):
        for p in sorted(folder.glob("*.txt")) if folder.is_dir() else ():
            text = p.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n").strip()
            rows.append((f"shared-{p.stem}", "", "", text.split("\n", 1)[0], text))
    if FAKES.is_file():
        with open(FAKES, encoding="latin-1", newline="") as fh:
            for i, row in enumerate(csv.DictReader(fh)):
                title = (row.get("article_title") or "").strip()
                body = (row.get("article_content") or "").strip()
                if body:
                    rows.append((f"fakes-{i:04d}", row.get("source") or "", "", title,
                                 f"{title}\n\n{body}" if title else body))
    if len(rows) < 20:
        raise RuntimeError(f"not enough real articles for a benchmark corpus (found {len(rows)}); "
                           f"set FRAMING_SHARED to the folder holding seed/, corpus/ and eval/fa-kes/")
    schema = pa.schema([(c, pa.string()) for c in ("id", "outlet", "event", "title", "text")])
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(pa.table({c: [r[i] for r in rows] for i, c in enumerate(schema.names)}, schema=schema), tmp)
    os.replace(tmp, path)
    meta = {"articles": len(rows), "bytes": sum(len(r[4].encode("utf-8")) for r in rows), "seed": None,
            "version": VERSION, "pool_paragraphs": None, "pool_sources": "real articles, not recombined"}
    meta_path.write_text(json.dumps(meta, indent=1), encoding="utf-8")
    return path


def describe(path: Path) -> dict:
    return json.loads(Path(path).with_suffix(".json").read_text(encoding="utf-8"))


def texts(path: Path, batch_size: int = 500):
    """Stream the texts of a benchmark corpus, batch by batch (lists of str)."""
    import pyarrow.parquet as pq

    for batch in pq.ParquetFile(path).iter_batches(batch_size=batch_size, columns=["text"]):
        yield batch.column(0).to_pylist()
