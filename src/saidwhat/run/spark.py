"""The Spark engine: the same reading and extraction as a local run, spread over a cluster.

The driver expands the inputs (files, directories, globs) exactly as a local run does and hands
them to tasks in order; each task reads its files with saidwhat's own readers and extracts with
the model its Python worker loaded once. Partitions keep input order, so the part files of the
output, taken in name order, hold the same records as a local run's output, line for line.

Run it as ``saidwhat extract --engine spark`` or with ``spark-submit`` (see ``docs/spark.md``):

    spark-submit [options] $(python -c 'import saidwhat.run.submit as m; print(m.__file__)') \\
        INPUT... -o OUTPUT [--format jsonl|parquet]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import EngineError, InputError
from ..read import MAX_CHARS, FieldMap, expand_sources, read_inputs

log = logging.getLogger(__name__)

OUTPUT_FORMATS = ("jsonl", "parquet")


@dataclass(frozen=True, slots=True)
class Counts:
    """What a Spark run did, summed over its tasks."""

    articles: int
    quotes: int
    failed: int


def spark_session(master: str | None = None, *, app_name: str = "saidwhat"):  # type: ignore[no-untyped-def]
    """The active Spark session, or a new one (``local[*]`` unless a master is given or set)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise EngineError(
            "--engine spark needs PySpark", hint="pip install 'saidwhat[spark]'"
        ) from exc
    active = SparkSession.getActiveSession()
    if active is not None and master is None:
        return active
    # Python workers started by a local Spark must run this interpreter, which has saidwhat and
    # its model; on a cluster, spark-submit's own settings (docs/spark.md) say which Python runs.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # no Java, a bad master URL, ...
        raise EngineError(
            f"cannot start Spark: {exc}",
            hint="install Java 17+ (Debian: default-jre-headless) and check --spark-master",
        ) from exc
    spark.sparkContext.setLogLevel("WARN")
    return spark


def quote_schema():  # type: ignore[no-untyped-def]
    """The Parquet schema of one output record: the JSON Lines contract plus where it came from."""
    from pyspark.sql.types import (
        ArrayType,
        DoubleType,
        IntegerType,
        LongType,
        StringType,
        StructField,
        StructType,
    )

    span = StructType(
        [
            StructField("text", StringType()),
            StructField("start", IntegerType()),
            StructField("end", IntegerType()),
        ]
    )
    speaker = StructType(
        [
            StructField("name", StringType()),
            StructField("kind", StringType()),
            StructField("role", StringType()),
            StructField("mention", span),
        ]
    )
    quote = StructType(
        [
            StructField("text", StringType()),
            StructField("spans", ArrayType(ArrayType(IntegerType()))),
            StructField("kind", StringType()),
            StructField("cue", span),
            StructField("speaker", speaker),
            StructField("confidence", DoubleType()),
        ]
    )
    return StructType(
        [
            StructField("source", StringType(), False),
            StructField("source_index", IntegerType(), False),
            StructField("position", LongType(), False),
            StructField("id", StringType(), False),
            StructField("quotes", ArrayType(quote), False),
            StructField("errors", ArrayType(StringType()), False),
            StructField("pipeline", StringType()),
        ]
    )


def extract_partition(
    tasks: Iterable[tuple[int, tuple[str, str | None]]],
    *,
    fields: FieldMap,
    max_chars: int,
    chunk_size: int = 16,
) -> Iterator[tuple[str, int, int, dict[str, Any]]]:
    """(source, source index, position, JSON Lines record) for every record of the given inputs.

    Runs on executors. ``load_pipeline`` caches the model in the Python worker, and Spark reuses
    its Python workers across tasks, so the model is loaded once per worker, not per task.
    """
    from ..extract import load_pipeline
    from .local import _chunks, extract_chunk

    pipeline = load_pipeline()
    for index, (source, problem) in tasks:
        items = read_inputs([(source, problem)], max_chars=max_chars, fields=fields)
        position = 0
        for chunk in _chunks(items, chunk_size):
            for result in extract_chunk(chunk, pipeline):
                yield source, index, position, result.to_dict()
                position += 1


