"""`saidwhat ingest`: extract articles and store them with their quotes, speakers and statements."""

from __future__ import annotations

import argparse
import sys

from ..read import MAX_CHARS
from . import add_model_options
from ._db import add_db_option, open_from

HELP = """\
Extract the quotes of articles and store them in the database, then rebuild the speaker
entities and the statements across all stored articles.

SOURCE is what `saidwhat extract` reads: plain text, JSON Lines ({"id", "text", "url", "outlet",
"date", "title"} per line), HTML (metadata from the page), or - for standard input.

An article is identified by its URL, else by a hash of its text: ingesting it again changes
nothing, and a new text under the same URL replaces its quotes. Articles are committed in
batches, so an interrupted run can simply be started again: it skips what is stored.
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "ingest",
        help="extract and store articles, speakers and statements",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "sources", nargs="+", metavar="SOURCE", help="article files, or - for standard input"
    )
    add_db_option(p)
    p.add_argument(
        "--batch-size",
        type=int,
        default=32,
        metavar="N",
        help="articles per transaction (default: 32)",
    )
    p.add_argument(
        "--aliases",
        metavar="CSV",
        help="alias table pinning speaker identities: name,alias,external_id per line",
    )
    p.add_argument(
        "--no-track",
        action="store_true",
        help="store only; do not rebuild speakers and statements now",
    )
    p.add_argument(
        "--max-chars",
        type=int,
        default=MAX_CHARS,
        help=f"longest article to accept, in characters (default: {MAX_CHARS:,})",
    )
    p.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    add_model_options(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.batch_size < 1:
        print("saidwhat: error: --batch-size must be at least 1", file=sys.stderr)
        return 2
    bar = None
    if not args.no_progress and sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(unit=" articles", desc="ingest", file=sys.stderr)
    with open_from(args, create=True) as db:
        report = db.ingest(
            args.sources,
            batch_size=args.batch_size,
            aliases=args.aliases,
            track=not args.no_track,
            max_chars=args.max_chars,
            progress=bar.update if bar else None,
        )
    if bar:
        bar.close()
    for source_id, message in report.errors:
        print(f"saidwhat: article {source_id}: {message}", file=sys.stderr)
    print(
        f"saidwhat: {report.read} read, {report.stored} stored ({report.replaced} replaced), "
        f"{report.unchanged} unchanged, {report.failed + report.problems} failed; {report.quotes} quotes; "
        f"{report.speakers} speakers, {report.statements} statements",
        file=sys.stderr,
    )
    return 1 if report.failed or report.problems else 0
