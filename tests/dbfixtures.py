"""Database fixtures shared by the store tests: a fresh SQLite file, and a fresh database on a
private PostgreSQL server that the session starts and stops."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SHARED = Path(os.environ.get("SAIDWHAT_SHARED", ROOT.parent / "shared"))
CORPUS = DATA / "corpus.jsonl"

_counter = itertools.count()


@pytest.fixture(scope="session")
def pg_server():
    from saidwhat.store.pgserver import PgServer, available

    if not available():
        pytest.skip("PostgreSQL server programs not found (install the Debian package postgresql)")
    server = PgServer(port=55000 + os.getpid() % 5000).start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """A URL for an empty database of each kind."""
    if request.param == "sqlite":
        return str(tmp_path / "test.db")
    server = request.getfixturevalue("pg_server")
    return server.create_db(f"t{os.getpid()}_{next(_counter)}")


@pytest.fixture
def corpus_db(db_url):
    """The invented corpus ingested into a fresh database."""
    from saidwhat import open_db

    db = open_db(db_url)
    db.ingest([str(CORPUS)], batch_size=4)
    yield db
    db.close()
