"""One small hierarchy so callers (and the CLI) can catch precisely."""

from __future__ import annotations


class SummarizeError(Exception):
    """Base of every error this package raises on purpose."""

    exit_code = 1


class InputError(SummarizeError):
    """The input cannot be read as an article (empty, binary, too large, not text)."""

    exit_code = 2


class BackendError(SummarizeError):
    """The model endpoint could not be reached or set up (after transport retries)."""

    exit_code = 3


class ModelOutputError(SummarizeError):
    """The model kept returning invalid or truncated output after the re-ask cap."""

    exit_code = 4
    reply: str = ""  # the last reply's text, so a caller can keep the parts of it that do validate


class NothingExtracted(SummarizeError):
    """The article was read but nothing could be extracted from it (e.g. not a meeting report)."""

    exit_code = 5
