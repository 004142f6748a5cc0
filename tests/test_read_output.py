"""Reading sources into articles and writing results, without the language model."""

from __future__ import annotations

import csv
import io
import json

from saidwhat.model import Article, Attribution, Quote, Result, Span
from saidwhat.output import CsvWriter, format_table, write_jsonl
from saidwhat.read import ReadProblem, check_text, content_id, decode, read_jsonl_lines, read_sources


def test_decode_strips_a_byte_order_mark():
    assert decode("\ufeffQuay".encode(), name="x") == ("Quay", None)


def test_decode_refuses_binary_data():
    text, problem = decode(b"\x00\x01\x02abc", name="blob.bin")
    assert text is None and "binary" in problem and "blob.bin" in problem


def test_decode_replaces_invalid_utf8_and_warns(caplog):
    text, problem = decode(b"caf\xe9 open", name="latin.txt")
    assert text == "caf\ufffd open" and problem is None
    assert "invalid UTF-8" in caplog.text


def test_check_text():
    assert check_text("The quay is open.", name="a") is None
    assert "empty" in check_text("  \n ", name="a")
    assert "too large" in check_text("x" * 11, name="a", max_chars=10)


def test_jsonl_lines_keep_ids_and_report_bad_lines_by_number():
    lines = [json.dumps({"id": "k1", "text": "One."}), "", "{oops", json.dumps({"text": "No id."}),
             json.dumps(["not", "an", "object"])]
    items = list(read_jsonl_lines(lines, name="feed.jsonl"))
    assert isinstance(items[0], Article) and items[0].id == "k1"
    assert isinstance(items[1], ReadProblem) and items[1].id == "feed.jsonl:3" and items[1].position == 3
    assert isinstance(items[2], Article) and items[2].id == content_id("No id.")
    assert isinstance(items[3], ReadProblem) and "JSON object" in items[3].message


def test_content_id_is_stable():
    assert content_id("The quay is open.") == content_id("The quay is open.")
    assert content_id("The quay is open.") != content_id("The quay is shut.")


def test_read_sources_names_plain_files_by_stem(tmp_path):
    (tmp_path / "quay-report.txt").write_text("The quay is open.", encoding="utf-8")
    (article,) = list(read_sources([str(tmp_path / "quay-report.txt")]))
    assert article.id == "quay-report" and article.text == "The quay is open."


def test_jsonl_records_keep_their_metadata(tmp_path):
    path = tmp_path / "a.jsonl"
    record = {"id": "x1", "text": "The quay is open.", "url": "https://example.org/x1",
              "outlet": "The Velmora Courier", "date": "2026-03-14", "title": "Quay"}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    (article,) = list(read_sources([str(path)]))
    assert (article.id, article.url, article.outlet, article.date, article.title) == (
        "x1", "https://example.org/x1", "The Velmora Courier", "2026-03-14", "Quay")


TEXT = "“Yes,” Ada Brook said."
RESULT = Result(
    article=Article(id="a", text=TEXT),
    quotes=(Quote(spans=(Span(1, 4),), kind="direct", cue=Span(17, 21),
                  attribution=Attribution(name="Ada Brook", kind="person", role="harbour pilot",
                                          mention=Span(7, 16), confidence=0.9)),),
)


def test_table_shows_speaker_role_kind_and_quote():
    table = format_table(RESULT.to_dict(), width=100)
    head, row = table.splitlines()
    assert head == "── a ── 1 quotes"
    assert row.startswith("Ada Brook (harbour pilot)"[:24])
    assert "direct" in row and row.endswith("Yes")


def test_table_shows_errors():
    failed = Result(article=Article(id="b", text=""), errors=("b: empty article",)).to_dict()
    assert "! b: empty article" in format_table(failed, width=80)


def test_table_wraps_long_quotes_under_the_quote_column():
    long = Result(article=Article(id="c", text="word " * 60),
                  quotes=(Quote(spans=(Span(0, 299),), kind="indirect", cue=None,
                                attribution=Attribution(name=None)),))
    lines = format_table(long.to_dict(), width=80).splitlines()
    assert len(lines) > 3
    assert all(len(line) <= 80 for line in lines)


def test_csv_and_jsonl_writers():
    out = io.StringIO()
    CsvWriter(out).write(RESULT.to_dict())
    (row,) = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert (row["quote"], row["speaker"], row["role"], row["mention"], row["start"], row["end"]) == (
        "Yes", "Ada Brook", "harbour pilot", "Ada Brook", "1", "4")
    out = io.StringIO()
    write_jsonl([RESULT.to_dict(), RESULT.to_dict()], out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 and json.loads(lines[0]) == RESULT.to_dict()
    out = io.StringIO()
    write_jsonl([{"id": "Tórshavn “quay”"}], out)
    assert out.getvalue() == '{"id": "Tórshavn “quay”"}\n'  # UTF-8 as it is, not \\u escapes
