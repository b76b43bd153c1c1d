"""Tests of framing.text: offline Punkt sentences, tokens, Doc, and the shipped parameters."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from framing import text as ft
from framing.corpus import segments_of
from framing.text import (NEWS_ABBREVIATIONS, Doc, as_doc, sentence_spans, sentences, token_spans,
                          tokenize, train_punkt_params)

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("text,expected", [
    ("Gen. Smith met Lt. Col. Jones on Sept. 5. The talks failed.",
     ["Gen. Smith met Lt. Col. Jones on Sept. 5.", "The talks failed."]),
    ("He lives in the U.S. The talks are over.", ["He lives in the U.S.", "The talks are over."]),
    ("The U.N. envoy said so. Mr. de Mistura left at 5 p.m. on Jan. 3.",
     ["The U.N. envoy said so.", "Mr. de Mistura left at 5 p.m. on Jan. 3."]),
    ("Dr. Ali met Mr. Lavrentyev. They agreed.", ["Dr. Ali met Mr. Lavrentyev.", "They agreed."]),
    ("Mrs. Smith said no. She left.", ["Mrs. Smith said no.", "She left."]),
    ("Shares of Acme Inc. and Foo Corp. fell. Trading stopped.",
     ["Shares of Acme Inc. and Foo Corp. fell.", "Trading stopped."]),
    ("It rose 3.5 percent. No. 1 is first.", ["It rose 3.5 percent.", "No. 1 is first."]),
    ("Rebels fled to St. Petersburg. No one followed.", ["Rebels fled to St. Petersburg.", "No one followed."]),
    ("He sat. Then he left.", ["He sat.", "Then he left."]),
    ("Prof. Smith, Gen.-Maj. Ivanov and Lt.-Gen. Rudskoy spoke.",
     ["Prof. Smith, Gen.-Maj. Ivanov and Lt.-Gen. Rudskoy spoke."]),
    ("“We reject it,” he said. “The zones are a trap.”", ["“We reject it,” he said.", "“The zones are a trap.”"]),
    ("Is it over? Yes! It is.", ["Is it over?", "Yes!", "It is."]),
    ("Headline without period\n\nFirst paragraph. Second sentence.",
     ["Headline without period", "First paragraph.", "Second sentence."]),
    ("", []),
    ("   \n\n  ", []),
])
def test_sentences(text, expected):
    assert sentences(text) == expected


def test_known_limit_abbreviation_before_name():
    # documented in the module docstring: a capitalised name after a final abbreviation
    assert sentences("He moved to the U.S. Trump said so.") == ["He moved to the U.S. Trump said so."]


def test_sentence_spans_are_offsets(seed_text):
    spans = sentence_spans(seed_text)
    assert len(spans) == 22
    for (s, e), (s2, _) in zip(spans, spans[1:] + [(len(seed_text) + 1, 0)]):
        assert 0 <= s < e <= s2
        assert seed_text[s:e] == seed_text[s:e].strip()
    assert seed_text[spans[10][0]:spans[10][1]] == "(Photo by AFP)"


def test_no_sentence_spans_two_paragraphs():
    text = "One line without stop\nstill one\n\nNext block. Two."
    assert sentences(text) == ["One line without stop\nstill one", "Next block.", "Two."]


@pytest.mark.parametrize("text,expected", [
    ("The U.S. and U.N. met.", ["The", "U.S.", "and", "U.N.", "met", "."]),
    ("Ja’afari's de-escalation zones", ["Ja’afari's", "de-escalation", "zones"]),
    ("“unprecedented” leap", ["“", "unprecedented", "”", "leap"]),
    ("1,200 people, 3.5% more", ["1,200", "people", ",", "3.5%", "more"]),
    ("", []),
])
def test_tokenize(text, expected):
    assert tokenize(text) == expected
    assert [text[s:e] for s, e in token_spans(text)] == expected


def test_token_spans_window():
    text = "aa bb cc"
    assert token_spans(text, 3, 5) == [(3, 5)]


def test_doc_structure(seed_text):
    title = seed_text.split("\n", 1)[0]
    doc = Doc(seed_text, segments=segments_of(seed_text, title=title), id="x", outlet="presstv")
    assert doc.headline_span == (0, len(title))
    ls, le = doc.lead_span()
    assert seed_text[ls:le].startswith("Press TV – Top Syrian negotiator")
    assert doc.segment_of(3) == "headline" and doc.segment_of(ls) == "body"
    assert doc.sentence_index(0) == 0
    assert doc.sentence_index(seed_text.index("He was speaking")) == 2
    assert doc.sentence_index(len(seed_text) - 1) == len(doc.sentences) - 1
    plain = Doc("Just text. Two.")
    assert plain.headline_span is None and plain.lead_span() == (0, len("Just text. Two."))


def test_as_doc():
    d = Doc("x")
    assert as_doc(d) is d
    assert as_doc("a b").text == "a b"
    assert as_doc({"text": "t", "id": "i"}).id == "i"
    with pytest.raises(TypeError):
        as_doc(3)
    with pytest.raises(TypeError):
        Doc(None)


def test_never_downloads(monkeypatch):
    import nltk

    def boom(*a, **k):  # pragma: no cover - must not run
        raise AssertionError("nltk.download was called")

    monkeypatch.setattr(nltk, "download", boom)
    ft._punkt.cache_clear()
    try:
        assert sentences("Mr. Smith left. He came back.") == ["Mr. Smith left.", "He came back."]
    finally:
        ft._punkt.cache_clear()
    for f in (REPO / "framing").rglob("*.py"):
        assert "nltk.download(" not in f.read_text("utf-8"), f


def test_shipped_parameters_are_documented_json():
    raw = resources.files("framing").joinpath("data/punkt_news.json").read_bytes()
    data = json.loads(raw.decode("utf-8"))  # JSON, not a pickle
    assert {"_about", "method", "licence", "trained", "abbrev_types", "sent_starters", "ortho_context"} <= set(data)
    assert set(NEWS_ABBREVIATIONS) <= set(data["abbrev_types"])
    for a in ("mr", "dr", "gen", "lt", "col", "u.s", "u.n", "jan", "feb", "sept", "inc", "corp", "st", "no"):
        assert a in data["abbrev_types"]
    tr = data["trained"]
    assert tr["n_texts"] == len(tr["sources"]) and tr["n_chars"] > 100_000
    assert any(s["name"].startswith("seed/") for s in tr["sources"])
    assert not any("eval" in s["name"] for s in tr["sources"])
    assert all(len(s["sha256"]) == 64 for s in tr["sources"])
    assert len(data["ortho_context"]) > 1000


def test_train_punkt_params_filters_and_merges():
    text = ("The minister spoke. The talks were long. The delegates left early. " * 20
            + "They met in the U.S. on Monday. The talks began. E.g. this one. Das ist gut. " * 5)
    p = train_punkt_params([text], abbreviations=["xyz"], starters=["the", "they"])
    assert "xyz" in p["abbrev_types"]
    assert all("." in a for a in p["abbrev_types"] if a != "xyz")
    assert set(p["sent_starters"]) <= {"the", "they"} and "they" in p["sent_starters"]
    assert p["collocations"] == []
    assert p["ortho_context"]["the"] > 0
    assert p == train_punkt_params([text], abbreviations=["xyz"], starters=["the", "they"])


def test_shipped_parameters_reproduce_from_recorded_sources():
    """Training again on the same texts gives the shipped parameters (skips when texts changed)."""
    import hashlib

    data = json.loads(resources.files("framing").joinpath("data/punkt_news.json").read_text("utf-8"))
    srcs = ft.punkt_sources()
    now = [(n, hashlib.sha256(t.encode("utf-8")).hexdigest()) for n, t in srcs]
    then = [(s["name"], s["sha256"]) for s in data["trained"]["sources"]]
    if now != then:
        pytest.skip("the training texts differ from the recorded ones (../shared missing, new sources, "
                    "or another Python); regenerate with framing/data/train_punkt.py")
    p = train_punkt_params([t for _, t in srcs])
    for k in ("abbrev_types", "sent_starters", "collocations", "ortho_context"):
        assert p[k] == data[k], k


# ----------------------------------------------------------------------------- blocks

_BLOCK_REFERENCE = re.compile(r"\S(?:.*?\S)??(?=\s*\n\s*\n|\s*\Z)", re.S)


def test_block_spans_pinned():
    assert ft.block_spans("Title\n\n First para.\n  \nSecond.\n") == [(0, 5), (8, 19), (23, 30)]
    assert ft.block_spans("one\ntwo\n\n\n\nthree") == [(0, 7), (11, 16)]
    assert ft.block_spans("") == [] and ft.block_spans(" \n\n \n") == []


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab \n\t\r.\u00a0\u2028\x1c", max_size=30))
def test_block_spans_agree_with_the_definition(t):
    # a block: from a non-space to the last non-space before a blank line or the end
    assert ft.block_spans(t) == [m.span() for m in _BLOCK_REFERENCE.finditer(t)]


# ----------------------------------------------------------------------------- Punkt, memoised

def _plain_punkt():
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    data = json.loads(resources.files("framing").joinpath(ft.PUNKT_JSON).read_text("utf-8"))
    return PunktSentenceTokenizer(ft._params_from_dict(data))


def _reference_spans(tok, text):
    return [(b + s, b + e) for b, end in ft.block_spans(text) for s, e in tok.span_tokenize(text[b:end])]


def test_memoised_punkt_splits_as_nltk_does(seed_text):
    # the memo of Punkt's decisions and the shortcut for blocks without . ? ! change nothing
    plain = _plain_punkt()
    texts = [seed_text, "Headline without a stop\n\nU.S. envoy Mr. Smith arrived. He said: \"No.\" "
             "Talks resume Jan. 5 in Astana!\n\nWhy? Nobody knows...", "a. b. c.", "No stop at all"]
    texts += [p.read_text("utf-8") for p in sorted((REPO / "sources" / "articles").rglob("*.txt"))]
    for text in texts * 2:       # the second pass reads the memo
        assert sentence_spans(text) == _reference_spans(plain, text)


_WORDS = st.sampled_from(["Mr.", "U.S.", "said", "The", "the", "Talks", "No.", "5", "rebels", "Jan.",
                          "e.g.", "A.", "ok", "“Yes.”", "(no)", "--", "..."])
_GAPS = st.sampled_from([" ", "  ", ". ", "? ", "! ", ".\n", "\n\n", ".” ", ".) ", "\t", "\x1c", "\x1d. ",
                         ".\x1e", "\x1f", "\x85", "\u00a0", "\u2028", "\u3000", "\r\n", "\x0b"])


@settings(max_examples=600, deadline=None)
@given(st.lists(st.tuples(_WORDS, _GAPS), max_size=14))
def test_punkt_on_re_splits_as_nltk_compiled_punkt_does(parts):
    # Punkt's patterns run on the standard re engine; NLTK compiles them with ``regex``, whose
    # \s differs on \x1c-\x1f: blocks with those characters go to the NLTK-compiled tokenizer
    text = "".join(w + g for w, g in parts)
    assert sentence_spans(text) == _reference_spans(_plain_punkt(), text)


def test_both_regex_engines_agree_on_white_space_but_for_the_separators():
    import sys

    import regex

    differ = [c for c in map(chr, range(sys.maxunicode + 1))
              if bool(re.match(r"\s", c)) != bool(regex.match(r"\s", c))]
    assert differ == ["\x1c", "\x1d", "\x1e", "\x1f"]
    assert differ == list(ft._REGEX_SPACE_DIFF)
    assert all(ft._has_regex_space_diff(f"a{c}b") for c in differ) and not ft._has_regex_space_diff("a b")


def test_punkt_memo_is_bounded(monkeypatch, seed_text):
    tok = ft._punkt()
    monkeypatch.setattr(tok, "_MEMO_MAX", 5)
    tok._memo.clear()
    sentence_spans(seed_text)
    assert 0 < len(tok._memo) <= 5
    tok._memo.clear()


_RICH_WORDS = st.sampled_from(["Mr.", "U.S.", "Lt.-Gen.", "said", "The", "the", "They", "however", "No.", "3.5",
                               "5.", "-3.", "Jan.", "e.g.", "J.", "A.", "...", ". . .", "“Yes.”", "(no)", "--",
                               "İstanbul", "ı.", "ſo", "é.", "É", "٣.", "x².", "²", "Ａ.", "e\u0301.", "\u0301.",
                               "𑛐.", "ǅ.", "Ⅻ.", "σ.", "ΣΑ", "a_b.", "?", "!", ",", ")", "’", "»"])
_RICH_GAPS = st.sampled_from([" ", ". ", "? ", "! ", ".\n", "\n", "\n \n", ".” ", ".) ", ".» ", "\t", "\x85",
                              "\u00a0", "\u2028", "\r\n", "\x0c", ".--", "...", "", "."])


@settings(max_examples=600, deadline=None)
@given(st.lists(st.tuples(_RICH_WORDS, _RICH_GAPS), max_size=14))
def test_fused_spans_and_cached_token_facts_decide_as_nltk_does(parts):
    # ``_Punkt.spans`` fuses NLTK's span generators, and ``_contains_sentbreak`` combines facts
    # cached per word (NLTK's own PunktToken computes them): both without the context memo,
    # on letters and digits where ``re`` and ``regex`` disagree (², combining marks, ٣, 𑛐)
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    text = "".join(w + g for w, g in parts).strip()
    plain = _plain_punkt()
    for tok in (ft._punkt(), ft._punkt(nltk_regex=True)):
        tok._memo.clear()
        assert tok.spans(text) == list(PunktSentenceTokenizer.span_tokenize(tok, text))
        for _, context in plain._match_potential_end_contexts(text):
            assert tok._contains_sentbreak(context) == plain.text_contains_sentbreak(context), context
