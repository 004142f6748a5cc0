"""Score predicted quotes against gold attributions: one module for `saidwhat eval` and the CI gate.

The matching rule is the project's referee's: per article, a prediction and a gold attribution
match when their content characters (spans with quotation marks, white space and ``,.;:`` trimmed
from each end) overlap by at least half of each side; pairs are taken greedily by overlap ratio,
one to one. Speaker scores are computed on matched pairs; end-to-end scores count a pair only
when its speaker name is right as well.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import GoldError

_MARKS = "\"'“”‘’`«»„‟‹›"
_TRIMMED = frozenset(_MARKS + " \t\r\n,.;:")
# Lemmas and forms of verbs of saying: an indirect attribution with one of these cues is speech.
SPEECH_CUE_WORDS = frozenset(
    """say said says saying say, tell told tells telling add added adds adding state stated states
    note noted notes noting explain explained explains argue argued argues claim claimed claims
    insist insisted insists stress stressed stresses warn warned warns announce announced announces
    write wrote writes tweet tweeted tweets declare declared declares deny denied denies acknowledge
    acknowledged acknowledges admit admitted admits suggest suggested suggests ask asked asks reply
    replied respond responded responds report reported reports predict predicted promise promised
    promises vow vowed vows according describe described describes call called calls accuse accused
    accuses urge urged urges confirm confirmed confirms recall recalled recalls contend contended
    complain complained assert asserted concede conceded estimate estimated testify testified remark
    remarked joke joked quip quipped point pointed maintain maintained emphasize emphasized agree
    agreed disagree disagreed criticize criticized praise praised""".split()
)
# Words dropped before comparing names: titles, honorifics, articles and suffixes.
NAME_NOISE = frozenset(
    """mr mrs ms miss dr sen senator rep gov governor president gen general secretary prof professor
    rev sir dame lord lady the hon judge justice mayor minister prime chancellor pres vice jr sr ii
    iii""".split()
)

FIGURES = (
    "precision", "recall_all", "f1_all", "recall_quoted", "recall_direct", "recall_mixed",
    "recall_indirect_speech", "recall_indirect_other", "exact_share_of_matched",
    "speaker_mention_acc", "speaker_name_acc", "speaker_name_lenient_acc", "e2e_precision",
    "e2e_recall", "e2e_f1", "recall_speech_scope", "f1_speech_scope",
)


def load_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """Objects of a JSON Lines file, or the one object of a JSON file."""
    raw = Path(path).read_text(encoding="utf-8").strip()
    if not raw:
        return []
    try:
        if raw.startswith("{") and "\n{" not in raw:
            return [json.loads(raw)]
        return [json.loads(line) for line in raw.splitlines() if line.strip()]
    except json.JSONDecodeError as exc:
        raise GoldError(f"{path}: not JSON Lines ({exc})") from exc


def validate_gold(docs: list[dict[str, Any]], *, name: str = "gold") -> None:
    """Raise ``GoldError`` unless every article has doc, text and attributions with valid spans."""
    for n, d in enumerate(docs, 1):
        for key in ("doc", "text", "attributions"):
            if key not in d:
                raise GoldError(f"{name}: article {n} has no {key!r}")
        size = len(d["text"])
        for a in d["attributions"]:
            for part in ("content", "cue", "source"):
                for s in a.get(part) or []:
                    if not 0 <= s["start"] <= s["end"] <= size:
                        raise GoldError(f"{name}: {d['doc']} {a.get('id')}: {part} span out of the text")


def content_chars(text: str, spans: Iterable[tuple[int, int]]) -> frozenset[int]:
    chars: set[int] = set()
    for start, end in spans:
        while start < end and _at(text, start) in _TRIMMED:
            start += 1
        while end > start and _at(text, end - 1) in _TRIMMED:
            end -= 1
        chars.update(range(start, end))
    return frozenset(chars)


def _at(text: str, i: int) -> str:
    return text[i] if 0 <= i < len(text) else " "


def normalise_name(name: str | None) -> tuple[str, ...]:
    if not name:
        return ()
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return tuple(w for w in re.split(r"[^a-z0-9]+", ascii_) if w and w not in NAME_NOISE)


def _name_set(value: str | None) -> set[tuple[str, ...]]:
    if not value:
        return set()
    parts = [p for p in re.split(r";| & | and ", value) if p.strip()]
    return {n for n in (normalise_name(p) for p in parts) if n}


def same_speaker(predicted: str | None, gold: str | None, *, lenient: bool = False) -> bool:
    """Whether two speaker names (joint speakers split on ';', '&', 'and') name the same people."""
    g, p = _name_set(gold), _name_set(predicted)
    if not g or not p:
        return False
    if g == p:
        return True
    if not lenient or len(g) != len(p):
        return False

    def close(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
        return a[-1] == b[-1] and (len(a) == 1 or len(b) == 1 or a[0][0] == b[0][0])

    return all(any(close(gn, pn) for pn in p) for gn in g)


def _spans_of(quote: dict[str, Any]) -> list[tuple[int, int]]:
    if quote.get("spans"):
        return [(int(s[0]), int(s[1])) for s in quote["spans"]]
    if "start" in quote and "end" in quote:
        return [(int(quote["start"]), int(quote["end"]))]
    return []


@dataclass(frozen=True, slots=True)
class Match:
    gold: int
    pred: int
    exact: bool


def overlap_matches(g: frozenset[int], p: frozenset[int]) -> bool:
    """The referee's rule: two contents' shared characters cover at least half of each."""
    shared = len(g & p)
    return bool(g) and bool(p) and 2 * shared >= len(g) and 2 * shared >= len(p)


def match_quotes(text: str, gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> list[Match]:
    """Greedy one-to-one pairs by overlap ratio, each covering half of both sides."""
    g_chars = [content_chars(text, ((s["start"], s["end"]) for s in a["content"])) for a in gold]
    p_chars = [content_chars(text, _spans_of(q)) for q in pred]
    options = []
    for gi, g in enumerate(g_chars):
        for pi, p in enumerate(p_chars):
            if overlap_matches(g, p):
                options.append((len(g & p) / max(len(g), len(p)), gi, pi))
    options.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, gi, pi in options:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append(Match(gi, pi, g_chars[gi] == p_chars[pi]))
    return out


def _is_speech(text: str, attribution: dict[str, Any]) -> bool:
    words = " ".join(text[c["start"] : c["end"]] for c in attribution.get("cue") or []).lower().split()
    return any(w.strip(",.") in SPEECH_CUE_WORDS for w in words)


def count(gold_docs: list[dict[str, Any]], pred_docs: list[dict[str, Any]]) -> Counter[str]:
    """Raw counts behind every figure."""
    by_id = {str(p.get("id")): p for p in pred_docs}
    c: Counter[str] = Counter()
    for doc in gold_docs:
        text = doc["text"]
        gold = [a for a in doc["attributions"] if a.get("content")]
        pred = [q for q in by_id.get(str(doc["doc"]), {}).get("quotes", []) if _spans_of(q)]
        matches = match_quotes(text, gold, pred)
        matched_gold = {m.gold for m in matches}
        c["gold"] += len(gold)
        c["pred"] += len(pred)
        c["tp"] += len(matches)
        for gi, a in enumerate(gold):
            qtype = a.get("quote_type", "indirect")
            if qtype in ("direct", "mixed"):
                group = "quoted"
            else:
                group = "indirect_speech" if _is_speech(text, a) else "indirect_other"
            for key in (group, qtype):
                c["gold_" + key] += 1
                c["tp_" + key] += gi in matched_gold
        unnamed = set()
        for m in matches:
            a, q = gold[m.gold], pred[m.pred]
            c["exact"] += m.exact
            speaker = q.get("speaker") or {}
            sources = a.get("source") or []
            if sources:
                c["mention_gold"] += 1
                men = speaker.get("mention")
                c["mention_ok"] += bool(men) and any(
                    men["start"] < s["end"] and s["start"] < men["end"] for s in sources
                )
            if a.get("speaker"):
                c["name_gold"] += 1
                ok = same_speaker(speaker.get("name"), a["speaker"])
                c["name_ok"] += ok
                c["e2e_tp"] += ok
                c["name_lenient_ok"] += same_speaker(speaker.get("name"), a["speaker"], lenient=True)
            else:
                unnamed.add(m.pred)
        c["e2e_gold"] += sum(1 for a in gold if a.get("speaker"))
        c["e2e_pred"] += sum(
            1 for pi, q in enumerate(pred) if (q.get("speaker") or {}).get("name") and pi not in unnamed
        )
    return c


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def _f1(p: float | None, r: float | None) -> float:
    p, r = p or 0.0, r or 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def figures(c: Counter[str]) -> dict[str, Any]:
    """Every figure from raw counts, keyed as the referee prints them."""
    precision = _ratio(c["tp"], c["pred"]) or 0.0
    recall = _ratio(c["tp"], c["gold"]) or 0.0
    out: dict[str, Any] = {
        "docs_gold_attributions": c["gold"],
        "predicted": c["pred"],
        "matched": c["tp"],
        "precision": precision,
        "recall_all": recall,
        "f1_all": _f1(precision, recall),
    }
    for key in ("quoted", "direct", "mixed", "indirect_speech", "indirect_other"):
        out["recall_" + key] = _ratio(c["tp_" + key], c["gold_" + key])
    out["exact_share_of_matched"] = _ratio(c["exact"], c["tp"])
    out["speaker_mention_acc"] = _ratio(c["mention_ok"], c["mention_gold"])
    out["speaker_name_acc"] = _ratio(c["name_ok"], c["name_gold"])
    out["speaker_name_lenient_acc"] = _ratio(c["name_lenient_ok"], c["name_gold"])
    if c["e2e_gold"]:
        ep = _ratio(c["e2e_tp"], c["e2e_pred"]) or 0.0
        er = _ratio(c["e2e_tp"], c["e2e_gold"]) or 0.0
        out.update({"e2e_precision": ep, "e2e_recall": er, "e2e_f1": _f1(ep, er)})
    scope = c["gold_quoted"] + c["gold_indirect_speech"]
    if scope:
        sr = (c["tp_quoted"] + c["tp_indirect_speech"]) / scope
        out["recall_speech_scope"] = sr
        out["f1_speech_scope"] = _f1(precision, sr)
    return out


def score(gold_docs: list[dict[str, Any]], pred_docs: list[dict[str, Any]]) -> dict[str, Any]:
    return figures(count(gold_docs, pred_docs))


def format_figures(out: dict[str, Any]) -> str:
    lines = []
    for k, v in out.items():
        if isinstance(v, float):
            lines.append(f"{k:28s} {v:.3f}")
        elif not isinstance(v, dict):
            lines.append(f"{k:28s} {v}")
    return "\n".join(lines)


def gold_articles(gold_docs: list[dict[str, Any]]):
    """The gold articles as ``Article`` objects, to run extraction on."""
    from .model import Article

    return [Article(id=str(d["doc"]), text=d["text"], outlet=d.get("publisher")) for d in gold_docs]
