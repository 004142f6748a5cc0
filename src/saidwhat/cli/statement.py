"""`saidwhat statement`: one statement, every outlet's wording of it, and the differences."""

from __future__ import annotations

import argparse
import json
import sys

from ._db import add_db_option, open_from

HELP = """\
Show a statement: its fullest wording, then each report of it, first appearance first, with its
outlet and date, its relation to the fullest wording (identical, trimmed, altered) and a word
diff against it: [-words dropped-] {+words added+}.
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "statement",
        help="show a statement's variants and diffs",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("id", metavar="ID", help="statement id (from search or export output)")
    add_db_option(p)
    p.add_argument(
        "--format",
        choices=["table", "json"],
        default="table",
        help="output format (default: table)",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..track import render_diff

    with open_from(args) as db:
        st = db.statement(args.id)
    out = sys.stdout
    if args.format == "json":
        out.write(json.dumps(st.to_dict(), ensure_ascii=False, indent=1) + "\n")
        return 0
    out.write(f"{st.id} — {st.speaker or 'unknown speaker'}\n  “{st.text}”\n")
    out.write(
        f"  first: {st.first_outlet or '?'} {st.first_date or ''}; {len(st.variants)} report(s)\n\n"
    )
    for v in st.variants:
        out.write(f"  {v.relation:<9} {v.outlet or '?'} {v.date or ''} ({v.article})\n")
        out.write(f"            “{v.text}”\n")
        if v.relation != "identical":
            out.write(f"            diff: {render_diff(v.diff)}\n")
    return 0
