"""`saidwhat export`: everything stored, as JSON Lines (the extraction contract), CSV or Parquet."""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import sys

from ..errors import InputError
from ._db import add_db_option, open_from

HELP = """\
Export the database. jsonl: one object per article in the extraction contract, keyed by the id
the article was ingested under, each quote with "statement" and "speaker": {..., "id"}. csv and
parquet: one row per quote with its speaker entity and statement.
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export",
        help="export articles, quotes, speakers and statements",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_db_option(p)
    p.add_argument(
        "--format",
        choices=["jsonl", "csv", "parquet"],
        default="jsonl",
        help="output format (default: jsonl)",
    )
    p.add_argument("-o", "--output", metavar="PATH", help="write to PATH (required for parquet)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with open_from(args) as db:
        if args.format == "parquet":
            if not args.output:
                raise InputError("parquet needs a file", hint="add --output PATH")
            from ..store.export import write_parquet

            n = write_parquet(db.export_rows(), args.output)
            print(f"saidwhat: {n} rows written to {args.output}", file=sys.stderr)
            return 0
        with contextlib.ExitStack() as stack:
            out = (
                stack.enter_context(open(args.output, "w", encoding="utf-8", newline=""))
                if args.output
                else sys.stdout
            )
            if args.format == "jsonl":
                for obj in db.export():
                    out.write(json.dumps(obj, ensure_ascii=False) + "\n")
            else:
                writer = None
                for row in db.export_rows():
                    if writer is None:
                        writer = csv.DictWriter(out, fieldnames=list(row))
                        writer.writeheader()
                    writer.writerow(row)
    return 0
