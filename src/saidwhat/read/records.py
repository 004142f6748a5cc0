"""Records with named fields (JSON Lines, CSV, Parquet) as articles, with configurable field names.

News dumps name their fields differently (CC-News: ``maintext``, ``date_publish``,
``source_domain``); a ``FieldMap`` says which names to look for, in order of preference.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, replace
from typing import IO, Any

from ..errors import InputError
from ..model import Article

ARTICLE_FIELDS = ("id", "text", "url", "title", "date", "outlet")
FIELD_NAMES = ", ".join(ARTICLE_FIELDS)


@dataclass(frozen=True, slots=True)
class ReadProblem:
    """A record that could not become an article: where it was and why."""

    id: str
    source: str
    position: int | None
    message: str


@dataclass(frozen=True, slots=True)
class FieldMap:
    """For each article field, the record keys that may hold it, first match wins."""

    id: tuple[str, ...] = ("id", "doc", "uuid")
    text: tuple[str, ...] = ("text", "maintext", "body", "content")
    url: tuple[str, ...] = ("url", "source_url")
    title: tuple[str, ...] = ("title", "headline")
    date: tuple[str, ...] = ("date", "date_publish", "published")
    outlet: tuple[str, ...] = ("outlet", "publisher", "source_domain", "sitename", "domain")

    @classmethod
    def parse(cls, specs: Iterable[str] | None) -> FieldMap:
        """A map from ``FIELD=KEY`` settings (``text=maintext``); unset fields keep defaults."""
        changes: dict[str, tuple[str, ...]] = {}
        for spec in specs or ():
            name, sep, key = spec.partition("=")
            name, key = name.strip(), key.strip()
            if not sep or not key or name not in ARTICLE_FIELDS:
                raise InputError(
                    f"bad field setting {spec!r}",
                    hint=f"write FIELD=KEY, FIELD one of {FIELD_NAMES}; e.g. text=maintext",
                )
            changes[name] = (*changes.get(name, ()), key)
        return replace(cls(), **changes)

    def keys(self) -> set[str]:
        return {k for f in fields(self) for k in getattr(self, f.name)}


DEFAULT_FIELDS = FieldMap()


def content_id(text: str) -> str:
    """A stable id for a text without one: a short hash of its content."""
    return "sha1:" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _pick(record: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = record.get(key)
        if value not in (None, ""):
            return value if isinstance(value, str) else str(value)
    return None


def article_from_record(
    record: dict[str, Any], *, fallback_id: str, fields: FieldMap = DEFAULT_FIELDS
) -> Article:
    text = next((record[k] for k in fields.text if isinstance(record.get(k), str)), None)
    if text is None:
        raise InputError(
            f"{fallback_id}: record has no text (looked for {', '.join(fields.text)})",
            hint="name the text field with --field text=KEY",
        )
    url = _pick(record, fields.url)
    return Article(
        id=_pick(record, fields.id) or url or content_id(text),
        text=text,
        url=url,
        outlet=_pick(record, fields.outlet),
        date=_pick(record, fields.date),
        title=_pick(record, fields.title),
    )


def read_jsonl_lines(
    lines: Iterable[str], *, name: str, fields: FieldMap = DEFAULT_FIELDS
) -> Iterator[Article | ReadProblem]:
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise InputError(f"{where}: expected a JSON object")
            yield article_from_record(record, fallback_id=where, fields=fields)
        except json.JSONDecodeError as exc:
            yield ReadProblem(
                id=where, source=name, position=lineno, message=f"{where}: not JSON: {exc}"
            )
        except InputError as exc:
            yield ReadProblem(id=where, source=name, position=lineno, message=str(exc))


def text_lines(stream: IO[bytes]) -> IO[str]:
    # Undecodable bytes are replaced rather than fatal: one bad byte must not lose a whole dump.
    return io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")


def read_csv(
    stream: IO[str], *, name: str, fields: FieldMap = DEFAULT_FIELDS, delimiter: str = ","
) -> Iterator[Article | ReadProblem]:
    # Article bodies are far longer than the csv module's default 128 KiB field limit.
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    reader = csv.DictReader(stream, delimiter=delimiter)
    recno = 0
    while True:
        recno += 1
        where = f"{name}:record {recno}"
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield ReadProblem(
                id=where,
                source=name,
                position=recno,
                message=f"{where} (line {reader.line_num}): {exc}",
            )
            continue
        if None in row:  # more cells than the header names: the row is misaligned
            yield ReadProblem(
                id=where,
                source=name,
                position=recno,
                message=f"{where} (line {reader.line_num}): more cells than header columns",
            )
            continue
        try:
            yield article_from_record(row, fallback_id=where, fields=fields)
        except InputError as exc:
            yield ReadProblem(
                id=where,
                source=name,
                position=recno,
                message=f"{str(exc)} (line {reader.line_num})",
            )


def read_parquet(
    path: str, *, fields: FieldMap = DEFAULT_FIELDS, batch_size: int = 256
) -> Iterator[Article | ReadProblem]:
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise InputError(
            f"{path}: reading Parquet needs pyarrow", hint="pip install 'saidwhat[parquet]'"
        ) from exc
    pf = pq.ParquetFile(path)
    columns = [c for c in pf.schema_arrow.names if c in fields.keys()]
    rowno = 0
    for batch in pf.iter_batches(batch_size=batch_size, columns=columns):
        for record in batch.to_pylist():
            rowno += 1
            where = f"{path}:row {rowno}"
            try:
                yield article_from_record(record, fallback_id=where, fields=fields)
            except InputError as exc:
                yield ReadProblem(id=where, source=path, position=rowno, message=str(exc))
