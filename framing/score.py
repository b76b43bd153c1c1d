"""Score a corpus of any size: stream articles in chunks, on one core, many, or a dask cluster.

:func:`score` reads the selected articles in chunks of ``chunk_size`` (a corpus directory lazily;
a Parquet file batch by batch with pyarrow; a JSONL file line by line), runs the extractors on each
chunk with :func:`framing.pipeline.profile_docs` (the same unit of work as
:func:`framing.pipeline.profile`) and writes one row per article: ``id, outlet, event`` and then
every extractor's ``get_feature_names_out()``, as float64.

Engines
-------
``engine="local", jobs=1``
    in this process.
``engine="local", jobs=N``
    N worker processes (:class:`concurrent.futures.ProcessPoolExecutor`); chunks are the units
    of work; the fitted extractors are sent to each worker once.
``engine="dask"``
    the same per-chunk function on `dask.distributed <https://distributed.dask.org>`_: a
    ``LocalCluster`` of ``jobs`` single-threaded worker processes by default, or the cluster whose
    scheduler address is given (``scheduler="tcp://10.0.0.5:8786"``); the workers need framing
    installed. A cluster's workers read nothing themselves: each chunk's articles are scattered
    to a worker, so the scheduler never holds their texts. A ``LocalCluster`` scoring a whole
    Parquet file (no ``events`` / ``outlets`` selection; row groups at most
    ``WORKERS_READ_MAX_GROUP_CHUNKS`` chunks long) lets each task read its own rows and write
    its own part instead, and this process only checks the ids and schedules: on two cores the
    work of reading, sending and writing would otherwise take CPU time from the two workers.

Whatever the engine, the output is in chunk order and identical to the single-process run: the
extractors are deterministic and every chunk holds the same articles.

Output and resuming
-------------------
With ``out`` the scores are written to a file (Parquet, CSV or JSON, by suffix or ``format``).
While the run is going, each finished chunk is written atomically to
``<out>.parts/<chunk>.arrow`` (an Arrow IPC file, which ``pandas.read_feather`` reads; cheaper to
write and read again than Parquet) next to a ``state.json`` manifest describing the run; at the end
the parts are streamed, in order, into the final file with :class:`pyarrow.parquet.ParquetWriter`
(one row group per chunk, a stable schema), written to a temporary name and renamed into place,
and the parts directory is removed. An interrupted run (Ctrl-C, a killed process, a lost worker)
leaves the parts; ``resume=True`` checks that the manifest matches (same source, selection,
chunk size and feature names) and scores only the chunks that are missing. Memory stays flat:
at most ``2 × workers`` chunks are in flight, and nothing else is kept.

Known limits: a Parquet file is read one row group at a time, so memory grows with the size of
its largest row group (write big corpora with row groups of some thousand rows); a tabular file is
scored in file order (a corpus directory in the corpus's order:
event, date, outlet, id); resuming relies on the source not having changed between runs (the
manifest records its size and modification time, not a hash of every text); the output file
appears only at the end (while the run is going, the finished parts can be read).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .errors import CorpusError, FramingError, ValidationError

__all__ = ["score", "iter_chunks", "score_chunk", "ScoreChunk", "ENGINES", "OUTPUT_FORMATS"]

ENGINES = ("local", "dask")
OUTPUT_FORMATS = ("parquet", "csv", "json")
META_COLUMNS = ("id", "outlet", "event")
_SUFFIX_FORMATS = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv", ".json": "json"}
_STATE_VERSION = 2    # 2: parts are Arrow IPC files (1: Parquet)
#: how long to wait for an existing dask scheduler
DASK_CONNECT_TIMEOUT = "10s"


# ----------------------------------------------------------------------------- units of work

#: one article as sent to a worker: (id, outlet, event, text, ((kind, start, end), ...))
Record = tuple


@dataclass
class ScoreChunk:
    """The scores of one chunk: article metadata and a float matrix (rows × feature names)."""

    index: int
    ids: list
    outlets: list
    events: list
    matrix: "object"  # numpy.ndarray, shape (len(ids), len(names))

    def to_arrow(self, names):
        """The chunk as a :class:`pyarrow.Table` with the run's stable schema."""
        import pyarrow as pa

        cols = [pa.array(self.ids, pa.string()), pa.array(self.outlets, pa.string()),
                pa.array(self.events, pa.string())]
        cols += [pa.array(self.matrix[:, j], pa.float64()) for j in range(len(names))]
        return pa.Table.from_arrays(cols, schema=_schema(names))


