"""End to end on the real multi-outlet set in ../shared/data/variants, scored by the referee.

Floors sit just under what the current extractor and tracker reach (see docs/database.md for the figures and
what limits them); raising them is welcome, lowering them needs a reason in the commit.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from dbfixtures import SHARED

from saidwhat import open_db

VARIANTS = SHARED / "data" / "variants"
SCORER = SHARED / "tools" / "score_tracking.py"

FLOORS = {"quote_recall": 0.97, "statement_f1": 0.93, "speaker_f1": 0.945, "merged_people_max": 0}


@pytest.mark.shared
def test_variants_end_to_end(tmp_path):
    if not (VARIANTS / "articles.jsonl").exists() or not SCORER.exists():
        pytest.skip(f"the variants set is not at {VARIANTS} (set SAIDWHAT_SHARED to the shared folder)")
    with open_db(str(tmp_path / "variants.db")) as db:
        report = db.ingest([str(VARIANTS / "articles.jsonl")])
        assert report.stored == 36 and report.failed == 0
        export = tmp_path / "export.jsonl"
        with open(export, "w", encoding="utf-8") as f:
            for obj in db.export():
                f.write(json.dumps(obj, ensure_ascii=False) + "\n")
    proc = subprocess.run(
        [sys.executable, str(SCORER), str(VARIANTS / "variants.jsonl"), str(export), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    scores = json.loads(proc.stdout)
    print(json.dumps(scores, indent=1))
    for key, floor in FLOORS.items():
        if key.endswith("_max"):
            assert scores[key[: -len("_max")]] <= floor, (key, scores[key[: -len("_max")]], floor)
        else:
            assert scores[key] >= floor, (key, scores[key], floor)


@pytest.mark.shared
def test_tracker_on_the_gold_quotes(tmp_path):
    """The tracker alone: fed the gold quote spans and speaker names, as a perfect extractor
    would give them, it must meet the acceptance targets. What the end-to-end test loses beyond
    this is the extractor's (quotes split or joined differently, attribution errors)."""
    if not (VARIANTS / "variants.jsonl").exists() or not SCORER.exists():
        pytest.skip(f"the variants set is not at {VARIANTS} (set SAIDWHAT_SHARED to the shared folder)")
    from saidwhat.track import QuoteRecord, track

    docs = [json.loads(line) for line in (VARIANTS / "variants.jsonl").read_text().splitlines() if line]
    records = [
        QuoteRecord(
            f"{d['doc']}#{i}",
            q["text"],
            None if "&" in q["speaker"] else q["speaker"],
            "person",
            None,
            d.get("url") or d["doc"],
            d["doc"],
            d.get("outlet"),
            d.get("date"),
            q["start"],
            q["text"],
            "name",
        )
        for d in docs
        for i, q in enumerate(d["quotes"])
    ]
    t = track(records)
    statement = {link.quote: link.statement for link in t.links}
    export = tmp_path / "oracle.jsonl"
    with open(export, "w", encoding="utf-8") as f:
        for d in docs:
            quotes = [
                {
                    "spans": [[q["start"], q["end"]]],
                    "statement": statement[f"{d['doc']}#{i}"],
                    "speaker": {"id": t.speaker_of.get(f"{d['doc']}#{i}", (None,))[0]},
                }
                for i, q in enumerate(d["quotes"])
            ]
            f.write(json.dumps({"id": d["doc"], "quotes": quotes}) + "\n")
    proc = subprocess.run(
        [sys.executable, str(SCORER), str(VARIANTS / "variants.jsonl"), str(export), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    scores = json.loads(proc.stdout)
    print(json.dumps(scores, indent=1))
    assert scores["statement_f1"] >= 0.92, scores
    assert scores["speaker_f1"] >= 0.99 and scores["merged_people"] == 0, scores
