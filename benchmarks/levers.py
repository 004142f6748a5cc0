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
  forms        paragraphs selected by whole cue-verb forms ("states", "admitted") instead of
               five-letter stems ("state" also matching "statement", "statewide")
  nouns        forms, less a form right after a determiner or possessive ("the report", "his
               call", "United States"): a noun, not a cue
  trim         nouns, and each selected paragraph cut to its sentences from the first with a
               quotation, colon or cue (one earlier when that one names someone in full or the
               cue sentence has a pronoun or description) to the last such sentence

--gold PATH scores another gold file than PolNeAR dev (a slice of train, so as not to tune on dev).
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
VARIANTS = ["baseline", "ruler", "ner", "batch256", "sentences", "forms", "nouns", "trim"]
#: Variants set up by the package's own switches, read when the pipeline is loaded.
ENVIRONMENT = {"ruler": {"SAIDWHAT_ATTRIBUTE_RULER": "1"}, "ner": {"SAIDWHAT_NER": "1"}}


def dev_path() -> Path:
    if os.environ.get("LEVERS_GOLD"):
        return Path(os.environ["LEVERS_GOLD"])
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
    elif variant in ("forms", "nouns", "trim"):
        ex.prepare = _selection(variant, ex)


def _cue_forms() -> set[str]:
    """Whole inflected forms of the cue verbs (doubling a final consonant: admitted, slamming)."""
    from saidwhat.extract.lexicon import CUE_VERBS, IRREGULAR_FORMS

    forms = set(IRREGULAR_FORMS) | {"according", "added", "says", "said", "told", "thought"}
    for verb in CUE_VERBS:
        stem = verb[:-1] if verb.endswith("e") else verb
        forms |= {verb, verb + "s", verb + "es", verb + "ed", verb + "d", stem + "ing", stem + "ed"}
        if verb.endswith("y"):
            forms |= {verb[:-1] + "ies", verb[:-1] + "ied"}
        if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", verb):
            forms |= {verb + verb[-1] + "ed", verb + verb[-1] + "ing"}
    return forms


_NOUN_BEFORE = re.compile(r"\b(?:the|a|an|his|her|their|its|our|my|your|united)\s+$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(A-Z0-9])")
_ABBREVIATION = re.compile(r"(?:\b[A-Z][a-z]{0,3}|\b[A-Za-z](?:\.[A-Za-z])*|\bvs|\bNo)\.$")
_FULL_NAME = re.compile(r"\b[A-Z][a-z]+\.?\s+(?:[A-Z]\.\s+)?[A-Z][a-z]+")
_BACK_REFERENCE = re.compile(r"\b(?:he|she|they|it|his|her|their|its|him|them|this|these|that|the\s+[a-z]+)\b",
                             re.IGNORECASE)


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences by a regex, not cut after an abbreviation or initial ("Mr.", "N.J.")."""
    out, s = [], start
    for m in _SENTENCE_END.finditer(text, start, end):
        e = m.start()
        if text[e - 1] == "." and _ABBREVIATION.search(text, max(s, e - 6), e):
            continue
        out.append((s, e + len(m.group(0).rstrip())))
        s = m.end()
    if end > s:
        out.append((s, end))
    return out


def _selection(variant: str, ex):  # type: ignore[no-untyped-def]
    from saidwhat.extract.lexicon import BACKREF_RE
    from saidwhat.extract.quotations import find_quotations, paragraphs
    from saidwhat.model import Span

    forms = _cue_forms()
    mark = re.compile(r"[\"“”«»„‟:]|''|``")
    word = re.compile(r"[A-Za-z]+")  # a scan of words and a set: a thousand-way alternation is slow in re

    def hit(text: str, start: int, end: int) -> bool:
        if mark.search(text, start, end):
            return True
        for m in word.finditer(text, start, end):
            if m.group(0).lower() not in forms:
                continue
            if variant == "forms" or not _NOUN_BEFORE.search(text, max(start, m.start() - 12), m.start()):
                return True
        return False

    def prepare(article):  # type: ignore[no-untyped-def]
        text = article.text
        quotes = find_quotations(text)
        paras = ex._split_long(text, paragraphs(text))
        chosen = {i for i, p in enumerate(paras) if hit(text, p.start, p.end)}
        for i in sorted(chosen):
            if i > 0 and i - 1 not in chosen and BACKREF_RE.search(text, paras[i].start, paras[i].end):
                chosen.add(i - 1)
        if variant == "trim":  # each paragraph from its first attribution sentence to its last
            marks = [(s.start, s.end) for q in quotes for s in q.spans]
            for i in chosen:
                sents = _sentences(text, paras[i].start, paras[i].end)
                cues = [k for k, (s, e) in enumerate(sents)
                        if any(s <= b and a <= e for a, b in marks) or hit(text, s, e)]
                if len(sents) < 2 or not cues:
                    continue
                first = cues[0]
                if first > 0 and (_FULL_NAME.search(text, *sents[first - 1])
                                  or _BACK_REFERENCE.search(text, *sents[first])):
                    first -= 1
                paras[i] = Span(sents[first][0], sents[cues[-1]][1])
        return ex.Prepared(article, quotes, paras, sorted(chosen))

    return prepare


def child(variant: str) -> None:
    ex = importlib.import_module("saidwhat.extract")
    from saidwhat import evaluate

    gold = evaluate.load_jsonl(str(dev_path()))
    pipeline = ex.load_pipeline()
    apply(variant, pipeline, ex)
    articles = evaluate.gold_articles(gold)
    list(pipeline.pipe(articles[:3]))  # warm the caches the same way for every variant
    start, cpu = time.perf_counter(), time.process_time()
    pred = [r.to_dict() for r in pipeline.pipe(articles)]
    secs, cpu = time.perf_counter() - start, time.process_time() - cpu
    figures = evaluate.score(gold, pred)
    preps = [ex.prepare(a) for a in articles]
    parsed = sum(p.paragraphs[i].end - p.paragraphs[i].start for p in preps for i in p.selected)
    share = parsed / max(1, sum(len(a.text) for a in articles))
    print(json.dumps({"variant": variant, "articles": len(articles), "seconds": secs, "cpu": cpu, "parsed": share,
                      "figures": figures}))


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(sys.argv[2])
        return 0
    variants = sys.argv[1:] or VARIANTS
    keys = ["precision", "f1_all", "recall_quoted", "recall_indirect_speech", "speaker_mention_acc", "speaker_name_acc",
            "e2e_f1"]
    print(f"gold {dev_path()}; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    head = f"{'variant':<12}{'art/s':>8}{'art/cpu-s':>10}{'speed':>8}{'parsed':>8}  "
    print(head + "  ".join(f"{k:>22}" for k in keys))
    base = None
    for variant in variants:
        env = {**os.environ, **ENVIRONMENT.get(variant, {})}
        proc = subprocess.run([sys.executable, __file__, "--child", variant], capture_output=True, text=True, env=env)
        if proc.returncode:
            print(f"{variant}: failed\n{proc.stderr[-2000:]}")
            continue
        out = json.loads(proc.stdout.strip().splitlines()[-1])
        rate, cpu_rate = out["articles"] / out["seconds"], out["articles"] / out["cpu"]
        base = base or cpu_rate
        figs = out["figures"]
        cells = "  ".join(f"{figs.get(k) if figs.get(k) is not None else float('nan'):>22.4f}" for k in keys)
        speed = f"{rate:>8.2f}{cpu_rate:>10.2f}{cpu_rate / base:>7.2f}x{out['parsed']:>8.3f}"
        print(f"{variant:<12}{speed}  {cells}", flush=True)
    print(f"load average {os.getloadavg()[0]:.2f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
