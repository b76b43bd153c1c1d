"""VADER sentence sentiment, re-implemented for speed from the lexicon inside the vaderSentiment wheel.

Method
------
Hutto, C. J. & Gilbert, E. E. (2014). VADER: A Parsimonious Rule-based Model for Sentiment
Analysis of Social Media Text. ICWSM-14. This module reads the *same* lexicon files that ship
inside the installed ``vaderSentiment`` package (``vader_lexicon.txt``, ``emoji_utf8_lexicon.txt``;
never a download) and applies the same rules as ``vaderSentiment.SentimentIntensityAnalyzer``
3.3.2: emoji replacement, punctuation stripping of tokens, boosters and dampeners (with the
0.95 / 0.9 decay over three preceding words), ALL-CAPS emphasis when only some words are
capitalised, negation (``not``, ``n't``, ``never so``, ``without doubt``), ``no`` and
``least`` rules, the special idioms, the contrastive ``but`` (including the reference
implementation's quirk of locating a value by its first equal occurrence), punctuation
emphasis (``!`` and ``?``) and the ``x / sqrt(x^2 + 15)`` normalisation.

Why a re-implementation: the reference code rebuilds lower-cased copies of the whole sentence
for every sentiment-bearing word (quadratic in sentence length) and re-strips every token on
every call. Here each distinct token is analysed once (a per-analyzer cache of lower-cased,
stripped form, lexicon valence, booster value, case and the rule flags), words outside the
lexicon cost one dictionary lookup, rules are only evaluated where their trigger words occur
(exactly: a skipped rule could not have changed the score), and repeated sentences (wire
copy) are served from a cache. Agreement with
the reference on real news sentences is checked in ``tests/features/test_tone.py`` and reported
in the validation table.

Known limits
------------
VADER was built for social-media text; news prose is mostly neutral and its scores are small.
Scores are returned unrounded (the reference rounds to 4 and 3 decimals).
"""

from __future__ import annotations

import math
import string
from functools import lru_cache
from importlib import resources
from itertools import compress
from operator import itemgetter

from .errors import FramingError

__all__ = ["Vader", "polarity_scores", "lexicon_path"]

B_INCR = 0.293
B_DECR = -0.293
C_INCR = 0.733
N_SCALAR = -0.74

NEGATE = frozenset([
    "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt",
    "ain't", "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't",
    "dont", "hadnt", "hasnt", "havent", "isnt", "mightnt", "mustnt", "neither",
    "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't",
    "neednt", "needn't", "never", "none", "nope", "nor", "not", "nothing", "nowhere",
    "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent",
    "oughtn't", "shan't", "shouldn't", "uh-uh", "wasn't", "weren't",
    "without", "wont", "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite"])

_INC = ("absolutely amazingly awfully completely considerable considerably decidedly deeply "
        "effing enormous enormously entirely especially exceptional exceptionally extreme "
        "extremely fabulously flipping flippin frackin fracking fricking frickin frigging "
        "friggin fully fuckin fucking fuggin fugging greatly hella highly hugely incredible "
        "incredibly intensely major majorly more most particularly purely quite really "
        "remarkably so substantially thoroughly total totally tremendous tremendously uber "
        "unbelievably unusually utter utterly very").split()
_DEC = ["almost", "barely", "hardly", "just enough", "kind of", "kinda", "kindof", "kind-of",
        "less", "little", "marginal", "marginally", "occasional", "occasionally", "partly",
        "scarce", "scarcely", "slight", "slightly", "somewhat", "sort of", "sorta", "sortof",
        "sort-of"]
BOOSTER_DICT = {**{w: B_INCR for w in _INC}, **{w: B_DECR for w in _DEC}}

SPECIAL_CASES = {"the shit": 3, "the bomb": 3, "bad ass": 1.5, "badass": 1.5, "bus stop": 0.0,
                 "yeah right": -2, "kiss of death": -1.5, "to die for": 3, "beating heart": 3.5}

_PUNCT = string.punctuation

#: every word of a multi-word SPECIAL_CASES / BOOSTER_DICT key: an idiom n-gram can only match
#: when all its words are in here (tokens never contain spaces)
_IDIOM_WORDS = frozenset(w for key in (*SPECIAL_CASES, *BOOSTER_DICT) for w in key.split())

