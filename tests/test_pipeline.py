"""The one-pass profile (shared per-Doc matches) equals each extractor run on its own."""

from __future__ import annotations

import csv

import numpy as np
import pandas as pd
import pytest

from framing.corpus import load_corpus
from framing.features.base import evidence_frame, shared_find
from framing.lexicon import load_lexicon
from framing.pipeline import default_extractors, profile
from framing.speakers import load_speaker_groups
from framing.text import Doc

from .conftest import FAKES, REPO

HAND = [
    "Rebels and militants clashed with government forces.\n\nAssad's regime said the terrorists "
    "were defeated, Lavrov told reporters. “We welcome the deal,” the opposition said.",
    "Turkey, Russia and Iran signed a memorandum in Astana.  Syrian   opposition  fighters walked out.",
    "",
]


def _articles():
    arts = list(load_corpus(REPO / "sources").articles())
    texts = list(HAND)
    if FAKES.is_file():
        with FAKES.open(encoding="latin-1", newline="") as fh:
            for i, row in enumerate(csv.DictReader(fh)):
                if i >= 25:
                    break
                texts.append(f"{row['article_title']}\n\n{row['article_content']}")
    # mappings, not Docs: every transform/evidence call then builds Docs of its own
    return arts + [{"text": t, "id": f"t{i}", "outlet": "x"} for i, t in enumerate(texts)]


def _separately(items, extractors):
    """Each extractor's own transform/evidence (new Docs per call: nothing shared)."""
    mats, evs = [], []
    for ex in extractors:
        mats.append(pd.DataFrame(ex.transform(items), columns=ex.get_feature_names_out()))
        evs.append(ex.evidence(items))
    ev = pd.concat(evs, ignore_index=True)
    return pd.concat(mats, axis=1), evidence_frame(ev.to_dict("records"))


def test_profile_equals_extractors_run_separately():
    items = _articles()
    exs = default_extractors()
    prof = profile(items, extractors=exs)
    scores, evidence = _separately(items, exs)
    got = prof.scores.drop(columns=["id", "outlet", "event"])
    assert list(got.columns) == list(scores.columns)
    np.testing.assert_array_equal(got.to_numpy(), scores.to_numpy())
    assert len(prof.evidence) > 100
    assert prof.evidence["article_id"].nunique() > 20
    pd.testing.assert_frame_equal(prof.evidence, evidence)


@pytest.mark.parametrize("matcher", [load_lexicon, load_speaker_groups])
def test_shared_find_is_computed_once_per_doc(matcher):
    m = matcher()
    doc = Doc("Rebels and the Syrian government met; Lavrov and Assad's regime forces too.")
    first = shared_find(doc, m)
    assert first == m.find(doc.text)
    assert shared_find(doc, m) is first            # cached on the Doc
    other = Doc(doc.text)
    assert shared_find(other, m) is not first      # not shared across documents
    assert shared_find(other, m) == first


def test_scores_only_equal_scores_with_evidence():
    # profile(evidence=False) takes each extractor's _features path, which may skip evidence
    items = _articles()
    exs = default_extractors()
    with_ev = profile(items, extractors=exs).scores
    without = profile(items, extractors=exs, evidence=False).scores
    pd.testing.assert_frame_equal(with_ev, without)
    for ex in exs:
        for doc in [Doc(a.text) if hasattr(a, "text") else Doc(a["text"]) for a in items[:12]]:
            assert ex._features(doc) == ex._extract(doc)[0], type(ex).__name__


def test_transform_of_plain_strings_equals_transform_of_docs():
    # LabelChoices reads plain strings without building a Doc
    from framing.features.labels import LabelChoices

    texts = [a.text if hasattr(a, "text") else a["text"] for a in _articles()]
    lc = LabelChoices().fit()
    np.testing.assert_array_equal(lc.transform(texts), lc.transform([Doc(t) for t in texts]))
    assert lc.transform(texts).sum() > 0


@pytest.mark.parametrize("evidence", [False, True])
def test_scoring_leaves_no_reference_cycles(evidence):
    # what an article's scoring allocates is freed when it is done, without waiting for the
    # garbage collector: memory stays flat over a long stream (a nested function that calls
    # itself, for one, keeps its whole frame alive in a cycle)
    import gc

    from framing.pipeline import profile_docs
    from framing.text import as_doc

    ex = default_extractors()
    profile_docs([as_doc(a) for a in _articles()], ex, evidence=evidence)  # lazy loading first
    docs = [as_doc(a) for a in _articles()]
    gc.collect()
    gc.disable()
    try:
        profile_docs(docs, ex, evidence=evidence)
        del docs
        assert gc.collect() == 0
    finally:
        gc.enable()