def _schema(names):
    import pyarrow as pa

    return pa.schema([pa.field(c, pa.string()) for c in META_COLUMNS]
                     + [pa.field(n, pa.float64()) for n in names])


def _record(article) -> Record:
    """An Article, Doc, mapping or str as a small picklable record."""
    from .text import as_doc

    if isinstance(article, tuple):
        return article
    d = as_doc(article)
    segs = tuple((s.kind, s.start, s.end) for s in d.segments)
    return (None if d.id is None else str(d.id), d.outlet, d.event, d.text, segs)


def _docs(records):
    from .corpus import Segment
    from .text import Doc

    return [Doc(text, segments=[Segment(*s) for s in segs], id=aid, outlet=outlet, event=event)
            for aid, outlet, event, text, segs in records]


def score_chunk(index: int, records, extractors) -> ScoreChunk:
    """Score one chunk of records; the function every engine runs, in whichever process.

    Parameters
    ----------
    index : int
        The chunk's position in the run.
    records : list of tuple
        ``(id, outlet, event, text, segments)`` per article.
    extractors : list of fitted Extractor

    Returns
    -------
    ScoreChunk
    """
    from .pipeline import profile_docs

    docs = _docs(records)
    _, mat, _ = profile_docs(docs, extractors, evidence=False)
    return ScoreChunk(index=index, ids=[d.id for d in docs], outlets=[d.outlet for d in docs],
                      events=[d.event for d in docs], matrix=mat)


# ----------------------------------------------------------------------------- reading

def _as_set(value):
    if value is None:
        return None
    return {value} if isinstance(value, str) else {str(v) for v in value}


def _open_parquet(path: Path):
    """A :class:`pyarrow.parquet.ParquetFile` and the article columns it has (id, outlet, text
    required)."""
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several types for a bad file
        raise FramingError(f"cannot read Parquet: {str(exc).splitlines()[0][:120]}", path=path) from None
    names = set(pf.schema_arrow.names)
    for col in ("id", "outlet", "text"):
        if col not in names:
            raise ValidationError("required column is missing", path=path, field=col)
    return pf, [c for c in ("id", "outlet", "event", "title", "text") if c in names]


def _stream_parquet(path: Path, events, outlets, batch_size: int):
    pf, cols = _open_parquet(path)
    row = 0
    # one row group at a time: ParquetFile.iter_batches keeps allocating as it goes (measured:
    # +130 MB of pyarrow memory over a 336 MB file), reading row groups one by one stays flat
    for rg in range(pf.num_row_groups):
        table = pf.read_row_group(rg, columns=cols)
        for batch in table.to_batches(max_chunksize=batch_size):
            data = batch.to_pydict()
            for i in range(batch.num_rows):
                row += 1
                yield row, {c: data[c][i] for c in cols}
        del table


def _stream_jsonl(path: Path, events, outlets, batch_size: int):
    with open(path, encoding="utf-8") as fh:
        for row, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                raise ValidationError(f"line {row} is not valid JSON", path=path) from None
            if not isinstance(rec, dict):
                raise ValidationError(f"line {row} is not a JSON object", path=path)
            for col in ("id", "outlet", "text"):
                if col not in rec:
                    raise ValidationError(f"line {row} has no {col!r}", path=path, field=col)
            yield row, rec


