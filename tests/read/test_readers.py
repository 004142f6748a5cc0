"""Readers: every input kind becomes articles in order; a bad record is reported in place with its
position and never stops the stream."""

from __future__ import annotations

import bz2
import csv
import gzip
import io
import json
from pathlib import Path

import pytest
from warc_pages import PAGES, build_warc, html_page

from saidwhat.errors import InputError
from saidwhat.model import Article
from saidwhat.read import FieldMap, ReadProblem, ReadStats, read_sources

RECORDS = [
    {
        "id": "a1",
        "text": "“The tide is late,” said Harbourmaster Nils Fenn.",
        "url": "https://x.example/a1",
    },
    {
        "id": "a2",
        "text": "Councillor Petra Aske said the vote would wait.",
        "outlet": "Erlmoor Post",
    },
    {
        "id": "a3",
        "text": "Nobody spoke at the meeting.",
        "date": "2031-01-05",
        "title": "Quiet night",
    },
]


def jsonl_bytes(records) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


def articles(items):
    return [i for i in items if isinstance(i, Article)]


def problems(items):
    return [i for i in items if isinstance(i, ReadProblem)]


def test_text_files_directories_and_globs_in_sorted_order(tmp_path: Path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text("Second article.", encoding="utf-8")
    (tmp_path / "one.txt").write_text("First article.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an article file", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("hidden", encoding="utf-8")
    got = list(read_sources([str(tmp_path)]))
    assert [a.id for a in got] == ["two", "one"]  # b/two.txt sorts before one.txt
    assert [a.text for a in got] == ["Second article.", "First article."]
    globbed = list(read_sources([str(tmp_path / "**" / "*.txt")]))
    assert sorted(a.id for a in globbed) == ["one", "two"]
    missing = list(read_sources([str(tmp_path / "nothing-*.txt"), str(tmp_path / "absent.txt")]))
    assert [p.message.split(": ")[-1] for p in missing] == [
        "no files match this pattern",
        "no such file",
    ]


def test_html_file_main_text_and_metadata(tmp_path: Path):
    title, paras = PAGES["https://courier.example/ferry"]
    page = tmp_path / "ferry.html"
    page.write_text(html_page(title, paras), encoding="utf-8")
    [art] = read_sources([str(page)])
    assert art.title == title
    assert "every hour from May" in art.text
    assert "Copyright" not in art.text and "Home" not in art.text


@pytest.mark.parametrize(
    "suffix,pack",
    [
        (".gz", gzip.compress),
        (".bz2", bz2.compress),
        (".zst", lambda b: __import__("zstandard").ZstdCompressor().compress(b)),
    ],
)
def test_compressed_jsonl_reads_like_plain(tmp_path: Path, suffix, pack):
    plain = tmp_path / "plain.jsonl"
    plain.write_bytes(jsonl_bytes(RECORDS))
    packed = tmp_path / f"packed.jsonl{suffix}"
    packed.write_bytes(pack(jsonl_bytes(RECORDS)))
    assert list(read_sources([str(packed)])) == list(read_sources([str(plain)]))
    # compression is recognised by its magic bytes too, whatever the name says
    unnamed = tmp_path / "unnamed.jsonl"
    unnamed.write_bytes(pack(jsonl_bytes(RECORDS)))
    assert list(read_sources([str(unnamed)])) == list(read_sources([str(plain)]))


def test_compressed_text_article(tmp_path: Path):
    (tmp_path / "story.txt.gz").write_bytes(gzip.compress("“Yes,” she said.".encode()))
    [art] = read_sources([str(tmp_path / "story.txt.gz")])
    assert art == Article(id="story", text="“Yes,” she said.")


def test_json_lines_in_a_file_of_no_telling_suffix_are_records(tmp_path: Path):
    """As on standard input, a first line holding a JSON object makes a file JSON Lines."""
    (tmp_path / "batch.in").write_bytes(jsonl_bytes(RECORDS[:2]))
    (tmp_path / "brace.in").write_text("{not a record, a text\n", encoding="utf-8")
    (tmp_path / "note.txt").write_bytes(jsonl_bytes(RECORDS[:1]))  # .txt is always text
    got = list(read_sources([str(tmp_path / n) for n in ("batch.in", "brace.in", "note.txt")]))
    assert [a.id for a in got] == ["a1", RECORDS[1]["id"], "brace", "note"]


def test_jsonl_metadata_fields(tmp_path: Path):
    path = tmp_path / "records.jsonl"
    path.write_bytes(
        jsonl_bytes(RECORDS + [{"doc": "polnear-style", "text": "Words.", "publisher": "Gazette"}])
    )
    got = list(read_sources([str(path)]))
    assert got[0] == Article(id="a1", text=RECORDS[0]["text"], url="https://x.example/a1")
    assert (got[1].outlet, got[2].date, got[2].title) == (
        "Erlmoor Post",
        "2031-01-05",
        "Quiet night",
    )
    assert (got[3].id, got[3].outlet) == ("polnear-style", "Gazette")


def test_csv_with_cc_news_field_names(tmp_path: Path):
    # CC-News (news-please) names: maintext, date_publish, source_domain; no id column
    path = tmp_path / "ccnews.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(
            f, fieldnames=["title", "maintext", "url", "date_publish", "source_domain"]
        )
        w.writeheader()
        w.writerow(
            {
                "title": "Tide",
                "maintext": 'The tide, he said,\nwas "late".',
                "url": "https://p.example/1",
                "date_publish": "2031-02-01 08:00:00",
                "source_domain": "p.example",
            }
        )
    [art] = read_sources([str(path)])
    assert art == Article(
        id="https://p.example/1",
        text='The tide, he said,\nwas "late".',
        url="https://p.example/1",
        outlet="p.example",
        date="2031-02-01 08:00:00",
        title="Tide",
    )


def test_csv_field_map_from_settings(tmp_path: Path):
    path = tmp_path / "export.csv.gz"
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["uuid", "body", "paper", "text"])
    w.writerow(["u-1", "Mayor Brandt said yes.", "Halden Times", "ignored column"])
    path.write_bytes(gzip.compress(buf.getvalue().encode()))
    fields = FieldMap.parse(["id=uuid", "text=body", "outlet=paper"])
    [art] = read_sources([str(path)], fields=fields)
    assert (art.id, art.text, art.outlet) == ("u-1", "Mayor Brandt said yes.", "Halden Times")
    with pytest.raises(InputError):
        FieldMap.parse(["speaker=name"])
    with pytest.raises(InputError):
        FieldMap.parse(["text"])


