"""Bad input never stops a batch: each broken article gets its own entry in ``errors`` (or a
warning), the other articles are still extracted, and the exit status says whether any failed."""

from __future__ import annotations

import json
import random
import time

import pytest

GOOD = "“The tide is early this year,” Mayor Lena Ostrova said on Tuesday."


def jsonl(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


@pytest.fixture
def good(tmp_path):
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


def unbalanced_marks_text(n: int = 600) -> str:
    rng = random.Random(11)
    marks = ["“", "”", '"', "'", "«", "»", "„", "‘", "’", "``", "''"]
    words = ["the", "quay", "said", "Mayor", "Lena", "Ostrova", "storm", ",", "."]
    parts = ["Mayor Lena Ostrova said the harbour would stay open."]
    for i in range(n):
        parts.append(rng.choice(marks) + " ".join(rng.choice(words) for _ in range(rng.randint(1, 6))))
        if i % 40 == 39:
            parts.append("\n")
    return " ".join(parts)


def check_batch(run, ids_ok, ids_failed):
    """Every article is in the output, in order; failed ones carry errors naming them."""
    out = jsonl(run.out)
    by_id = {o["id"]: o for o in out}
    for aid in ids_ok:
        assert by_id[aid]["errors"] == [], by_id[aid]
    for aid in ids_failed:
        assert by_id[aid]["errors"], by_id[aid]
        assert by_id[aid]["quotes"] == []
    return out


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b" \n\n\t \n", "empty"),
        ("binary.bin", bytes(range(256)) * 40, "binary"),
        ("nul.txt", b"Mayor Lena Ostrova said\x00\x00 the quay is open.", "binary"),
    ],
    ids=["empty", "blank", "binary", "nul-bytes"],
)
def test_unusable_file_is_an_error_entry_and_the_batch_goes_on(cli, tmp_path, good, name, data, words):
    bad = tmp_path / name
    bad.write_bytes(data)
    run = cli("extract", "--format", "jsonl", bad, good)
    assert run.code == 1
    first, second = jsonl(run.out)
    assert first["quotes"] == []
    (error,) = first["errors"]
    # the error is recorded with the article's id (the file name without its suffix)
    assert words in error and name.split(".")[0] in error
    assert second["id"] == "good" and second["errors"] == [] and len(second["quotes"]) == 1
    assert "1 failed" in run.err
    assert error in run.err


