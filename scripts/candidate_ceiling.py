"""How much of the gold the attribution candidates reach, against what the combination keeps.

    python scripts/candidate_ceiling.py TRAIN.jsonl [--model bundled|accurate|DIR] [--all]

Runs the extractor with a tagger over the held-out training articles (the tenth that chose the
combination's thresholds; ``--all``: every article of the file) and counts, with the referee's
matching rule, the gold attributions that some candidate matches on its own: the rules'
candidates, the tagger's (at several content scores) and both together, against the pipeline's
output. A gold attribution that a candidate matches but the output does not is where a better
choice among the candidates could gain; the union is the most any such choice could reach.
Prints one Markdown table.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from saidwhat.evaluate import content_chars, load_jsonl, match_quotes, overlap_matches

SCORES = (0.0, 0.5, 0.7, 0.8)


def _reached(text: str, g_chars: list[frozenset[int]], spans: list[list[tuple[int, int]]]) -> set[int]:
    """Gold attributions (by index of their content characters) that at least one of the
    candidates matches alone."""
    out = set()
    for c in spans:
        p = content_chars(text, c)
        out.update(gi for gi, g in enumerate(g_chars) if overlap_matches(g, p))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", help="gold articles (PolNeAR train.jsonl)")
    ap.add_argument("--model", default="bundled", help="tagger: bundled, accurate or a model folder")
    ap.add_argument("--all", action="store_true", help="every article, not only the held-out tenth")
    args = ap.parse_args(argv)

    from saidwhat.extract import Pipeline
    from saidwhat.learn import combine
    from saidwhat.learn.train import split_held_out
    from saidwhat.model import Article

    docs = load_jsonl(args.gold)
    if not args.all:
        docs = split_held_out(docs, 13, 0.1)[1]  # the split `saidwhat train` holds out by default
    pipeline = Pipeline(attribution_model=args.model)
    found: dict[str, Any] = {}
    original = combine.find_candidates

    def keep(prep, docs_, tagger, *, fast=False):  # type: ignore[no-untyped-def]
        found[prep.article.id] = f = original(prep, docs_, tagger, fast=fast)
        return f

    combine.find_candidates = keep
    counts = {"gold": 0, "output": 0, "output matched": 0, "rules": 0, "union": 0, "missed, reached": 0}
    counts.update({f"tagger >= {s}": 0 for s in SCORES})
    candidates = {"rules": 0, **{f"tagger >= {s}": 0 for s in SCORES}}
    try:
        for k, d in enumerate(docs):
            result = pipeline.extract(Article(id=str(d["doc"]), text=d["text"]))
            f = found.pop(str(d["doc"]))
            gold = [a for a in d["attributions"] if a.get("content")]
            text = d["text"]
            g_chars = [content_chars(text, ((s["start"], s["end"]) for s in a["content"])) for a in gold]
            out = [[(s.start, s.end) for s in q.spans] for q in result.quotes]
            matched = {m.gold for m in match_quotes(text, gold, [{"spans": o} for o in out])}
            rules = [[(s.start, s.end) for s in c.content] for c, _ in f.rules]
            reached_rules = _reached(text, g_chars, rules)
            union = set(reached_rules)
            counts["gold"] += len(gold)
            counts["output"] += len(out)
            counts["output matched"] += len(matched)
            counts["rules"] += len(reached_rules)
            candidates["rules"] += len(rules)
            for s in SCORES:
                learned = [[(x.start, x.end) for x in c.content] for c, score in f.learned if score >= s]
                reached = _reached(text, g_chars, learned)
                counts[f"tagger >= {s}"] += len(reached)
                candidates[f"tagger >= {s}"] += len(learned)
                union |= reached
            counts["union"] += len(union)
            counts["missed, reached"] += len(union - matched)
            print(f"\r{k + 1}/{len(docs)} articles", end="", file=sys.stderr, flush=True)
    finally:
        combine.find_candidates = original
    print(file=sys.stderr)
    n = counts["gold"]
    print(f"{len(docs)} articles, {n} gold attributions, tagger {pipeline.tagger.version}\n")
    print("| what | candidates | gold reached | share of gold |\n| --- | ---: | ---: | ---: |")
    print(f"| output | {counts['output']} | {counts['output matched']} | {counts['output matched'] / n:.3f} |")
    for key in ("rules", *(f"tagger >= {s}" for s in SCORES)):
        print(f"| {key} | {candidates[key]} | {counts[key]} | {counts[key] / n:.3f} |")
    print(f"| rules and tagger together | | {counts['union']} | {counts['union'] / n:.3f} |")
    print(f"| reached by a candidate, missed by the output | | {counts['missed, reached']} | "
          f"{counts['missed, reached'] / n:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
