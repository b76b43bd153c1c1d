"""Loaded language: intensifiers, evaluative and emotive words, hedges, loaded verbs, scare quotes.

Method
------
:class:`LoadedLanguage` matches the editable lexicon ``framing/data/loaded_language.yaml``
(categories ``intensifiers``, ``evaluative``, ``emotive``, ``hedges``, ``loaded_verbs``,
``distancing`` -- the last holds "so-called", "self-proclaimed" ...) word by word, longest entry
first (:class:`~framing.features.frames.PhraseMatcher`), and detects *scare quotes*: a quoted
span of at most ``max_words`` words that does not end in sentence punctuation and has no
attribution cue ("said", "called", "according to" ...) within ``window_words`` words before it or
right after it in the same sentence (``"moderate" rebels``). The cue categories follow the
bias-cue literature (Recasens, Danescu-Niculescu-Mizil & Jurafsky 2013, ACL); the word lists
were written for this package, not derived from annotated data.

Features per article: ``loaded:<category>:count`` and ``loaded:<category>:rate`` (per 1,000
words) for every category and for ``scare_quotes``, and ``loaded:all:count`` / ``loaded:all:rate``.
Evidence: one row per match (``label`` = category, ``text`` = the words; for scare quotes the
span includes the quote marks).

Optional models (scikit-learn, trained on the user's own labelled sentences):

* :class:`LoadedWordTagger` flags the words of a sentence a human would mark as loaded
  (logistic regression over word identity, context, suffix, lexicon category and VADER valence);
* :class:`LoadedSentenceClassifier` classifies sentences (e.g. biased vs non-biased) from TF-IDF
  word n-grams combined with the lexicon features and VADER scores.

Known limits
------------
A word list cannot see whether a word is the writer's or a quoted speaker's, nor its sense
("extreme weather"). Scare quotes: straight single quotes are only taken as quote marks at word
boundaries; titles and nicknames in quotes without a cue nearby count as scare quotes.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from importlib import resources
from pathlib import Path

import numpy as np
import yaml
from sklearn.base import BaseEstimator, TransformerMixin

from ..errors import LexiconError, ValidationError
from ..text import Doc
from .base import Extractor
from .frames import PhraseMatcher, doc_words, spans_to_arrays, word_arrays

__all__ = ["LoadedLanguage", "load_loaded_language", "LoadedWordTagger", "LoadedSentenceClassifier", "SentenceFeatures",
           "eval_tokens"]

_SENT_END = ".!?"


def load_loaded_language(paths=None) -> dict:
    """The loaded-language lexicon: shipped file plus users' ``loaded_language.yaml`` files.

    Returns a dict with ``categories`` (name -> tuple of entries), ``scare_quotes`` (rule
    parameters) and ``meta`` (list of name, version, source, licence, path per file).
    User files add words to existing categories, add new categories, and may override the
    scare-quote parameters.
    """
    files = [(resources.files("framing").joinpath("data/loaded_language.yaml"), "framing/data/loaded_language.yaml")]
    if paths is not None:
        for p in [paths] if isinstance(paths, (str, Path)) else paths:
            p = Path(p)
            if p.is_dir():
                if (p / "loaded_language.yaml").is_file():
                    files.append((p / "loaded_language.yaml", str(p / "loaded_language.yaml")))
            elif p.is_file():
                files.append((p, str(p)))
            else:
                raise LexiconError("no such file or folder", path=p)
    cats: dict[str, tuple] = {}
    sq: dict = {}
    meta = []
    for src, label in files:
        try:
            data = yaml.safe_load(src.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise LexiconError(f"not valid YAML ({exc.__class__.__name__})", path=label) from exc
        if not isinstance(data, dict) or not isinstance(data.get("categories", {}), dict):
            raise LexiconError("expected a mapping with a 'categories' mapping", path=label, field="categories")
        meta.append({k: data.get(k) for k in ("name", "version", "source", "licence")} | {"path": label})
        for name, spec in (data.get("categories") or {}).items():
            words = spec.get("words") if isinstance(spec, dict) else spec
            if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                raise LexiconError("expected a list of words", path=label, field=f"categories.{name}.words")
            if name in ("all", "scare_quotes"):
                raise LexiconError(f"'{name}' is reserved and cannot be a category name", path=label,
                                   field=f"categories.{name}")
            cats[str(name)] = cats.get(str(name), ()) + tuple(words)
        if "scare_quotes" in data:
            spec = data["scare_quotes"]
            if not isinstance(spec, dict):
                raise LexiconError("expected a mapping", path=label, field="scare_quotes")
            for k in ("max_words", "window_words"):
                if k in spec and (not isinstance(spec[k], int) or spec[k] < 0):
                    raise LexiconError(f"expected an int >= 0, got {spec[k]!r}", path=label, field=f"scare_quotes.{k}")
            for k in ("quote_pairs", "attribution_cues"):
                if k in spec and (not isinstance(spec[k], list) or not all(isinstance(x, str) for x in spec[k])):
                    raise LexiconError("expected a list of strings", path=label, field=f"scare_quotes.{k}")
            if "quote_pairs" in spec and any(len(x) != 2 for x in spec["quote_pairs"]):
                raise LexiconError("each quote pair is two characters, opening then closing",
                                   path=label, field="scare_quotes.quote_pairs")
            if "attribution_cues" in spec and "attribution_cues" in sq:
                spec = dict(spec, attribution_cues=sq["attribution_cues"] + spec["attribution_cues"])
            sq.update(spec)
    sq.setdefault("max_words", 3)
    sq.setdefault("window_words", 8)
    sq.setdefault("quote_pairs", ['""', "“”", "‘’"])
    sq.setdefault("attribution_cues", ["said", "told", "called", "according to"])
    return {"categories": cats, "scare_quotes": sq, "meta": meta}


class LoadedLanguage(Extractor):
    """Counts and rates of loaded-language categories and scare quotes (see the module docstring).

    Parameters
    ----------
    paths : path or list of paths, optional
        User files or folders with ``loaded_language.yaml`` extending the shipped lexicon.
    scare_quotes : bool, default True
        Detect scare quotes.

    Examples
    --------
    >>> ll = LoadedLanguage().fit()
    >>> text = 'The so-called "moderate" rebels allegedly shelled the town.'
    >>> feats, ev = ll.extract(text)
    >>> feats["loaded:distancing:count"], feats["loaded:scare_quotes:count"], feats["loaded:hedges:count"]
    (1.0, 1.0, 1.0)
    >>> [text[r["start"]:r["end"]] for r in ev if r["label"] == "scare_quotes"]
    ['"moderate"']
    """

    feature = "loaded"

    def __init__(self, *, paths=None, scare_quotes=True):
        self.paths = paths
        self.scare_quotes = scare_quotes

    def _fit_resources(self):
        if self.paths is not None and not isinstance(self.paths, (str, Path, list, tuple)):
            raise ValidationError(f"The 'paths' parameter of LoadedLanguage must be a path, a list of paths "
                                  f"or None. Got {self.paths!r} instead.", field="paths")
        if not isinstance(self.scare_quotes, bool):
            raise ValidationError(f"The 'scare_quotes' parameter of LoadedLanguage must be a bool. "
                                  f"Got {self.scare_quotes!r} instead.", field="scare_quotes")
        lex = load_loaded_language(self.paths)
        self.categories_ = tuple(lex["categories"])
        self.scare_rule_ = lex["scare_quotes"]
        self.matcher_ = PhraseMatcher((w, c) for c, ws in lex["categories"].items() for w in ws)
        # distancing phrases ("so-called") contain cue words but attribute nothing: longest match wins
        self.cue_matcher_ = PhraseMatcher([(w, "cue") for w in self.scare_rule_["attribution_cues"]]
                                          + [(w, "not_cue") for w in lex["categories"].get("distancing", ())])
        cats = list(self.categories_) + ["scare_quotes", "all"]
        self.feature_names_ = [f"loaded:{c}:{k}" for c in cats for k in ("count", "rate")]
        self.resource_meta_ = {"loaded_language": lex["meta"]}

    def matches(self, text: str, words=None) -> list[tuple[int, int, str]]:
        """(start, end, category) of every lexicon match and scare quote in ``text``."""
        self._check_fitted()
        return self._matches(text, *(word_arrays(text) if words is None else spans_to_arrays(words)))

    def _matches(self, text, starts, ends, words):
        """:meth:`matches`, given the text's :func:`~framing.features.frames.word_arrays`."""
        out = [(starts[j], ends[j + m - 1], c) for j, m, cats in self.matcher_._scan(words) for c in cats]
        if self.scare_quotes:
            out += [(s, e, "scare_quotes") for s, e in self._scare_quote_spans(text, starts, ends, words)]
        return sorted(out)

    def scare_quote_spans(self, text: str, words=None) -> list[tuple[int, int]]:
        """Character spans (quote marks included) of scare quotes in ``text``."""
        self._check_fitted()
        return self._scare_quote_spans(text, *(word_arrays(text) if words is None else spans_to_arrays(words)))

    def _scare_quote_spans(self, text, starts, ends, words):
        """:meth:`scare_quote_spans`, given the text's :func:`~framing.features.frames.word_arrays`."""
        rule = self.scare_rule_
        max_words, window_words = rule["max_words"], rule["window_words"]
        out = []
        n = len(text)
        for open_, close in rule["quote_pairs"]:
            i = 0
            while True:
                a = text.find(open_, i)
                if a < 0:
                    break
                if open_ == "'" and a > 0 and text[a - 1].isalnum():
                    i = a + 1  # an apostrophe inside a word
                    continue
                b = text.find(close, a + 1)
                if open_ == "'" or close == "’":
                    # skip apostrophes inside words (don't, Syria's) when looking for the closing mark
                    while b >= 0 and b + 1 < n and text[b + 1].isalnum() and text[b - 1].isalnum():
                        b = text.find(close, b + 1)
                if b < 0:
                    break
                inner = text[a + 1:b]
                nw = len(_WORDS_RE.findall(inner))
                i = b + 1
                if nw == 0 or nw > max_words or "\n" in inner:
                    continue
                if inner.rstrip()[-1:] in _SENT_END + ",:;":
                    continue
                # attribution cues in the window before (words lo..k-1) and right after (same sentence)
                k = bisect_left(starts, a)
                lo = max(0, k - window_words)
                # stop the window at a sentence end
                for q in range(k - 1, lo, -1):
                    gap = text[ends[q - 1]:starts[q]]
                    if any(ch in gap for ch in _SENT_END):
                        lo = q
                        break
                kb = bisect_left(starts, b)
                window = words[lo:k]
                if kb < len(starts) and not any(ch in text[b:starts[kb]] for ch in _SENT_END):
                    window += words[kb:kb + 2]
                if window and any("cue" in p for _, _, p in self.cue_matcher_._scan(window)):
                    continue
                out.append((a, b + len(close)))
        return sorted(set(out))

    def _score(self, doc: Doc, evidence):
        starts, ends, words = doc_words(doc)
        counts = dict.fromkeys(self.categories_, 0)
        counts["scare_quotes"] = 0
        for s, e, c in self._matches(doc.text, starts, ends, words):
            counts[c] += 1
            if evidence is not None:
                evidence.append({"start": s, "end": e, "label": c, "kind": c, "value": 1.0})
        counts["all"] = sum(counts.values())
        n = len(words)
        feats = {}
        for c, v in counts.items():
            feats[f"loaded:{c}:count"] = float(v)
            feats[f"loaded:{c}:rate"] = 1000.0 * v / n if n else 0.0
        return feats


