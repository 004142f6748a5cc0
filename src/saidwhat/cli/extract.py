"""`saidwhat extract`: find and attribute the quotes in articles."""

from __future__ import annotations

import argparse
import contextlib
import sys

from ..model import Article, Batch, Result
from ..output import FORMATS, CsvWriter, format_table
from ..read import MAX_CHARS, ReadProblem, read_sources

HELP = """\
Read articles and print their attributed quotes.

FILE may be a plain-text file (one article), a JSON Lines file with {"id", "text", ...} per line,
an HTML page (main text and metadata via trafilatura), or - for standard input.

Output formats: table (readable, the default), jsonl (one JSON object per article: the output
contract, with character offsets into the text), csv (one row per quote).

Exit status: 0 when every article was processed, 1 when any article failed (its error is in the
output and on standard error), 2 for bad usage.
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extract", help="find quotes and their speakers in articles", description=HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="+", metavar="FILE", help="article files, or - for standard input")
    p.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    p.add_argument("-o", "--output", metavar="PATH", help="write to PATH instead of standard output")
    p.add_argument("--max-chars", type=int, default=MAX_CHARS,
                   help=f"longest article to accept, in characters (default: {MAX_CHARS:,})")
    p.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    p.set_defaults(run=run)


def problem_result(problem: ReadProblem) -> Result:
    return Result(article=Article(id=problem.id, text=""), errors=(problem.message,))


def results(items, pipeline):
    """Results in input order: read problems become error results, articles go through the pipeline."""
    pending: list[Article] = []
    order: list[ReadProblem | None] = []
    for item in items:
        if isinstance(item, ReadProblem):
            order.append(item)
        else:
            pending.append(item)
            order.append(None)
        if len(pending) >= 16:
            yield from _flush(order, pending, pipeline)
            pending, order = [], []
    yield from _flush(order, pending, pipeline)


def _flush(order, pending, pipeline):
    done = iter(pipeline.pipe(pending)) if pending else iter(())
    for slot in order:
        yield problem_result(slot) if slot is not None else next(done)


def run(args: argparse.Namespace) -> int:
    from ..extract import load_pipeline

    pipeline = load_pipeline()
    items = read_sources(args.files, max_chars=args.max_chars)
    stream = results(items, pipeline)
    show = not args.no_progress and sys.stderr.isatty() and (len(args.files) > 1 or not _single_article(args.files))
    if show:
        from tqdm import tqdm

        stream = tqdm(stream, unit=" articles", desc="extract", file=sys.stderr)
    batch = Batch()
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(open(args.output, "w", encoding="utf-8")) if args.output else sys.stdout
        csv_writer = CsvWriter(out) if args.format == "csv" else None
        import json

        for result in stream:
            batch.add(result)
            obj = result.to_dict()
            if args.format == "jsonl":
                out.write(json.dumps(obj, ensure_ascii=False) + "\n")
            elif csv_writer is not None:
                csv_writer.write(obj)
            else:
                out.write(format_table(obj) + "\n\n")
            for err in result.errors:
                # errors usually start with the article's id already; say it once
                where = "" if err.startswith(result.article.id) else f"article {result.article.id}: "
                print(f"saidwhat: {where}{err}", file=sys.stderr)
    if batch.articles > 1 or batch.failed:
        print(f"saidwhat: {batch.articles} articles, {batch.quotes} quotes, {batch.failed} failed", file=sys.stderr)
    return 1 if batch.failed else 0


def _single_article(files: list[str]) -> bool:
    return len(files) == 1 and not files[0].endswith((".jsonl", ".ndjson")) and files[0] != "-"
