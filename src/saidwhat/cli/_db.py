"""The --db option every database command shares."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

DB_HELP = (
    "database: an SQLite file path (default: $SAIDWHAT_DB or saidwhat.db) "
    "or postgresql://USER@HOST/DBNAME"
)


def add_db_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db", metavar="URL", default=os.environ.get("SAIDWHAT_DB", "saidwhat.db"), help=DB_HELP
    )


def open_from(args: argparse.Namespace, *, create: bool = False):
    """The database named by ``--db``; only ``ingest`` may create a new SQLite file."""
    from ..errors import StoreError
    from ..store import open_db

    url = args.db
    if not create and "://" not in url and not Path(url).exists():
        raise StoreError(f"no database at {url}", hint="ingest articles first: saidwhat ingest FILE --db " + url)
    return open_db(url)
