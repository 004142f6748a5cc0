"""`saidwhat extract`: find and attribute the quotes in articles."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys

from ..errors import InputError
from ..model import Batch
from ..output import CsvWriter, format_table
from ..read import ARTICLE_FIELDS, MAX_CHARS, FieldMap, ReadStats, read_sources
from . import add_model_options

log = logging.getLogger(__name__)

FORMATS = ("table", "jsonl", "csv", "parquet")
#: Below this many bytes of input, the default is one process: a pool would start slower than it helps.
SMALL_INPUT = 256 * 1024

HELP = """\
Read articles and print their attributed quotes.

FILE may be a plain-text file (one article), an HTML page (main text and metadata via trafilatura),
a JSON Lines, CSV or Parquet file of records (one article each), a WARC archive (the HTML
responses in it), a directory (read recursively) or a glob pattern, or - for standard input.
Files may be compressed with gzip, bz2 or zstd (.gz, .bz2, .zst). Records name their fields as
CC-News dumps do by default (text, maintext or body; date or date_publish; ...); set others with
--field, e.g. --field text=article_body --field id=uuid.

Output formats: table (readable, the default), jsonl (one JSON object per article: the output
contract, with character offsets into the text), csv (one row per quote), parquet (with
--engine spark). Output is in input order whatever the number of workers.

A record that cannot be read is reported with its position and the run goes on. With -o and
--format jsonl, an interrupted run continues with --resume: records already written are kept and
the articles they came from are skipped.

Exit status: 0 when every article was processed, 1 when any article failed (its error is in the
output and on standard error), 2 for bad usage or input, 5 when an engine could not run.
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "extract",
        help="find quotes and their speakers in articles",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="article files, directories, glob patterns, or - for standard input",
    )
    p.add_argument(
        "--format", choices=FORMATS, default="table", help="output format (default: table)"
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="write to PATH instead of standard output (a directory with --engine spark)",
    )
    p.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="worker processes, each with its own model (default: all cores; 1 for inputs under 256 KB)",
    )
    p.add_argument(
        "--resume",
        action="store_true",
        help="continue an interrupted jsonl run into its -o file, without duplicates",
    )
    p.add_argument(
        "--field",
        action="append",
        metavar="FIELD=KEY",
        default=[],
        help=f"record key holding an article field ({', '.join(ARTICLE_FIELDS)}); repeatable",
    )
    p.add_argument(
        "--engine",
        choices=("local", "spark"),
        default="local",
        help="local (this machine, the default) or spark (see docs/spark.md)",
    )
    p.add_argument(
        "--spark-master",
        metavar="URL",
        help="Spark master for --engine spark (default: the session's, or local[*])",
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
    fields = FieldMap.parse(args.field)
    if args.workers is not None and args.workers < 1:
        raise InputError("--workers must be at least 1")
    if args.engine == "spark":
        from ..run.spark import run_spark

        if args.resume:
            raise InputError("--resume is for local runs", hint="a failed Spark task is retried by Spark itself")
        fmt = "jsonl" if args.format == "table" else args.format
        if fmt == "csv":
            raise InputError(
                "--engine spark writes jsonl or parquet", hint="use --format jsonl or parquet"
            )
        counts = run_spark(
            args.files,
            output=args.output,
            format=fmt,
            fields=fields,
            max_chars=args.max_chars,
            master=args.spark_master,
        )
        print(
            f"saidwhat: {counts.articles} articles, {counts.quotes} quotes, {counts.failed} failed",
            file=sys.stderr,
        )
        return 1 if counts.failed else 0
    if args.format == "parquet":
        raise InputError(
            "parquet output needs --engine spark", hint="use --format jsonl for a local run"
        )
    return _run_local(args, fields)


def _run_local(args: argparse.Namespace, fields: FieldMap) -> int:
    from ..run import default_workers, extract_stream
    from ..run.resume import find_resume_point, skip_done, truncate_to

    single = _single_article(args.files)
    stats = ReadStats()
    items = read_sources(args.files, max_chars=args.max_chars, fields=fields, stats=stats)
    # Starting workers (each loads its own model) costs seconds: not worth it for a few articles.
    small = single or (stats.bytes_total is not None and stats.bytes_total < SMALL_INPUT)
    workers = args.workers or (1 if small else default_workers())
    done = 0
    if args.resume:
        if not args.output or args.format != "jsonl":
            raise InputError(
                "--resume needs -o PATH and --format jsonl",
                hint="resume writes on into the JSON Lines file of the interrupted run",
            )
        point = find_resume_point(args.output)
        truncate_to(args.output, point)
        items = skip_done(items, point)
        done = len(point.ids)
        if done:
            print(
                f"saidwhat: resuming after {done:,} articles already in {args.output}",
                file=sys.stderr,
            )
    stream = extract_stream(items, workers=workers)
    if not args.no_progress and sys.stderr.isatty() and not single:
        from .progress import with_progress

        stream = with_progress(stream, stats, done=done)
    batch = Batch()
    with contextlib.ExitStack() as stack:
        out = (
            stack.enter_context(open(args.output, "a" if args.resume else "w", encoding="utf-8"))
            if args.output
            else sys.stdout
        )
        csv_writer = CsvWriter(out) if args.format == "csv" else None
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
    if batch.articles > 1 or batch.failed or stats.skipped:
        skipped = f", {stats.skipped} non-article records skipped" if stats.skipped else ""
        summary = f"{batch.articles} articles, {batch.quotes} quotes, {batch.failed} failed"
        print(f"saidwhat: {summary}{skipped}", file=sys.stderr)
    return 1 if batch.failed else 0


def _single_article(files: list[str]) -> bool:
    """One text or HTML file: one article, so no worker pool and no progress bar."""
    from pathlib import Path

    from ..read.sources import HTML_SUFFIXES, TEXT_SUFFIXES, split_suffix

    if len(files) != 1 or files[0] == "-" or not Path(files[0]).is_file():
        return files == ["-"]
    suffix = split_suffix(files[0])[0]
    return suffix in TEXT_SUFFIXES | HTML_SUFFIXES or suffix == ""
