"""`saidwhat eval`: score predictions (or a fresh extraction) against gold attributions."""

from __future__ import annotations

import argparse
import json
import sys

from . import add_model_options

HELP = """\
Score quote extraction against gold attributions (the format of PolNeAR's dev.jsonl: one
{"doc", "text", "attributions": [...]} per line). With PRED, score that JSON Lines file of
extraction output; without it, extract from the gold texts first.

Prints precision, recall (all; quoted = direct + mixed; indirect speech; other), speaker mention
and name accuracy and end-to-end F1, with the referee's matching rule.
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("eval", help="score extraction against gold attributions", description=HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("gold", metavar="GOLD.jsonl", help="gold attributions")
    p.add_argument("pred", metavar="PRED.jsonl", nargs="?", help="predictions (default: extract now)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--save", metavar="PATH", help="when extracting, also write the predictions here")
    add_model_options(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from .. import evaluate

    gold = evaluate.load_jsonl(args.gold)
    evaluate.validate_gold(gold, name=args.gold)
    if args.pred:
        pred = evaluate.load_jsonl(args.pred)
    else:
        from ..extract import load_pipeline

        pipeline = load_pipeline()
        articles = evaluate.gold_articles(gold)
        stream = pipeline.pipe(articles)
        if sys.stderr.isatty():
            from tqdm import tqdm

            stream = tqdm(stream, total=len(articles), unit=" articles", desc="extract", file=sys.stderr)
        pred = [r.to_dict() for r in stream]
        if args.save:
            with open(args.save, "w", encoding="utf-8") as f:
                for obj in pred:
                    f.write(json.dumps(obj, ensure_ascii=False) + "\n")
    out = evaluate.score(gold, pred)
    print(json.dumps(out, indent=1) if args.json else evaluate.format_figures(out))
    return 0
