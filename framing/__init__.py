"""framing: measure how news outlets frame the same event, and set their choices side by side.

The public API (everything a notebook needs) is re-exported here; heavy dependencies are
imported lazily, so ``import framing`` and ``framing --help`` stay fast.

>>> import framing
>>> sorted(framing.__all__)[:3]
['Article', 'Corpus', 'FramingError']
"""

__version__ = "0.1.0"

from .corpus import Article, Corpus, load_corpus  # noqa: E402
from .errors import FramingError  # noqa: E402

_LAZY = {
    "compare": ("framing.compare", "compare"),
    "Comparison": ("framing.compare", "Comparison"),
    "profile": ("framing.pipeline", "profile"),
    "default_extractors": ("framing.pipeline", "default_extractors"),
    "score": ("framing.score", "score"),
    "load_lexicon": ("framing.lexicon", "load_lexicon"),
    "load_speaker_groups": ("framing.speakers", "load_speaker_groups"),
}

__all__ = ["Article", "Corpus", "FramingError", "load_corpus", "__version__", *_LAZY]


def __getattr__(name):
    if name in _LAZY:
        import importlib

        mod, attr = _LAZY[name]
        value = getattr(importlib.import_module(mod), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'framing' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
