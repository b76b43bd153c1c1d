"""framing.importers: FA-KES, on a hand-written miniature and on the real copy in ../shared/eval."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from framing.corpus import check_corpus, load_corpus
from framing.errors import CorpusError, ValidationError
from framing.importers import import_fakes
from tests.conftest import FAKES, snapshot

MINI = Path(__file__).parent / "fixtures" / "corpus" / "fakes"


@pytest.fixture
def mini_import(tmp_path):
    root = tmp_path / "fk"
    summary = import_fakes(MINI / "fakes.csv", root)
    return root, summary


def test_mini_counts_and_decisions(mini_import):
    root, summary = mini_import
    # 7 rows: 102 twice with one text -> merged; 105 with two texts -> two articles;
    # 104 has the same text as 101 -> recorded on 101, not written
    assert summary == {"rows": 7, "articles": 5, "merged_rows": 2, "outlets": 3, "events": 2, "no_event": 1}
    assert sorted(load_corpus(root).ids) == ["fakes-101", "fakes-102", "fakes-103", "fakes-105", "fakes-105-2"]


def test_mini_ids_events_and_provenance(mini_import):
    root, _ = mini_import
    c = load_corpus(root)
    a102 = c["fakes-102"]
    assert a102.provenance["fakes"]["rows"] == [3, 4]
    assert a102.provenance["fakes"]["label"] == ["0", "1"]
    assert a102.provenance["fakes"]["big_scale_event"] == ["E2", "E1"]
    assert a102.event == "fakes-e2"                     # first row's event wins, all recorded
    assert c["fakes-103"].event is None                 # 'none' -> no event
    a101 = c["fakes-101"]
    assert a101.provenance["fakes"]["duplicate_of_rows"] == [{"unit_id": "104", "date": "2016-02-09", "rows": [6]}]
    assert c["fakes-105"].event == "fakes-e2"           # joined on the ASCII-only title
    assert c["fakes-105-2"].provenance["fakes"]["rows"] == [8]
    assert "(updated)" in c["fakes-105-2"].text and "(updated)" not in c["fakes-105"].text
    assert a101.text.split("\n\n")[0] == a101.title == "Shelling kills 5 in Aleppo"
    assert a101.license.startswith("CC BY 4.0")
    assert c.outlet_tag("sana", "camp") == "pro" and c.outlet_tag("reuters", "camp") == "neutral"
    assert sorted(c.event_ids) == ["fakes-e1", "fakes-e2"]
    assert check_corpus(root) == []


def test_import_refuses_to_overwrite(mini_import):
    root, _ = mini_import
    before = snapshot(root)
    with pytest.raises(CorpusError, match="already exists"):
        import_fakes(MINI / "fakes.csv", root)
    assert snapshot(root) == before


def test_dry_run_writes_nothing(tmp_path):
    s = import_fakes(MINI / "fakes.csv", tmp_path / "x", dry_run=True)
    assert s["articles"] == 5 and not (tmp_path / "x").exists()


@pytest.mark.parametrize("mutate, match", [
    (lambda t: t.replace(",2/1/16,", ",2/30/16,"), "impossible date"),
    (lambda t: t.replace(",2/1/16,", ",2016-02-01,"), "not a m/d/yy date"),
    (lambda t: t.replace("101,", "10x,", 1), "unit_id must be digits"),
    (lambda t: t.replace(",sana,2/1/16", ",../etc,2/1/16"), "not an outlet id"),
    (lambda t: t.replace("article_content", "content"), "required column is missing"),
])
def test_bad_fakes_files(tmp_path, mutate, match):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(MINI / "feature_extraction.csv", src / "feature_extraction.csv")
    (src / "fakes.csv").write_bytes(mutate((MINI / "fakes.csv").read_bytes().decode("latin-1")).encode("latin-1"))
    with pytest.raises(ValidationError, match=match):
        import_fakes(src / "fakes.csv", tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.mark.eval
def test_real_fakes(shared_dir, tmp_path):
    root = tmp_path / "fakes"
    s = import_fakes(FAKES, root)
    assert s == {"rows": 804, "articles": 790, "merged_rows": 14, "outlets": 15, "events": 9, "no_event": 42}
    c = load_corpus(root)
    assert len(c.outlet_registry) == 15 and len(c.event_ids) == 9
    camps = {o: c.outlet_tag(o, "camp") for o in c.outlet_ids}
    assert {o for o, v in camps.items() if v == "pro"} == {"sana", "manar", "alalam", "sputnik", "tass"}
    assert camps["reuters"] == "neutral" and list(camps.values()).count("against") == 9
    from collections import Counter
    flags = Counter(k for a in c for k in a.provenance.get("flags", {}))
    assert flags == {"wire_copy_of": 85, "near_duplicate_of": 27, "wire_credits": 21}
    counts = c.to_frame(text=False).groupby("outlet").size()
    assert counts["ahram"] == 149 and counts["tass"] == 5
    assert check_corpus(root) == []
