"""Measure candidate speed levers on PolNeAR dev: throughput in one process and accuracy with the
project's scorer, for the default pipeline and for variants set up here (nothing in the package
changes). It answers "what would it cost in accuracy to make extraction this much faster?".

    SAIDWHAT_SHARED=../shared python benchmarks/levers.py [VARIANT ...]

Variants:
  baseline     the default pipeline (names from the parse, attribute table)
  ruler        spaCy's own attribute ruler instead of the attribute table
  ner          the statistical entity recogniser on (SAIDWHAT_NER=1)
  batch256     spaCy batches of 256 paragraphs instead of 64
  sentences    only sentences with a quotation mark, a colon or a cue word go to the parser
"""

from __future__ import annotations

import importlib
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = ["baseline", "ruler", "ner", "batch256", "sentences"]
#: Variants set up by the package's own switches, read when the pipeline is loaded.
ENVIRONMENT = {"ruler": {"SAIDWHAT_ATTRIBUTE_RULER": "1"}, "ner": {"SAIDWHAT_NER": "1"}}


def dev_path() -> Path:
    shared = Path(os.environ.get("SAIDWHAT_SHARED", ROOT.parent / "shared"))
    path = shared / "data" / "polnear" / "dev.jsonl"
    if not path.exists():
        sys.exit(f"not found: {path} (set SAIDWHAT_SHARED to the shared folder)")
    return path


def apply(variant: str, pipeline, ex) -> None:  # type: ignore[no-untyped-def]
    nlp = pipeline.nlp
    if variant == "batch256":
        original = nlp.pipe
        nlp.pipe = lambda texts, batch_size=64, **kw: original(texts, batch_size=256, **kw)  # type: ignore[method-assign]
    elif variant == "sentences":
        from saidwhat.extract.lexicon import CUE_VERBS, IRREGULAR_FORMS
        from saidwhat.model import Span

        forms = set(IRREGULAR_FORMS) | {"according", "added", "says", "said", "told", "thought"}
        for verb in CUE_VERBS:
            stem = verb[:-1] if verb.endswith("e") else verb
            forms |= {verb, verb + "s", verb + "es", verb + "ed", verb + "d", stem + "ing", stem + "ed"}
            if verb.endswith("y"):
                forms |= {verb[:-1] + "ies", verb[:-1] + "ied"}
        cue = re.compile(r"[\"“”«»„‟:]|''|``|\b(?:" + "|".join(sorted(map(re.escape, forms), key=len, reverse=True))
                         + r")\b", re.IGNORECASE)
        sentence_end = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(A-Z0-9])")
        original = ex.prepare

        def prepare(article):  # type: ignore[no-untyped-def]
            prep = original(article)
            text = article.text
            spans: list = []
            selected: list[int] = []
            for para in prep.paragraphs:  # each paragraph cut into sentences; keep the cue ones
                start = para.start
                for m in list(sentence_end.finditer(text, para.start, para.end)) + [None]:
                    end = m.start() + len(m.group(0).rstrip()) if m else para.end
                    if end > start:
                        if cue.search(text, start, end):
                            selected.append(len(spans))
                        spans.append(Span(start, end))
                    start = m.end() if m else para.end
            return ex.Prepared(article, prep.quotations, spans, selected)

        ex.prepare = prepare


def child(variant: str) -> None:
    ex = importlib.import_module("saidwhat.extract")
    from saidwhat import evaluate

    gold = evaluate.load_jsonl(str(dev_path()))
    pipeline = ex.load_pipeline()
    apply(variant, pipeline, ex)
    articles = evaluate.gold_articles(gold)
    list(pipeline.pipe(articles[:3]))  # warm the caches the same way for every variant
    start = time.perf_counter()
    pred = [r.to_dict() for r in pipeline.pipe(articles)]
    secs = time.perf_counter() - start
    figures = evaluate.score(gold, pred)
    print(json.dumps({"variant": variant, "articles": len(articles), "seconds": secs, "figures": figures}))


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(sys.argv[2])
        return 0
    variants = sys.argv[1:] or VARIANTS
    keys = ["f1_all", "recall_quoted", "recall_indirect_speech", "speaker_mention_acc", "speaker_name_acc",
            "e2e_f1"]
    print(f"PolNeAR dev ({dev_path()}); load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(f"{'variant':<12}{'art/s':>8}{'speed':>8}  " + "  ".join(f"{k:>22}" for k in keys))
    base = None
    for variant in variants:
        env = {**os.environ, **ENVIRONMENT.get(variant, {})}
        proc = subprocess.run([sys.executable, __file__, "--child", variant], capture_output=True, text=True, env=env)
        if proc.returncode:
            print(f"{variant}: failed\n{proc.stderr[-2000:]}")
            continue
        out = json.loads(proc.stdout.strip().splitlines()[-1])
        rate = out["articles"] / out["seconds"]
        base = base or rate
        figs = out["figures"]
        cells = "  ".join(f"{figs.get(k, float('nan')):>22.3f}" for k in keys)
        print(f"{variant:<12}{rate:>8.2f}{rate / base:>7.2f}x  {cells}", flush=True)
    print(f"load average {os.getloadavg()[0]:.2f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
