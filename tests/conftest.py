"""Shared fixtures: the repository root, the ../shared data folder, the loaded pipeline, CLI runners.

Data under ../shared belongs to its publishers and never enters the repository; tests that need it
find it through ``SAIDWHAT_SHARED`` (default: ``../shared`` beside the checkout) and skip otherwise.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    return Path(os.environ.get("SAIDWHAT_SHARED") or ROOT.parent / "shared").resolve()


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared data folder; tests using it skip with a clear message when it is absent."""
    path = shared_dir()
    if not (path / "data").is_dir():
        if os.environ.get("CI"):
            # CI always has ../shared beside the checkout: a missing folder must not pass the gate silently
            pytest.fail(f"../shared data not found in CI (looked in {path}); set SAIDWHAT_SHARED")
        pytest.skip(
            f"../shared data not found: set SAIDWHAT_SHARED to the folder holding data/ and tools/ "
            f"(looked in {path})"
        )
    return path


@pytest.fixture(scope="session")
def pipeline():
    from saidwhat import load_pipeline

    return load_pipeline()


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run ``saidwhat ARGS`` in this process (the model stays loaded); ``stdin`` feeds ``-``."""
    from saidwhat.cli import main

    # --attribution-model and --speaker-model set these for worker processes: put them back after the test
    monkeypatch.setenv("SAIDWHAT_ATTRIBUTION_MODEL", os.environ.get("SAIDWHAT_ATTRIBUTION_MODEL", ""))
    monkeypatch.setenv("SAIDWHAT_SPEAKER_MODEL", os.environ.get("SAIDWHAT_SPEAKER_MODEL", ""))

    def run(*args: str, stdin: bytes | None = None) -> Run:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def saidwhat_exe() -> str:
    """The installed console script beside this interpreter (``.venv/bin/saidwhat``)."""
    exe = Path(sys.executable).parent / "saidwhat"
    if not exe.exists():
        pytest.skip(f"the saidwhat console script is not installed beside {sys.executable}")
    return str(exe)


@pytest.fixture
def cli_process():
    """Run the real ``saidwhat`` executable in a child process, as a user would."""

    def run(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> Run:
        proc = subprocess.run(
            [saidwhat_exe(), *map(str, args)], input=stdin, capture_output=True, cwd=cwd, timeout=300
        )
        return Run(proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8", "replace"))

    return run


def pytest_collection_modifyitems(items):
    # `-m "not shared"` runs everything that does not need the ../shared data
    for item in items:
        if "shared" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.shared)