# fields of a token record (see _TokenCache), read with C-level getters
_LOW, _UPPER, _HIT = itemgetter(0), itemgetter(1), itemgetter(6)
_TOKEN_CACHE_SIZE = 500_000


class _TokenCache(dict):
    """Whitespace token -> (lower, isupper, valence or None, booster or None, is negation,
    is an idiom word, is a sentiment hit = in the lexicon and not a booster).

    A dict with ``__missing__`` so that the common case (a token seen before) is a C-level
    lookup through ``map``; bounded: past the size limit new tokens are analysed, not stored.
    """

    def __init__(self, lexicon):
        super().__init__()
        self._lexicon = lexicon

    def __missing__(self, raw):
        info = _token_record(raw, self._lexicon)
        if len(self) < _TOKEN_CACHE_SIZE:
            self[raw] = info
        return info


def lexicon_path():
    """The VADER lexicon file inside the installed vaderSentiment package."""
    try:
        return resources.files("vaderSentiment").joinpath("vader_lexicon.txt")
    except ModuleNotFoundError as exc:  # pragma: no cover - a dependency of the package
        raise FramingError("the vaderSentiment package is not installed; "
                           "install it with: pip install vaderSentiment") from exc


def _read_lexicon() -> dict[str, float]:
    lex = {}
    for line in lexicon_path().read_text(encoding="utf-8").rstrip("\n").split("\n"):
        if not line:
            continue
        word, measure = line.strip().split("\t")[0:2]
        lex[word] = float(measure)
    return lex


def _read_emojis() -> dict[str, str]:
    text = resources.files("vaderSentiment").joinpath("emoji_utf8_lexicon.txt").read_text(encoding="utf-8")
    out = {}
    for line in text.rstrip("\n").split("\n"):
        emoji, description = line.strip().split("\t")[0:2]
        out[emoji] = description
    return out


def _token_record(raw: str, lexicon) -> tuple:
    """The record (see ``_TokenCache``) of one whitespace token."""
    stripped = raw.strip(_PUNCT)
    word = raw if len(stripped) <= 2 else stripped  # the reference's _strip_punc_if_word
    low = word.lower()
    val = lexicon.get(low)
    boost = BOOSTER_DICT.get(low)
    return (low, word.isupper(), val, boost, low in NEGATE or "n't" in low,
            low in _IDIOM_WORDS, val is not None and boost is None)


def _normalize(score: float, alpha: float = 15) -> float:
    norm = score / math.sqrt(score * score + alpha)
    return -1.0 if norm < -1.0 else (1.0 if norm > 1.0 else norm)