_WORDS_RE = re.compile(r"[0-9A-Za-z\u00C0-\u024F]+")
#: words as annotators mark them: letters and digits, with inner hyphens and apostrophes
_EVAL_TOKEN = re.compile(r"[0-9A-Za-z\u00C0-\u024F]+(?:[-'’][0-9A-Za-z\u00C0-\u024F]+)*")


def eval_tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, end, lower-cased word) with inner hyphens and apostrophes kept ("left-wing")."""
    return [(m.start(), m.end(), m.group().lower().replace("’", "'")) for m in _EVAL_TOKEN.finditer(text)]


# -- optional models --------------------------------------------------------------------------

def _stem(w: str) -> str:
    for suf in ("ings", "ing", "ied", "ies", "ed", "es", "s", "ly"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[:-len(suf)]
    return w


#: candidate thresholds of :class:`LoadedWordTagger` with ``threshold="cv"``
THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)


class LoadedWordTagger:
    """Flag the loaded words of sentences: a logistic regression over per-word features.

    Trained on the user's own sentences with the words annotators marked (e.g. BABE's
    ``biased_words``). Features per word: the word, a crude stem (suffixes -s, -ed, -ing, -ly
    removed), the word pair with its left neighbour, the neighbours (+-2), 3- and 4-letter
    suffixes, shape, the :class:`LoadedLanguage` categories covering it, its VADER valence, and
    two sentence features (absolute VADER compound; log number of lexicon matches).

    Parameters
    ----------
    C : float, default 1.0
        Inverse regularisation strength of the logistic regression.
    threshold : float or "cv", default "cv"
        Probability at or above which a word is flagged. ``"cv"`` chooses it at fit time from
        ``thresholds``: the one with the highest word-level F1 on ``cv``-fold cross-validated
        probabilities over the training sentences (folds split by sentence, so no sentence's
        words are both trained on and scored). Loaded words are rare, so the best threshold is
        usually well below 0.5.
    thresholds : sequence of float, default (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)
        The candidates for ``threshold="cv"``.
    cv : int, default 5
        Folds for ``threshold="cv"`` (fitting costs ``cv + 1`` model fits).
    class_weight : dict, "balanced" or None, default None
        Passed to :class:`~sklearn.linear_model.LogisticRegression`.
    lexicon : path or list of paths, optional
        User loaded-language lexicons (see :class:`LoadedLanguage`).

    Attributes
    ----------
    threshold_ : float
        The threshold :meth:`predict` uses (``threshold`` itself, or the one chosen by ``"cv"``).
    """

    def __init__(self, *, C=1.0, threshold="cv", thresholds=THRESHOLDS, cv=5, class_weight=None,
                 lexicon=None):
        self.C = C
        self.threshold = threshold
        self.thresholds = thresholds
        self.cv = cv
        self.class_weight = class_weight
        self.lexicon = lexicon

    def featurize(self, sentences):
        """Per-word feature dicts of all sentences (flat list) and the words of each sentence."""
        from ..vader import _default

        if not hasattr(self, "lexicon_"):
            self.lexicon_ = LoadedLanguage(paths=self.lexicon).fit()
        lex = self.lexicon_
        vader = _default()
        vlex = vader.lexicon
        rows = []
        toks_all = []
        for text in sentences:
            toks = eval_tokens(text)
            matches = lex.matches(text)
            cat_at = {}
            for s, e, c in matches:
                for t in toks:
                    if s <= t[0] < e or t[0] <= s < t[1]:
                        cat_at.setdefault(t[0], set()).add(c)
            sent_abs = abs(vader.polarity_scores(text)["compound"])
            sent_loaded = float(np.log1p(len(matches)))
            n = len(toks)
            for i, (s, e, w) in enumerate(toks):
                raw = text[s:e]
                prev = toks[i - 1][2] if i > 0 else "<s>"
                f = {"w=" + w: 1.0, "stem=" + _stem(w): 1.0, "w-1w=" + prev + "_" + w: 1.0,
                     "suf3=" + w[-3:]: 1.0, "suf4=" + w[-4:]: 1.0, "bias": 1.0,
                     "sent_abs": sent_abs, "sent_loaded": sent_loaded}
                for d in (-2, -1, 1, 2):
                    j = i + d
                    f[f"w{d:+d}=" + (toks[j][2] if 0 <= j < n else "<s>")] = 1.0
                if raw[:1].isupper():
                    f["cap"] = 1.0
                if "-" in w:
                    f["hyphen"] = 1.0
                if len(w) <= 3:
                    f["short"] = 1.0
                for c in cat_at.get(s, ()):
                    f["cat=" + c] = 1.0
                v = vlex.get(w)
                if v is not None:
                    f["vader_abs"] = abs(v) / 4.0
                    f["vader_neg" if v < 0 else "vader_pos"] = 1.0
                f["pos_in_sent"] = i / max(n - 1, 1)
                rows.append(f)
            toks_all.append(toks)
        return rows, toks_all

    @staticmethod
    def targets(toks, word_lists):
        """0/1 per word: whether it is among the sentence's marked words (case-insensitive)."""
        y = []
        for ts, gold in zip(toks, word_lists):
            g = {w.lower().replace("’", "'") for w in gold}
            y += [1 if t[2] in g else 0 for t in ts]
        return np.asarray(y, dtype=int)

    def fit_rows(self, rows, y, sentence=None):
        """Fit on precomputed :meth:`featurize` rows and their 0/1 targets.

        ``sentence`` gives each row's sentence number; ``threshold="cv"`` needs it, to keep the
        words of one sentence in one fold.
        """
        y = np.asarray(y)
        if len(np.unique(y)) < 2:
            raise ValidationError("needs some marked words and some unmarked ones to learn from; got "
                                  + ("none marked" if not y.any() else "all marked"), field="word_lists")
        if self.threshold == "cv":
            if sentence is None:
                raise ValidationError("threshold='cv' needs each row's sentence number", field="sentence")
            self.threshold_ = self._cv_threshold(rows, y, np.asarray(sentence))
        elif isinstance(self.threshold, (int, float)) and not isinstance(self.threshold, bool) \
                and 0.0 <= self.threshold <= 1.0:
            self.threshold_ = float(self.threshold)
        else:
            raise ValidationError(f"must be a probability or 'cv'; got {self.threshold!r}", field="threshold")
        self.vectorizer_, self.model_ = self._train(rows, y)
        return self

    def _train(self, rows, y):
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression

        vec = DictVectorizer()
        X = _int32(vec.fit_transform(rows))
        model = LogisticRegression(C=self.C, class_weight=self.class_weight, solver="liblinear")
        return vec, model.fit(X, y)

    def _cv_threshold(self, rows, y, sentence) -> float:
        """The candidate threshold with the best F1 on cross-validated probabilities."""
        from sklearn.model_selection import GroupKFold

        cands = sorted(float(t) for t in self.thresholds)
        if not cands or not all(0.0 <= t <= 1.0 for t in cands):
            raise ValidationError(f"must be probabilities; got {self.thresholds!r}", field="thresholds")
        n_groups = len(np.unique(sentence))
        if isinstance(self.cv, bool) or not isinstance(self.cv, int) or self.cv < 2 or self.cv > n_groups:
            raise ValidationError(f"must be an int from 2 to the number of sentences ({n_groups}); "
                                  f"got {self.cv!r}", field="cv")
        proba = np.zeros(len(y))
        for train, test in GroupKFold(n_splits=self.cv).split(rows, y, groups=sentence):
            if y[train].min() == y[train].max():    # a fold without marked (or unmarked) words
                proba[test] = float(y[train][0])
                continue
            vec, model = self._train([rows[i] for i in train], y[train])
            proba[test] = model.predict_proba(_int32(vec.transform([rows[i] for i in test])))[:, 1]
        best, best_f1 = cands[0], -1.0
        for t in cands:   # ties go to the lowest threshold
            flag = proba >= t
            tp = int(np.sum(flag & (y == 1)))
            denom = int(flag.sum()) + int(np.sum(y == 1))
            f1 = 2 * tp / denom if denom else 0.0
            if f1 > best_f1:
                best, best_f1 = t, f1
        return best

    def predict_rows(self, rows):
        """Probability that each precomputed row's word is loaded."""
        self._check()
        if not rows:
            return np.zeros(0)
        return self.model_.predict_proba(_int32(self.vectorizer_.transform(rows)))[:, 1]

    def fit(self, sentences, word_lists):
        """Fit on sentences and, per sentence, the list of words annotators marked."""
        sentences = list(sentences)
        word_lists = list(word_lists)
        if len(sentences) != len(word_lists):
            raise ValidationError(f"got {len(sentences)} sentences and {len(word_lists)} word lists",
                                  field="word_lists")
        self.lexicon_ = LoadedLanguage(paths=self.lexicon).fit()
        rows, toks = self.featurize(sentences)
        sentence = np.repeat(np.arange(len(toks)), [len(t) for t in toks])
        return self.fit_rows(rows, self.targets(toks, word_lists), sentence)

    def _check(self):
        if not hasattr(self, "model_"):
            from ..errors import NotFittedError

            raise NotFittedError("This LoadedWordTagger instance is not fitted yet. Call 'fit' first.")

    def predict_proba_words(self, sentences):
        """Per sentence, a list of (start, end, word, probability)."""
        self._check()
        rows, toks = self.featurize(list(sentences))
        p = self.predict_rows(rows)
        out, k = [], 0
        for ts in toks:
            out.append([(s, e, w, float(p[k + i])) for i, (s, e, w) in enumerate(ts)])
            k += len(ts)
        return out

    def predict(self, sentences):
        """Per sentence, the lower-cased words flagged as loaded."""
        words = self.predict_proba_words(sentences)
        th = getattr(self, "threshold_", self.threshold)   # (a tagger pickled before threshold_ existed)
        return [[w for _, _, w, p in ws if p >= th] for ws in words]


