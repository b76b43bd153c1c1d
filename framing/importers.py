"""Importers that turn published datasets into corpus directories.

FA-KES (Abu Salem, Al Feel, Elbassuoni, Jaber and Farah 2019, "FA-KES: A Fake News Dataset around
the Syrian War", ICWSM 13(01):573-582, doi:10.1609/icwsm.v13i01.3254; data
doi:10.5281/zenodo.2607278, CC BY 4.0): 804 rows of Syrian-war news from 15 outlets.

What :func:`import_fakes` does, and the decisions it makes:

- ``fakes.csv`` is read as latin-1 (as its SOURCE.md says); texts and titles are kept verbatim,
  mojibake included, so offsets and hashes are reproducible. The article text is the title as
  headline block, then ``article_content`` split into blocks at blank lines.
- **Outlets**: the 15 ``source`` values, with names, countries and types written here, and the
  camp tag (``pro`` / ``against`` / ``neutral``) taken from ``source_category`` in
  ``feature_extraction.csv`` (the FA-KES authors' classification, not ours).
- **Events**: ``big_scale_event`` from ``feature_extraction.csv``, joined to ``fakes.csv`` on
  ``unit_id`` + title (falling back to ``unit_id`` + the title with non-ASCII characters and
  punctuation removed, then to ``unit_id`` alone when it has a single event, because the two
  files mangle characters differently; repeated rows are paired in order of appearance). ``E1``..``E9`` become events ``fakes-e1``..``fakes-e9``; their title,
  date (the median article date) and description are derived from the articles (date range,
  most frequent crowd-extracted locations), since FA-KES does not name them. Articles marked
  ``none`` get **no event** (``event`` is empty): they are not one event, and lumping them
  together would create a fake one.
- **Repeated ids**: 804 rows hold 792 distinct ``unit_id`` values. The repeated rows are
  separate crowd annotations of the same article (their ``location``, casualty counts and
  ``label`` differ), so rows with the same ``unit_id`` and the same text become **one article**
  ``fakes-<unit_id>``; the row numbers and each row's label are kept in ``provenance.fakes``. One
  ``unit_id`` carries two slightly different texts: the second becomes ``fakes-<unit_id>-2``.
  Where repeated rows disagree on the event, an ``E`` event is preferred over ``none``, else the
  first row's event is used; every row's event is recorded in ``provenance.fakes``.
- **Same text, different ids**: three texts appear under two ``unit_id`` values each (same
  outlet, different dates). As ``framing add`` refuses exact duplicates, the first row is kept
  and the other ``unit_id`` and date are recorded in ``provenance.fakes.duplicate_of_rows``.

- **Flags**: the near-duplicate and wire-copy tests of ``framing add`` run over the batch
  (:func:`framing.ingest.copy_flags`) and are recorded in ``provenance.flags``; nothing is
  refused, so the dataset stays whole.

Result on the copy in ``../shared/eval/fa-kes`` (measured): 790 articles, 15 outlets, 9 events,
42 articles without event (every one marked ``none``); 126 articles flagged (85 ``wire_copy_of``,
27 ``near_duplicate_of``, 21 ``wire_credits``). Known limits: the credibility ``label`` columns of the two files
disagree (see SOURCE.md); both are recorded in provenance, neither is used here.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from pathlib import Path

from ._io import corpus_lock
from .corpus import (
    Article, Segment, add_registry_records, article_path, read_registry, split_blocks, text_hash,
    write_article,
)
from .errors import CorpusError, ValidationError

__all__ = ["import_fakes", "FAKES_OUTLETS"]

#: name, country, type, ownership of the 15 FA-KES outlets (camp comes from the data)
FAKES_OUTLETS = {
    "ahram": ("Al-Ahram (Ahram Online)", "Egypt", "state", "Egyptian state-owned press group"),
    "alalam": ("Al-Alam News Network", "Iran", "state", "Islamic Republic of Iran Broadcasting (IRIB)"),
    "alaraby": ("Al-Araby Al-Jadeed (The New Arab)", "United Kingdom", "newspaper", "Fadaat Media, Qatari-funded"),
    "arabiya": ("Al Arabiya", "United Arab Emirates", "broadcaster", "MBC Group, Saudi-owned"),
    "asharqalawsat": ("Asharq Al-Awsat", "United Kingdom", "newspaper", "Saudi Research and Marketing Group"),
    "dailysabah": ("Daily Sabah", "Turkey", "newspaper", "Turkuvaz Media Group (close to the Turkish government)"),
    "etilaf": ("National Coalition of Syrian Revolution and Opposition Forces (Etilaf)", "Syria", "advocacy",
               "Syrian opposition coalition"),
    "jordantimes": ("The Jordan Times", "Jordan", "newspaper", "Jordan Press Foundation (state holds a stake)"),
    "manar": ("Al-Manar", "Lebanon", "broadcaster", "Lebanese Communication Group, Hezbollah"),
    "nna": ("National News Agency (NNA)", "Lebanon", "state", "Lebanese state news agency"),
    "reuters": ("Reuters", "United Kingdom", "wire", "Thomson Reuters Corporation (listed)"),
    "sana": ("Syrian Arab News Agency (SANA)", "Syria", "state", "Syrian state news agency"),
    "sputnik": ("Sputnik", "Russia", "state", "Rossiya Segodnya, Russian state media group"),
    "tass": ("TASS", "Russia", "state", "Russian state news agency"),
    "trt": ("TRT World", "Turkey", "state", "Turkish Radio and Television Corporation (public broadcaster)"),
}

FAKES_LICENSE = "CC BY 4.0 (FA-KES dataset, Zenodo 10.5281/zenodo.2607278)"
FAKES_NOTE = ("Attribute Abu Salem et al. 2019, FA-KES, ICWSM (doi:10.1609/icwsm.v13i01.3254). "
              "The texts are excerpts from the original outlets.")
FAKES_COLUMNS = ("unit_id", "article_title", "article_content", "source", "date")


def _mdY(value, *, path, row) -> _dt.date:
    m = re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\s*", str(value))
    if not m:
        raise ValidationError(f"row {row}: not a m/d/yy date {str(value)[:20]!r}", path=path, field="date")
    mo, d, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    y = y + 2000 if y < 100 else y
    try:
        return _dt.date(y, mo, d)
    except ValueError:
        raise ValidationError(f"row {row}: impossible date {value!r}", path=path, field="date") from None


def _ascii_key(title: str) -> str:
    """The title with non-ASCII characters and punctuation removed (the files mangle them differently)."""
    kept = re.sub(r"[^A-Za-z0-9 ]+", "", title.encode("ascii", "ignore").decode())
    return re.sub(r"\s+", " ", kept).strip().lower()


def _read_csv(path: Path, required):
    import pandas as pd

    if not path.is_file():
        raise CorpusError("no such file", path=path)
    try:
        df = pd.read_csv(path, encoding="latin-1", dtype=str, keep_default_na=False)
    except (ValueError, OSError) as exc:
        raise CorpusError(f"cannot read CSV: {str(exc).splitlines()[0][:100]}", path=path) from None
    for col in required:
        if col not in df.columns:
            raise ValidationError("required column is missing", path=path, field=col)
    return df


def import_fakes(path, root, *, features=None, dry_run: bool = False) -> dict:
    """Import FA-KES ``fakes.csv`` into the corpus directory ``root``.

    Parameters
    ----------
    path : path-like
        ``fakes.csv``.
    root : path-like
        Target corpus directory (created if needed). Outlets and events already registered
        there are kept as they are; an article id already present stops the import before
        anything is written.
    features : path-like, optional
        ``feature_extraction.csv`` (default: next to ``path``); gives camps and events.
    dry_run : bool
        Build everything, write nothing.

    Returns
    -------
    dict
        Counts: ``rows``, ``articles``, ``merged_rows``, ``outlets``, ``events``, ``no_event``.

    Raises
    ------
    CorpusError, ValidationError
        Missing files or columns, bad dates, clashing article ids.
    """
    path = Path(path)
    root = Path(root)
    features = Path(features) if features else path.with_name("feature_extraction.csv")
    df = _read_csv(path, FAKES_COLUMNS)
    fx = _read_csv(features, ("unit_id", "article_title", "source", "source_category", "big_scale_event"))

    # camp per outlet, from the authors' classification
    camps: dict[str, str] = {}
    for src, cat in zip(fx["source"], fx["source_category"]):
        if camps.setdefault(src, cat) != cat:
            raise ValidationError(f"outlet {src!r} has two camps ({camps[src]}, {cat})", path=features, field="source_category")

    # events: pair repeated rows in order of appearance
    by_exact: dict[tuple, list[str]] = {}
    by_loose: dict[tuple, list[str]] = {}
    by_uid: dict[str, list[str]] = {}
    for uid, title, ev in zip(fx["unit_id"], fx["article_title"], fx["big_scale_event"]):
        by_exact.setdefault((uid, title), []).append(ev)
        by_loose.setdefault((uid, _ascii_key(title)), []).append(ev)
        by_uid.setdefault(uid.strip(), []).append(ev)
    seen_exact: Counter = Counter()
    seen_loose: Counter = Counter()

    groups: dict[tuple, dict] = {}       # (unit_id, text) -> merged record
    order: list[tuple] = []
    for i, rec in enumerate(df.to_dict("records")):
        row = i + 2  # line number in the CSV (header is line 1)
        uid = rec["unit_id"].strip()
        if not re.fullmatch(r"\d+", uid):
            raise ValidationError(f"row {row}: unit_id must be digits, got {uid[:20]!r}", path=path, field="unit_id")
        src = rec["source"].strip().lower()
        if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", src):
            raise ValidationError(f"row {row}: not an outlet id {src[:30]!r}", path=path, field="source")
        title = re.sub(r"\s+", " ", rec["article_title"]).strip()
        body = split_blocks(rec["article_content"])
        if not title or not body:
            raise ValidationError(f"row {row}: empty title or text", path=path,
                                  field="article_title" if not title else "article_content")
        key = (uid, rec["article_title"])
        lkey = (uid, _ascii_key(rec["article_title"]))
        if key in by_exact and seen_exact[key] < len(by_exact[key]):
            ev = by_exact[key][seen_exact[key]]
            seen_exact[key] += 1
        elif lkey in by_loose and seen_loose[lkey] < len(by_loose[lkey]):
            ev = by_loose[lkey][seen_loose[lkey]]
            seen_loose[lkey] += 1
        elif len(set(by_uid.get(uid, []))) == 1:
            ev = by_uid[uid][0]
        else:
            ev = None
        text = "\n\n".join([title] + body)
        gkey = (uid, text)
        if gkey not in groups:
            groups[gkey] = {"uid": uid, "outlet": src, "title": title, "text": text,
                            "date": _mdY(rec["date"], path=path, row=row), "rows": [], "labels": [],
                            "events": [], "location": rec.get("location", "")}
            order.append(gkey)
        g = groups[gkey]
        g["rows"].append(row)
        g["labels"].append(rec.get("label"))
        g["events"].append(ev)

    # ids: one per (unit_id, text); a second text under the same unit_id gets "-2"
    articles: list[Article] = []
    by_hash: dict[str, Article] = {}
    n_uid: Counter = Counter()
    for gkey in order:
        g = groups[gkey]
        n_uid[g["uid"]] += 1
        aid = f"fakes-{g['uid']}" + ("" if n_uid[g["uid"]] == 1 else f"-{n_uid[g['uid']]}")
        events = [e for e in g["events"] if e]
        ev = events[0] if events else None
        if ev == "none":
            ev = next((e for e in events if e != "none"), "none")
        event_id = None if ev in (None, "none") else f"fakes-{ev.lower()}"
        sha = text_hash(g["text"])
        if sha in by_hash:
            kept = by_hash[sha]
            kept.provenance["fakes"].setdefault("duplicate_of_rows", []).append(
                {"unit_id": g["uid"], "date": g["date"].isoformat(), "rows": g["rows"]})
            continue
        blocks = g["text"].split("\n\n")
        segs, pos = [], 0
        for j, b in enumerate(blocks):
            segs.append(Segment("headline" if j == 0 else "body", pos, pos + len(b)))
            pos += len(b) + 2
        prov = {"method": "import:fakes", "source": str(path), "extractor": "framing.importers.import_fakes",
                "extractor_version": _version(), "added": _now(),
                "fakes": {"unit_id": g["uid"], "rows": g["rows"], "label": g["labels"],
                          "big_scale_event": [e for e in g["events"]]}}
        art = Article(id=aid, outlet=g["outlet"], text=g["text"], event=event_id, date=g["date"], title=g["title"],
                      url=None, language="en", license=FAKES_LICENSE, license_note=FAKES_NOTE, provenance=prov,
                      sha256=sha, segments=tuple(segs))
        by_hash[sha] = art
        articles.append(art)

    # the checks 'framing add' makes, as flags (an import keeps the dataset whole)
    from .ingest import copy_flags

    by_id = {a.id: a for a in articles}
    for aid, flags in copy_flags(articles).items():
        by_id[aid].provenance["flags"] = flags

    # registries
    outlet_recs = []
    for oid in sorted({a.outlet for a in articles}):
        name, country, typ, own = FAKES_OUTLETS.get(oid, (oid, None, None, None))
        rec = {"id": oid, "name": name, "country": country, "language": "en", "type": typ, "ownership": own,
               "tags": {"camp": camps[oid]} if oid in camps else {}}
        outlet_recs.append(rec)
    event_recs = []
    for eid in sorted({a.event for a in articles if a.event}):
        mine = [g for g in (groups[k] for k in order) if any(e and f"fakes-{e.lower()}" == eid for e in g["events"][:1])]
        dates = sorted(a.date for a in articles if a.event == eid)
        locs = Counter(g["location"].strip().lower() for g in mine if g["location"].strip())
        top = [loc for loc, _ in locs.most_common(3)]
        code = eid.split("-")[-1].upper()
        event_recs.append({
            "id": eid, "title": f"FA-KES large-scale event {code} ({', '.join(top[:2]) or 'unnamed'})",
            "date": dates[len(dates) // 2].isoformat(),
            "description": (f"Articles grouped as big_scale_event {code} by the FA-KES authors; FA-KES does not "
                            f"name the events. {len(dates)} articles dated {dates[0]} to {dates[-1]}; most "
                            f"frequent crowd-extracted locations: "
                            + ", ".join(f"{loc} ({n})" for loc, n in locs.most_common(3)) + "."),
            "keywords": top,
        })

    summary = {"rows": len(df), "articles": len(articles), "merged_rows": len(df) - len(articles),
               "outlets": len(outlet_recs), "events": len(event_recs),
               "no_event": sum(1 for a in articles if a.event is None)}
    if dry_run:
        return summary
    with corpus_lock(root):
        existing_o = read_registry(root / "outlets.yaml", "outlet")
        existing_e = read_registry(root / "events.yaml", "event")
        for a in articles:
            p = article_path(root, a.id, a.outlet)
            if p.exists():
                raise CorpusError(f"article {a.id!r} already exists; import into a new directory", path=p, field="id")
        new_o = [r for r in outlet_recs if r["id"] not in existing_o]
        new_e = [r for r in event_recs if r["id"] not in existing_e]
        if new_o:
            add_registry_records(root, "outlet", new_o)
        if new_e:
            add_registry_records(root, "event", new_e)
        for a in articles:
            write_article(root, a)
    return summary


def _version() -> str:
    from . import __version__

    return __version__


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()