def run_spark(
    sources: list[str],
    *,
    output: str | None = None,
    format: str = "jsonl",
    fields: FieldMap | None = None,
    max_chars: int = MAX_CHARS,
    master: str | None = None,
    partitions: int | None = None,
    spark=None,  # type: ignore[no-untyped-def]
) -> Counts:
    """Extract from ``sources`` on Spark into ``output``, a new directory (jsonl: stdout if None).

    JSON Lines output is one text part file per partition, in input order; Parquet output has the
    same records with their quotes as nested columns, plus ``source``, ``source_index`` and
    ``position`` to restore input order (``ORDER BY source_index, position``).
    """
    if format not in OUTPUT_FORMATS:
        raise InputError(f"Spark output is {' or '.join(OUTPUT_FORMATS)}, not {format!r}")
    if format == "parquet" and not output:
        raise InputError("parquet output needs -o DIRECTORY")
    inputs = expand_sources(list(sources))
    if any(path == "-" for path, _ in inputs):
        raise InputError(
            "standard input cannot be spread over Spark tasks", hint="name files instead"
        )
    from ..learn import check_models

    check_models()  # here, not in every task
    fields = fields or FieldMap()
    spark = spark or spark_session(master)
    sc = spark.sparkContext
    articles, quotes, failed = sc.accumulator(0), sc.accumulator(0), sc.accumulator(0)

    def task(part):  # type: ignore[no-untyped-def]
        for row in extract_partition(part, fields=fields, max_chars=max_chars):
            record = row[3]
            articles.add(1)
            quotes.add(len(record["quotes"]))
            if record["errors"]:
                failed.add(1)
            yield row

    # One task per input file at most, in order; many small files share a task.
    slices = max(1, min(len(inputs), partitions or sc.defaultParallelism * 4))
    rows = sc.parallelize(list(enumerate(inputs)), slices).mapPartitions(task)
    if format == "jsonl":
        lines = rows.map(lambda row: json.dumps(row[3], ensure_ascii=False))
        if output:
            _check_new(output)
            lines.saveAsTextFile(output)
        else:
            for line in lines.toLocalIterator():
                sys.stdout.write(line + "\n")
    else:
        _check_new(output)  # type: ignore[arg-type]
        table = rows.map(
            lambda row: (
                row[0],
                row[1],
                row[2],
                row[3]["id"],
                row[3]["quotes"],
                row[3]["errors"],
                row[3].get("pipeline"),
            )
        )
        spark.createDataFrame(table, quote_schema(), verifySchema=False).write.parquet(output)
    return Counts(articles=articles.value, quotes=quotes.value, failed=failed.value)


def _check_new(output: str) -> None:
    if os.path.exists(output):
        raise InputError(
            f"{output} already exists",
            hint="Spark writes a new directory: remove it or pick another",
        )


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="saidwhat-spark",
        description="Extract quotes from articles on Spark (for spark-submit; see docs/spark.md).",
    )
    p.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="files, directories or globs every executor can read",
    )
    p.add_argument(
        "-o", "--output", required=True, metavar="DIR", help="output directory (must not exist)"
    )
    p.add_argument(
        "--format", choices=OUTPUT_FORMATS, default="jsonl", help="output format (default: jsonl)"
    )
    p.add_argument(
        "--field", action="append", default=[], metavar="FIELD=KEY", help="record key of a field"
    )
    p.add_argument(
        "--partitions", type=int, help="number of tasks (default: 4 per core of the cluster)"
    )
    p.add_argument("--max-chars", type=int, default=MAX_CHARS, help="longest article to accept")
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point for ``spark-submit``: the session and master come from spark-submit."""
    from ..errors import SaidwhatError

    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="saidwhat: %(levelname)s: %(message)s")
    try:
        counts = run_spark(
            args.inputs,
            output=args.output,
            format=args.format,
            fields=FieldMap.parse(args.field),
            max_chars=args.max_chars,
            partitions=args.partitions,
        )
    except SaidwhatError as exc:
        print(f"saidwhat: error: {exc}", file=sys.stderr)
        return exc.exit_code
    print(
        f"saidwhat: {counts.articles} articles, {counts.quotes} quotes, {counts.failed} failed",
        file=sys.stderr,
    )
    return 1 if counts.failed else 0
