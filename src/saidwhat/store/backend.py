"""Connections to the two databases saidwhat stores in, behind one small interface.

SQL in the store is written once with ``?`` placeholders; the PostgreSQL backend rewrites them to
``%s``. Where the dialects differ (full-text search, generated keys), the caller asks
``backend.dialect`` and picks the statement; every statement lives in this package.
"""

from __future__ import annotations

import contextlib
import logging
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import StoreError

log = logging.getLogger(__name__)


class Backend:
    dialect = ""
    url = ""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        raise NotImplementedError

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        raise NotImplementedError

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        raise NotImplementedError

    def transaction(self) -> contextlib.AbstractContextManager:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def size_bytes(self) -> int:
        raise NotImplementedError


class SQLiteBackend(Backend):
    dialect = "sqlite"

    def __init__(self, path: str) -> None:
        self.path = path
        self.url = f"sqlite:///{path}"
        if path != ":memory:":
            parent = Path(path).resolve().parent
            if not parent.is_dir():
                raise StoreError(f"cannot create database {path}: folder {parent} does not exist")
        try:
            # autocommit mode: transactions are opened explicitly, one per batch
            self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA busy_timeout=30000")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open SQLite database {path}: {exc}", hint="is it an SQLite file?") from exc
        self._depth = 0

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.conn.execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self.conn.executemany(sql, rows)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        return self.conn.execute(sql, params).fetchall()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")
        finally:
            self._depth = 0

    def close(self) -> None:
        self.conn.close()

    def size_bytes(self) -> int:
        if self.path == ":memory:":
            return 0
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return sum(p.stat().st_size for p in Path(self.path).parent.glob(Path(self.path).name + "*"))


_PLACEHOLDER = re.compile(r"\?")


class PostgresBackend(Backend):
    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        try:
            import psycopg
        except ImportError as exc:  # pragma: no cover - a dependency of the package
            raise StoreError("PostgreSQL support needs psycopg", hint="pip install 'psycopg[binary]'") from exc
        self.url = url
        try:
            self.conn = psycopg.connect(url, autocommit=True)
        except psycopg.Error as exc:
            raise StoreError(
                f"cannot connect to PostgreSQL: {str(exc).strip().splitlines()[0]}",
                hint="check the --db URL and that the server is running",
            ) from exc

    @staticmethod
    def _sql(sql: str) -> str:
        return _PLACEHOLDER.sub("%s", sql.replace("%", "%%"))

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.conn.execute(self._sql(sql), params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = list(rows)
        if rows:
            with self.conn.cursor() as cur:
                cur.executemany(self._sql(sql), rows)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        return self.conn.execute(self._sql(sql), params).fetchall()

    def transaction(self) -> contextlib.AbstractContextManager:
        return self.conn.transaction()

    def close(self) -> None:
        self.conn.close()

    def size_bytes(self) -> int:
        return int(self.query("SELECT pg_database_size(current_database())")[0][0])


def connect(url: str | None) -> Backend:
    """A backend for ``url``: ``postgresql://…`` (or ``postgres://``), ``sqlite:///path``, or a file path."""
    url = url or "saidwhat.db"
    if url.startswith(("postgresql://", "postgres://")):
        return PostgresBackend(url)
    if url.startswith("sqlite:///"):
        return SQLiteBackend(url[len("sqlite:///") :])
    if "://" in url:
        raise StoreError(
            f"unsupported database URL {url!r}",
            hint="use a file path, sqlite:///PATH or postgresql://USER@HOST/DB",
        )
    return SQLiteBackend(url)
