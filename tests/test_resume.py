"""A killed ingest resumes: SIGKILL mid-run, start again, and the rows equal a clean run's."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

from dbfixtures import CORPUS, db_url, pg_server  # noqa: F401

from saidwhat import open_db

SAIDWHAT = [sys.executable, "-c", "import sys; from saidwhat.cli import main; sys.exit(main())"]

#: Every content table, with the columns that make a row (SQLite's internal rowid left out).
TABLES = {
    "articles": "key, doc_id, url, outlet, date, title, text, content_hash, pipeline, errors",
    "quotes": "id, article, position, text, spans, start_char, end_char, kind, cue_text, cue_start, cue_end, "
    "speaker_name, speaker_kind, role, mention_text, mention_start, mention_end, confidence, evidence, "
    "pipeline_name, pipeline_version",
    "problems": "source_id, message",
    "speakers": "id, name, kind, external_id, n_quotes, n_articles, first_date, last_date",
    "speaker_aliases": "speaker, alias, evidence",
    "speaker_roles": "speaker, role, n_quotes",
    "speaker_outlets": "speaker, outlet, n_quotes",
    "statements": "id, speaker, text, fullest, first, first_outlet, first_date, n_variants, n_outlets",
    "statement_links": "piece, quote, start_char, end_char, statement, speaker, speaker_evidence, relation, "
    "similarity, diff, evidence",
}


def snapshot(url):
    with open_db(url) as db:
        return {t: sorted(map(tuple, db.db.query(f"SELECT {cols} FROM {t}"))) for t, cols in TABLES.items()}


def big_corpus(path, copies=30):
    """The invented corpus many times over, each copy its own articles (own URL, own text)."""
    base = [json.loads(line) for line in CORPUS.read_text().splitlines()]
    with open(path, "w", encoding="utf-8") as f:
        for n in range(copies):
            for a in base:
                a = dict(a, id=f"{a['id']}-{n}", text=a["text"] + f"\nEdition {n}.\n")
                if a.get("url"):
                    a["url"] = f"{a['url']}?edition={n}"
                f.write(json.dumps(a, ensure_ascii=False) + "\n")
        f.write("{broken line\n")  # a problem row must come out the same too
    return len(base) * copies


def count_articles(url):
    try:
        with open_db(url) as db:
            return db.db.query("SELECT COUNT(*) FROM articles")[0][0]
    except Exception:
        return 0


def test_sigkill_and_resume_gives_the_rows_of_a_clean_run(db_url, tmp_path, request):
    src = tmp_path / "big.jsonl"
    total = big_corpus(src)
    if db_url.startswith("postgresql"):
        reference = request.getfixturevalue("pg_server").create_db(db_url.rsplit("/", 1)[1].split("?")[0] + "ref")
    else:
        reference = str(tmp_path / "reference.db")
    args = ["ingest", str(src), "--batch-size", "5", "--no-progress"]
    clean = subprocess.run([*SAIDWHAT, *args, "--db", reference], capture_output=True, text=True, timeout=600)
    assert clean.returncode == 1, clean.stderr  # 1: the broken line is reported, the rest stored

    proc = subprocess.Popen([*SAIDWHAT, *args, "--db", db_url], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while count_articles(db_url) < 20 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    stored = count_articles(db_url)
    assert 0 < stored < total, f"the kill should land mid-run ({stored} of {total} stored)"

    again = subprocess.run([*SAIDWHAT, *args, "--db", db_url], capture_output=True, text=True, timeout=600)
    assert again.returncode == 1, again.stderr
    assert f"{stored} unchanged" in again.stderr  # resumed: what was committed is not extracted again
    assert snapshot(db_url) == snapshot(reference)
