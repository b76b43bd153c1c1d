"""BABE validation: loaded-language words and biased sentences against expert annotations.

Data
----
BABE (Spinde et al. 2021, "Neural Media Bias Detection Using Distant Supervision With BABE --
Bias Annotations By Experts", Findings of EMNLP 2021, doi:10.18653/v1/2021.findings-emnlp.101):
3,674 sentences from US outlets with expert labels (``Biased`` / ``Non-biased``) and the words
annotators marked as biased (``biased_words``). The file ``final_labels_SG2.csv`` (UTF-8 with
BOM, ``;`` delimiter) is AGPL-3.0: it is read from ``../shared/eval/babe``, never copied into the
package, and none of the shipped lexicons is derived from it. The one sentence labelled
``No agreement`` is left out.

Tasks
-----
(a) **Words.** Per sentence, the set of lower-cased words flagged (hyphens and apostrophes kept
inside words, :func:`~framing.features.loaded.eval_tokens`) against the set of words in
``biased_words``; micro precision, recall and F1 over (sentence, word) pairs. Two methods:

* ``lexicon``: every word covered by a :class:`~framing.features.loaded.LoadedLanguage` match
  (all categories, scare quotes included) -- no training;
* ``tagger``: :class:`~framing.features.loaded.LoadedWordTagger`, trained within 5-fold
  stratified cross-validation folds (sentences of a test fold never seen in training); each
  fold's flagging threshold is chosen by an inner 5-fold cross-validation on that fold's
  training sentences alone (``threshold="cv"``), so no choice is made on test sentences.

(b) **Sentences.** Biased vs Non-biased with :class:`~framing.features.loaded.LoadedSentenceClassifier`
(TF-IDF word 1-2-grams + loaded-language counts + VADER scores, logistic regression), 5-fold
stratified cross-validated macro-F1; also the lexicon and VADER features alone.

Published reference points: word-level lexicon baselines F1 0.20-0.40; feature-based sentence
classifier 0.569; best neural model 0.804 macro-F1.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

import numpy as np

from ..errors import CorpusError

__all__ = ["default_path", "read_babe", "word_prf", "word_level_lexicon", "word_level_tagger",
           "sentence_level", "validate", "vader_agreement", "validation_tables"]


def default_path() -> Path:
    """``$FRAMING_SHARED/eval/babe/final_labels_SG2.csv``, else ``../shared`` next to the repository."""
    shared = os.environ.get("FRAMING_SHARED")
    root = Path(shared) if shared else Path(__file__).resolve().parents[3] / "shared"
    return root / "eval" / "babe" / "final_labels_SG2.csv"


def read_babe(path=None):
    """BABE sentences as a DataFrame: ``text``, ``label`` (Biased/Non-biased), ``biased_words`` (list).

    Raises
    ------
    CorpusError
        The file is missing or lacks a column (the message names the file and the field).
    """
    import pandas as pd

    path = Path(path) if path is not None else default_path()
    if not path.is_file():
        raise CorpusError("BABE file not found; set FRAMING_SHARED to the folder holding eval/babe", path=path)
    df = pd.read_csv(path, sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    for col in ("text", "label_bias", "biased_words"):
        if col not in df.columns:
            raise CorpusError("missing column", path=path, field=col)
    df = df[df["label_bias"].isin(["Biased", "Non-biased"])].reset_index(drop=True)

    def words(cell):
        try:
            v = ast.literal_eval(cell) if cell.strip() else []
        except (ValueError, SyntaxError):
            raise CorpusError(f"cannot read the word list {cell[:40]!r}", path=path, field="biased_words") from None
        return [str(w) for w in v]

    return pd.DataFrame({"text": df["text"], "label": df["label_bias"], "biased_words": df["biased_words"].map(words)})


def _gold(word_lists):
    return [{w.lower().replace("’", "'") for w in ws} for ws in word_lists]


def word_prf(predicted, gold) -> dict:
    """Micro precision, recall and F1 over (sentence, word) pairs of two lists of word sets."""
    tp = sum(len(p & g) for p, g in zip(predicted, gold))
    fp = sum(len(p - g) for p, g in zip(predicted, gold))
    fn = sum(len(g - p) for p, g in zip(predicted, gold))
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"precision": prec, "recall": rec, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def word_level_lexicon(df, *, extractor=None, categories=None) -> dict:
    """Task (a) with the shipped lexicon: words covered by a loaded-language match are flagged."""
    from ..features.loaded import LoadedLanguage, eval_tokens

    ll = extractor if extractor is not None else LoadedLanguage().fit()
    preds = []
    for text in df["text"]:
        toks = eval_tokens(text)
        flagged = set()
        for s, e, c in ll.matches(text):
            if categories is not None and c not in categories:
                continue
            flagged |= {w for a, b, w in toks if a <= s < b or s <= a < e}
        preds.append(flagged)
    return word_prf(preds, _gold(df["biased_words"]))


def word_level_tagger(df, *, n_splits=5, random_state=0, threshold="cv", C=1.0,
                      thresholds=None) -> dict:
    """Task (a) with :class:`~framing.features.loaded.LoadedWordTagger` trained within CV folds.

    Each outer fold's tagger is fitted on the other folds only, its threshold included
    (``threshold="cv"``: chosen by an inner cross-validation over the training sentences), so the
    test sentences play no part in any choice. Returns precision, recall and F1 over all test
    folds, ``fold_thresholds`` (the threshold each fold's tagger used) and ``by_threshold``: F1
    of the same out-of-fold probabilities at each candidate threshold, an after-the-fact view of
    how much the choice matters (not an estimate: picking its best would be tuning on the test
    folds).
    """
    from sklearn.model_selection import StratifiedKFold

    from ..features.loaded import THRESHOLDS, LoadedWordTagger

    cands = tuple(thresholds) if thresholds is not None else THRESHOLDS
    tagger = LoadedWordTagger(C=C)
    texts = list(df["text"])
    rows, toks = tagger.featurize(texts)
    y = tagger.targets(toks, df["biased_words"])
    sid = np.repeat(np.arange(len(texts)), [len(t) for t in toks])
    proba = np.zeros(len(y))
    cut = np.zeros(len(y))
    fold_thresholds = []
    skf = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=random_state)
    for train, test in skf.split(texts, df["label"]):
        mtr = np.isin(sid, train)
        model = LoadedWordTagger(C=C, threshold=threshold, thresholds=cands)
        model.lexicon_ = tagger.lexicon_
        model.fit_rows([r for r, m in zip(rows, mtr) if m], y[mtr], sid[mtr])
        proba[~mtr] = model.predict_rows([r for r, m in zip(rows, mtr) if not m])
        cut[~mtr] = model.threshold_
        fold_thresholds.append(model.threshold_)
    gold = _gold(df["biased_words"])

    def flagged(keep):
        out, k = [], 0
        for ts in toks:
            out.append({t[2] for i, t in enumerate(ts) if keep[k + i]})
            k += len(ts)
        return out

    res = word_prf(flagged(proba >= cut), gold)
    res["fold_thresholds"] = fold_thresholds
    res["by_threshold"] = {th: word_prf(flagged(proba >= th), gold)["f1"] for th in cands}
    return res


def sentence_level(df, *, n_splits=5, random_state=0, tfidf=True, C=1.0) -> dict:
    """Task (b): stratified k-fold cross-validated macro-F1 of Biased vs Non-biased."""
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    from ..features.loaded import LoadedSentenceClassifier

    pipe = LoadedSentenceClassifier(C=C, tfidf=tfidf).pipeline()
    skf = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=random_state)
    scores = cross_val_score(pipe, list(df["text"]), list(df["label"]), cv=skf, scoring="f1_macro")
    return {"f1_macro": float(scores.mean()), "f1_macro_std": float(scores.std()), "folds": scores.tolist()}


def validate(path=None, *, random_state=0):
    """The BABE validation table: task, method, metric, value, goal, baseline."""
    import pandas as pd

    df = read_babe(path)
    rows = []
    lex = word_level_lexicon(df)
    tag = word_level_tagger(df, random_state=random_state)
    for method, r in (("lexicon (shipped, all categories)", lex),
                      ("word tagger (5-fold CV, threshold chosen on training folds)", tag)):
        for m in ("precision", "recall", "f1"):
            rows.append(("words", method, m, r[m], "0.45" if m == "f1" else "", "0.20-0.40" if m == "f1" else ""))
    for tfidf, method in ((True, "TF-IDF + loaded language + VADER"), (False, "loaded language + VADER")):
        r = sentence_level(df, random_state=random_state, tfidf=tfidf)
        rows.append(("sentences", method, "f1_macro (5-fold CV)", r["f1_macro"], "0.70", "0.569"))
    return pd.DataFrame(rows, columns=["task", "method", "metric", "value", "goal", "baseline"])


def vader_agreement(df) -> dict:
    """Share of sentences where :mod:`framing.vader` gives vaderSentiment's compound (4 decimals), and timings."""
    import contextlib
    import io
    import time

    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from ..vader import Vader

    texts = list(df["text"])
    ref = SentimentIntensityAnalyzer()
    t0 = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):  # the reference prints idioms it meets
        r = [ref.polarity_scores(t)["compound"] for t in texts]
    t_ref = time.perf_counter() - t0
    ours = Vader()
    t0 = time.perf_counter()
    o = [ours._polarity_scores(t)["compound"] for t in texts]  # uncached: every sentence scored
    t_ours = time.perf_counter() - t0
    same = sum(1 for a, b in zip(r, o) if round(b, 4) == a)
    return {"sentences": len(texts), "identical_compound": same / len(texts) if texts else float("nan"),
            "seconds_vaderSentiment": t_ref, "seconds_framing_vader": t_ours,
            "speed_ratio": t_ref / t_ours if t_ours else float("nan")}


