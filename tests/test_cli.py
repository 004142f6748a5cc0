"""`saidwhat extract` and its inputs and outputs: formats, --output, stdin, HTML, JSON Lines."""

from __future__ import annotations

import csv
import io
import json

import pytest

from saidwhat.output import CSV_FIELDS

ARTICLE = (
    "“The tide is early this year,” Mayor Lena Ostrova said on Tuesday.\n"
    "Officials said the pier would close at noon.\n"
)
OTHER = "Governor Tobias Wren said the ferry would run twice a day from Monday."


@pytest.fixture
def article_file(tmp_path):
    path = tmp_path / "tide.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def jsonl(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_table_is_the_default_and_shows_speaker_kind_and_quote(cli, article_file):
    run = cli("extract", article_file)
    assert run.code == 0
    assert "── tide ── 2 quotes" in run.out
    line = next(x for x in run.out.splitlines() if "The tide is early" in x)
    assert line.startswith("Lena Ostrova")
    assert "direct" in line
    assert any(x.startswith("Officials") and "indirect" in x for x in run.out.splitlines())


def test_jsonl_is_the_contract(cli, article_file):
    run = cli("extract", "--format", "jsonl", article_file)
    assert run.code == 0
    (obj,) = jsonl(run.out)
    assert obj["id"] == "tide"
    assert obj["errors"] == []
    assert [q["text"] for q in obj["quotes"]] == [
        "The tide is early this year",
        "the pier would close at noon",
    ]
    for q in obj["quotes"]:
        for start, end in q["spans"]:
            assert ARTICLE[start:end] in q["text"]
    assert obj["quotes"][0]["speaker"]["name"] == "Lena Ostrova"
    assert obj["quotes"][1]["speaker"]["kind"] == "group"


def test_csv_has_one_row_per_quote_with_offsets(cli, article_file):
    run = cli("extract", "--format", "csv", article_file)
    assert run.code == 0
    rows = list(csv.DictReader(io.StringIO(run.out)))
    assert list(rows[0]) == CSV_FIELDS
    assert len(rows) == 2
    first = rows[0]
    assert first["article"] == "tide"
    assert first["speaker"] == "Lena Ostrova"
    assert first["kind"] == "direct"
    assert first["cue"] == "said"
    assert ARTICLE[int(first["start"]) : int(first["end"])] == first["quote"]
    assert json.loads(first["spans"]) == [[int(first["start"]), int(first["end"])]]


def test_output_option_writes_the_file_and_nothing_to_stdout(cli, article_file, tmp_path):
    target = tmp_path / "out"
    target.mkdir()
    target = target / "quotes.jsonl"
    run = cli("extract", "--format", "jsonl", "--output", target, article_file)
    assert run.code == 0
    assert run.out == ""
    assert jsonl(target.read_text(encoding="utf-8"))[0]["id"] == "tide"


def test_short_output_option(cli, article_file, tmp_path):
    target = tmp_path / "quotes.csv"
    assert cli("extract", "--format", "csv", "-o", target, article_file).code == 0
    assert target.read_text(encoding="utf-8").startswith(",".join(CSV_FIELDS))


def test_stdin_plain_text(cli):
    run = cli("extract", "--format", "jsonl", "-", stdin=ARTICLE.encode("utf-8"))
    assert run.code == 0
    (obj,) = jsonl(run.out)
    assert obj["id"] == "stdin"
    assert len(obj["quotes"]) == 2


def test_stdin_json_lines_keeps_ids(cli):
    lines = "\n".join(json.dumps({"id": i, "text": t}) for i, t in [("s-1", ARTICLE), ("s-2", OTHER)])
    run = cli("extract", "--format", "jsonl", "-", stdin=lines.encode("utf-8"))
    assert run.code == 0
    assert [o["id"] for o in jsonl(run.out)] == ["s-1", "s-2"]


def test_stdin_through_the_real_executable(cli_process):
    run = cli_process("extract", "--format", "jsonl", "-", stdin=ARTICLE.encode("utf-8"))
    assert run.code == 0, run.err
    (obj,) = jsonl(run.out)
    assert obj["quotes"][0]["speaker"]["name"] == "Lena Ostrova"


