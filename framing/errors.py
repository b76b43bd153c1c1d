"""One error vocabulary for framing.

Every error a user can cause derives from :class:`FramingError`. Messages are one line and name
the file and the field where there is one, so the CLI can print ``Error: <message>`` and exit 1.
Usage mistakes in the CLI itself (unknown flags) are argparse's and exit 2.
"""

from __future__ import annotations

__all__ = [
    "FramingError",
    "CorpusError",
    "ValidationError",
    "DuplicateArticleError",
    "LexiconError",
    "FetchError",
    "NotFittedError",
]


class FramingError(Exception):
    """Base class of every error framing raises on purpose.

    Parameters
    ----------
    message : str
        What is wrong, in one sentence.
    path : str or os.PathLike, optional
        The file concerned.
    field : str, optional
        The field (metadata key, column, option) concerned.
    """

    def __init__(self, message: str, *, path=None, field: str | None = None):
        self.message = message
        self.path = None if path is None else str(path)
        self.field = field
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path and self.field:
            where = f"{self.path}: field '{self.field}': "
        elif self.path:
            where = f"{self.path}: "
        elif self.field:
            where = f"field '{self.field}': "
        return (where + self.message).replace("\n", " ")


class CorpusError(FramingError):
    """A corpus cannot be read or written as asked."""


class ValidationError(CorpusError):
    """An article, registry entry or option value is malformed."""


class DuplicateArticleError(CorpusError):
    """An article is an exact or near duplicate of one already in the corpus."""

    def __init__(self, message: str, *, existing_id: str, similarity: float = 1.0, **kw):
        self.existing_id = existing_id
        self.similarity = similarity
        super().__init__(message, **kw)


class LexiconError(FramingError):
    """A lexicon data file is malformed."""


class FetchError(FramingError):
    """A URL could not be downloaded or extracted."""


class NotFittedError(FramingError, ValueError, AttributeError):
    """A transformer was used before ``fit``; compatible with scikit-learn's check."""