def _table_articles(path: Path, events, outlets, batch_size: int) -> Iterator[Record]:
    reader = _stream_parquet if path.suffix.lower() in (".parquet", ".pq") else _stream_jsonl
    seen = set()
    for row, rec in reader(path, events, outlets, batch_size):
        aid = _checked_id(rec, row, path)
        text = _checked_text(rec, row, aid, path)
        if aid in seen:
            raise ValidationError(f"duplicate article id {aid!r} (row {row})", path=path, field="id")
        seen.add(aid)
        outlet = str(rec["outlet"])
        event = rec.get("event") or None
        if events is not None and event not in events:
            continue
        if outlets is not None and outlet not in outlets:
            continue
        yield _row_record(aid, outlet, event, text, rec.get("title"))


def _checked_id(rec, row: int, path) -> str:
    aid = None if rec.get("id") is None else str(rec["id"])
    if not aid:
        raise ValidationError(f"row {row} has no id", path=path, field="id")
    return aid


def _checked_text(rec, row: int, aid: str, path) -> str:
    text = rec.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValidationError(f"row {row} (id {aid!r}) has no text", path=path, field="text")
    return text


def _row_record(aid, outlet, event, text, title) -> Record:
    from .corpus import segments_of

    segs = tuple((s.kind, s.start, s.end) for s in segments_of(text, title=title or None))
    return (aid, outlet, None if event is None else str(event), text, segs)


def _describe_source(source, events, outlets) -> dict:
    """What the resume manifest records about the input."""
    from .corpus import Corpus

    desc = {"events": sorted(events) if events else None, "outlets": sorted(outlets) if outlets else None}
    if isinstance(source, (str, os.PathLike)):
        p = Path(source).resolve()
        st = p.stat()
        desc.update(kind="path", path=str(p), size=st.st_size, mtime=st.st_mtime)
    elif isinstance(source, Corpus):
        desc.update(kind="corpus", path=str(Path(source.root).resolve()), ids=len(source),
                    ids_hash=_hash_lines(source.ids))
    else:
        desc.update(kind="in-memory")
    return desc


def _hash_lines(items) -> str:
    import hashlib

    h = hashlib.sha256()
    for x in items:
        h.update(f"{x}\n".encode())
    return h.hexdigest()


def iter_chunks(source, *, chunk_size: int = 500, events=None, outlets=None) -> Iterator[list[Record]]:
    """Yield the selected articles of ``source`` as lists of at most ``chunk_size`` records.

    Parameters
    ----------
    source : Corpus, path-like, or iterable of Article / Doc / str
        A corpus directory is read with :func:`framing.load_corpus` (texts lazily); a ``.parquet``
        or ``.jsonl`` file is streamed (at least ``id, outlet, text`` columns).
    chunk_size : int
    events, outlets : str or list of str, optional
        Selection.
    """
    from .corpus import TABULAR_SUFFIXES, Corpus, load_corpus

    events, outlets = _as_set(events), _as_set(outlets)
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.exists():
            raise CorpusError("no such corpus directory or file", path=path)
        kind = TABULAR_SUFFIXES.get(path.suffix.lower())
        if path.is_file() and kind in ("parquet", "jsonl"):
            it: Iterable = _table_articles(path, events, outlets, max(chunk_size, 64))
        else:
            it = load_corpus(path, events=events, outlets=outlets).articles()
    elif isinstance(source, Corpus):
        if events is not None or outlets is not None:
            source = source.filter(events=events, outlets=outlets)
        it = source.articles()
    elif isinstance(source, str) or source is None or not isinstance(source, Iterable):
        raise ValidationError("expected a corpus, a path or a list of articles", field="source")
    else:
        it = source
    chunk = []
    n = 0
    for art in it:
        rec = _record(art)
        if rec[0] is None:
            rec = (str(n),) + rec[1:]
        n += 1
        if (events is not None or outlets is not None) and not isinstance(source, (str, os.PathLike, Corpus)):
            if (events is not None and rec[2] not in events) or (outlets is not None and rec[1] not in outlets):
                continue
        chunk.append(rec)
        if len(chunk) >= chunk_size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _count(source, events, outlets) -> int | None:
    """Number of articles to score, when it is cheap to know (for the progress bar)."""
    from .corpus import Corpus

    try:
        if isinstance(source, Corpus) and events is None and outlets is None:
            return len(source)
        if isinstance(source, (str, os.PathLike)):
            p = Path(source)
            if p.suffix.lower() in (".parquet", ".pq") and events is None and outlets is None:
                import pyarrow.parquet as pq

                return pq.ParquetFile(p).metadata.num_rows
        if hasattr(source, "__len__") and events is None and outlets is None:
            return len(source)
    except Exception:  # a count is a nicety; reading errors surface in the run itself
        return None
    return None


