"""Web pages as articles: the main text of HTML (via trafilatura), alone or from WARC archives."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import IO

from ..errors import InputError
from ..model import Article
from .records import ReadProblem

log = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_html(
    data: str | bytes, *, name: str, url: str | None = None, date: str | None = None
) -> Article:
    """Main text and metadata of one HTML page; ``url`` and ``date`` fill gaps in the page's."""
    import trafilatura

    extracted = trafilatura.bare_extraction(
        data, url=url, with_metadata=True, include_comments=False
    )
    if extracted is None:
        raise InputError(f"{name}: no main text found in the HTML")
    doc = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    page_url = doc.get("url") or url
    return Article(
        id=page_url or name,
        text=doc.get("text") or "",
        url=page_url,
        outlet=doc.get("sitename") or doc.get("hostname"),
        date=doc.get("date") or date,
        title=doc.get("title"),
    )


def read_warc(stream: IO[bytes], *, name: str) -> Iterator[Article | ReadProblem | None]:
    """Articles from the HTML responses of a WARC (plain or gzip per record).

    Records that are not successful HTML responses are not articles: they come out as ``None`` so
    the caller can count them as skipped. A record whose page has no main text is a problem; a
    damaged archive ends with a problem at the byte offset where reading failed.
    """
    try:
        from fastwarc.warc import ArchiveIterator, WarcRecordType
    except ImportError as exc:
        raise InputError(
            f"{name}: reading WARC needs fastwarc", hint="pip install 'saidwhat[warc]'"
        ) from exc

    recno = 0
    offset = 0
    records = ArchiveIterator(stream, record_types=WarcRecordType.response, parse_http=True)
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        except (KeyboardInterrupt, SystemExit):
            raise
        # A truncated or corrupt archive: report where and keep what was read. BaseException
        # because the WARC parser's native code reports some stream failures as a panic.
        except BaseException as exc:
            where = f"{name}:record {recno + 1}"
            yield ReadProblem(
                id=where,
                source=name,
                position=recno + 1,
                message=f"{where} (after byte {offset}): damaged WARC, reading stopped: {exc}",
            )
            return
        recno += 1
        offset = record.stream_pos
        url = record.headers.get("WARC-Target-URI")
        where = f"{name}:record {recno}"
        try:
            status = record.http_headers.status_code if record.http_headers is not None else None
            ctype = (record.http_content_type or "").lower()
            if status != 200 or not ctype.startswith(HTML_TYPES):
                log.debug("%s: skipped (%s, HTTP %s)", where, ctype or "no content type", status)
                record.reader.consume()
                yield None
                continue
            body = record.reader.read()
            # WARC-Date is when the page was fetched, not published: not the article's date
            yield read_html(body, name=url or where, url=url)
        except InputError as exc:
            yield ReadProblem(
                id=url or where,
                source=name,
                position=recno,
                message=f"{where} (byte {offset}): {exc}",
            )
        except Exception as exc:
            yield ReadProblem(
                id=url or where,
                source=name,
                position=recno,
                message=f"{where} (byte {offset}): unreadable record: {type(exc).__name__}: {exc}",
            )
