"""saidwhat: who said what in the news.

    >>> import saidwhat
    >>> quotes = saidwhat.extract("“We will not wait,” Mayor Ida Brandt said.")
    >>> quotes[0].attribution.name
    'Ida Brandt'

``extract`` handles one text; ``extract_articles`` streams many articles through one loaded
pipeline; ``load_pipeline`` gives the pipeline object itself; ``open_db`` opens the quote
database (ingest, search, speakers, statements, export).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .errors import SaidwhatError
from .extract import Pipeline, load_pipeline
from .model import Article, Attribution, Quote, Result, Span
from .store import Database, open_db

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Attribution",
    "Database",
    "Pipeline",
    "Quote",
    "Result",
    "SaidwhatError",
    "Span",
    "extract",
    "extract_articles",
    "load_pipeline",
    "open_db",
]


def extract(text: str, *, id: str | None = None) -> list[Quote]:
    """The quotes of one article text, in order of appearance."""
    article = Article(id=id or "article", text=text)
    return list(load_pipeline().extract(article).quotes)


def extract_articles(articles: Iterable[Article], *, batch_size: int = 16) -> Iterator[Result]:
    """One ``Result`` per article, in input order; the model is loaded once for the whole stream.

    An article that cannot be processed yields a ``Result`` with ``errors`` filled in; the stream
    goes on.
    """
    return load_pipeline().pipe(articles, batch_size=batch_size)