def validation_tables(folder=None, *, random_state=0):
    """Tables for ``make validate``: (title, method, table, name) for words, sentences and VADER."""
    import pandas as pd

    path = Path(folder) / "final_labels_SG2.csv" if folder is not None else default_path()
    table = validate(path, random_state=random_state)
    tasks = " ".join(__doc__.split("Tasks\n-----")[1].split())
    words_doc, sent_doc = tasks.split("(b) ", 1)
    sent_doc = "(b) " + sent_doc
    yield ("BABE (a): loaded-language words against annotated biased words (F1 goal >= 0.45; "
           "published lexicon baselines 0.20-0.40)", words_doc, table[table["task"] == "words"].reset_index(drop=True),
           "babe_words")
    yield ("BABE (b): Biased vs Non-biased sentences, 5-fold stratified CV macro-F1 (goal >= 0.70; "
           "feature-based baseline 0.569, best neural 0.804)", sent_doc,
           table[table["task"] == "sentences"].reset_index(drop=True), "babe_sentences")
    agree = vader_agreement(read_babe(path))
    yield ("Tone: framing.vader against vaderSentiment on every BABE sentence",
           "framing.vader re-implements VADER's scoring from the lexicon file in the vaderSentiment wheel; "
           "identical_compound is the share of sentences whose compound equals vaderSentiment's at 4 decimals; "
           "timings are single runs on the validation machine, without the sentence cache.",
           pd.DataFrame([agree]), "vader_agreement")


def _main(argv=None):  # pragma: no cover - thin wrapper
    import sys

    args = sys.argv[1:] if argv is None else argv
    table = validate(args[0] if args else None)
    sys.stdout.write(table.to_csv(index=False, float_format="%.4f"))


if __name__ == "__main__":  # pragma: no cover
    _main()