def test_jsonl_input_keeps_ids_and_order(cli, tmp_path):
    path = tmp_path / "batch.jsonl"
    records = [
        {"id": "courier-17", "text": ARTICLE, "outlet": "The Velmora Courier"},
        {"doc": "gazette-3", "text": OTHER},
        {"id": 42, "text": "Nothing was said here."},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    run = cli("extract", "--format", "jsonl", path)
    assert run.code == 0
    out = jsonl(run.out)
    assert [o["id"] for o in out] == ["courier-17", "gazette-3", "42"]
    assert [len(o["quotes"]) for o in out] == [2, 1, 0]
    assert "3 articles" in run.err


def test_html_page_is_read_through_trafilatura(cli, repo_root):
    page = repo_root / "tests" / "data" / "ferry-page.html"
    run = cli("extract", "--format", "jsonl", page)
    assert run.code == 0, run.err
    (obj,) = jsonl(run.out)
    # the page's canonical URL is its id; navigation and footer are not article text
    assert obj["id"] == "https://courier.example.org/2026/03/ferry-returns"
    names = [q["speaker"]["name"] for q in obj["quotes"]]
    assert "Lena Ostrova" in names and "Emil Sandvik" in names
    assert not any("rights reserved" in q["text"] for q in obj["quotes"])


def test_html_offsets_point_into_the_extracted_text(repo_root):
    from saidwhat.read import read_sources

    (article,) = list(read_sources([str(repo_root / "tests" / "data" / "ferry-page.html")]))
    assert article.title.startswith("Ferry to Lunden Isle")
    assert article.outlet == "The Velmora Courier"
    assert "Most read" not in article.text and "Privacy" not in article.text
    import saidwhat

    for q in saidwhat.extract(article.text):
        for s in q.spans:
            assert s.text_of(article.text) in article.text


def test_several_files_in_the_order_given(cli, tmp_path):
    paths = []
    for name, text in [("b-first", OTHER), ("a-second", ARTICLE)]:
        path = tmp_path / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    run = cli("extract", "--format", "jsonl", "--no-progress", *paths)
    assert run.code == 0
    assert [o["id"] for o in jsonl(run.out)] == ["b-first", "a-second"]


def test_help_explains_every_command(cli_process):
    top = cli_process("--help")
    assert top.code == 0
    assert "extract" in top.out and "eval" in top.out
    sub = cli_process("extract", "--help")
    assert sub.code == 0
    assert "--format" in sub.out and "Exit status" in sub.out


def test_no_command_prints_help_and_fails(cli):
    run = cli()
    assert run.code == 2
    assert "COMMAND" in run.out


def test_version(cli_process):
    run = cli_process("--version")
    assert run.code == 0
    assert run.out.startswith("saidwhat ")


def run_with_terminal_stderr(args: list[str]) -> tuple[int, str]:
    """Run the real executable with standard error on a pseudo-terminal, as in an interactive shell."""
    import os
    import pty
    import subprocess

    from conftest import saidwhat_exe

    main_fd, child_fd = pty.openpty()
    # a new pseudo-terminal is 0 columns wide, where the bar has no room to draw
    import fcntl
    import struct
    import termios

    fcntl.ioctl(child_fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    proc = subprocess.Popen([saidwhat_exe(), *args], stdout=subprocess.DEVNULL, stderr=child_fd)
    os.close(child_fd)
    chunks = []
    while True:
        try:
            data = os.read(main_fd, 4096)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(main_fd)
    return proc.wait(timeout=300), b"".join(chunks).decode("utf-8", "replace")


def test_progress_bar_on_a_terminal_for_many_articles(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps({"id": f"n{i}", "text": OTHER}) for i in range(20)) + "\n",
                    encoding="utf-8")
    code, err = run_with_terminal_stderr(["extract", "--format", "jsonl", str(path)])
    assert code == 0
    assert "20 articles" in err and "articles/s" in err
    code, err = run_with_terminal_stderr(["extract", "--format", "jsonl", "--no-progress", str(path)])
    assert code == 0
    assert "%|" not in err and "20 articles, 20 quotes, 0 failed" in err
