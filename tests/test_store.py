"""The quote database on SQLite and PostgreSQL: ingest, identity, search, tracking, export."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from dbfixtures import CORPUS, DATA, corpus_db, db_url, pg_server  # noqa: F401

from saidwhat import Article, open_db
from saidwhat.errors import InputError, NotFoundError
from saidwhat.store.schema import LATEST

SAIDWHAT = [sys.executable, "-c", "import sys; from saidwhat.cli import main; sys.exit(main())"]
EXPECTED = json.loads((DATA / "corpus.expected.json").read_text())


def exported(db):
    return {a["id"]: a for a in db.export()}


def quotes_with(articles, fragment):
    return [q for a in articles.values() for q in a["quotes"] if fragment.lower() in q["text"].lower()]


def test_schema_is_migrated_once(db_url):
    db = open_db(db_url)
    assert db.db.query("SELECT MAX(version) FROM schema_version")[0][0] == LATEST
    db.close()
    db = open_db(db_url)  # opening again applies nothing and keeps one row per version
    assert db.db.query("SELECT COUNT(*) FROM schema_version")[0][0] == LATEST
    db.close()


def test_speakers_across_outlets(corpus_db):
    arts = exported(corpus_db)
    ids = {}
    for name, docs in EXPECTED["speakers"].items():
        found = {
            q["speaker"]["id"]
            for d in docs
            for q in arts[d]["quotes"]
            if (q["speaker"]["name"] or "").split()[-1:] == name.split()[-1:]
            and (q["speaker"]["name"] or "").split()[0] in (name.split()[0], "Calloway", "Thomas")
        }
        assert len(found) == 1, (name, found)
        ids[name] = found.pop()
    # the sisters share a surname and an article, and stay two people
    assert ids["Adaeze Okonjo"] != ids["Ifeoma Okonjo"]
    tom = corpus_db.speakers("Hallgren")
    assert len(tom) == 1 and {a.name for a in tom[0].aliases} == {"Tom Hallgren", "Thomas Hallgren"}
    assert all(a.evidence for a in tom[0].aliases)
    ines = corpus_db.speaker(ids["Ines Calloway"])
    assert ines.name == "Ines Calloway" and ines.kind == "person"
    assert {o for o, _ in ines.outlets} == {"Velmora Courier", "Coastline Daily", "Northern Wire"}
    # roles over time: each role with the dates it was given
    assert ines.roles and all(first and first <= last for _, _, first, last in ines.roles)


def test_statements_across_outlets(corpus_db):
    arts = exported(corpus_db)
    seen = set()
    for group in EXPECTED["statements"]:
        ids = {q["statement"] for frag in group for q in quotes_with(arts, frag)}
        assert len(ids) == 1, (group, ids)
        assert not ids & seen
        seen |= ids
    barges = quotes_with(arts, "first barges")[0]["statement"]
    st = corpus_db.statement(barges)
    assert st.text.startswith("We have already started moving the first barges")
    assert (st.first_outlet, st.first_date) == ("Velmora Courier", "2031-03-04")
    relations = {v.outlet: v.relation for v in st.variants}
    assert relations["Velmora Courier"] == "identical"
    assert relations["Coastline Daily"] == "altered"  # "We've" for "We have", and cut short
    assert relations["Northern Wire"] == "trimmed"
    coastline = next(v for v in st.variants if v.outlet == "Coastline Daily")
    assert ("+", "We've") in coastline.diff and ("-", "We have") in coastline.diff
    with pytest.raises(NotFoundError):
        corpus_db.statement("st-nothing")


def test_reingest_changes_nothing(corpus_db):
    before = corpus_db.counts()
    rows = sorted(corpus_db.db.query("SELECT id, article, text FROM quotes"))
    report = corpus_db.ingest([str(CORPUS)])
    assert report.unchanged == 6 and report.stored == 0
    assert corpus_db.counts() == before
    assert sorted(corpus_db.db.query("SELECT id, article, text FROM quotes")) == rows


def test_new_version_of_an_article_replaces_its_quotes(corpus_db):
    url = "https://northern-wire.example/velmora-channel"
    changed = Article(
        id="northern-wire-22",
        url=url,
        outlet="Northern Wire",
        date="2031-03-07",
        text="\u201cThe dredging is finished,\u201d Ines Calloway said on Friday.\n",
    )
    report = corpus_db.ingest([changed])
    assert report.replaced == 1
    texts = [r[0] for r in corpus_db.db.query("SELECT text FROM quotes WHERE article = ?", (url,))]
    assert texts == ["The dredging is finished"]
    assert corpus_db.db.query("SELECT date FROM articles WHERE key = ?", (url,))[0][0] == "2031-03-07"


def test_article_without_url_is_keyed_by_content(corpus_db):
    keys = [r[0] for r in corpus_db.db.query("SELECT key FROM articles WHERE doc_id = 'river-post-88'")]
    assert len(keys) == 1 and keys[0].startswith("sha1:")


def test_quotes_record_their_pipeline(corpus_db):
    from saidwhat.extract import PIPELINE_VERSION, load_pipeline, pipeline_name

    rows = set(corpus_db.db.query("SELECT pipeline_name, pipeline_version FROM quotes"))
    assert rows == {(pipeline_name(), PIPELINE_VERSION)} == {(load_pipeline().name, PIPELINE_VERSION)}
    # the full label, with the models' names and the tagger's version, is kept per article
    labels = {r[0] for r in corpus_db.db.query("SELECT pipeline FROM articles")}
    assert labels == {load_pipeline().label}


def test_search(corpus_db):
    hits = corpus_db.search("barge")  # word forms: "barge" finds "barges"
    assert hits and all("barge" in h.text.lower() for h in hits)
    assert {h.outlet for h in corpus_db.search("opening", speaker="Adaeze")} == {
        "Chess Gazette",
        "Board Weekly",
        "River Post",
    }
    # an alias finds the speaker's quotes under every name outlets used
    assert len(corpus_db.search(speaker="Thomas Hallgren")) == len(corpus_db.search(speaker="Tom Hallgren")) >= 2
    assert {h.outlet for h in corpus_db.search(outlet="coastline")} == {"Coastline Daily"}
    assert {h.date for h in corpus_db.search(since="2031-05-11", until="2031-05")} == {
        "2031-05-11",
        "2031-05-12",
    }
    assert all(h.kind == "direct" for h in corpus_db.search(kind="direct"))
    assert corpus_db.search("nothing-like-this-anywhere") == []
    assert corpus_db.search('"unbalanced (query') == []  # user text never breaks the query syntax
    with pytest.raises(InputError):
        corpus_db.search(since="last week")


def test_export_is_the_extraction_contract(corpus_db):
    texts = {json.loads(line)["id"]: json.loads(line)["text"] for line in CORPUS.read_text().splitlines()}
    arts = list(corpus_db.export())
    assert {a["id"] for a in arts} == set(texts)
    for a in arts:
        assert a["errors"] == []
        for q in a["quotes"]:
            assert q["text"] == " … ".join(texts[a["id"]][s:e] for s, e in q["spans"])
            assert q["kind"] in ("direct", "mixed", "indirect")
            assert q["statement"].startswith("st-")
            assert set(q["speaker"]) >= {"name", "kind", "role", "mention", "id"}


def test_unreadable_records_are_kept_and_the_run_goes_on(db_url, tmp_path):
    src = tmp_path / "mixed.jsonl"
    good = CORPUS.read_text().splitlines()[0]
    src.write_text("{not json\n" + good + "\n")
    with open_db(db_url) as db:
        report = db.ingest([str(src)])
        assert report.stored == 1 and report.problems == 1
        assert db.db.query("SELECT source_id FROM problems")[0][0].endswith("mixed.jsonl:1")


def test_alias_table_pins_identities(db_url, tmp_path):
    table = tmp_path / "aliases.csv"
    table.write_text(
        "name,alias,external_id\nInes Calloway,Calloway,Q900001\n"
        "Adaeze Okonjo,Adaeze Okonjo,Q900002\nIfeoma Okonjo,Ifeoma Okonjo,Q900003\n"
    )
    with open_db(db_url) as db:
        db.ingest([str(CORPUS)], aliases=str(table))
        ines = db.speakers("Calloway")
        assert len(ines) == 1 and ines[0].external_id == "Q900001"
        assert {s.external_id for s in db.speakers("Okonjo")} == {"Q900002", "Q900003"}


def test_cli_commands(corpus_db, db_url, tmp_path):
    def cli(*args):
        proc = subprocess.run([*SAIDWHAT, *args, "--db", db_url], capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    rows = list(csv.DictReader(io.StringIO(cli("search", "opening", "--format", "csv"))))
    assert rows and all("open" in r["text"].lower() for r in rows)  # stemmed: "opening" finds "open"
    hit = json.loads(cli("search", "barges", "--format", "jsonl").splitlines()[0])
    assert "barges" in cli("statement", hit["statements"][0])
    assert "Hallgren" in cli("speakers")
    out = tmp_path / "all.parquet"
    cli("export", "--format", "parquet", "--output", str(out))
    import pyarrow.parquet as pq

    table = pq.read_table(out)
    assert table.num_rows == len(list(corpus_db.export_rows())) and "statement" in table.column_names


def test_html_metadata_is_stored(db_url):
    with open_db(db_url) as db:
        report = db.ingest([str(DATA / "velmora-ferry.html")])
        assert report.stored == 1 and report.failed == 0
        row = db.db.query("SELECT key, url, outlet, date, title FROM articles")[0]
        url = "https://velmora-courier.example/transport/ferry-fares"
        assert row == (url, url, "Velmora Courier", "2026-04-02", "Velmora ferry fares frozen for a year")
        assert {h.speaker for h in db.search("groceries")} == {"Ines Calloway"}


def test_query_commands_need_an_existing_database(tmp_path, capsys):
    from saidwhat.cli import main

    missing = tmp_path / "missing.db"
    assert main(["search", "x", "--db", str(missing)]) == 4
    assert "saidwhat ingest" in capsys.readouterr().err
    assert not missing.exists()  # a mistyped path is not silently created