class Vader:
    """A VADER analyzer with per-token and per-sentence caches.

    Examples
    --------
    >>> v = Vader()
    >>> round(v.compound("The talks were a great success."), 4)
    0.8316
    >>> v.compound("The meeting took place in Astana.")
    0.0
    """

    def __init__(self):
        self.lexicon = _read_lexicon()
        self.emojis = _read_emojis()
        self._emoji_chars = frozenset(self.emojis)
        self._tok = _TokenCache(self.lexicon)
        self.polarity_scores = lru_cache(maxsize=65536)(self._polarity_scores)

    def __reduce__(self):  # the caches are rebuilt, not pickled
        return (Vader, ())

    # -- tokens ---------------------------------------------------------------------------
    def compound(self, text: str) -> float:
        """The normalised compound score in [-1, 1] of one sentence."""
        return self.polarity_scores(text)["compound"]

    def _replace_emojis(self, text: str) -> str:
        out = []
        prev_space = True
        for ch in text:
            if ch in self.emojis:
                if not prev_space:
                    out.append(" ")
                out.append(self.emojis[ch])
                prev_space = False
            else:
                out.append(ch)
                prev_space = ch == " "
        return "".join(out)

    def _polarity_scores(self, text: str) -> dict:
        if not text.isascii() and not self._emoji_chars.isdisjoint(text):
            text = self._replace_emojis(text)
        text = text.strip()
        # C-level passes (map / compress) instead of Python loops: most tokens carry no
        # sentiment, so the per-token cost is what the whole sentence costs.
        infos = list(map(self._tok.__getitem__, text.split()))
        n = len(infos)
        if n == 0:
            return {"neg": 0.0, "neu": 0.0, "pos": 0.0, "compound": 0.0}
        hits = list(compress(range(n), map(_HIT, infos)))
        if not hits:  # no sentiment-bearing word: the reference's scores for all-zero sentiments
            return {"neg": 0.0, "neu": 1.0, "pos": 0.0, "compound": 0.0}
        lows = list(map(_LOW, infos))
        lex = self.lexicon
        sentiments = [0.0] * n
        n_caps = sum(map(_UPPER, infos))
        cap_diff = 0 < n - n_caps < n
        # Rules keyed on one word are skipped when the word is not in the sentence at all.
        has_no = "no" in lows
        has_least = "least" in lows
        last = n - 1
        for i in hits:
            low, isup, val, _, _, idiom, _ = infos[i]
            if low == "kind" and i < last and lows[i + 1] == "of":
                continue
            valence = val
            if has_no:
                if low == "no" and i != last and lows[i + 1] in lex:
                    valence = 0.0
                if (i > 0 and lows[i - 1] == "no") or (i > 1 and lows[i - 2] == "no") or (
                        i > 2 and lows[i - 3] == "no" and lows[i - 1] in ("or", "nor")):
                    valence = val * N_SCALAR
            if isup and cap_diff:
                valence = valence + C_INCR if valence > 0 else valence - C_INCR
            # The three preceding words, nearest first (the reference's start_i = 0, 1, 2);
            # each step only applies when that word is not itself in the lexicon.
            if i > 0:
                _, p_up, p_val, p_boost, p_neg, p_idiom, _ = infos[i - 1]
                if p_val is None:
                    s = 0.0 if p_boost is None else _booster(valence, p_boost, p_up and cap_diff)
                    valence = valence + s
                    if p_neg:
                        valence = valence * N_SCALAR
                if i > 1:
                    _, q_up, q_val, q_boost, q_neg, q_idiom, _ = infos[i - 2]
                    if q_val is None:
                        s = 0.0
                        if q_boost is not None:
                            s = _booster(valence, q_boost, q_up and cap_diff)
                            if s != 0:
                                s = s * 0.95
                        valence = valence + s
                        # "never" and "without" are negations, so nothing applies unless q_neg
                        if q_neg:
                            valence = self._negation(valence, lows, 1, i)
                    if i > 2:
                        _, r_up, r_val, r_boost, r_neg, r_idiom, _ = infos[i - 3]
                        if r_val is None:
                            s = 0.0
                            if r_boost is not None:
                                s = _booster(valence, r_boost, r_up and cap_diff)
                                if s != 0:
                                    s = s * 0.9
                            valence = valence + s
                            if r_neg or lows[i - 1] == "so" or lows[i - 1] == "this":
                                valence = self._negation(valence, lows, 2, i)
                            # Every n-gram looked up (i-3 .. i+2, see _idioms) contains one of
                            # the adjacent pairs (i-1, i), (i, i+1), (i-2, i-1), (i-3, i-2), and
                            # a key can only match if both words of the pair are idiom words.
                            if (idiom and (p_idiom or (i < last and infos[i + 1][5]))) or (
                                    q_idiom and (p_idiom or r_idiom)):
                                valence = self._idioms(valence, lows, i)
            if has_least:
                if i > 1 and lows[i - 1] not in lex and lows[i - 1] == "least":
                    if lows[i - 2] != "at" and lows[i - 2] != "very":
                        valence = valence * N_SCALAR
                elif i > 0 and lows[i - 1] not in lex and lows[i - 1] == "least":
                    valence = valence * N_SCALAR
            sentiments[i] = valence
        if "but" in lows:
            sentiments = _but_check(lows, sentiments)
            nonzero = [s for s in sentiments if s]
        else:  # only the hits can be non-zero
            nonzero = [v for v in map(sentiments.__getitem__, hits) if v]
        return _score(sentiments, nonzero, text)

    @staticmethod
    def _negation(valence, lows, k, i):
        def neg(w):
            return w in NEGATE or "n't" in w

        if k == 0:
            if neg(lows[i - 1]):
                valence = valence * N_SCALAR
        elif k == 1:
            if lows[i - 2] == "never" and (lows[i - 1] == "so" or lows[i - 1] == "this"):
                valence = valence * 1.25
            elif lows[i - 2] == "without" and lows[i - 1] == "doubt":
                pass
            elif neg(lows[i - 2]):
                valence = valence * N_SCALAR
        else:
            if (lows[i - 3] == "never" and (lows[i - 2] == "so" or lows[i - 2] == "this")) or (
                    lows[i - 1] == "so" or lows[i - 1] == "this"):
                valence = valence * 1.25
            elif lows[i - 3] == "without" and (lows[i - 2] == "doubt" or lows[i - 1] == "doubt"):
                pass
            elif neg(lows[i - 3]):
                valence = valence * N_SCALAR
        return valence

    @staticmethod
    def _idioms(valence, lows, i):
        onezero = f"{lows[i - 1]} {lows[i]}"
        twoonezero = f"{lows[i - 2]} {lows[i - 1]} {lows[i]}"
        twoone = f"{lows[i - 2]} {lows[i - 1]}"
        threetwoone = f"{lows[i - 3]} {lows[i - 2]} {lows[i - 1]}"
        threetwo = f"{lows[i - 3]} {lows[i - 2]}"
        for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
            if seq in SPECIAL_CASES:
                valence = SPECIAL_CASES[seq]
                break
        if len(lows) - 1 > i:
            zeroone = f"{lows[i]} {lows[i + 1]}"
            if zeroone in SPECIAL_CASES:
                valence = SPECIAL_CASES[zeroone]
        if len(lows) - 1 > i + 1:
            zeroonetwo = f"{lows[i]} {lows[i + 1]} {lows[i + 2]}"
            if zeroonetwo in SPECIAL_CASES:
                valence = SPECIAL_CASES[zeroonetwo]
        for ngram in (threetwoone, threetwo, twoone):
            if ngram in BOOSTER_DICT:
                valence = valence + BOOSTER_DICT[ngram]
        return valence


