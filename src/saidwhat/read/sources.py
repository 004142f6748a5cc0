"""Turn what a user names (files, directories, globs, ``-``) into an ordered list of inputs,
and open each one as a byte stream, decompressing gzip, bz2 and zstd on the fly.

Every byte read from disk is counted in a ``ReadStats`` so a progress bar can show how far a run
is through its input (the number of articles in a compressed dump is not known in advance).
"""

from __future__ import annotations

import bz2
import glob
import gzip
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from ..errors import InputError

COMPRESSED = {".gz": "gzip", ".bz2": "bz2", ".zst": "zstd", ".zstd": "zstd"}
MAGIC = ((b"\x1f\x8b", "gzip"), (b"BZh", "bz2"), (b"\x28\xb5\x2f\xfd", "zstd"))

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
CSV_SUFFIXES = {".csv", ".tsv"}
WARC_SUFFIXES = {".warc", ".arc"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
#: What a directory walk picks up; an explicitly named file of another suffix is read as text.
KNOWN_SUFFIXES = (
    TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES | WARC_SUFFIXES | PARQUET_SUFFIXES
)
GLOB_CHARS = set("*?[")


@dataclass(slots=True)
class ReadStats:
    """Counters a reader fills while it streams (mutable: shared with a progress display)."""

    bytes_total: int | None = 0
    bytes_read: int = 0
    records: int = 0
    articles: int = 0
    problems: int = 0
    skipped: int = 0
    files: list[str] = field(default_factory=list)


def split_suffix(name: str) -> tuple[str, str | None]:
    """Format suffix and compression of ``name``: ``a.warc.gz`` → (".warc", "gzip")."""
    lower = name.lower()
    compression = None
    for suffix, kind in COMPRESSED.items():
        if lower.endswith(suffix):
            compression = kind
            lower = lower[: -len(suffix)]
            break
    return os.path.splitext(lower)[1], compression


def expand_sources(sources: list[str] | tuple[str, ...]) -> list[tuple[str, str | None]]:
    """Each input in reading order, as (path or ``-``, problem message or None).

    Directories are walked recursively and globs expanded, both sorted by path so that every run
    (and every engine) sees the same order; a name that matches nothing stays in the list with a
    problem message, so the run reports it in its place and goes on.
    """
    out: list[tuple[str, str | None]] = []
    for source in sources:
        if source == "-":
            out.append((source, None))
            continue
        path = Path(source)
        if path.is_dir():
            found = sorted(
                str(p)
                for p in path.rglob("*")
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and split_suffix(p.name)[0] in KNOWN_SUFFIXES
            )
            if not found:
                out.append((source, f"{source}: no article files in this directory"))
            out.extend((f, None) for f in found)
        elif path.exists():
            out.append((source, None))
        elif GLOB_CHARS & set(source):
            found = sorted(f for f in glob.glob(source, recursive=True) if os.path.isfile(f))
            if not found:
                out.append((source, f"{source}: no files match this pattern"))
            out.extend((f, None) for f in found)
        else:
            out.append((source, f"{source}: no such file"))
    return out


class _Counted(io.RawIOBase):
    """A raw file that adds every byte it reads to ``stats.bytes_read``."""

    def __init__(self, raw: IO[bytes], stats: ReadStats) -> None:
        self._raw = raw
        self._stats = stats

    def readable(self) -> bool:
        return True

    # WARC readers seek to check record framing; reads after a seek are counted again, which
    # only moves a progress bar a little early.
    def seekable(self) -> bool:
        return self._raw.seekable()

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._raw.seek(offset, whence)

    def tell(self) -> int:
        return self._raw.tell()

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        n = self._raw.readinto(buffer)  # type: ignore[attr-defined]
        if n:
            self._stats.bytes_read += n
        return n

    def close(self) -> None:
        self._raw.close()
        super().close()


def open_binary(path: str, stats: ReadStats | None = None, *, decompress: bool = True) -> IO[bytes]:
    """``path`` as a stream of decompressed bytes (compression told by suffix or magic bytes).

    ``decompress=False`` gives the bytes as stored, for readers that decompress themselves.
    """
    raw: IO[bytes] = open(path, "rb", buffering=0)  # noqa: SIM115 - closed by the caller
    head = raw.read(4)
    raw.seek(0)
    if stats is not None:
        raw = io.BufferedReader(_Counted(raw, stats), buffer_size=1 << 16)
    else:
        raw = io.BufferedReader(raw, buffer_size=1 << 16)  # type: ignore[arg-type]
    kind = split_suffix(path)[1] or next((k for magic, k in MAGIC if head.startswith(magic)), None)
    if not decompress:
        return raw
    if kind == "gzip":
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    if kind == "bz2":
        return bz2.BZ2File(raw, mode="rb")  # type: ignore[return-value]
    if kind == "zstd":
        try:
            import zstandard
        except ImportError as exc:
            raw.close()
            raise InputError(
                f"{path}: reading zstd needs the zstandard package", hint="pip install zstandard"
            ) from exc

        # read_across_frames: dumps are often many frames written one after another
        reader = zstandard.ZstdDecompressor().stream_reader(
            raw, read_across_frames=True, closefd=True
        )
        return io.BufferedReader(reader, buffer_size=1 << 16)  # type: ignore[arg-type]
    return raw
