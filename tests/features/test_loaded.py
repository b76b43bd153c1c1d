"""Loaded language: lexicon categories, so-called, scare quotes; optional models."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from sklearn.base import clone

from framing.errors import LexiconError, NotFittedError, ValidationError
from framing.features.loaded import (THRESHOLDS, LoadedLanguage, LoadedSentenceClassifier, LoadedWordTagger,
                                     eval_tokens, load_loaded_language)


@pytest.fixture(scope="module")
def ll():
    return LoadedLanguage().fit()


def test_lexicon_header_and_categories():
    lex = load_loaded_language()
    assert {"intensifiers", "evaluative", "emotive", "hedges", "loaded_verbs", "distancing"} <= set(lex["categories"])
    meta = lex["meta"][0]
    assert meta["version"] and meta["licence"] and "Recasens" in meta["source"]
    assert lex["scare_quotes"]["max_words"] == 3


@pytest.mark.parametrize("text,category,count", [
    ("The so-called Free Syrian Army", "distancing", 1),
    ("the self-proclaimed caliphate and the so called council", "distancing", 2),
    ("Militants allegedly shelled the town, reportedly killing two.", "hedges", 2),
    ("A truly horrific and brutal massacre", "emotive", 3),
    ("A truly horrific and brutal massacre", "intensifiers", 1),
    ("The minister slammed the bizarre, dishonest plan.", "evaluative", 2),
    ("The minister slammed the bizarre, dishonest plan.", "loaded_verbs", 1),
    ("The talks took place in Astana on Thursday.", "evaluative", 0),
    ("The talks took place in Astana on Thursday.", "emotive", 0),
])
def test_categories(ll, text, category, count):
    out = ll.set_output(transform="pandas").transform([text])
    assert out[f"loaded:{category}:count"].iloc[0] == count


@pytest.mark.parametrize("text,expected", [
    ('The “moderate” rebels fled.', ["“moderate”"]),
    ('The so-called "moderate" rebels fled.', ['"moderate"']),
    ("The 'moderate' opposition and Syria's 'rebels' met.", ["'moderate'", "'rebels'"]),
    ('Washington backs “moderate rebel groups” in the north.', ["“moderate rebel groups”"]),
    # attributed: a reporting cue nearby
    ('He called the talks "unprecedented".', []),
    ('Ja’afari described the deal as “a leap forward”.', []),
    ('“Terrorists,” Damascus called them.', []),
    ('The “terrorists” said nothing.', []),
    # quotations, not scare quotes
    ('Rebels said: “We will fight on until the end.”', []),
    ('“We will fight,” a commander told reporters.', []),
    ('“No,” he said.', []),
    # unbalanced or no marks
    ('An odd " mark here', []),
    ("Syria's rebels don't agree.", []),
])
def test_scare_quotes(ll, text, expected):
    assert [text[s:e] for s, e in ll.scare_quote_spans(text)] == expected


def test_scare_quote_option(ll):
    off = LoadedLanguage(scare_quotes=False).fit()
    text = 'The “moderate” rebels fled.'
    assert ll.extract(text)[0]["loaded:scare_quotes:count"] == 1
    assert off.extract(text)[0]["loaded:scare_quotes:count"] == 0


def test_rates_and_evidence(ll, seed_text):
    feats, ev = ll.extract("Allegedly, the brutal regime slammed them. Calm words follow here now.")
    assert feats["loaded:all:count"] == 4
    assert feats["loaded:all:rate"] == pytest.approx(1000 * 4 / 11)
    table = ll.evidence([seed_text])
    assert len(table) > 0
    for r in table.itertuples():
        assert seed_text[r.start:r.end] == r.text and r.feature == "loaded" and r.label == r.kind


def test_user_lexicon(tmp_path):
    (tmp_path / "loaded_language.yaml").write_text(
        "name: mine\ncategories:\n  evaluative:\n    words: [dastardly]\n  war_words:\n    words: [blitz*]\n"
        "scare_quotes:\n  max_words: 1\n", encoding="utf-8")
    ll2 = LoadedLanguage(paths=tmp_path).fit()
    assert "loaded:war_words:count" in ll2.feature_names_
    feats, _ = ll2.extract('A dastardly blitzkrieg by “moderate rebel” groups and “moderate” ones.')
    assert feats["loaded:evaluative:count"] == 1 and feats["loaded:war_words:count"] == 1
    assert feats["loaded:scare_quotes:count"] == 1  # max_words 1 now


@pytest.mark.parametrize("content,field", [
    ("categories:\n  evaluative:\n    words: notalist\n", "categories.evaluative.words"),
    ("categories:\n  all:\n    words: [x]\n", "categories.all"),
    ("scare_quotes:\n  max_words: -1\n", "scare_quotes.max_words"),
    ("scare_quotes:\n  quote_pairs: ['\"']\n", "scare_quotes.quote_pairs"),
])
def test_bad_user_lexicon(tmp_path, content, field):
    f = tmp_path / "x.yaml"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError) as exc:
        LoadedLanguage(paths=f).fit()
    assert exc.value.field == field


@pytest.mark.parametrize("params,name", [({"scare_quotes": 1}, "scare_quotes"), ({"paths": 5}, "paths")])
def test_bad_options(params, name):
    with pytest.raises(ValidationError, match=f"'{name}' parameter of LoadedLanguage"):
        LoadedLanguage(**params).fit()


def test_contract(ll):
    c = clone(ll)
    with pytest.raises(NotFittedError):
        c.transform(["x"])
    out = c.fit().set_output(transform="pandas").transform(["The so-called deal.", "Nothing here."])
    assert list(out.columns) == list(c.get_feature_names_out())
    assert pickle.loads(pickle.dumps(c)).extract("The so-called deal.")[0]["loaded:distancing:count"] == 1


@pytest.mark.parametrize("text,expected", [
    ("Left-wing radicals’ claims", ["left-wing", "radicals", "claims"]),
    ("U.S. aid", ["u", "s", "aid"]),
])
def test_eval_tokens(text, expected):
    assert [t[2] for t in eval_tokens(text)] == expected


SENTS = ["The radical mob slammed the bizarre plan.", "The council met on Tuesday.",
         "Leftist thugs blasted the absurd law.", "The vote is scheduled for May.",
         "Radical leftists slammed the bill.", "Officials said the meeting ended."] * 5
WORDS = [["radical", "mob", "slammed", "bizarre"], [], ["leftist", "thugs", "blasted", "absurd"], [],
         ["radical", "leftists", "slammed"], []] * 5


def test_word_tagger_learns_and_refuses_unfitted():
    tg = LoadedWordTagger(threshold=0.5)
    with pytest.raises(NotFittedError):
        tg.predict(["x"])
    tg.fit(SENTS, WORDS)
    pred = tg.predict(["The radical mob slammed it.", "The council met on Friday."])
    assert {"radical", "mob", "slammed"} <= set(pred[0])
    assert pred[1] == []
    with pytest.raises(ValidationError):
        tg.fit(SENTS, WORDS[:-1])


def test_word_tagger_chooses_its_threshold_on_training_folds():
    tg = LoadedWordTagger(cv=3).fit(SENTS, WORDS)
    assert tg.threshold_ in tg.thresholds
    assert {"radical", "mob"} <= set(tg.predict(["The radical mob slammed it."])[0])
    # the same data and folds give the same choice; a fixed threshold is used as given
    assert LoadedWordTagger(cv=3).fit(SENTS, WORDS).threshold_ == tg.threshold_
    fixed = LoadedWordTagger(threshold=0.35).fit(SENTS, WORDS)
    assert fixed.threshold_ == 0.35
    # a tagger pickled by a version without threshold_ still predicts with its threshold
    old = pickle.loads(pickle.dumps(fixed))
    del old.threshold_
    assert old.predict(["The radical mob slammed it."]) == fixed.predict(["The radical mob slammed it."])
    for bad in ({"threshold": 1.5}, {"threshold": "auto"}, {"cv": 1}, {"cv": 31}, {"thresholds": ()}):
        with pytest.raises(ValidationError):
            LoadedWordTagger(**bad).fit(SENTS, WORDS)
    rows, toks = tg.featurize(SENTS)
    with pytest.raises(ValidationError, match="sentence"):
        LoadedWordTagger().fit_rows(rows, tg.targets(toks, WORDS))
    with pytest.raises(ValidationError, match="none marked"):
        LoadedWordTagger().fit(SENTS, [[]] * len(SENTS))
    # marked words in one sentence only: the inner folds without any still give a threshold
    one = [WORDS[0]] + [[]] * (len(SENTS) - 1)
    assert LoadedWordTagger(cv=3).fit(SENTS, one).threshold_ in THRESHOLDS


def test_word_tagger_threshold_choice_maximises_cross_validated_f1():
    # pinned against a hand computation: the same inner folds, F1 at every candidate
    from sklearn.model_selection import GroupKFold

    tg = LoadedWordTagger(cv=3, thresholds=(0.05, 0.5, 0.95))
    rows, toks = tg.featurize(SENTS)
    y = tg.targets(toks, WORDS)
    sid = np.repeat(np.arange(len(toks)), [len(t) for t in toks])
    proba = np.zeros(len(y))
    for tr, te in GroupKFold(n_splits=3).split(rows, y, groups=sid):
        m = LoadedWordTagger(threshold=0.5).fit_rows([rows[i] for i in tr], y[tr], sid[tr])
        proba[te] = m.predict_rows([rows[i] for i in te])
    f1 = {t: 2 * np.sum((proba >= t) & (y == 1)) / (np.sum(proba >= t) + np.sum(y == 1)) for t in (0.05, 0.5, 0.95)}
    best = max(f1.values())
    assert tg.fit_rows(rows, y, sid).threshold_ == min(t for t, v in f1.items() if v == best)


def test_sentence_classifier():
    y = ["biased", "neutral"] * 15
    clf = LoadedSentenceClassifier().fit(SENTS, y)
    assert list(clf.predict(["Radical thugs slammed the absurd plan.", "The council met on Monday."])) == \
        ["biased", "neutral"]
    with pytest.raises(NotFittedError):
        LoadedSentenceClassifier().predict(["x"])