# ----------------------------------------------------------------------------- engines

_WORKER_EXTRACTORS = None


def _init_worker(payload: bytes):
    import pickle

    global _WORKER_EXTRACTORS
    _WORKER_EXTRACTORS = pickle.loads(payload)


def _worker_score(index, records):
    return score_chunk(index, records, _WORKER_EXTRACTORS)


def _run_serial(chunks, extractors):
    for i, recs in chunks:
        yield score_chunk(i, recs, extractors)


def _bounded(submit, chunks, window, wait_one):
    """Keep at most ``window`` chunks in flight; yield results as they finish."""
    pending = set()
    for i, recs in chunks:
        pending.add(submit(i, recs))
        while len(pending) >= window:
            done, pending = wait_one(pending)
            yield from done
    while pending:
        done, pending = wait_one(pending)
        yield from done


def _run_processes(chunks, extractors, jobs):
    import multiprocessing as mp
    import pickle
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    payload = pickle.dumps(extractors)
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker,
                             initargs=(payload,)) as pool:
        def wait_one(pending):
            done, rest = wait(pending, return_when=FIRST_COMPLETED)
            return [f.result() for f in done], rest

        try:
            yield from _bounded(lambda i, r: pool.submit(_worker_score, i, r), chunks, 2 * jobs, wait_one)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


class _Bundle:
    """One object for dask to ship as a single pickle.

    Dask serialises a list item by item, which would give each extractor its own copy of a
    lexicon or speaker map they share (and so one text scan per extractor instead of one per
    document, :func:`~framing.features.base.shared_find`); and it walks a task's arguments for
    futures, which for a chunk's records means every tuple of every article, on the client and
    again on the worker. Wrapped, the extractors keep their sharing and the records pass as one
    opaque value.
    """

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __getstate__(self):
        return self.value

    def __setstate__(self, state):
        self.value = state


def _score_bundle(index, records: _Bundle, extractors: _Bundle) -> ScoreChunk:
    return score_chunk(index, records.value, extractors.value)


def _import_all(modules) -> None:
    import importlib

    for m in modules:
        importlib.import_module(m)


@contextmanager
def _dask_session(extractors, jobs, scheduler):
    """A dask client (of a new LocalCluster, or of ``scheduler``), the extractors on every worker
    as one bundle, the number of workers, and how to wait for the first of some futures."""
    try:
        from dask.distributed import Client, LocalCluster, wait
    except ImportError:  # pragma: no cover - dask is a dependency
        raise FramingError("engine 'dask' needs dask[distributed]: pip install 'dask[distributed]'",
                           field="engine") from None
    cluster = None
    try:
        if scheduler:
            try:
                client = Client(scheduler, timeout=DASK_CONNECT_TIMEOUT)
            except (OSError, TimeoutError) as exc:
                raise FramingError(f"cannot reach the dask scheduler at {scheduler}: {exc}",
                                   field="scheduler") from None
        else:
            cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                   dashboard_address=":0", silence_logs=40)
            client = Client(cluster)
        with client:
            workers = max(1, len(client.scheduler_info().get("workers", {})) or jobs)
            # the workers import the extractors' modules side by side first (a broadcast
            # delivers the bundle to one worker after another, and unpickling it imports them:
            # about a second each)
            try:
                client.run(_import_all, sorted({type(e).__module__ for e in extractors}))
            except ImportError as exc:
                raise FramingError(f"a dask worker cannot import {exc.name or exc}: install framing "
                                   "(and the extractors' packages) on every worker", field="scheduler") from None
            bundle = client.scatter(_Bundle(extractors), broadcast=True, hash=False)

            def wait_one(pending):
                res = wait(list(pending), return_when="FIRST_COMPLETED")
                return [f.result() for f in res.done], set(res.not_done)

            yield client, bundle, workers, wait_one
    finally:
        if cluster is not None:
            cluster.close()


