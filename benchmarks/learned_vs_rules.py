"""Speed and accuracy of the rules-only pipeline and the rules + learned pipeline, in one run.

    python benchmarks/learned_vs_rules.py [GOLD.jsonl] [--attribution-model DIR|bundled]
                                          [--accurate] [--save-dir DIR]

GOLD defaults to PolNeAR dev in $SAIDWHAT_SHARED (default: ../shared beside the checkout). The
pipelines take turns over chunks of articles, so load from other processes on the machine falls on
all alike. Prints articles/s of each, the ratios, and each one's figures with the project's scorer
(the same figures as ../shared/tools/score_quotes.py); --save-dir keeps the prediction files
(rules.jsonl, combined.jsonl, accurate.jsonl) so the referee can be run on them. --accurate adds
the transformer tagger (``--attribution-model accurate``) as a third pipeline.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    shared = Path(os.environ.get("SAIDWHAT_SHARED", ROOT.parent / "shared"))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", nargs="?", default=str(shared / "data" / "polnear" / "dev.jsonl"))
    ap.add_argument("--attribution-model", default="bundled", help="tagger folder, or 'bundled'")
    ap.add_argument("--accurate", action="store_true", help="also run the transformer tagger ('accurate')")
    ap.add_argument("--chunk", type=int, default=12, help="articles per turn")
    ap.add_argument("--save-dir", help="write rules.jsonl and combined.jsonl here")
    args = ap.parse_args(argv)
    if not Path(args.gold).is_file():
        print(f"no gold file at {args.gold}: set SAIDWHAT_SHARED or pass GOLD", file=sys.stderr)
        return 2

    from saidwhat import evaluate
    from saidwhat.extract import Pipeline

    gold = evaluate.load_jsonl(args.gold)
    articles = evaluate.gold_articles(gold)
    pipes = {
        "rules": Pipeline(attribution_model="none"),
        "combined": Pipeline(attribution_model=args.attribution_model),
    }
    if args.accurate:
        pipes["accurate"] = Pipeline(attribution_model="accurate")
    seconds = dict.fromkeys(pipes, 0.0)
    preds: dict[str, list[dict]] = {k: [] for k in pipes}
    for pipe in pipes.values():  # warm up: first calls pay for lazy loading
        list(pipe.pipe(articles[:2]))
    for i in range(0, len(articles), args.chunk):
        chunk = articles[i : i + args.chunk]
        for name, pipe in pipes.items():
            t0 = time.perf_counter()
            results = list(pipe.pipe(chunk))
            seconds[name] += time.perf_counter() - t0
            preds[name].extend(r.to_dict() for r in results)
    n = len(articles)
    print(f"{n} articles from {args.gold}")
    for name, pipe in pipes.items():
        print(f"{name:9s} {n / seconds[name]:6.2f} articles/s  ({pipe.label})")
    for name in pipes:
        if name != "rules":
            print(f"ratio rules/{name} speed: {seconds[name] / seconds['rules']:.2f}x")
    keys = ("precision", "recall_all", "f1_all", "recall_quoted", "recall_indirect_speech",
            "recall_indirect_other", "speaker_mention_acc", "speaker_name_acc", "e2e_f1")
    figs = {name: evaluate.score(gold, preds[name]) for name in pipes}
    print(f"{'figure':24s}" + "".join(f" {name:>9s}" for name in pipes))
    for k in keys:
        print(f"{k:24s}" + "".join(f" {figs[name][k]:9.3f}" for name in pipes))
    if args.save_dir:
        out = Path(args.save_dir)
        out.mkdir(parents=True, exist_ok=True)
        for name in pipes:
            with open(out / f"{name}.jsonl", "w", encoding="utf-8") as f:
                for obj in preds[name]:
                    f.write(json.dumps(obj, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
