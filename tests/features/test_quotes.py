"""Attribution: quotes, speakers, reporting verbs and sides (framing.features.quotes)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.pipeline import FeatureUnion, Pipeline

from framing.corpus import segments_of
from framing.errors import LexiconError, NotFittedError, ValidationError
from framing.features.base import EVIDENCE_COLUMNS
from framing.features.quotes import (KINDS, VERB_CLASSES, Attribution, Quote, extract_quotes,
                                     load_reporting_verbs)
from framing.speakers import load_speaker_groups
from framing.text import Doc

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "seed_quotes.yaml"
EVENT = "astana-2017-05-04"


def _seed_doc(text: str) -> Doc:
    title = text.split("\n", 1)[0]
    return Doc(text, segments=segments_of(text, title=title), id="seed", outlet="presstv", event=EVENT)


@pytest.fixture(scope="module")
def coding():
    return yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed_quotes(seed_text):
    return list(extract_quotes(_seed_doc(seed_text)))


@pytest.fixture(scope="module")
def fitted():
    return Attribution().fit()


# ----------------------------------------------------------------------------- the seed

def test_seed_agrees_with_human_coding(seed_quotes, coding):
    got = [(q.speaker, q.side, q.verb, q.verb_class, q.kind) for q in seed_quotes]
    want = [(i["speaker"], i["side"], i["verb"], i["verb_class"], i["kind"]) for i in coding["items"]]
    assert got == want


def test_seed_content_spans(seed_quotes, coding, seed_text):
    assert len(seed_quotes) == len(coding["items"])
    for q, item in zip(seed_quotes, coding["items"]):
        assert 0 <= q.start < q.end <= len(seed_text)
        assert q.text == seed_text[q.start:q.end]
        if "content" in item:
            assert q.text == item["content"], item
        else:
            assert item["content_contains"] in q.text, item
        if q.verb_span is not None:
            assert q.verb_span[0] < q.verb_span[1]


def test_seed_speaker_resolution(seed_quotes, seed_text):
    spans = {seed_text[q.speaker_span[0]:q.speaker_span[1]]: q.speaker for q in seed_quotes}
    assert spans["He"] in {"Bashar al-Ja’afari", "Alexander Lavrentyev"}
    he = [q.speaker for q in seed_quotes if seed_text[q.speaker_span[0]:q.speaker_span[1]] == "He"]
    assert he == ["Bashar al-Ja’afari", "Alexander Lavrentyev"]
    assert spans["his spokesman"] == "António Guterres"
    assert spans["the statement"] == "António Guterres"


def test_seed_same_from_raw_text_without_segments(seed_text, coding):
    """Without a headline segment the first line is still read as the headline."""
    got = [(q.speaker, q.side, q.verb, q.kind) for q in extract_quotes(Doc(seed_text, event=EVENT))]
    want = [(i["speaker"], i["side"], i["verb"], i["kind"]) for i in coding["items"]]
    assert got == want


def test_seed_features_and_evidence(fitted, seed_text, coding):
    doc = _seed_doc(seed_text)
    feats, ev = fitted.extract(doc)
    items = coding["items"]
    assert feats["quote:attributions"] == len(items)
    assert feats["quote:speakers"] == coding["distinct_speakers"]
    assert feats[f"quote:first:{coding['first_side']}"] == 1.0
    assert feats[f"quote:last:{coding['last_side']}"] == 1.0
    for side in {i["side"] for i in items}:
        mine = [i for i in items if i["side"] == side]
        assert feats[f"quote:side:{side}:quotes"] == len(mine)
        for kind in ("direct", "partial", "indirect"):
            assert feats.get(f"quote:side:{side}:{kind}", 0.0) == sum(i["kind"] == kind for i in mine)
        for cls in VERB_CLASSES:
            assert feats.get(f"quote:side:{side}:verb:{cls}", 0.0) == sum(i["verb_class"] == cls for i in mine)
    # words inside the marks attributed to the UN (the spokesman, the statement, de Mistura)
    un_words = sum(len(i["content"].replace(",", " ").replace(";", " ").split())
                   for i in items if i["side"] == "un" and "content" in i)
    assert feats["quote:side:un:direct_words"] == un_words
    assert feats.get("quote:side:opposition:direct_words", 0.0) == 0
    rows = fitted.complete_evidence(doc, ev)
    assert len(rows) == len(items)
    for r in rows:
        assert r["text"] == seed_text[r["start"]:r["end"]]
        assert r["feature"] == "quote" and r["kind"] in KINDS and r["value"] >= 1
    assert [r["verb"] for r in rows] == [i["verb"] for i in items]


def test_seed_through_transformer_matrix(fitted, seed_text):
    X = fitted.transform([_seed_doc(seed_text)])
    names = list(fitted.get_feature_names_out())
    assert X.shape == (1, len(names))
    assert X[0, names.index("quote:side:opposition:verb:distancing")] == 1.0


# ----------------------------------------------------------------------------- hand-written cases

CASES = [
    # text, [(speaker, side, verb, class, kind, content)]
    ('"We will not accept this plan," said Osama Abu Zaid, the opposition spokesman.',
     [("Osama Abu Zaid", "opposition", "say", "neutral", "direct", "We will not accept this plan")]),
    ("“We will not accept this plan,” Abu Zaid told reporters.",
     [("Osama Abu Zaid", "opposition", "tell", "neutral", "direct", "We will not accept this plan")]),
    ('Lavrov said: "The zones will be monitored."',
     [("Sergey Lavrov", "russia", "say", "neutral", "direct", "The zones will be monitored.")]),
    ("Lavrov called the zones ‘an important step’ on Friday.",
     [("Sergey Lavrov", "russia", "call", "neutral", "partial", "an important step")]),
    ("Ja’afari praised the talks as an “unprecedented” leap.",
     [("Bashar al-Ja’afari", "syrian_government", "praise", "endorsing", "partial", "unprecedented")]),
    ("“The deal is dead. We walked out,” an opposition delegate said.",
     [("opposition delegate", "opposition", "say", "neutral", "direct", "The deal is dead. We walked out")]),
    ("Lavrov spoke first. “This is a good day,” he said. “We hope it lasts.”",
     [("Sergey Lavrov", "russia", "say", "neutral", "direct", "This is a good day"),
      ("Sergey Lavrov", "russia", None, None, "direct", "We hope it lasts.")]),
    ("According to the Syrian Observatory for Human Rights, 20 civilians were killed.",
     [("Syrian Observatory for Human Rights", "monitors", "according to", "neutral", "indirect",
       "20 civilians were killed")]),
    ("20 civilians were killed, according to the Syrian Observatory for Human Rights.",
     [("Syrian Observatory for Human Rights", "monitors", "according to", "neutral", "indirect",
       "20 civilians were killed")]),
    ("The opposition's statement said the deal was illegitimate.",
     [("opposition's statement", "opposition", "say", "neutral", "indirect", "the deal was illegitimate")]),
    ("The Syrian opposition said in a statement that it rejected the plan.",
     [("Syrian opposition", "opposition", "say", "neutral", "indirect", "it rejected the plan")]),
    ("Rebels rejected the plan, claiming it was a trap.",
     [("Rebels", "opposition", "reject", "rejecting", "indirect", "the plan"),
      ("Rebels", "opposition", "claim", "distancing", "indirect", "it was a trap")]),
    ("The deal was hailed by de Mistura as a breakthrough.",
     [("Staffan de Mistura", "un", "hail", "endorsing", "indirect", "as a breakthrough")]),
    ("The zones will open next month, a Russian diplomat said.",
     [("Russian diplomat", "russia", "say", "neutral", "indirect", "The zones will open next month")]),
    ("The talks were a success, said Lavrentyev.",
     [("Alexander Lavrentyev", "russia", "say", "neutral", "indirect", "The talks were a success")]),
    ("Lavrov said he hoped to meet again “as early as this month.”",
     [("Sergey Lavrov", "russia", "say", "neutral", "partial", "as early as this month.")]),
    ("Guterres urged all parties to respect the truce. He warned that violence could return.",
     [("António Guterres", "un", "urge", "directive", "indirect", "all parties to respect the truce"),
      ("António Guterres", "un", "warn", "warning", "indirect", "violence could return")]),
    ("Staffan de Mistura welcomed the deal. The UN envoy said it was \"a step forward\".",
     [("Staffan de Mistura", "un", "welcome", "endorsing", "indirect", "the deal"),
      ("Staffan de Mistura", "un", "say", "neutral", "partial", "a step forward")]),
    ("Antonio Guterres spoke in New York. The UN chief said the zones must protect civilians.",
     [("António Guterres", "un", "say", "neutral", "indirect", "the zones must protect civilians")]),
    ("An opposition delegate admitted that the talks had stalled.",
     [("opposition delegate", "opposition", "admit", "conceding", "indirect", "the talks had stalled")]),
    ("Analysts said the memorandum was vague.",
     [("Analysts", "experts", "say", "neutral", "indirect", "the memorandum was vague")]),
    ("The Kremlin’s spokesman Dmitry Peskov said the deal was important.",
     [("Dmitry Peskov", "russia", "say", "neutral", "indirect", "the deal was important")]),
    ("Zakharova called for restraint.",
     [("Maria Zakharova", "russia", "call for", "directive", "indirect", "restraint")]),
    ("Finnish Foreign Minister Timo Soini said talks would go on. Soini added that Finland would help.",
     [("Timo Soini", None, "say", "neutral", "indirect", "talks would go on"),
      ("Timo Soini", None, "add", "neutral", "indirect", "Finland would help")]),
    ("'We are ready,' Lavrentyev said.",
     [("Alexander Lavrentyev", "russia", "say", "neutral", "direct", "We are ready")]),
    # a pronoun right before the cue is the subject, not the name before it
    ("Abu Omar said the strikes went on. “They hit us,” against President Bashar al-Assad he added.",
     [("Abu Omar", None, "say", "neutral", "indirect", "the strikes went on"),
      ("Abu Omar", None, "add", "neutral", "direct", "They hit us")]),
    # a possessive with a name: the name is the speaker
    ("Jaish al-Islam fought on. Its leader Zahran Alloush said the city was a “military zone”.",
     [("Zahran Alloush", None, "say", "neutral", "partial", "military zone")]),
    # inverted after a place name
    ("Six died in the suburbs of Damascus, said the Syrian Observatory for Human Rights.",
     [("Syrian Observatory for Human Rights", "monitors", "say", "neutral", "indirect",
       "Six died in the suburbs of Damascus")]),
    ("Six died in the suburbs of Damascus said the Syrian Observatory for Human Rights.",
     [("Syrian Observatory for Human Rights", "monitors", "say", "neutral", "indirect",
       "Six died in the suburbs of Damascus")]),
    # speaker-only alias: "Damascus" speaking is the government
    ("Damascus denied responsibility and blamed rebels.",
     [("Damascus", "syrian_government", "deny", "rejecting", "indirect", "responsibility"),
      ("Damascus", "syrian_government", "blame", "rejecting", "indirect", "rebels")]),
    ("Ten people died in the blast, a military source told SANA on Wednesday.",
     [("military source", "syrian_government", "tell", "neutral", "indirect", "Ten people died in the blast")]),
    ("Three children were among the dead, it said Friday.",
     [("it", None, "say", "neutral", "indirect", "Three children were among the dead")]),
    ("Turkish Prime Minister Ahmed Davutoglu said Ankara would not allow it.",
     [("Ahmed Davutoglu", "turkey", "say", "neutral", "indirect", "Ankara would not allow it")]),
    ("The General Command said the strike was an aggression.",
     [("General Command", "syrian_government", "say", "neutral", "indirect", "the strike was an aggression")]),
    ("Robert Mardini regional director for the Middle East told Reuters that aid was blocked.",
     [("Robert Mardini regional director for the Middle East", None, "tell", "neutral", "indirect",
       "aid was blocked")]),
    ("On Saturday Moscow announced the opening of corridors.",
     [("Moscow", "russia", "announce", "neutral", "indirect", "the opening of corridors")]),
    ("A US-based rights group said the strikes were unlawful.",
     [("US-based rights group", "monitors", "say", "neutral", "indirect", "the strikes were unlawful")]),
]

NEGATIVE = [
    "The ceasefire regime, said to be fragile, held on Thursday.",
    "The attack claimed the lives of 20 civilians.",
    "Turkey backs different militant factions, while Russia supports the government.",
    "The so-called “moderate” rebels control the area.",
    'The "moderate" opposition was not invited.',
    "Thanks to Russia, the talks went on.",
    "The alleged attack took place on Tuesday.",
    "Damascus denied access to aid convoys.",
    "The memorandum, which was agreed on Thursday, will take effect on Saturday.",
    "He was speaking Thursday at the end of the talks.",
    "Third-party monitors could be invited provided Iran and Turkey agreed.",
    "The stated goal of the talks is a ceasefire.",
    "Russia's call for calm went unheard.",
    "Syria’s war has killed hundreds of thousands of people.",
    "The air strikes claimed more than 100 civilians.",
    "Syria’s government has been accused of using siege tactics.",
    "The plan was welcomed in several capitals.",
    "The bombing claimed 20 lives on Monday.",
    "The Islamic State group holds Raqqa.",
    "Syrian state TV showed the ruins.",
    "",
    "   \n\n  ",
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_hand_written(text, expected):
    got = [(q.speaker, q.side, q.verb, q.verb_class, q.kind, q.text) for q in extract_quotes(text)]
    assert got == expected


@pytest.mark.parametrize("text", NEGATIVE, ids=[t[:40] or "empty" for t in NEGATIVE])
def test_no_attribution(text):
    assert list(extract_quotes(text)) == []


@pytest.mark.parametrize("text,scare", [
    ("The so-called “moderate” rebels control the area.", "moderate"),
    ('The "moderate" opposition was not invited.', "moderate"),
])
def test_scare_quotes_only_on_request(text, scare):
    qs = list(extract_quotes(text, include_scare=True))
    if scare is None:
        assert all(q.kind != "scare" for q in qs)
    else:
        assert [(q.kind, q.text, q.speaker) for q in qs] == [("scare", scare, None)]


@pytest.mark.parametrize("text,content", [
    ("He said: “First sentence. Second sentence, which runs on.”", "First sentence. Second sentence, which runs on."),
    ("Abu Zaid said: «Nous refusons.»", "Nous refusons."),
    ("Abu Zaid said: “We refuse this plan\n\nand we walked out.”", "We refuse this plan"),
    ("Abu Zaid said: “We refuse this plan and walk out. Then more.", "We refuse this plan and walk out."),
])
def test_quote_marks_and_spans(text, content):
    qs = list(extract_quotes(text))
    assert qs and qs[0].text == content
    assert qs[0].kind == "direct"


def test_multi_paragraph_quote_continues():
    text = ("Abu Zaid said: “We reject the zones. They divide Syria.\n\n"
            "“We will not sign anything in Astana.”")
    qs = list(extract_quotes(text))
    assert [(q.speaker, q.kind) for q in qs] == [("Osama Abu Zaid", "direct"), ("Osama Abu Zaid", "direct")]
    assert qs[0].text.endswith("They divide Syria.")


def test_quote_inside_quote_is_one_quote():
    text = "“The so-called ‘safe zones’ are a trick,” Abu Zaid said."
    qs = list(extract_quotes(text, include_scare=True))
    assert [(q.kind, q.text) for q in qs] == [("direct", "The so-called ‘safe zones’ are a trick")]


def test_continuations_option():
    text = "“We are ready,” Lavrentyev said.\n\n“The observers will come from Russia.”"
    on = list(extract_quotes(text))
    off = list(extract_quotes(text, continuations=False))
    assert [q.speaker for q in on] == ["Alexander Lavrentyev", "Alexander Lavrentyev"]
    assert [q.speaker for q in off] == ["Alexander Lavrentyev", None]


def test_event_map_is_used():
    text = "Sedat Onal said the zones would be monitored."
    assert [q.side for q in extract_quotes(Doc(text, event=EVENT))] == ["turkey"]
    assert [q.side for q in extract_quotes(Doc(text))] == [None]


def test_bad_option():
    with pytest.raises(ValidationError, match="include_scare"):
        list(extract_quotes("x", include_scare="yes"))
    with pytest.raises(ValidationError, match="continuations"):
        list(extract_quotes("x", continuations=1))


# ----------------------------------------------------------------------------- robustness

QUOTEY = st.lists(st.sampled_from(list("ab .,:;\n'\"“”‘’«»—-") + ["said", "He ", " claimed ", "according to ",
                                                                  "Lavrov ", "the statement ", "his spokesman "]),
                  max_size=60).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(QUOTEY, st.text(max_size=200)))
def test_any_string_gives_valid_offsets(text):
    for q in extract_quotes(text, include_scare=True):
        assert isinstance(q, Quote)
        assert 0 <= q.start <= q.end <= len(text)
        assert q.text == text[q.start:q.end]
        assert q.kind in KINDS
        for span in (q.speaker_span, q.verb_span):
            if span is not None:
                assert 0 <= span[0] <= span[1] <= len(text)


# ----------------------------------------------------------------------------- the lexicon

def test_lexicon_classes_and_lemmas():
    rv = load_reporting_verbs()
    for lemma, cls in [("say", "neutral"), ("tell", "neutral"), ("add", "neutral"), ("note", "neutral"),
                       ("according to", "neutral"), ("praise", "endorsing"), ("hail", "endorsing"),
                       ("welcome", "endorsing"), ("thank", "endorsing"), ("claim", "distancing"),
                       ("allege", "distancing"), ("insist", "distancing"), ("admit", "conceding"),
                       ("concede", "conceding"), ("reject", "rejecting"), ("deny", "rejecting"),
                       ("accuse", "rejecting"), ("urge", "directive"), ("warn", "warning"),
                       ("express hope", "expressive")]:
        assert rv.class_of(lemma) == cls, lemma
    assert rv.lemma_of("said") == "say" and rv.lemma_of("Told") == "tell"
    assert rv.lemma_of("issued a joint statement") == "issue statement"
    assert rv.lemma_of("walked") is None
    assert rv.meta[0]["licence"] and rv.meta[0]["version"]


def test_user_lexicon_overrides_class(tmp_path):
    (tmp_path / "reporting_verbs.yaml").write_text(
        "meta: {name: mine, version: 1}\nverbs:\n  insist: {class: neutral, forms: [insisted]}\n"
        "  opine: {class: neutral, forms: [opined]}\n", encoding="utf-8")
    rv = load_reporting_verbs(tmp_path)
    assert rv.class_of("insist") == "neutral"
    qs = list(extract_quotes("Lavrov opined that the zones work.", verbs=rv))
    assert [(q.verb, q.verb_class) for q in qs] == [("opine", "neutral")]
    ex = Attribution(verbs=str(tmp_path)).fit()
    assert ex.quotes("Lavrov insisted that the zones work.")[0].verb_class == "neutral"


@pytest.mark.parametrize("body,field", [
    ("verbs: {say: {class: neutral}}\n", "meta"),
    ("meta: {name: x}\nverbs: {say: {forms: [said]}}\n", "verbs.say"),
    ("meta: {name: x}\nverbs: {say: {class: neutral, indirect: sometimes}}\n", "verbs.say"),
    ("meta: {name: x}\nverbs: [say]\n", "verbs"),
    ("meta: {name: x}\nfillers: the\n", "fillers"),
    ("meta: [unclosed\n", None),
])
def test_bad_lexicon(tmp_path, body, field):
    f = tmp_path / "reporting_verbs.yaml"
    f.write_text(body, encoding="utf-8")
    with pytest.raises(LexiconError) as e:
        load_reporting_verbs(f)
    assert str(f) in str(e.value)
    if field:
        assert f"field '{field}'" in str(e.value)


def test_missing_lexicon_path(tmp_path):
    with pytest.raises(LexiconError, match="not found"):
        load_reporting_verbs(tmp_path / "nope")


# ----------------------------------------------------------------------------- the transformer

def test_transformer_contract(fitted):
    texts = ["Rebels rejected the plan, claiming it was a trap.", "No one spoke.",
             "“We are ready,” Lavrentyev said."]
    X = fitted.transform(texts)
    names = list(fitted.get_feature_names_out())
    assert X.shape == (3, len(names)) and len(set(names)) == len(names)
    assert all(n.startswith("quote:") for n in names)
    assert X[1].sum() == 0
    assert X[2, names.index("quote:side:russia:direct")] == 1
    assert X[2, names.index("quote:side:russia:direct_words")] == 3
    assert X[0, names.index("quote:first:opposition")] == 1 and X[0, names.index("quote:last:opposition")] == 1
    for s in ("syrian_government", "opposition", "russia", "iran", "turkey", "un", "us", "civilians",
              "experts", "other", "unattributed"):
        assert f"quote:side:{s}:quotes" in names
    df = clone(fitted).set_output(transform="pandas").fit(texts).transform(texts)
    assert isinstance(df, pd.DataFrame) and list(df.columns) == names
    params = fitted.get_params()
    assert set(params) == {"event", "speakers", "verbs", "continuations"}
    assert clone(fitted).set_params(continuations=False).get_params()["continuations"] is False


def test_pipeline_and_union(fitted):
    from sklearn.preprocessing import FunctionTransformer

    union = FeatureUnion([("q", Attribution()), ("n", FunctionTransformer(lambda X: np.array([[len(x)] for x in X])))])
    Xu = union.fit_transform(["Lavrov said the zones work.", "Nothing."])
    assert Xu.shape[0] == 2
    pipe = Pipeline([("q", Attribution())]).fit(["a"])
    assert pipe.transform(["Analysts said it was vague."]).sum() > 0


def test_not_fitted_and_bad_input():
    with pytest.raises(NotFittedError):
        Attribution().transform(["x"])
    with pytest.raises(ValidationError, match="single string"):
        Attribution().fit().transform("Lavrov said so.")
    with pytest.raises(ValidationError, match="continuations"):
        Attribution(continuations="yes").fit()
    with pytest.raises(ValidationError, match="event"):
        Attribution(event=3).fit()


def test_evidence_frame_columns(fitted, seed_text):
    df = fitted.evidence([_seed_doc(seed_text)])
    assert list(df.columns) == EVIDENCE_COLUMNS
    assert set(df["kind"]) == {"direct", "partial", "indirect"}
    for _, r in df.iterrows():
        assert r["text"] == seed_text[r["start"]:r["end"]]
    assert df["side"].notna().all() and df["speaker"].notna().all()


def test_event_parameter_forces_map():
    text = "Sedat Onal said the zones would be monitored."
    assert Attribution(event=EVENT).fit().quotes(text)[0].side == "turkey"
    assert Attribution().fit().quotes(text)[0].side is None


def test_user_speaker_folder(tmp_path):
    (tmp_path / "default.yaml").write_text(
        "meta: {name: mine}\nsides:\n  finland:\n    label: Finland\n    actors:\n"
        "      - {name: Timo Soini, aliases: [Timo Soini, Soini]}\n", encoding="utf-8")
    ex = Attribution(speakers=str(tmp_path)).fit()
    assert "quote:side:finland:quotes" in ex.get_feature_names_out()
    feats, _ = ex.extract("Soini said the talks would go on.")
    assert feats["quote:side:finland:indirect"] == 1


def test_speakers_map_loads_once_per_event(fitted):
    assert fitted.speaker_groups(EVENT) is load_speaker_groups(event=EVENT)


# ----------------------------------------------------------------------------- the project's sources

@pytest.mark.parametrize("outlet,expected", [
    # hand-coded: the UN statement's title-case headline ("... Stresses Need ...") and two "welcomes"
    ("un", [("António Guterres", "un", "stress", "indirect"), ("António Guterres", "un", "welcome", "indirect"),
            ("António Guterres", "un", "welcome", "indirect")]),
    # VOA: Lavrov "called the safe zones “...”" and "said he hoped ... “as early as this month.”"
    ("voa", [("Sergey Lavrov", "russia", "call", "partial"), ("Sergey Lavrov", "russia", "say", "partial")]),
])
def test_sources_articles(repo_root, outlet, expected):
    from framing.corpus import load_corpus

    corpus = load_corpus(repo_root / "sources", outlets=[outlet])
    (article,) = list(corpus.articles())
    got = [(q.speaker, q.side, q.verb, q.kind) for q in extract_quotes(article)]
    assert got == expected


def test_title_case_cues_only_in_headlines():
    text = "Minister Says Talks Will Resume\n\nThe Minister Says nothing here. Islamic State fighters fled."
    got = [(q.verb, q.text) for q in extract_quotes(text)]
    assert got == [("say", "Talks Will Resume")]


@pytest.mark.parametrize("text,lo,hi", [
    ("He SAID, he Said:  said  that; re-said; ’said x; unsaid; said-so", 0, None),
    ("Lavrov told reporters; the ministry said in a statement that it welcomed the deal.", 0, None),
    ("Lavrov told reporters; the ministry said in a statement that it welcomed the deal.", 5, 40),
    ("According to officials, he expressed his hope that talks go on", 3, None),
    ("ſaid ıt and İstanbul officials said", 0, None),     # special case folding: the regex path
    ("", 0, None), ("no cue here at all", 0, None),
])
def test_cue_finditer_equals_pattern_finditer(text, lo, hi):
    rv = load_reporting_verbs()
    got = [(m.span(), m.group()) for m in rv.finditer(text, lo, hi)]
    ref = [(m.span(), m.group()) for m in rv._re.finditer(text, lo, len(text) if hi is None else hi)]
    assert got == ref


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["said", "Said", "told", "says", "according", "to", "reportedly", "-",
                                 "’", " ", "  ", ",", ".", "\n", "x", "claimed", "warned", "accused"]),
                max_size=30))
def test_cue_finditer_equals_pattern_finditer_generated(parts):
    rv = load_reporting_verbs()
    text = "".join(parts)
    assert [m.span() for m in rv.finditer(text)] == [m.span() for m in rv._re.finditer(text)]


def test_character_classes_behind_the_fast_paths():
    # quotes.py replaces regexes on one character by str methods: \w is isalnum() or "_", \s is
    # isspace(), and case-insensitive [\w’'-] is isalnum() or one of "_’'-", for every character
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert set(re.findall(r"\w", every)) == {c for c in every if c.isalnum() or c == "_"}
    assert set(re.findall(r"\s", every)) == {c for c in every if c.isspace()}
    assert set(re.findall(r"[\w’'-]", every, re.I)) == {c for c in every if c.isalnum() or c in "_’'-"}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["that", "That", "in", "to", "a", "the", "The", "an", "An", "tha", " ", "  ", ",",
                                 ".", "“", "”", "„", "«", "»", '"', "x", "İ", "ı", "\n", "statement"]),
                max_size=25).map("".join), st.integers(0, 30), st.integers(0, 30))
def test_fast_paths_equal_their_regexes(text, lo, hi):
    from framing.features import quotes as Q

    assert Q._double_marks(text) == [m.start() for m in Q._DOUBLE_MARKS.finditer(text)]
    m, ref = Q._that(text, lo, hi), Q._THAT.match(text, lo, hi)
    assert (m and m.span()) == (ref and ref.span())
    assert Q._drop_article(text) == re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I)


def test_cue_pattern_boundaries_are_the_character_class():
    # _cue_pattern tests "’" apart from the rest of [\w’'-] (cheaper to compile): the same
    # boundaries, before and after the cue, for every character of the Basic Multilingual Plane
    from framing.features.quotes import _cue_pattern

    ref = re.compile(r"(?<![\w’'-])(?:said|ab)(?![\w’'-])", re.I)
    new = _cue_pattern(["said", "ab"])
    every = "".join(chr(i) for i in range(0x10000) if not 0xD800 <= i < 0xE000)
    for c in every:
        for s, p in ((c + "said", 1), ("SAID" + c, 0), (c + "Ab" + c, 1)):
            assert bool(new.match(s, p)) == bool(ref.match(s, p)), (c, s)