def test_invalid_utf8_is_a_warning_and_the_article_is_still_read(cli_process, tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes('"The quay is open," Mayor Lena Ostrova said in Tórshavn.'.encode("latin-1"))
    run = cli_process("extract", "--format", "jsonl", path)
    assert run.code == 0, run.err
    assert "invalid UTF-8" in run.err and "latin.txt" in run.err
    (obj,) = jsonl(run.out)
    assert obj["errors"] == []
    text = path.read_bytes().decode("utf-8", errors="replace")
    for q in obj["quotes"]:
        for start, end in q["spans"]:
            assert text[start:end] in q["text"]


def test_a_20_mb_article_is_refused_quickly_and_the_batch_goes_on(cli, tmp_path, good):
    big = tmp_path / "dump.txt"
    sentence = "The council met again and said nothing new about the bridge. "
    big.write_text(sentence * (20_000_000 // len(sentence) + 1), encoding="utf-8")
    assert big.stat().st_size >= 20_000_000
    started = time.perf_counter()
    run = cli("extract", "--format", "jsonl", big, good)
    assert time.perf_counter() - started < 60
    assert run.code == 1
    out = check_batch(run, ["good"], ["dump"])
    assert "too large" in out[0]["errors"][0]
    assert "--max-chars" in out[0]["errors"][0]


def test_max_chars_sets_the_limit(cli, tmp_path):
    path = tmp_path / "long.txt"
    path.write_text(GOOD * 5, encoding="utf-8")
    assert cli("extract", "--format", "jsonl", "--max-chars", "50", path).code == 1
    assert cli("extract", "--format", "jsonl", "--max-chars", "100000", path).code == 0


def test_hundreds_of_unbalanced_marks_extract_without_error(cli, tmp_path):
    path = tmp_path / "marks.txt"
    text = unbalanced_marks_text()
    assert sum(text.count(m) for m in "“”\"«»„‘’") > 300
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    run = cli("extract", "--format", "jsonl", path)
    assert time.perf_counter() - started < 60
    assert run.code == 0, run.err
    (obj,) = jsonl(run.out)
    assert obj["errors"] == []
    for q in obj["quotes"]:
        for start, end in q["spans"]:
            assert 0 <= start < end <= len(text)
            assert text[start:end] in q["text"]
    assert obj["quotes"][0]["speaker"]["name"] == "Lena Ostrova"


def test_broken_json_line_is_an_error_entry_and_other_lines_are_extracted(cli, tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(
        json.dumps({"id": "first", "text": GOOD}) + "\n"
        + '{"id": "broken", "text": "never closed\n'
        + "[1, 2, 3]\n"
        + json.dumps({"id": "no-text", "headline": GOOD}) + "\n"
        + json.dumps({"id": "empty-text", "text": ""}) + "\n"
        + json.dumps({"id": "last", "text": "Officials said the pier would close at noon."}) + "\n",
        encoding="utf-8",
    )
    run = cli("extract", "--format", "jsonl", path)
    assert run.code == 1
    out = jsonl(run.out)
    assert len(out) == 6
    assert out[0]["id"] == "first" and len(out[0]["quotes"]) == 1
    assert out[-1]["id"] == "last" and len(out[-1]["quotes"]) == 1
    # a line that is not an article is named by file and line number
    assert out[1]["id"].endswith("batch.jsonl:2") and out[1]["errors"]
    assert out[2]["id"].endswith("batch.jsonl:3") and "JSON object" in out[2]["errors"][0]
    assert "text" in out[3]["errors"][0]
    assert out[4]["id"] == "empty-text" and "empty" in out[4]["errors"][0]
    assert "6 articles" in run.err and "4 failed" in run.err


def test_missing_file_is_an_error_entry(cli, tmp_path, good):
    run = cli("extract", "--format", "jsonl", tmp_path / "nowhere.txt", good)
    assert run.code == 1
    first, second = jsonl(run.out)
    assert "no such file" in first["errors"][0]
    assert second["errors"] == []


def test_every_kind_of_bad_input_in_one_run_of_the_real_executable(cli_process, tmp_path, good):
    """One batch holding all the bad inputs at once; exit status 1, good articles extracted."""
    files = {
        "empty.txt": b"",
        "binary.bin": bytes(range(256)) * 40,
        "latin.txt": "Mayor Lena Ostrova said the café would reopen.".encode("latin-1"),
        "marks.txt": unbalanced_marks_text(300).encode("utf-8"),
        "batch.jsonl": (json.dumps({"id": "j-ok", "text": GOOD}) + "\n{broken\n").encode("utf-8"),
    }
    paths = []
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        paths.append(tmp_path / name)
    big = tmp_path / "big.txt"
    big.write_text("word " * 4_100_000, encoding="utf-8")
    run = cli_process("extract", "--format", "jsonl", *paths, big, good)
    assert run.code == 1
    out = jsonl(run.out)
    ids = [o["id"] for o in out]
    assert ids[0] == "empty" and ids[-1] == "good" and ids[-2] == "big"
    failed = [o["id"] for o in out if o["errors"]]
    assert len(failed) == 4  # empty, binary, the broken JSON line, the 20 MB text
    ok = {o["id"]: o for o in out if not o["errors"]}
    assert set(ok) == {"latin", "marks", "j-ok", "good"}
    assert ok["j-ok"]["quotes"] and ok["good"]["quotes"] and ok["latin"]["quotes"]
    assert "8 articles" in run.err and "4 failed" in run.err


def test_exit_status_is_zero_when_every_article_succeeds(cli_process, good):
    assert cli_process("extract", "--format", "jsonl", good).code == 0


def test_library_records_a_failing_article_and_goes_on(pipeline):
    """Even an article that makes a stage raise comes back as a Result with errors."""
    from saidwhat.model import Article

    class Exploding(str):
        # a text whose slicing fails: stands in for any unexpected fault inside a stage
        def __getitem__(self, key):
            raise RuntimeError("boom")

    articles = [Article(id="ok-1", text=GOOD), Article(id="bad", text=Exploding(GOOD)),
                Article(id="ok-2", text=GOOD)]
    results = list(pipeline.pipe(articles))
    assert [r.article.id for r in results] == ["ok-1", "bad", "ok-2"]
    assert results[0].ok and results[2].ok
    assert not results[1].ok and "bad" in results[1].errors[0]
