"""Parquet output for the flat export (one row per quote piece)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..errors import StoreError

COLUMNS = {
    "article": "string",
    "url": "string",
    "outlet": "string",
    "date": "string",
    "quote": "string",
    "text": "string",
    "kind": "string",
    "start": "int64",
    "end": "int64",
    "speaker": "string",
    "speaker_id": "string",
    "speaker_kind": "string",
    "role": "string",
    "mention": "string",
    "cue": "string",
    "confidence": "float64",
    "statement": "string",
    "relation": "string",
    "pipeline": "string",
}


def write_parquet(rows: Iterable[dict[str, Any]], path: str, *, chunk: int = 50_000) -> int:
    """Write ``rows`` to a Parquet file in row groups of ``chunk``; returns the number of rows."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise StoreError("Parquet export needs pyarrow", hint="pip install pyarrow") from exc
    schema = pa.schema([(name, getattr(pa, kind)()) for name, kind in COLUMNS.items()])
    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        buf: list[dict[str, Any]] = []
        for row in rows:
            buf.append(row)
            if len(buf) >= chunk:
                writer.write_table(pa.Table.from_pylist(buf, schema=schema))
                n += len(buf)
                buf = []
        if buf or n == 0:
            writer.write_table(pa.Table.from_pylist(buf, schema=schema))
            n += len(buf)
    return n
