"""Break extraction errors down by kind, with the project's scorer's matching rule.

    python scripts/error_analysis.py GOLD.jsonl PRED.jsonl [--baseline PRED0.jsonl] [--examples N] [--json]

Prints, as Markdown tables: recall by quote kind (direct / mixed / indirect speech / other) and by
the gold speaker's mention kind (name / pronoun / description / none); why gold attributions were
missed (no prediction near them, or a prediction whose boundaries cover less than half); why
predictions failed (nothing annotated there, boundaries, a second prediction for matched words);
speaker mention and name errors on matched pairs. Examples are given as article id and character
offsets only, so the report never repeats an article's text.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from typing import Any

from saidwhat.evaluate import _is_speech, _spans_of, content_chars, load_jsonl, match_quotes, same_speaker


def group_of(text: str, a: dict[str, Any]) -> str:
    qt = a.get("quote_type", "indirect")
    if qt in ("direct", "mixed"):
        return qt
    return "indirect speech" if _is_speech(text, a) else "indirect other"


def mention_kind(a: dict[str, Any]) -> str:
    return (a.get("speaker_annotation") or {}).get("mention_kind") or ("none" if not a.get("source") else "?")


def analyse(gold_docs: list[dict[str, Any]], pred_docs: list[dict[str, Any]], n_examples: int,
            baseline_docs: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """``baseline_docs``: predictions of another run; false predictions absent from it are marked added."""
    baseline = None
    if baseline_docs is not None:
        baseline = {str(p.get("id")): {tuple(map(tuple, q["spans"])) for q in p.get("quotes", []) if q.get("spans")}
                    for p in baseline_docs}
    by_id = {str(p.get("id")): p for p in pred_docs}
    recall: dict[str, Counter[str]] = {"kind": Counter(), "mention": Counter()}
    totals: dict[str, Counter[str]] = {"kind": Counter(), "mention": Counter()}
    errors: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    speaker: dict[str, Counter[str]] = {"mention_ok": Counter(), "name_ok": Counter(), "name_n": Counter(),
                                        "mention_n": Counter()}

    def example(key: str, ref: str) -> None:
        errors[key] += 1
        if len(examples[key]) < n_examples:
            examples[key].append(ref)

    for doc in gold_docs:
        text, did = doc["text"], str(doc["doc"])
        gold = [a for a in doc["attributions"] if a.get("content")]
        pred = [q for q in by_id.get(did, {}).get("quotes", []) if _spans_of(q)]
        matches = match_quotes(text, gold, pred)
        mg = {m.gold: m.pred for m in matches}
        mp = {m.pred for m in matches}
        g_chars = [content_chars(text, ((s["start"], s["end"]) for s in a["content"])) for a in gold]
        p_chars = [content_chars(text, _spans_of(q)) for q in pred]
        for gi, a in enumerate(gold):
            kind, men = group_of(text, a), mention_kind(a)
            totals["kind"][kind] += 1
            totals["mention"][men] += 1
            span = f"{did} [{a['content'][0]['start']}:{a['content'][-1]['end']}]"
            if gi in mg:
                recall["kind"][kind] += 1
                recall["mention"][men] += 1
                q = pred[mg[gi]]
                sp = q.get("speaker") or {}
                mention_ok = False
                if a.get("source"):
                    speaker["mention_n"][men] += 1
                    m = sp.get("mention")
                    mention_ok = bool(m) and any(m["start"] < s["end"] and s["start"] < m["end"] for s in a["source"])
                    if mention_ok:
                        speaker["mention_ok"][men] += 1
                    else:
                        src = a["source"][0]
                        example(f"wrong speaker mention ({men})", f"{span}, gold source [{src['start']}:{src['end']}]"
                                + (f", predicted [{m['start']}:{m['end']}]" if m else ", none predicted"))
                if a.get("speaker"):
                    speaker["name_n"][men] += 1
                    if same_speaker(sp.get("name"), a["speaker"]):
                        speaker["name_ok"][men] += 1
                    elif mention_ok:
                        example(f"wrong name, right mention ({men})", span)
                    else:
                        example(f"wrong name, wrong or no mention ({men})", span)
                continue
            near = [pi for pi, p in enumerate(p_chars) if p & g_chars[gi]]
            if not near:
                example(f"missed: nothing predicted there ({kind})", span)
            elif all(pi in mp for pi in near):
                example(f"missed: words taken by a prediction matched elsewhere ({kind})", span)
            else:
                pi = max(near, key=lambda k: len(p_chars[k] & g_chars[gi]))
                g, p = g_chars[gi], p_chars[pi]
                side = "too long" if len(p) > 2 * len(g & p) else "too short"
                example(f"missed: boundaries {side} ({kind})", span + f", predicted [{min(p)}:{max(p) + 1}]")
        for pi, q in enumerate(pred):
            if pi in mp:
                continue
            span = f"{did} [{q['spans'][0][0]}:{q['spans'][-1][1]}]"
            tag = q.get("kind", "?")
            if baseline is not None:
                tag += ", added" if tuple(map(tuple, q["spans"])) not in baseline.get(did, set()) else ", rules"
            if not any(p_chars[pi] & g for g in g_chars):
                example(f"false: nothing annotated there ({tag})", span)
            elif any(p_chars[pi] & g_chars[gi] for gi in mg):
                example(f"false: words of a matched attribution ({tag})", span)
            else:
                example(f"false: overlaps gold but boundaries differ ({tag})", span)
    return {"recall": recall, "totals": totals, "errors": errors, "examples": examples, "speaker": speaker}


def markdown(r: dict[str, Any]) -> str:
    out = []
    for key, title in (("kind", "quote kind"), ("mention", "mention kind")):
        out.append(f"| {title} | gold | matched | recall |\n|---|---:|---:|---:|")
        for k, n in sorted(r["totals"][key].items(), key=lambda x: -x[1]):
            m = r["recall"][key][k]
            out.append(f"| {k} | {n} | {m} | {m / n:.3f} |")
        out.append("")
    out.append("| mention kind | mention acc. (n) | name acc. (n) |\n|---|---:|---:|")
    sp = r["speaker"]
    for k in sorted(set(sp["mention_n"]) | set(sp["name_n"])):
        ma = f"{sp['mention_ok'][k] / sp['mention_n'][k]:.3f} ({sp['mention_n'][k]})" if sp["mention_n"][k] else "–"
        na = f"{sp['name_ok'][k] / sp['name_n'][k]:.3f} ({sp['name_n'][k]})" if sp["name_n"][k] else "–"
        out.append(f"| {k} | {ma} | {na} |")
    out.append("")
    out.append("| error | count | examples (article [start:end]) |\n|---|---:|---|")
    for k, n in sorted(r["errors"].items(), key=lambda x: -x[1]):
        out.append(f"| {k} | {n} | {'; '.join(r['examples'][k])} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold")
    ap.add_argument("pred")
    ap.add_argument("--examples", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--baseline", metavar="PRED.jsonl", help="mark false predictions this run added to it")
    args = ap.parse_args(argv)
    base = load_jsonl(args.baseline) if args.baseline else None
    r = analyse(load_jsonl(args.gold), load_jsonl(args.pred), args.examples, base)
    print(json.dumps(r, indent=1, default=dict) if args.json else markdown(r))
    return 0


if __name__ == "__main__":
    sys.exit(main())