def _run_dask(chunks, extractors, jobs, scheduler):
    with _dask_session(extractors, jobs, scheduler) as (client, bundle, workers, wait_one):
        def submit(i, records):
            # the records are scattered to a worker: as a task's argument they would be part
            # of the graph, which the scheduler keeps (1.75 GB of client memory at 100k
            # articles with a LocalCluster, whose scheduler runs in this process)
            data = client.scatter(_Bundle(records), hash=False)
            return client.submit(_score_bundle, i, data, bundle, pure=False, key=f"framing-chunk-{i}")

        yield from _bounded(submit, chunks, 2 * workers, wait_one)


# ----------------------------------------------------------------------------- workers that read

#: a LocalCluster's workers read a Parquet file's rows themselves when no row group is longer
#: than this many chunks (each task reads the row groups its rows are in)
WORKERS_READ_MAX_GROUP_CHUNKS = 4


def _workers_read(source, engine, scheduler, events, outlets, chunk_size) -> Path | None:
    """The Parquet file whose rows a LocalCluster's workers can read themselves, or None.

    Only for a whole file (no selection), with a cluster started here (its workers share this
    machine's files), and row groups small enough to be read once per chunk.
    """
    if engine != "dask" or scheduler is not None or events is not None or outlets is not None:
        return None
    if not isinstance(source, (str, os.PathLike)):
        return None
    path = Path(source)
    if path.suffix.lower() not in (".parquet", ".pq") or not path.is_file():
        return None
    md = _open_parquet(path)[0].metadata
    longest = max((md.row_group(i).num_rows for i in range(md.num_row_groups)), default=0)
    return path.resolve() if longest <= WORKERS_READ_MAX_GROUP_CHUNKS * chunk_size else None


def _check_ids(path: Path) -> int:
    """Read only the ``id`` column of ``path`` and make the checks :func:`_table_articles` makes
    on it (every row has one, none twice); return the number of rows."""
    pf, _ = _open_parquet(path)
    seen = set()
    row = 0
    for rg in range(pf.num_row_groups):
        for v in pf.read_row_group(rg, columns=["id"]).column(0).to_pylist():
            row += 1
            aid = _checked_id({"id": v}, row, path)
            if aid in seen:
                raise ValidationError(f"duplicate article id {aid!r} (row {row})", path=path, field="id")
            seen.add(aid)
    return row


def _read_rows(path: Path, start: int, stop: int) -> list[Record]:
    """Rows ``start`` to ``stop`` (0-based, end excluded) of a Parquet file as records."""
    import pyarrow as pa

    pf, cols = _open_parquet(path)
    md = pf.metadata
    tables, first = [], 0
    for rg in range(md.num_row_groups):
        n = md.row_group(rg).num_rows
        if first < stop and start < first + n:
            t = pf.read_row_group(rg, columns=cols)
            lo = max(start - first, 0)
            tables.append(t.slice(lo, min(stop - first, n) - lo))
        first += n
    data = pa.concat_tables(tables).to_pydict() if tables else {c: [] for c in cols}
    out = []
    for k in range(len(data["id"])):
        rec = {c: data[c][k] for c in cols}
        row = start + k + 1
        aid = _checked_id(rec, row, path)
        text = _checked_text(rec, row, aid, path)
        out.append(_row_record(aid, str(rec["outlet"]), rec.get("event") or None, text, rec.get("title")))
    return out


def _score_rows(index: int, path: str, start: int, stop: int, extractors: _Bundle, parts: str, names) -> int:
    """On a worker: read rows of the file, score them, write their part; return the row count."""
    chunk = score_chunk(index, _read_rows(Path(path), start, stop), extractors.value)
    _write_part(Path(parts), chunk, names)
    return len(chunk.ids)


