"""The --db option every database command shares."""

from __future__ import annotations

import argparse
import os

DB_HELP = (
    "database: an SQLite file path (default: $SAIDWHAT_DB or saidwhat.db) "
    "or postgresql://USER@HOST/DBNAME"
)


def add_db_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db", metavar="URL", default=os.environ.get("SAIDWHAT_DB", "saidwhat.db"), help=DB_HELP
    )


def open_from(args: argparse.Namespace):
    from ..store import open_db

    return open_db(args.db)
