"""Ingest benchmark: PolNeAR train + dev into SQLite and PostgreSQL.

Prints, per database: ingest articles/s (extraction + storage, then tracking separately), the
database size, and `search` latency over a fixed set of queries; and, as the peer in the same
process, plain extraction of the same articles without a database, with the ratio.

    SAIDWHAT_SHARED=../shared .venv/bin/python benchmarks/ingest.py [--limit N] [--no-postgres]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SAIDWHAT_SHARED", ROOT.parent / "shared"))

QUERIES = [
    dict(text="Clinton"),
    dict(text="emails server"),
    dict(text="tax returns"),
    dict(text="wall Mexico"),
    dict(text="debate", kind="direct"),
    dict(text="economy jobs"),
    dict(speaker="Trump"),
    dict(speaker="Clinton", text="Trump"),
    dict(outlet="breitbart"),
    dict(text="voters", since="2016-09"),
    dict(text="campaign", until="2016-10-15"),
    dict(text="Russia hacking"),
    dict(speaker="Obama"),
    dict(text="immigration", kind="indirect"),
    dict(text="polls show"),
    dict(speaker="Sanders", text="delegates"),
    dict(text="FBI Comey"),
    dict(text="Supreme Court nominee"),
    dict(outlet="politico", text="said"),
    dict(text="women"),
]


def articles(limit: int | None):
    from saidwhat.read import read_sources

    paths = [str(SHARED / "data/polnear/train.jsonl"), str(SHARED / "data/polnear/dev.jsonl")]
    out = [a for a in read_sources(paths) if not hasattr(a, "message")]
    return out[:limit] if limit else out


def bench_db(name: str, url: str, arts, pipeline, peer: float) -> None:
    from saidwhat import open_db

    db = open_db(url)
    t0 = time.perf_counter()
    report = db.ingest(arts, batch_size=32, pipeline=pipeline, track=False)
    t1 = time.perf_counter()
    speakers, statements = db.track()
    t2 = time.perf_counter()
    size = db.size_bytes()
    db.search("warm up")
    lat = []
    hits = 0
    for _ in range(3):
        for q in QUERIES:
            s = time.perf_counter()
            hits += len(db.search(**q, limit=20))
            lat.append((time.perf_counter() - s) * 1000)
    lat.sort()
    print(
        f"{name}: {report.stored} articles, {report.quotes} quotes in {t1 - t0:.1f} s "
        f"= {report.stored / (t1 - t0):.1f} articles/s (extract + store); tracking {t2 - t1:.1f} s "
        f"({speakers} speakers, {statements} statements); overall {report.stored / (t2 - t0):.1f} articles/s"
    )
    print(f"{name}: ingest / plain extraction = {report.stored / (t1 - t0) / peer:.2f}")
    print(f"{name}: database size {size / 1e6:.1f} MB")
    print(
        f"{name}: search latency over {len(lat)} queries: median {statistics.median(lat):.1f} ms, "
        f"p95 {lat[int(len(lat) * 0.95) - 1]:.1f} ms, max {lat[-1]:.1f} ms ({hits} hits)"
    )
    again = time.perf_counter()
    db.ingest(arts, pipeline=pipeline, track=False)
    print(f"{name}: re-ingest of the same articles (all unchanged) {time.perf_counter() - again:.1f} s")
    db.close()
    sys.stdout.flush()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, help="only the first N articles")
    ap.add_argument("--no-postgres", action="store_true")
    a = ap.parse_args()
    if not (SHARED / "data/polnear/train.jsonl").exists():
        print(f"PolNeAR not found under {SHARED}/data/polnear; set SAIDWHAT_SHARED", file=sys.stderr)
        return 2
    from saidwhat import load_pipeline

    arts = articles(a.limit)
    pipeline = load_pipeline()
    t = time.perf_counter()
    n = sum(1 for _ in pipeline.pipe(arts))
    peer = n / (time.perf_counter() - t)
    print(f"peer (extraction only, no database): {n} articles, {peer:.1f} articles/s")
    sys.stdout.flush()
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "bench.db")
        t = time.perf_counter()
        bench_db("sqlite", path, arts, pipeline, peer)
    if not a.no_postgres:
        from saidwhat.store.pgserver import PgServer, available

        if not available():
            print("postgresql: server programs not found; skipped")
        else:
            with PgServer(port=54377) as pg:
                bench_db("postgresql", pg.create_db("bench"), arts, pipeline, peer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
