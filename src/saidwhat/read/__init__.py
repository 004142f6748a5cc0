"""Read sources into articles: text and HTML files, JSON Lines, CSV, Parquet, WARC, standard input.

``read_sources`` streams ``Article`` objects, and ``ReadProblem`` objects for records that could
not be read, so a caller can record the problem with its position and go on. Files may be
named directly, as directories (walked recursively) or as globs, and may be compressed with
gzip, bz2 or zstd.

    sources.py   names → ordered inputs; byte streams with decompression and byte counting
    records.py   JSON Lines, CSV and Parquet records with configurable field names
    web.py       HTML pages and WARC archives (main text via trafilatura)
"""

from __future__ import annotations

import json
import logging
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from ..model import Article
from .records import (
    ARTICLE_FIELDS,
    DEFAULT_FIELDS,
    FieldMap,
    ReadProblem,
    article_from_record,
    content_id,
    read_csv,
    read_jsonl_lines,
    read_parquet,
    text_lines,
)
from .sources import (
    CSV_SUFFIXES,
    HTML_SUFFIXES,
    JSONL_SUFFIXES,
    KNOWN_SUFFIXES,
    PARQUET_SUFFIXES,
    WARC_SUFFIXES,
    ReadStats,
    expand_sources,
    open_binary,
    split_suffix,
)
from .web import read_html, read_warc

__all__ = [
    "ARTICLE_FIELDS",
    "FieldMap",
    "MAX_CHARS",
    "ReadProblem",
    "ReadStats",
    "article_from_record",
    "check_text",
    "content_id",
    "decode",
    "expand_sources",
    "read_html",
    "read_inputs",
    "read_path",
    "read_sources",
]

log = logging.getLogger(__name__)

#: Longest article text accepted; longer ones are reported, not parsed (20 MB is a dump).
MAX_CHARS = 1_000_000


def decode(data: bytes, *, name: str) -> tuple[str | None, str | None]:
    """Text of ``data`` and a problem message; binary data gives no text."""
    if b"\x00" in data[:8192]:
        return None, f"{name}: binary data (NUL bytes), not a text article"
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        log.warning("%s: invalid UTF-8 at byte %d; undecodable bytes replaced", name, exc.start)
        return data.decode("utf-8", errors="replace"), None


def check_text(text: str, *, name: str, max_chars: int = MAX_CHARS) -> str | None:
    """A problem message for a text that cannot be an article, else None."""
    if not text.strip():
        return f"{name}: empty article"
    if len(text) > max_chars:
        return (
            f"{name}: article too large ({len(text):,} characters; limit {max_chars:,}); "
            "split it or raise the limit with --max-chars"
        )
    if "\x00" in text:
        return f"{name}: binary data (NUL characters), not a text article"
    return None


def _whole(path: str, stats: ReadStats | None, *, max_chars: int) -> tuple[str | None, str | None]:
    """The decoded text of a one-article file, refusing files far too large to be one article."""
    compressed = split_suffix(path)[1] is not None
    if not compressed and os.path.getsize(path) > 4 * max_chars:
        return None, (
            f"{path}: file too large for one article ({os.path.getsize(path):,} bytes; limit {max_chars:,} "
            "characters); split it or raise the limit with --max-chars"
        )
    with open_binary(path, stats) as stream:
        data = stream.read(4 * max_chars + 1)
    if len(data) > 4 * max_chars:
        return None, f"{path}: file too large for one article (over {4 * max_chars:,} bytes)"
    return decode(data, name=path)


def read_path(
    path: Path | str,
    *,
    max_chars: int = MAX_CHARS,
    fields: FieldMap = DEFAULT_FIELDS,
    stats: ReadStats | None = None,
) -> Iterator[Article | ReadProblem | None]:
    """Articles in one file, chosen by its suffix (under any compression suffix).

    ``None`` items are records that are not articles (a WARC's images or redirects), for counting.
    """
    name = str(path)
    count = 0
    try:
        for item in _read_path(name, max_chars=max_chars, fields=fields, stats=stats):
            count += 1
            yield item
    except InputError:
        raise
    except Exception as exc:
        # An unreadable, truncated (a cut-off .gz) or corrupt file: what was read before stays
        # read, the problem is reported in its place and the run goes on with the next file.
        if not isinstance(exc, OSError | EOFError | ValueError | zlib.error):
            log.exception("%s: unexpected error while reading", name)
        reason = (
            exc.strerror
            if isinstance(exc, OSError) and exc.strerror
            else str(exc) or type(exc).__name__
        )
        yield ReadProblem(
            id=name,
            source=name,
            position=count + 1,
            message=f"{name}: cannot read further after {count} records: {reason}",
        )


