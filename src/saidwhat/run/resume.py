"""Continue an interrupted JSON Lines run: keep the complete records already written, drop a
half-written last line, and skip exactly those inputs, checking that they are the same articles.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..errors import EngineError
from ..model import Article

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ResumePoint:
    """What an earlier run left: the ids of its complete records, and where they end in the file."""

    ids: tuple[str, ...]
    size: int
    dropped: int


def find_resume_point(path: str) -> ResumePoint:
    """The complete records at the head of ``path`` (none if it does not exist).

    A record is complete when its line ends with a newline and parses as a JSON object with an
    id; reading stops at the first line that is not, and everything from there on is dropped.
    """
    if not os.path.exists(path):
        return ResumePoint(ids=(), size=0, dropped=0)
    ids: list[str] = []
    good = 0
    total = os.path.getsize(path)
    with open(path, "rb") as f:
        for line in f:
            if not line.endswith(b"\n"):
                break
            try:
                obj = json.loads(line)
            except ValueError:
                break
            if not isinstance(obj, dict) or "id" not in obj:
                raise EngineError(
                    f"{path} is not saidwhat JSON Lines output (a line without an id)",
                    hint="resume only into the -o file of an earlier jsonl run",
                )
            ids.append(str(obj["id"]))
            good += len(line)
    return ResumePoint(ids=tuple(ids), size=good, dropped=total - good)


def truncate_to(path: str, point: ResumePoint) -> None:
    """Cut a half-written last record off the output so appending continues on a clean line."""
    if point.dropped:
        log.warning("%s: dropping %d bytes of an incomplete last record", path, point.dropped)
        with open(path, "r+b") as f:
            f.truncate(point.size)


def skip_done(items: Iterable, point: ResumePoint) -> Iterator:  # type: ignore[type-arg]
    """``items`` without the first ``len(point.ids)``, which must be the articles already done."""
    it = iter(items)
    for n, done_id in enumerate(point.ids):
        item = next(it, None)
        if item is None:
            raise EngineError(
                f"the output has {len(point.ids)} records but the input only {n}",
                hint="resume with the same inputs as the interrupted run",
            )
        item_id = item.id if isinstance(item, Article) else getattr(item, "id", None)
        if item_id != done_id:
            raise EngineError(
                f"record {n + 1} of the output is {done_id!r} but the input has {item_id!r} there",
                hint="resume with the same inputs, in the same order, as the interrupted run",
            )
    yield from it
