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
stripped form, lexicon valence, booster value and case), words outside the lexicon cost one
dictionary lookup, and repeated sentences (wire copy) are served from a cache. Agreement with
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
        self._tok = {}
        self.polarity_scores = lru_cache(maxsize=65536)(self._polarity_scores)

    def __reduce__(self):  # the caches are rebuilt, not pickled
        return (Vader, ())

    # -- tokens ---------------------------------------------------------------------------
    def _token(self, raw: str):
        """(lower, isupper, valence or None, booster or None) of one whitespace token."""
        info = self._tok.get(raw)
        if info is None:
            stripped = raw.strip(_PUNCT)
            word = raw if len(stripped) <= 2 else stripped
            low = word.lower()
            info = (low, word.isupper(), self.lexicon.get(low), BOOSTER_DICT.get(low))
            if len(self._tok) < 500_000:
                self._tok[raw] = info
        return info

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
        raws = text.split()
        get = self._tok.get
        infos = [get(w) or self._token(w) for w in raws]
        n = len(infos)
        if n == 0:
            return {"neg": 0.0, "neu": 0.0, "pos": 0.0, "compound": 0.0}
        lows = [t[0] for t in infos]
        lex = self.lexicon
        sentiments = [0.0] * n
        hits = [i for i, t in enumerate(infos) if t[2] is not None and t[3] is None]
        if not hits:  # no sentiment-bearing word: every score is 0, as in the reference
            return _score(sentiments, text)
        n_caps = sum(1 for t in infos if t[1])
        cap_diff = 0 < n - n_caps < n
        for i in hits:
            low, isup, val, boost = infos[i]
            if low == "kind" and i < n - 1 and lows[i + 1] == "of":
                continue
            valence = val
            if low == "no" and i != n - 1 and lows[i + 1] in lex:
                valence = 0.0
            if (i > 0 and lows[i - 1] == "no") or (i > 1 and lows[i - 2] == "no") or (
                    i > 2 and lows[i - 3] == "no" and lows[i - 1] in ("or", "nor")):
                valence = val * N_SCALAR
            if isup and cap_diff:
                valence = valence + C_INCR if valence > 0 else valence - C_INCR
            for k in range(3):
                if i > k and lows[i - k - 1] not in lex:
                    pinfo = infos[i - k - 1]
                    s = 0.0
                    if pinfo[3] is not None:
                        s = pinfo[3]
                        if valence < 0:
                            s *= -1
                        if pinfo[1] and cap_diff:
                            s = s + C_INCR if valence > 0 else s - C_INCR
                    if k == 1 and s != 0:
                        s = s * 0.95
                    if k == 2 and s != 0:
                        s = s * 0.9
                    valence = valence + s
                    valence = self._negation(valence, lows, k, i)
                    if k == 2:
                        valence = self._idioms(valence, lows, i)
            # 'least'
            if i > 1 and lows[i - 1] not in lex and lows[i - 1] == "least":
                if lows[i - 2] != "at" and lows[i - 2] != "very":
                    valence = valence * N_SCALAR
            elif i > 0 and lows[i - 1] not in lex and lows[i - 1] == "least":
                valence = valence * N_SCALAR
            sentiments[i] = valence
        if "but" in lows:
            sentiments = _but_check(lows, sentiments)
        return _score(sentiments, text)

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


def _score(sentiments, text):
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
    neu = 0
    for s in sentiments:
        if s > 0:
            pos_sum += float(s) + 1
        if s < 0:
            neg_sum += float(s) - 1
        if s == 0:
            neu += 1
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
