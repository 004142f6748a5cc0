"""A progress bar for long runs: how far through the input (by bytes read, since the number of
articles in a compressed dump is unknown until it is read), articles per second and time left.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator

from ..model import Result
from ..read import ReadStats


def with_progress(
    results: Iterable[Result], stats: ReadStats, *, done: int = 0
) -> Iterator[Result]:
    """``results`` unchanged, drawing a bar on standard error; ``done`` counts resumed articles."""
    from tqdm import tqdm

    total = stats.bytes_total or None
    # "extract: 1,234 articles [56.7 articles/s], 00:21<01:40  12%|██      |"
    fmt = "extract: {desc}, {elapsed}<{remaining} {percentage:3.0f}%|{bar}|" if total else "extract: {desc}, {elapsed}"
    bar = tqdm(
        total=total,
        unit="B",
        unit_scale=True,
        file=sys.stderr,
        desc="0 articles",
        bar_format=fmt,
        mininterval=0.5,
        dynamic_ncols=True,
    )
    start = time.monotonic()
    count = 0
    try:
        for result in results:
            count += 1
            rate = count / max(time.monotonic() - start, 1e-6)
            status = f"{done + count:,} articles [{rate:.1f} articles/s]"
            bar.set_description_str(status, refresh=False)
            bar.update(max(0, stats.bytes_read - bar.n))
            yield result
    finally:
        bar.close()
