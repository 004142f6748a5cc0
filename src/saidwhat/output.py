"""Writers for results: the JSON Lines contract, CSV with one row per quote, and a terminal table."""

from __future__ import annotations

import csv
import json
import shutil
import textwrap
from collections.abc import Iterable
from typing import IO, Any

FORMATS = ("table", "jsonl", "csv")
CSV_FIELDS = [
    "article", "quote", "kind", "speaker", "speaker_kind", "role", "mention", "cue",
    "start", "end", "spans", "confidence",
]


def write_jsonl(objects: Iterable[dict[str, Any]], out: IO[str]) -> None:
    for obj in objects:
        out.write(json.dumps(obj, ensure_ascii=False) + "\n")


def csv_rows(article: dict[str, Any]) -> Iterable[dict[str, Any]]:
    for q in article.get("quotes", []):
        sp = q.get("speaker") or {}
        spans = q.get("spans") or [[None, None]]
        yield {
            "article": article.get("id"),
            "quote": q.get("text"),
            "kind": q.get("kind"),
            "speaker": sp.get("name"),
            "speaker_kind": sp.get("kind"),
            "role": sp.get("role"),
            "mention": (sp.get("mention") or {}).get("text"),
            "cue": (q.get("cue") or {}).get("text"),
            "start": spans[0][0],
            "end": spans[-1][1],
            "spans": json.dumps(spans),
            "confidence": q.get("confidence"),
        }


class CsvWriter:
    def __init__(self, out: IO[str]) -> None:
        self.writer = csv.DictWriter(out, fieldnames=CSV_FIELDS)
        self.writer.writeheader()

    def write(self, article: dict[str, Any]) -> None:
        self.writer.writerows(csv_rows(article))


def format_table(article: dict[str, Any], *, width: int | None = None) -> str:
    """A readable view of one article's quotes: speaker, kind, quote."""
    width = width or shutil.get_terminal_size((100, 20)).columns
    lines = [f"── {article.get('id')} ── {len(article.get('quotes', []))} quotes"]
    for err in article.get("errors", []):
        lines.append(f"   ! {err}")
    speaker_w = 24
    for q in article.get("quotes", []):
        sp = q.get("speaker") or {}
        who = sp.get("name") or (sp.get("mention") or {}).get("text") or "?"
        if sp.get("role"):
            who = f"{who} ({sp['role']})"
        body = textwrap.wrap(q.get("text", ""), max(30, width - speaker_w - 12)) or [""]
        lines.append(f"{who[:speaker_w]:<{speaker_w}}  {q.get('kind', ''):<8}  {body[0]}")
        lines.extend(" " * (speaker_w + 12) + b for b in body[1:])
    return "\n".join(lines)