def _int32(X):
    """liblinear wants 32-bit sparse indices; DictVectorizer may produce 64-bit ones."""
    X = X.tocsr()
    X.indices = X.indices.astype(np.int32)
    X.indptr = X.indptr.astype(np.int32)
    return X


class SentenceFeatures(TransformerMixin, BaseEstimator):
    """Log lexicon counts and VADER scores of sentences, as a dense matrix (for a FeatureUnion)."""

    def __init__(self, lexicon=None):
        self.lexicon = lexicon

    def fit(self, X, y=None):
        self.extractor_ = LoadedLanguage(paths=self.lexicon).fit()
        return self

    def transform(self, X):
        from ..vader import _default

        v = _default()
        names = self.extractor_.feature_names_
        idx = {n: i for i, n in enumerate(names)}
        out = np.zeros((len(X), len(names) + 4))
        for r, text in enumerate(X):
            feats, _ = self.extractor_._extract(Doc(text, segments=()))
            for k, val in feats.items():
                if k.endswith(":count"):
                    out[r, idx[k]] = np.log1p(val)
            sc = v.polarity_scores(text)
            out[r, len(names):] = [sc["compound"], sc["pos"], sc["neg"], abs(sc["compound"])]
        return out


class LoadedSentenceClassifier:
    """Sentence classifier (e.g. biased vs non-biased): TF-IDF n-grams + lexicon + VADER features.

    A thin factory for a scikit-learn :class:`~sklearn.pipeline.Pipeline`; use
    :meth:`pipeline` to get an unfitted estimator for cross-validation.

    Parameters
    ----------
    C : float, default 1.0
        Inverse regularisation strength of the logistic regression.
    tfidf : bool, default True
        Include TF-IDF word 1-2-grams; False uses only the lexicon and VADER features.
    """

    def __init__(self, *, C=1.0, tfidf=True, lexicon=None):
        self.C = C
        self.tfidf = tfidf
        self.lexicon = lexicon

    def pipeline(self):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import FeatureUnion, Pipeline

        from sklearn.preprocessing import MaxAbsScaler

        parts = [("lexicon", Pipeline([("counts", SentenceFeatures(lexicon=self.lexicon)), ("scale", MaxAbsScaler())]))]
        if self.tfidf:
            parts.append(("tfidf", TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)))
        return Pipeline([("features", FeatureUnion(parts)),
                         ("model", LogisticRegression(C=self.C, solver="liblinear"))])

    def fit(self, sentences, labels):
        self.pipeline_ = self.pipeline().fit(list(sentences), list(labels))
        return self

    def predict(self, sentences):
        if not hasattr(self, "pipeline_"):
            from ..errors import NotFittedError

            raise NotFittedError("This LoadedSentenceClassifier instance is not fitted yet. Call 'fit' first.")
        return self.pipeline_.predict(list(sentences))
