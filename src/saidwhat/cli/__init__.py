"""Command line: a thin layer over the library. Each command lives in its own module with
``add_parser(subparsers)`` and ``run(args) -> int``; register it in ``COMMANDS``.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys

from ..errors import SaidwhatError

#: Command modules, in the order ``--help`` lists them.
COMMANDS = ["extract", "eval", "train", "ingest", "search", "speakers", "statement", "export"]


def build_parser() -> argparse.ArgumentParser:
    from .. import __version__

    parser = argparse.ArgumentParser(
        prog="saidwhat",
        description="Who said what in the news: find quotes in articles, attribute them to speakers, "
        "store, track and search them.",
    )
    parser.add_argument("--version", action="version", version=f"saidwhat {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output (-vv for debug)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f".{name}", __name__)
        module.add_parser(sub)
    return parser


def add_model_options(p: argparse.ArgumentParser) -> None:
    """``--attribution-model`` and ``--speaker-model``, for the commands that extract."""
    p.add_argument(
        "--attribution-model", metavar="NAME",
        help="learned tagger joined to the rules: bundled (the default, fast), accurate (the "
        "transformer tagger: about 5 times slower, more accurate; needs saidwhat[accurate]), a "
        "model folder from `saidwhat train`, or none for the rules alone "
        "(default: $SAIDWHAT_ATTRIBUTION_MODEL or bundled)",
    )
    p.add_argument(
        "--speaker-model", metavar="NAME",
        help="learned ranker that picks each attribution's speaker mention among the noun phrases "
        "near its cue: bundled (the default), a folder from `saidwhat train --design speakers`, or "
        "none for the rules' choice; it runs with a tagger only "
        "(default: $SAIDWHAT_SPEAKER_MODEL or bundled)",
    )


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    # environment settings, so that worker processes and Spark's local executors inherit them
    if getattr(args, "attribution_model", None):
        os.environ["SAIDWHAT_ATTRIBUTION_MODEL"] = args.attribution_model
    if getattr(args, "speaker_model", None):
        os.environ["SAIDWHAT_SPEAKER_MODEL"] = args.speaker_model
    level = logging.WARNING - 10 * min(args.verbose, 2)
    logging.basicConfig(level=level, format="saidwhat: %(levelname)s: %(message)s")
    try:
        return int(args.run(args) or 0)
    except SaidwhatError as exc:
        print(f"saidwhat: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("saidwhat: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
