"""The Spark engine on local[2]: JSON Lines and Parquet output identical, record for record, to a
local run over the same inputs (several files and formats, with a bad record among them)."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from invented import article, write_jsonl

pytest.importorskip("pyspark", reason="the Spark engine needs the spark extra: pip install -e '.[spark]'")
if shutil.which("java") is None:
    pytest.skip("Spark needs Java: run scripts/system-deps.sh (Debian default-jre-headless)",
                allow_module_level=True)

from saidwhat.read import read_sources  # noqa: E402
from saidwhat.run import extract_stream  # noqa: E402
from saidwhat.run.spark import run_spark, spark_session  # noqa: E402

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def spark():
    session = spark_session("local[2]")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[list[str], list[dict]]:
    root = tmp_path_factory.mktemp("corpus")
    write_jsonl(root / "a.jsonl", 0, 7)
    with open(root / "a.jsonl", "a", encoding="utf-8") as f:
        f.write('{"id": "broken", "text": \n')
    lines = "".join(json.dumps(article(n)) + "\n" for n in range(7, 12)).encode()
    (root / "b.jsonl.gz").write_bytes(gzip.compress(lines))
    (root / "notes").mkdir()
    for n in (12, 13):
        (root / "notes" / f"story-{n}.txt").write_text(article(n)["text"], encoding="utf-8")
    (root / "notes" / "empty.txt").write_text("  \n", encoding="utf-8")
    sources = [str(root / "a.jsonl"), str(root / "b.jsonl.gz"), str(root / "notes")]
    local = [r.to_dict() for r in extract_stream(read_sources(sources), workers=1)]
    return sources, local


def test_spark_jsonl_equals_local(spark, corpus, tmp_path: Path):
    sources, local = corpus
    out = tmp_path / "out"
    counts = run_spark(sources, output=str(out), format="jsonl", spark=spark, partitions=3)
    parts = sorted(out.glob("part-*"))
    assert len(parts) == 3
    lines = [line for p in parts for line in p.read_text(encoding="utf-8").splitlines()]
    assert lines == [json.dumps(r, ensure_ascii=False) for r in local]
    assert (counts.articles, counts.failed) == (len(local), 2)
    assert counts.quotes == sum(len(r["quotes"]) for r in local) > 40


def test_spark_parquet_equals_local(spark, corpus, tmp_path: Path):
    sources, local = corpus
    out = tmp_path / "out.parquet"
    run_spark(sources, output=str(out), format="parquet", spark=spark, partitions=2)
    rows = spark.read.parquet(str(out)).orderBy("source_index", "position").collect()
    records = []
    for row in rows:
        record = row.asDict(recursive=True)
        for key in ("source", "source_index", "position"):
            record.pop(key)
        if record["pipeline"] is None:  # a read problem has no pipeline in the JSON contract
            del record["pipeline"]
        records.append(record)
    assert records == local
