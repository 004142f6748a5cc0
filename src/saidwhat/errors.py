"""Every error saidwhat raises on purpose, in one hierarchy.

    SaidwhatError                  base; the CLI turns any of these into a one-line message
    ├── InputError                 a source cannot be read as articles
    │   └── ArticleError           one article is unusable (empty, binary, bad encoding, too large)
    ├── ModelError                 the language model or a shipped model cannot be loaded
    ├── StoreError                 the database cannot be opened, migrated or written
    │   └── NotFoundError          a requested row (speaker, statement) does not exist
    ├── GoldError                  a gold file is not in the expected format
    └── EngineError                a run engine (worker pool, Spark) cannot run

Per-article problems in a batch are recorded in the article's ``errors`` and never stop the run;
exceptions are raised only when nothing sensible can go on.
"""

from __future__ import annotations


class SaidwhatError(Exception):
    """Base of every deliberate saidwhat error. ``hint`` tells the user what to do next."""

    exit_code = 1
    status = 500

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint

    def __str__(self) -> str:
        msg = super().__str__()
        return f"{msg} ({self.hint})" if self.hint else msg


class InputError(SaidwhatError):
    exit_code = 2
    status = 400


class ArticleError(InputError):
    def __init__(self, article_id: str, message: str, *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.article_id = article_id


class ModelError(SaidwhatError):
    exit_code = 3


class StoreError(SaidwhatError):
    exit_code = 4


class NotFoundError(StoreError):
    status = 404


class GoldError(InputError):
    pass


class EngineError(SaidwhatError):
    exit_code = 5