def _read_path(
    name: str,
    *,
    max_chars: int,
    fields: FieldMap,
    stats: ReadStats | None,
) -> Iterator[Article | ReadProblem | None]:
    suffix, _ = split_suffix(name)
    if suffix in PARQUET_SUFFIXES:
        if stats is not None:
            stats.bytes_read += os.path.getsize(name)
        yield from read_parquet(name, fields=fields)
    elif suffix in WARC_SUFFIXES:
        # fastwarc decompresses gzip per record itself, which lets it resynchronise after damage
        with open_binary(name, stats, decompress=split_suffix(name)[1] == "bz2") as stream:
            yield from read_warc(stream, name=name)
    elif suffix in JSONL_SUFFIXES or suffix in CSV_SUFFIXES or (suffix not in KNOWN_SUFFIXES and _looks_jsonl(name)):
        with open_binary(name, stats) as stream:
            lines = text_lines(stream)
            if suffix in CSV_SUFFIXES:
                yield from read_csv(
                    lines, name=name, fields=fields, delimiter="\t" if suffix == ".tsv" else ","
                )
            else:
                yield from read_jsonl_lines(lines, name=name, fields=fields)
    else:
        text, problem = _whole(name, stats, max_chars=max_chars)
        if text is None:
            # the id the article would have had, so its error lines up with it in the output
            aid = name if suffix in HTML_SUFFIXES else _file_article_id(name)
            yield ReadProblem(id=aid, source=name, position=None, message=problem or name)
        elif suffix in HTML_SUFFIXES:
            try:
                article = read_html(text, name=name)
            except InputError as exc:
                yield ReadProblem(id=name, source=name, position=None, message=str(exc))
            except Exception as exc:  # a page the HTML parser chokes on must not stop the batch
                log.warning("%s: HTML extraction failed", name, exc_info=True)
                message = f"{name}: cannot read the HTML ({type(exc).__name__}: {exc})"
                yield ReadProblem(id=name, source=name, position=None, message=message)
            else:
                yield article
        else:
            yield Article(id=_file_article_id(name), text=text)


def _looks_jsonl(name: str) -> bool:
    """Whether a file with no telling suffix holds JSON Lines articles, as standard input is told:
    its first line is a JSON object."""
    try:
        with open_binary(name) as stream:
            head = stream.read(65536)
    except OSError:
        return False
    first = head.lstrip().split(b"\n", 1)[0]
    if not first.startswith(b"{"):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return len(head) == 65536  # a first line longer than the peek: still a JSON object, by its start


def _file_article_id(name: str) -> str:
    """A plain-text file's article id: its name without folders and suffixes."""
    base = Path(name).name
    if split_suffix(base)[1]:
        base = base.rsplit(".", 1)[0]
    return Path(base).stem or name


def read_sources(
    sources: Iterable[str],
    *,
    max_chars: int = MAX_CHARS,
    fields: FieldMap | None = None,
    stats: ReadStats | None = None,
) -> Iterator[Article | ReadProblem]:
    """Articles from files, directories, globs (and ``-`` for standard input), in order.

    Unreadable records come out as ``ReadProblem`` with their position; articles that are empty,
    binary or too large come out as ``ReadProblem`` too, with the article's id, so a batch records
    them and goes on. ``fields`` names the record keys of JSON Lines, CSV and Parquet input;
    ``stats``, when given, is filled as the stream goes (bytes read, problems, skipped records).
    """
    fields = fields or DEFAULT_FIELDS
    inputs = expand_sources(list(sources))
    if stats is not None:
        stats.files = [p for p, problem in inputs if problem is None and p != "-"]
        try:
            stats.bytes_total = sum(os.path.getsize(p) for p in stats.files)
        except OSError:
            stats.bytes_total = None
        if any(p == "-" for p, _ in inputs):
            stats.bytes_total = None
    # Sources are expanded now, not on the first item, so ``stats`` knows the total from the start.
    return read_inputs(inputs, max_chars=max_chars, fields=fields, stats=stats)


def read_inputs(
    inputs: list[tuple[str, str | None]],
    *,
    max_chars: int = MAX_CHARS,
    fields: FieldMap = DEFAULT_FIELDS,
    stats: ReadStats | None = None,
) -> Iterator[Article | ReadProblem]:
    """Articles from inputs already expanded by ``expand_sources`` (a Spark task reads one)."""
    for source, problem in inputs:
        if problem is not None:
            items: Iterable[Article | ReadProblem | None] = [
                ReadProblem(id=source, source=source, position=None, message=problem)
            ]
        elif source == "-":
            items = _read_stdin(fields)
        else:
            items = read_path(source, max_chars=max_chars, fields=fields, stats=stats)
        for item in items:
            if stats is not None:
                stats.records += 1
            if item is None:
                if stats is not None:
                    stats.skipped += 1
                continue
            if isinstance(item, Article):
                problem_text = check_text(item.text, name=item.id, max_chars=max_chars)
                if problem_text:
                    item = ReadProblem(
                        id=item.id, source=source, position=None, message=problem_text
                    )
            if stats is not None:
                if isinstance(item, ReadProblem):
                    stats.problems += 1
                else:
                    stats.articles += 1
            yield item


def _read_stdin(fields: FieldMap) -> Iterator[Article | ReadProblem]:
    data = sys.stdin.buffer.read()
    text, problem = decode(data, name="<stdin>")
    if text is None:
        yield ReadProblem(id="stdin", source="-", position=None, message=problem or "stdin")
    elif text.lstrip().startswith("{"):
        yield from read_jsonl_lines(text.splitlines(), name="<stdin>", fields=fields)
    else:
        yield Article(id="stdin", text=text)