def test_bad_records_reported_with_position_and_stream_goes_on(tmp_path: Path):
    lines = [
        json.dumps(RECORDS[0]),
        "{not json",
        json.dumps({"id": "no-text", "words": "wrong field"}),
        "",
        json.dumps({"id": "empty", "text": "   "}),
        "[1, 2]",
        json.dumps(RECORDS[1]),
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    stats = ReadStats()
    got = list(read_sources([str(path)], stats=stats))
    assert [a.id for a in articles(got)] == ["a1", "a2"]
    bad = problems(got)
    assert [p.position for p in bad[:2]] == [2, 3]
    assert "not JSON" in bad[0].message and f"{path}:2" in bad[0].message
    assert "no text" in bad[1].message
    assert bad[2].id == "empty" and "empty article" in bad[2].message
    assert bad[3].position == 6
    assert [type(i).__name__ for i in got] == [
        "Article",
        "ReadProblem",
        "ReadProblem",
        "ReadProblem",
        "ReadProblem",
        "Article",
    ]
    assert (stats.articles, stats.problems) == (2, 4)
    assert stats.bytes_read == stats.bytes_total == path.stat().st_size


def test_bad_csv_rows(tmp_path: Path):
    path = tmp_path / "rows.csv"
    path.write_text(
        'id,text\nr1,"First, fine."\nr2,"Second",extra cell\nr3,\nr4,"Fourth, fine."\n',
        encoding="utf-8",
    )
    got = list(read_sources([str(path)]))
    assert [a.id for a in articles(got)] == ["r1", "r4"]
    assert [p.position for p in problems(got)] == [2, None]
    assert "more cells" in problems(got)[0].message
    assert "empty article" in problems(got)[1].message


def test_truncated_gzip_keeps_what_was_read(tmp_path: Path):
    many = [{"id": f"t{i}", "text": f"Article number {i} " + "word " * 200} for i in range(300)]
    packed = gzip.compress(jsonl_bytes(many))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(packed[: len(packed) // 2])
    after = tmp_path / "after.txt"
    after.write_text("The next file is still read.", encoding="utf-8")
    got = list(read_sources([str(path), str(after)]))
    arts = articles(got)
    assert 0 < len(arts) < 300 and arts[-1].id == "after"
    [problem] = problems(got)
    assert "cannot read further" in problem.message
    assert problem.position == len(arts)  # the record after the last good one


def test_binary_and_oversized_files(tmp_path: Path):
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "big.txt").write_text("word " * 300, encoding="utf-8")
    got = list(
        read_sources([str(tmp_path / "blob.txt"), str(tmp_path / "big.txt")], max_chars=1000)
    )
    assert ["binary" in got[0].message, "too large" in got[1].message] == [True, True]


@pytest.mark.parametrize("compress", [True, False])
def test_warc_html_responses_become_articles(tmp_path: Path, compress: bool):
    path = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
    path.write_bytes(build_warc(compress=compress))
    stats = ReadStats()
    got = list(read_sources([str(path)], stats=stats))
    arts = articles(got)
    assert [a.id for a in arts] == list(PAGES)
    assert [a.title for a in arts] == [t for t, _ in PAGES.values()]
    assert "once a century" in arts[1].text and "Home" not in arts[1].text
    assert arts[0].url == "https://courier.example/ferry"
    # the image and the 404 are not articles: skipped, not problems
    assert stats.skipped == 2
    # the page with no main text is a problem, with its record number and URL
    [problem] = problems(got)
    assert problem.id == "https://courier.example/empty" and problem.position == 5
    assert "no main text" in problem.message


def test_damaged_warc_reports_and_continues(tmp_path: Path):
    data = build_warc(compress=True)
    path = tmp_path / "damaged.warc.gz"
    path.write_bytes(data[: len(data) - 40])
    nxt = tmp_path / "next.txt"
    nxt.write_text("Still read.", encoding="utf-8")
    got = list(read_sources([str(path), str(nxt)]))
    assert [a.id for a in articles(got)][:2] == list(PAGES)
    assert articles(got)[-1].id == "next"
    assert problems(got), "the damaged tail must be reported"


def test_parquet_records(tmp_path: Path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    path = tmp_path / "dump.parquet"
    rows = RECORDS + [{"id": "a4", "text": None}]
    keys = ["id", "text", "url", "outlet", "date", "title"]
    pq.write_table(pa.table({k: [r.get(k) for r in rows] for k in keys}), path)
    got = list(read_sources([str(path)]))
    assert [a.id for a in articles(got)] == ["a1", "a2", "a3"]
    assert articles(got)[2].title == "Quiet night"
    assert problems(got)[0].position == 4
