"""`saidwhat search`: find stored quotes by words, speaker, outlet, date and kind."""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import sys
import textwrap

from ._db import add_db_option, open_from

HELP = """\
Search the stored quotes. TEXT is a full-text query (every word must occur; word forms are
matched: "isolate" finds "isolation"). Without TEXT, the filters alone select, newest first.
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "search",
        help="search stored quotes",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("text", nargs="?", metavar="TEXT", help="words to find in the quote")
    add_db_option(p)
    p.add_argument("--speaker", metavar="NAME", help="speaker name or alias (part of it is enough)")
    p.add_argument("--outlet", metavar="X", help="outlet name (part of it is enough)")
    p.add_argument(
        "--since", metavar="DATE", help="articles dated on or after DATE (YYYY[-MM[-DD]])"
    )
    p.add_argument(
        "--until", metavar="DATE", help="articles dated on or before DATE (YYYY[-MM[-DD]])"
    )
    p.add_argument("--kind", choices=["direct", "mixed", "indirect"], help="quote kind")
    p.add_argument(
        "--limit", type=int, default=50, metavar="N", help="most results to show (default: 50)"
    )
    p.add_argument(
        "--format",
        choices=["table", "jsonl", "csv"],
        default="table",
        help="output format (default: table)",
    )
    p.set_defaults(run=run)


FIELDS = [
    "quote",
    "text",
    "kind",
    "speaker",
    "speaker_id",
    "article",
    "outlet",
    "date",
    "title",
    "url",
    "start",
    "end",
    "confidence",
    "statements",
]


def run(args: argparse.Namespace) -> int:
    with open_from(args) as db:
        hits = db.search(
            args.text,
            speaker=args.speaker,
            outlet=args.outlet,
            since=args.since,
            until=args.until,
            kind=args.kind,
            limit=args.limit,
        )
    out = sys.stdout
    if args.format == "jsonl":
        for h in hits:
            out.write(json.dumps(h.to_dict(), ensure_ascii=False) + "\n")
    elif args.format == "csv":
        w = csv.DictWriter(out, fieldnames=FIELDS)
        w.writeheader()
        for h in hits:
            w.writerow(dict(h.to_dict(), statements=" ".join(h.statements)))
    else:
        width = shutil.get_terminal_size((100, 20)).columns
        for h in hits:
            where = " · ".join(x for x in (h.outlet, h.date, h.article) if x)
            out.write(f"{h.speaker or '?'} ({h.kind}) — {where}\n")
            for line in textwrap.wrap(h.text, max(40, width - 4)):
                out.write(f"    {line}\n")
            if h.statements:
                out.write(f"    statement: {' '.join(h.statements)}\n")
            out.write("\n")
        print(f"saidwhat: {len(hits)} quote(s)", file=sys.stderr)
    return 0
