"""`saidwhat speakers`: the speaker entities, with aliases, roles, outlets and merge evidence."""

from __future__ import annotations

import argparse
import json
import sys

from ._db import add_db_option, open_from

HELP = """\
List speaker entities, most quoted first: each person (or organization) once, with the names
outlets used for them and why each name was taken to be the same speaker.
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "speakers",
        help="list speaker entities",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("name", nargs="?", metavar="NAME", help="only speakers whose name or alias contains NAME")
    add_db_option(p)
    p.add_argument("--limit", type=int, default=None, metavar="N", help="most speakers to show")
    p.add_argument(
        "--format",
        choices=["table", "jsonl"],
        default="table",
        help="output format (default: table)",
    )
    p.set_defaults(run=run)


def _role(role: str, n: int, first: str | None, last: str | None) -> str:
    when = "" if not first else f", {first}" if first == last else f", {first} to {last}"
    return f"{role} ({n}{when})"


def run(args: argparse.Namespace) -> int:
    with open_from(args) as db:
        speakers = db.speakers(args.name, limit=args.limit)
    out = sys.stdout
    for s in speakers:
        if args.format == "jsonl":
            out.write(json.dumps(s.to_dict(), ensure_ascii=False) + "\n")
            continue
        ext = f" [{s.external_id}]" if s.external_id else ""
        out.write(f"{s.name}{ext} ({s.kind}) {s.id} — {s.n_quotes} quotes in {s.n_articles} articles\n")
        for a in s.aliases:
            out.write(f"    as {a.name!r}: {a.evidence}\n")
        if s.roles:
            out.write("    roles: " + "; ".join(_role(*r) for r in s.roles) + "\n")
        if s.outlets:
            out.write("    outlets: " + "; ".join(f"{o} ({n})" for o, n in s.outlets) + "\n")
    return 0