def _booster(valence: float, boost: float, capital: bool) -> float:
    """The reference's scalar_inc_dec: a booster word's increment, with the valence's sign and
    the capitals emphasis (``capital``: the booster is in capitals amid mixed case)."""
    s = boost
    if valence < 0:
        s *= -1
    if capital:
        s = s + C_INCR if valence > 0 else s - C_INCR
    return s


def _but_check(lows, sentiments):
    # Same procedure as the reference, including locating each value by its first equal occurrence.
    bi = lows.index("but")
    for sentiment in sentiments:
        si = sentiments.index(sentiment)
        if si < bi:
            sentiments.pop(si)
            sentiments.insert(si, sentiment * 0.5)
        elif si > bi:
            sentiments.pop(si)
            sentiments.insert(si, sentiment * 1.5)
    return sentiments


def _score(sentiments, nonzero, text):
    """The reference's score_valence; ``nonzero`` = the non-zero sentiments, in order (the
    zeros only count towards ``neu``)."""
    sum_s = float(sum(sentiments))
    ep = min(text.count("!"), 4) * 0.292
    qm_count = text.count("?")
    qm = 0
    if qm_count > 1:
        qm = qm_count * 0.18 if qm_count <= 3 else 0.96
    amp = ep + qm
    if sum_s > 0:
        sum_s += amp
    elif sum_s < 0:
        sum_s -= amp
    compound = _normalize(sum_s)
    pos_sum = neg_sum = 0.0
    for s in nonzero:
        if s > 0:
            pos_sum += float(s) + 1
        else:
            neg_sum += float(s) - 1
    neu = len(sentiments) - len(nonzero)
    if pos_sum > math.fabs(neg_sum):
        pos_sum += amp
    elif pos_sum < math.fabs(neg_sum):
        neg_sum -= amp
    total = pos_sum + math.fabs(neg_sum) + neu
    return {"neg": math.fabs(neg_sum / total), "neu": math.fabs(neu / total),
            "pos": math.fabs(pos_sum / total), "compound": compound}


@lru_cache(maxsize=1)
def _default() -> Vader:
    return Vader()


def polarity_scores(text: str) -> dict:
    """VADER's ``neg``, ``neu``, ``pos`` and ``compound`` for one sentence (shared analyzer)."""
    return _default().polarity_scores(text)