def _score_on_workers(path: Path, *, extractors, names, parts: Path, chunk_size: int, jobs: int,
                      skip, progress, total) -> int:
    """Score a whole Parquet file on a new LocalCluster whose workers read their rows and write
    their parts themselves; this process only checks the ids and schedules. Returns the number
    of chunks."""
    n_rows = _check_ids(path)
    n_chunks = -(-n_rows // chunk_size)
    bar = _progress_bar(progress, total)
    try:
        todo = []
        for i in range(n_chunks):
            if i in skip:
                bar.update(min(chunk_size, n_rows - i * chunk_size))
            else:
                todo.append((i, (i * chunk_size, min((i + 1) * chunk_size, n_rows))))
        if todo:
            with _dask_session(extractors, jobs, None) as (client, bundle, workers, wait_one):
                def submit(i, span):
                    return client.submit(_score_rows, i, str(path), span[0], span[1], bundle, str(parts),
                                         names, pure=False, key=f"framing-rows-{i}")

                for n in _bounded(submit, todo, 2 * workers, wait_one):
                    bar.update(n)
    finally:
        bar.close()
    return n_chunks


# ----------------------------------------------------------------------------- output

def _format_of(out, format) -> str:
    if format is not None:
        if format not in OUTPUT_FORMATS:
            raise ValidationError(f"must be one of {', '.join(OUTPUT_FORMATS)}; got {format!r}", field="format")
        return format
    return _SUFFIX_FORMATS.get(Path(out).suffix.lower(), "parquet")


def _parts_dir(out: Path) -> Path:
    return out.with_name(out.name + ".parts")


def _part(parts: Path, index: int) -> Path:
    return parts / f"{index:08d}.arrow"


def _write_part(parts: Path, chunk: ScoreChunk, names) -> None:
    import pyarrow as pa

    final = _part(parts, chunk.index)
    tmp = parts / f".{final.name}.tmp"
    table = chunk.to_arrow(names)
    with pa.OSFile(str(tmp), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    os.replace(tmp, final)


def _read_part(path: Path):
    import pyarrow as pa

    # read into memory, not memory-mapped: the parts are deleted once assembled, which a
    # mapped file would prevent on Windows
    with pa.OSFile(str(path), "rb") as source:
        return pa.ipc.open_file(source).read_all()


def _finished_parts(parts: Path, names) -> set[int]:
    """Chunk indexes whose part file is complete and has the run's schema."""
    import pyarrow as pa

    done = set()
    schema = _schema(names)
    for p in parts.glob("[0-9]*.arrow"):
        try:
            with pa.OSFile(str(p), "rb") as source:
                if pa.ipc.open_file(source).schema.equals(schema):
                    done.add(int(p.stem))
        except Exception:  # a damaged part is scored again
            p.unlink(missing_ok=True)
    return done


def _assemble(parts: Path, out: Path, fmt: str, names, n_chunks: int) -> None:
    """Stream the parts, in chunk order, into ``out`` (atomically)."""
    import pyarrow.parquet as pq

    tmp = out.with_name(f".{out.name}.tmp")
    files = [_part(parts, i) for i in range(n_chunks)]
    schema = _schema(names)
    try:
        if fmt == "parquet":
            with pq.ParquetWriter(tmp, schema) as writer:
                for f in files:
                    writer.write_table(_read_part(f), row_group_size=None)
        else:
            with open(tmp, "w", encoding="utf-8", newline="") as fh:
                write_rows(fh, (_read_part(f) for f in files), fmt=fmt, names=names)
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_rows(fh, tables, *, fmt: str, names) -> None:
    """Write pyarrow tables of scores to a text stream as CSV (header once) or a JSON array."""
    import csv

    cols = list(META_COLUMNS) + list(names)
    if fmt == "csv":
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(cols)
        for t in tables:
            data = [t.column(c).to_pylist() for c in cols]
            for row in zip(*data):
                w.writerow(["" if v is None else (repr(v) if isinstance(v, float) else v) for v in row])
    elif fmt == "json":
        fh.write("[")
        first = True
        for t in tables:
            data = [t.column(c).to_pylist() for c in cols]
            for row in zip(*data):
                fh.write(("\n" if first else ",\n") + json.dumps(dict(zip(cols, row)), ensure_ascii=False))
                first = False
        fh.write("\n]\n" if not first else "]\n")
    else:
        raise ValidationError(f"cannot write {fmt!r} to a text stream", field="format")


# ----------------------------------------------------------------------------- the public entry point

def _check_int(value, name, minimum=1):
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValidationError(f"must be an int >= {minimum}; got {value!r}", field=name)


def _check_run(chunk_size, jobs, engine, scheduler, extractors) -> None:
    _check_int(chunk_size, "chunk_size")
    _check_int(jobs, "jobs")
    if engine not in ENGINES:
        raise ValidationError(f"must be one of {', '.join(ENGINES)}; got {engine!r}", field="engine")
    if scheduler is not None and engine != "dask":
        raise ValidationError("a scheduler address needs engine='dask'", field="scheduler")
    for ex in extractors:
        if hasattr(ex, "_check_fitted"):
            ex._check_fitted()


def run_chunks(source, *, extractors=None, chunk_size: int = 500, jobs: int = 1, engine: str = "local",
               scheduler=None, events=None, outlets=None, skip=(), progress=None,
               total=None) -> Iterator[ScoreChunk]:
    """Score ``source`` chunk by chunk and yield :class:`ScoreChunk` in chunk order.

    The generator behind :func:`score`; parameters as there. ``skip`` holds chunk indexes that are
    read but not scored (already done in an earlier run).
    """
    if extractors is None:
        from .pipeline import default_extractors

        extractors = default_extractors()
    extractors = list(extractors)
    _check_run(chunk_size, jobs, engine, scheduler, extractors)
    skip = set(skip)
    bar = _progress_bar(progress, total)

    def todo():
        for i, recs in enumerate(iter_chunks(source, chunk_size=chunk_size, events=events, outlets=outlets)):
            if i in skip:
                bar.update(len(recs))
                continue
            yield i, recs

    if engine == "dask":
        results = _run_dask(todo(), extractors, jobs, scheduler)
    elif jobs > 1:
        results = _run_processes(todo(), extractors, jobs)
    else:
        results = _run_serial(todo(), extractors)
    # reorder: results may finish out of order; yield in chunk order
    waiting: dict[int, ScoreChunk] = {}
    expect = 0
    try:
        for res in results:
            bar.update(len(res.ids))
            waiting[res.index] = res
            while True:
                while expect in skip:
                    expect += 1
                if expect not in waiting:
                    break
                yield waiting.pop(expect)
                expect += 1
        for k in sorted(waiting):
            yield waiting.pop(k)
    finally:
        bar.close()


class _NoBar:
    def update(self, n=1):
        pass

    def close(self):
        pass


def _progress_bar(progress, total):
    if progress is False or (progress is None and not sys.stderr.isatty()):
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, unit="article", desc="scoring", file=sys.stderr, dynamic_ncols=True)


def score(source, *, extractors=None, chunk_size: int = 500, jobs: int = 1, engine: str = "local",
          scheduler=None, out=None, format: str | None = None, resume: bool = False, progress=None,
          events=None, outlets=None):
    """Score every selected article of ``source``: one row per article, every feature column.

    Parameters
    ----------
    source : Corpus, path-like, or iterable of Article / Doc / str
        A corpus, a corpus directory, a ``.parquet`` / ``.jsonl`` file (streamed; a ``.csv`` file
        is read whole by :func:`framing.load_corpus`), or documents in memory.
    extractors : list of fitted Extractor, optional
        Defaults to :func:`framing.pipeline.default_extractors`.
    chunk_size : int, default 500
        Articles per chunk: the unit of work, of a Parquet row group and of resuming.
    jobs : int, default 1
        Worker processes (``engine="local"``) or LocalCluster workers (``engine="dask"``).
    engine : {"local", "dask"}
    scheduler : str, optional
        Address of an existing dask scheduler (``engine="dask"`` only).
    out : path-like, optional
        Write the scores here (atomically) and return the path; without it, return a DataFrame.
    format : {"parquet", "csv", "json"}, optional
        Output format; by default from the suffix of ``out`` (Parquet otherwise).
    resume : bool, default False
        Continue an interrupted run writing to ``out`` (see the module docstring). Without it, the
        parts of an earlier run are discarded.
    progress : bool, optional
        Show a tqdm progress bar on stderr; by default only when stderr is a terminal.
    events, outlets : str or list of str, optional
        Selection.

    Returns
    -------
    pandas.DataFrame or pathlib.Path

    Examples
    --------
    >>> from framing.score import score
    >>> score("sources", events="astana-2017-05-04", out="scores.parquet", jobs=2)  # doctest: +SKIP
    PosixPath('scores.parquet')
    """
    if resume and out is None:
        raise ValidationError("resuming needs an output file (out=...)", field="resume")
    if extractors is None:
        from .pipeline import default_extractors

        extractors = default_extractors()
    extractors = list(extractors)
    names = [str(n) for ex in extractors for n in ex.get_feature_names_out()]
    if len(set(names)) != len(names):
        dup = sorted({n for n in names if names.count(n) > 1})[0]
        raise ValidationError(f"two extractors produce the feature {dup!r}", field="extractors")
    _check_run(chunk_size, jobs, engine, scheduler, extractors)   # before any file is touched
    ev, ou = _as_set(events), _as_set(outlets)
    total = _count(source, ev, ou)
    common = dict(extractors=extractors, chunk_size=chunk_size, jobs=jobs, engine=engine,
                  scheduler=scheduler, events=ev, outlets=ou, progress=progress, total=total)

    if out is None:
        import pandas as pd

        tables = [c.to_arrow(names) for c in run_chunks(source, **common)]
        if not tables:
            return pd.DataFrame({c: pd.Series(dtype="object" if c in META_COLUMNS else "float64")
                                 for c in (*META_COLUMNS, *names)})
        import pyarrow as pa

        return pa.concat_tables(tables).to_pandas()

    out = Path(out)
    fmt = _format_of(out, format)
    if not out.parent.is_dir():
        raise FramingError("the output directory does not exist", path=out.parent)
    parts = _parts_dir(out)
    state = {"version": _STATE_VERSION, "source": _describe_source(source, ev, ou), "chunk_size": chunk_size,
             "features": _hash_lines(names), "n_features": len(names)}
    done: set[int] = set()
    if resume and (parts / "state.json").is_file():
        try:
            old = json.loads((parts / "state.json").read_text("utf-8"))
        except ValueError:
            old = None
        if isinstance(old, dict) and old.get("version") != state["version"]:
            raise FramingError("the interrupted run was written by another version of framing; run without "
                               "--resume to start over", path=parts / "state.json")
        if old != state:
            raise FramingError("the interrupted run was started with another source, selection, chunk size or "
                               "extractors; run without --resume to start over", path=parts / "state.json")
        done = _finished_parts(parts, names)
    else:
        if parts.exists():
            shutil.rmtree(parts)
        parts.mkdir()
        tmp = parts / ".state.json.tmp"
        tmp.write_text(json.dumps(state, indent=1), encoding="utf-8")
        os.replace(tmp, parts / "state.json")
    n_chunks = 0
    direct = _workers_read(source, engine, scheduler, ev, ou, chunk_size)
    if direct is not None:
        # (absolute: the workers write the parts, and need not share this process's directory)
        n_chunks = _score_on_workers(direct, extractors=extractors, names=names, parts=parts.resolve(),
                                     chunk_size=chunk_size, jobs=jobs, skip=done, progress=progress, total=total)
    else:
        for chunk in run_chunks(source, skip=done, **common):
            _write_part(parts, chunk, names)
            n_chunks = max(n_chunks, chunk.index + 1)
        n_chunks = max([n_chunks, *(i + 1 for i in done)]) if done or n_chunks else 0
    missing = [i for i in range(n_chunks) if not _part(parts, i).is_file()]
    if missing:  # pragma: no cover - would mean the source changed under a resumed run
        raise FramingError(f"chunk {missing[0]} is missing; run without --resume to start over", path=parts)
    _assemble(parts, out, fmt, names, n_chunks)
    shutil.rmtree(parts, ignore_errors=True)
    return out
