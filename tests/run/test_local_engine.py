"""The local engine: a worker pool gives the same results in the same order as one process, and an
interrupted run resumes from its output without duplicates or losses."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from invented import article, write_jsonl

from saidwhat.errors import EngineError
from saidwhat.model import Article
from saidwhat.read import ReadProblem, read_sources
from saidwhat.run import extract_stream, find_resume_point, skip_done

SAIDWHAT = [sys.executable, "-c", "import sys; from saidwhat.cli import main; sys.exit(main())"]


def test_pool_matches_one_process_in_order(tmp_path: Path):
    path = write_jsonl(tmp_path / "corpus.jsonl", 0, 40)
    with open(path, "a", encoding="utf-8") as f:
        f.write("{broken\n")  # a read problem keeps its place in the output
    write_jsonl(tmp_path / "more.jsonl", 40, 9)
    sources = [str(path), str(tmp_path / "more.jsonl")]
    serial = [r.to_dict() for r in extract_stream(read_sources(sources), workers=1)]
    pooled = [r.to_dict() for r in extract_stream(read_sources(sources), workers=2, chunk_size=5)]
    assert pooled == serial
    assert [r["id"] for r in serial[:2]] == ["inv-0000", "inv-0001"]
    assert len(serial) == 50 and serial[40]["errors"] and serial[41]["id"] == "inv-0040"
    assert sum(len(r["quotes"]) for r in serial) >= 4 * 49
    speakers = {q["speaker"]["name"] for r in serial for q in r["quotes"]}
    assert {"Ida Brandt", "Kofi Ashgrove"} <= speakers


def test_skip_done_checks_the_inputs_are_the_same(tmp_path: Path):
    items = [Article(id="a", text="x"), ReadProblem(id="b", source="s", position=2, message="m"),
             Article(id="c", text="y")]
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "a", "quotes": []}\n{"id": "b", "quotes": []}\n{"id": "c", "quo', encoding="utf-8")
    point = find_resume_point(str(out))
    assert point.ids == ("a", "b") and point.dropped == len('{"id": "c", "quo')
    assert [i.id for i in skip_done(items, point)] == ["c"]
    out.write_text('{"id": "a"}\n{"id": "z"}\n', encoding="utf-8")
    with pytest.raises(EngineError, match="record 2"):
        list(skip_done(items, find_resume_point(str(out))))


def _run(args, **kw):
    return subprocess.run([*SAIDWHAT, *args], capture_output=True, text=True, timeout=300, **kw)


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux /proc)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def alive(pid: int) -> bool:
    """Whether ``pid`` is a process that has not exited (a zombie has)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_resume_after_kill_has_no_duplicates_or_losses(tmp_path: Path):
    corpus = write_jsonl(tmp_path / "corpus.jsonl", 0, 400)
    full = tmp_path / "full.jsonl"
    done = _run(["extract", str(corpus), "--format", "jsonl", "-o", str(full), "--workers", "1"])
    assert done.returncode == 0, done.stderr
    expected = full.read_text(encoding="utf-8").splitlines()
    assert len(expected) == 400

    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen([*SAIDWHAT, "extract", str(corpus), "--format", "jsonl", "-o", str(out),
                             "--workers", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None:
        if out.exists() and out.stat().st_size > 20_000:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run finished before it could be interrupted"
    workers = children(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)  # no chance to flush or clean up
    proc.wait()
    # the workers leave with their parent instead of idling on with a model loaded
    assert workers, "--workers 2 runs on worker processes"
    deadline = time.monotonic() + 20
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(pid) for pid in workers), "worker processes outlived their killed parent"
    partial = out.read_bytes()
    assert 0 < partial.count(b"\n") < 400
    with open(out, "ab") as f:  # as if killed in the middle of writing a record
        f.write(b'{"id": "inv-99')

    resumed = _run(["extract", str(corpus), "--format", "jsonl", "-o", str(out), "--resume", "--workers", "2"])
    assert resumed.returncode == 0, resumed.stderr
    assert "resuming after" in resumed.stderr
    assert out.read_text(encoding="utf-8").splitlines() == expected

    again = _run(["extract", str(corpus), "--format", "jsonl", "-o", str(out), "--resume"])
    assert again.returncode == 0 and out.read_text(encoding="utf-8").splitlines() == expected


def test_resume_needs_jsonl_output(tmp_path: Path):
    corpus = write_jsonl(tmp_path / "c.jsonl", 0, 2)
    bad = _run(["extract", str(corpus), "--resume"])
    assert bad.returncode == 2 and "--resume needs -o PATH" in bad.stderr


def test_other_inputs_fail_resume(tmp_path: Path):
    out = tmp_path / "out.jsonl"
    out.write_text(json.dumps({"id": "someone-else", "quotes": [], "errors": []}) + "\n", encoding="utf-8")
    corpus = write_jsonl(tmp_path / "c.jsonl", 0, 2)
    bad = _run(["extract", str(corpus), "--format", "jsonl", "-o", str(out), "--resume", "--workers", "1"])
    assert bad.returncode == 5 and "same inputs" in bad.stderr
    assert article(0)["id"] in bad.stderr
