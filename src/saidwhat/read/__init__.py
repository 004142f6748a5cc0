"""Read sources into articles: plain text, JSON Lines, HTML, standard input.

``read_sources`` streams ``Article`` objects, and ``ReadProblem`` objects for records that could not be
read, so a caller can record the problem with its position and go on.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Article

log = logging.getLogger(__name__)

#: Longest article text accepted; longer ones are reported, not parsed (a 20 MB "article" is a dump).
MAX_CHARS = 1_000_000

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}


@dataclass(frozen=True, slots=True)
class ReadProblem:
    """A record that could not become an article: where it was and why."""

    id: str
    source: str
    position: int | None
    message: str


def content_id(text: str) -> str:
    """A stable id for a text without one: a short hash of its content."""
    return "sha1:" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


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


def article_from_record(record: dict[str, Any], *, fallback_id: str) -> Article:
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError(f"{fallback_id}: record has no 'text' string")
    aid = record.get("id", record.get("doc"))
    return Article(
        id=str(aid) if aid not in (None, "") else (record.get("url") or content_id(text)),
        text=text,
        url=record.get("url"),
        outlet=record.get("outlet") or record.get("publisher"),
        date=record.get("date"),
        title=record.get("title"),
    )


def read_html(data: str, *, name: str) -> Article:
    import trafilatura

    extracted = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False)
    if extracted is None:
        raise InputError(f"{name}: no main text found in the HTML")
    doc = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    text = doc.get("text") or ""
    return Article(
        id=doc.get("url") or name,
        text=text,
        url=doc.get("url"),
        outlet=doc.get("sitename") or doc.get("hostname"),
        date=doc.get("date"),
        title=doc.get("title"),
    )


def read_jsonl_lines(lines: Iterable[str], *, name: str) -> Iterator[Article | ReadProblem]:
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise InputError(f"{where}: expected a JSON object")
            yield article_from_record(record, fallback_id=where)
        except (json.JSONDecodeError, InputError) as exc:
            yield ReadProblem(id=where, source=name, position=lineno, message=f"{where}: {exc}")


def read_path(path: Path, *, max_chars: int = MAX_CHARS) -> Iterator[Article | ReadProblem]:
    """Articles in one file, chosen by its suffix."""
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield ReadProblem(id=name, source=name, position=None, message=f"{name}: {exc.strerror}")
        return
    text, problem = decode(data, name=name)
    if text is None:
        yield ReadProblem(id=name, source=name, position=None, message=problem or name)
        return
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES or (suffix == ".json" and "\n{" in text):
        yield from read_jsonl_lines(text.splitlines(), name=name)
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
        yield Article(id=path.stem if path.stem else name, text=text)


def read_sources(sources: Iterable[str], *, max_chars: int = MAX_CHARS) -> Iterator[Article | ReadProblem]:
    """Articles from file paths (and ``-`` for standard input), in order.

    Unreadable records come out as ``ReadProblem``; articles that are empty, binary or too large
    come out as ``ReadProblem`` too, with the article's id, so a batch records them and goes on.
    """
    for source in sources:
        if source == "-":
            data = sys.stdin.buffer.read()
            text, problem = decode(data, name="<stdin>")
            if text is None:
                yield ReadProblem(id="stdin", source="-", position=None, message=problem or "stdin")
                continue
            stripped = text.lstrip()
            if stripped.startswith("{"):
                items: Iterable[Article | ReadProblem] = read_jsonl_lines(text.splitlines(), name="<stdin>")
            else:
                items = [Article(id="stdin", text=text)]
        else:
            path = Path(source)
            if not path.exists():
                yield ReadProblem(id=source, source=source, position=None, message=f"{source}: no such file")
                continue
            items = read_path(path, max_chars=max_chars)
        for item in items:
            if isinstance(item, Article):
                problem = check_text(item.text, name=item.id, max_chars=max_chars)
                if problem:
                    yield ReadProblem(id=item.id, source=source, position=None, message=problem)
                    continue
            yield item
