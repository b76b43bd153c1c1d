"""The framing profile: every default extractor over every article, in one pass.

:func:`profile` reads each article once, builds one :class:`~framing.text.Doc` (so the text is
split into sentences once) and hands it to each extractor in turn. The result holds three tidy
tables that everything downstream (comparison, reports, the ``score`` and ``evidence`` commands,
notebooks) is computed from:

``articles``
    one row per article: id, outlet, event, date, title, url, license, and outlet tags ``tag:<name>``;
``scores``
    one row per article: id, outlet, event, then every extractor's ``get_feature_names_out()``;
``evidence``
    one row per match (:data:`~framing.features.base.EVIDENCE_COLUMNS`), offsets into the text as
    loaded.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

__all__ = ["DEFAULT_EXTRACTORS", "default_extractors", "Profile", "profile", "profile_docs"]

#: (module, class) of the extractors in the default profile, in column order
DEFAULT_EXTRACTORS = (
    ("framing.features.labels", "LabelChoices"),
    ("framing.features.quotes", "Attribution"),
    ("framing.features.tone", "Tone"),
    ("framing.features.salience", "Salience"),
    ("framing.features.frames", "GenericFrames"),
    ("framing.features.frames", "PolicyFrames"),
    ("framing.features.loaded", "LoadedLanguage"),
)


def default_extractors(*, fit: bool = True) -> list:
    """New instances of the default extractors (fitted unless ``fit=False``)."""
    out = []
    for mod, cls in DEFAULT_EXTRACTORS:
        ex = getattr(importlib.import_module(mod), cls)()
        out.append(ex.fit() if fit else ex)
    return out


@dataclass
class Profile:
    """The tables of a framing profile (see the module docstring)."""

    articles: "object"
    scores: "object"
    evidence: "object"
    meta: dict = field(default_factory=dict)


def _article_rows(items, docs, corpus=None):
    from .corpus import Article

    tag_names = []
    if corpus is not None:
        tag_names = sorted({k for rec in corpus.outlet_registry.values() for k in (rec.get("tags") or {})})
    rows = []
    for a, d in zip(items, docs):
        if isinstance(a, Article):
            row = {"id": a.id, "outlet": a.outlet, "event": a.event,
                   "date": a.date.isoformat() if a.date else None, "title": a.title, "url": a.url,
                   "license": a.license}
        else:
            row = {"id": d.id, "outlet": d.outlet, "event": d.event, "date": None, "title": None,
                   "url": None, "license": None}
        for t in tag_names:
            row[f"tag:{t}"] = corpus.outlet_tag(row["outlet"], t)
        rows.append(row)
    return rows


def profile_docs(docs, extractors, *, evidence: bool = True):
    """Score a list of :class:`~framing.text.Doc`; return (score matrix rows, evidence rows).

    The unit of work the streaming and distributed engines call per chunk.
    """
    import numpy as np

    from .features.base import older_objects_frozen

    names = [n for ex in extractors for n in ex.get_feature_names_out()]
    index = {n: j for j, n in enumerate(names)}
    mat = np.zeros((len(docs), len(names)), dtype=float)
    ev_rows = []
    with older_objects_frozen():
        for i, doc in enumerate(docs):
            for ex in extractors:
                if evidence:
                    feats, ev = ex._extract(doc)
                    ev_rows.extend(ex.complete_evidence(doc, ev))
                else:
                    feats = ex._features(doc)   # scores only: extractors may skip their evidence
                for k, v in feats.items():
                    mat[i, index[k]] = v
    return names, mat, ev_rows


def profile(source, *, extractors=None, evidence: bool = True) -> Profile:
    """Run the extractors over a corpus (or a list of articles / texts) in one pass.

    Parameters
    ----------
    source : Corpus, or iterable of Article / Doc / str
    extractors : list of fitted Extractor, optional
        Defaults to :func:`default_extractors`.
    evidence : bool, default True
        Collect evidence rows (turn off for scores only, which is faster).

    Returns
    -------
    Profile
    """
    import pandas as pd

    from .corpus import Corpus
    from .features.base import as_docs, evidence_frame

    corpus = source if isinstance(source, Corpus) else None
    items = list(source.articles()) if corpus is not None else list(source)
    docs = as_docs(items)
    # unnamed inputs get positional ids
    for i, d in enumerate(docs):
        if d.id is None or d.id == "None":
            d.id = str(i)
    if extractors is None:
        extractors = default_extractors()
    names, mat, ev_rows = profile_docs(docs, extractors, evidence=evidence)
    articles = pd.DataFrame(_article_rows(items, docs, corpus))
    if not len(articles):
        articles = pd.DataFrame(columns=["id", "outlet", "event", "date", "title", "url", "license"])
    scores = pd.concat(
        [articles[["id", "outlet", "event"]].reset_index(drop=True), pd.DataFrame(mat, columns=names)], axis=1)
    meta = {type(ex).__name__: ex.resource_meta() for ex in extractors}
    return Profile(articles=articles, scores=scores, evidence=evidence_frame(ev_rows), meta=meta)
