"""framing: measure how news outlets frame the same event, and set their choices side by side."""

__version__ = "0.1.0"

from .corpus import Article, Corpus, load_corpus  # noqa: E402
from .errors import FramingError  # noqa: E402

__all__ = ["Article", "Corpus", "load_corpus", "FramingError", "__version__"]
