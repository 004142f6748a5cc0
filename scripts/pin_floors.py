#!/usr/bin/env python3
"""Re-pin the accuracy floors in eval_baseline.json from a fresh `saidwhat eval` on PolNeAR dev.

Floors only go up on their own: a floor is lowered only with --allow-lower and a --reason, and the
reason is printed for the commit message, so every drop in accuracy is explained in history. A figure
that still clears its floor keeps it, even where the figure less the margin would sit lower.

    scripts/pin_floors.py                        # measure, raise floors that improved
    scripts/pin_floors.py --allow-lower --reason "trade precision for recall on indirect speech"
    scripts/pin_floors.py --figures eval.json    # pin from a saved `saidwhat eval --json` output
    scripts/pin_floors.py --attribution-model accurate   # the transformer tagger's own floors
                                                         # (eval_baseline_accurate.json)
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "eval_baseline.json"
#: Floors of the modes other than the default, by ``--attribution-model``.
BASELINES = {"accurate": ROOT / "eval_baseline_accurate.json"}
#: The figures the CI gate holds (tests/test_gate.py reads the same keys from the baseline file).
KEYS = ("precision", "f1_all", "recall_quoted", "speaker_mention_acc", "speaker_name_acc", "e2e_f1")
DEFAULT_MARGIN = 0.01


def default_gold() -> Path:
    shared = Path(os.environ.get("SAIDWHAT_SHARED") or ROOT.parent / "shared")
    return shared / "data" / "polnear" / "dev.jsonl"


def measure(gold: Path, attribution_model: str | None = None) -> dict[str, float]:
    """Figures of `saidwhat eval GOLD --json`: the same command users run."""
    exe = Path(sys.executable).parent / "saidwhat"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "saidwhat"]
    mode = ["--attribution-model", attribution_model] if attribution_model else []
    proc = subprocess.run([*cmd, "eval", str(gold), "--json", *mode], capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"pin_floors: saidwhat eval failed:\n{proc.stderr}")
    return json.loads(proc.stdout)


def floors_from(figures: dict[str, float], margin: float) -> dict[str, float]:
    """Each figure less the margin, rounded down to three places (a floor never exceeds its figure)."""
    out = {}
    for key in KEYS:
        value = figures.get(key)
        if not isinstance(value, int | float):
            sys.exit(f"pin_floors: the evaluation has no figure {key!r}")
        out[key] = max(0.0, math.floor((value - margin) * 1000 + 1e-9) / 1000)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=None,
                    help="gold file (default: $SAIDWHAT_SHARED/data/polnear/dev.jsonl)")
    ap.add_argument("--figures", type=Path, help="use a saved `saidwhat eval --json` output instead of measuring")
    ap.add_argument("--attribution-model", metavar="NAME",
                    help="measure this mode (accurate: the transformer tagger) instead of the default")
    ap.add_argument("--baseline", type=Path, default=None,
                    help="floors file (default: eval_baseline.json, or the mode's own)")
    ap.add_argument("--margin", type=float, default=DEFAULT_MARGIN, help="floor = figure - margin (default: 0.01)")
    ap.add_argument("--allow-lower", action="store_true", help="let floors go down (needs --reason)")
    ap.add_argument("--reason", help="why floors go down; printed for the commit message")
    ap.add_argument("--dry-run", action="store_true", help="show the new floors, write nothing")
    args = ap.parse_args(argv)

    if args.allow_lower and not (args.reason or "").strip():
        ap.error("--allow-lower needs --reason \"why the accuracy may drop\"")
    if args.figures:
        figures = json.loads(args.figures.read_text(encoding="utf-8"))
    else:
        gold = args.gold or default_gold()
        if not gold.exists():
            sys.exit(f"pin_floors: {gold} not found: set SAIDWHAT_SHARED or pass --gold")
        figures = measure(gold, args.attribution_model)
    if args.baseline is None:
        args.baseline = BASELINES.get(args.attribution_model or "", BASELINE)

    old = json.loads(args.baseline.read_text(encoding="utf-8")) if args.baseline.exists() else {}
    new = floors_from(figures, args.margin)
    # a figure still at or above its floor keeps that floor: the margin may sit lower than it did
    # when the floor was pinned, but nothing dropped below it
    held = [k for k in KEYS if k in old and new[k] < old[k] <= figures[k]]
    new.update({k: old[k] for k in held})
    lowered = [k for k in KEYS if k in old and new[k] < old[k]]
    print(f"{'figure':22s} {'measured':>9s} {'old floor':>10s} {'new floor':>10s}")
    for k in KEYS:
        before = f"{old[k]:.3f}" if k in old else "-"
        mark = "  LOWER" if k in lowered else "  held" if k in held else ""
        print(f"{k:22s} {figures[k]:9.3f} {before:>10s} {new[k]:10.3f}{mark}")
    if lowered and not args.allow_lower:
        print(
            f"\nrefusing to lower {', '.join(lowered)}: accuracy dropped below the pinned floors. "
            "Fix the regression, or re-run with --allow-lower --reason \"...\" and explain it in the commit.",
            file=sys.stderr,
        )
        return 1
    if args.dry_run:
        return 0
    args.baseline.write_text(json.dumps(new, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {args.baseline}")
    if lowered:
        changes = ", ".join(f"{k} {old[k]:.3f} -> {new[k]:.3f}" for k in lowered)
        print(f"put this in the commit message:\n  Lower accuracy floors ({changes}): {args.reason.strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
