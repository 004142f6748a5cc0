"""`saidwhat train`: train the attribution tagger on gold attributions and write a model folder."""

from __future__ import annotations

import argparse
import sys
import time

HELP = """\
Train the learned attribution tagger (content, cue and source tokens) on gold attributions in the
format of PolNeAR's train.jsonl, on the CPU. Prints progress and, with --dev, the dev figures after
every epoch (measured only: the dev file chooses nothing). A tenth of the training articles is held
out to choose the score threshold for learned attributions. Deterministic for a given --seed.

Needs PyTorch: pip install 'saidwhat[train]'. Use the result with
`saidwhat extract --attribution-model DIR` or `saidwhat eval --attribution-model DIR`.
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    from ..learn.train import Settings

    d = Settings()
    p = sub.add_parser("train", help="train the learned attribution model", description=HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--train", required=True, metavar="GOLD.jsonl", help="training articles with attributions")
    p.add_argument("--dev", metavar="GOLD.jsonl", help="articles to measure on after each epoch")
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write meta.json and weights.npz to")
    p.add_argument("--epochs", type=int, default=d.epochs, help=f"passes over the data (default {d.epochs})")
    p.add_argument("--seed", type=int, default=d.seed, help=f"random seed (default {d.seed})")
    p.add_argument("--threads", type=int, default=d.threads, help=f"CPU threads (default {d.threads})")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..learn.train import Settings, train

    started = time.monotonic()

    def progress(msg: str) -> None:
        print(f"[{time.monotonic() - started:6.0f}s] {msg}", file=sys.stderr, flush=True)

    settings = Settings(epochs=args.epochs, seed=args.seed, threads=args.threads)
    meta = train(args.train, args.out, dev_path=args.dev, settings=settings, progress=progress)
    print(f"model {meta['version']} written to {args.out} in {time.monotonic() - started:.0f}s")
    return 0
