"""Extraction of an article stream on this machine: in this process or on worker processes.

The stream is cut into chunks; with workers, at most a few chunks per worker are in flight, so
memory stays bounded however long the input, and results come back in input order.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice

from ..errors import EngineError
from ..model import Article, Result

log = logging.getLogger(__name__)

#: Articles (and read problems) per chunk sent to a worker: large enough that the per-chunk cost
#: of pickling is small, small enough that workers finish close together at the end of a run.
CHUNK = 16
#: Chunks in flight per worker: one running, one queued so a worker never waits for the reader.
IN_FLIGHT = 2


def default_workers() -> int:
    """The number of cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def problem_result(problem) -> Result:  # type: ignore[no-untyped-def]
    """A ``ReadProblem`` in the output, in its place: an empty article with the problem as error."""
    return Result(article=Article(id=problem.id, text=""), errors=(problem.message,))


def _chunks(items: Iterable, size: int) -> Iterator[list]:  # type: ignore[type-arg]
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def extract_chunk(chunk: list, pipeline) -> list[Result]:  # type: ignore[no-untyped-def,type-arg]
    """Results for a chunk of articles and read problems, in its order."""
    articles = [item for item in chunk if isinstance(item, Article)]
    done = iter(pipeline.pipe(articles, batch_size=max(1, len(articles)))) if articles else iter(())
    return [next(done) if isinstance(item, Article) else problem_result(item) for item in chunk]


_worker_pipeline = None


def _init_worker(model: str) -> None:
    global _worker_pipeline
    import signal

    from ..extract import load_pipeline

    # Ctrl-C is the parent's to handle: it stops feeding chunks and shuts the pool down cleanly.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A parent killed outright (SIGKILL, out of memory) cannot shut the pool down: the worker
    # leaves on its own when it finds itself orphaned, instead of idling with a model in memory.
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True, name="parent-watch").start()

    # The model is loaded once per worker process and kept for every chunk it is given.
    _worker_pipeline = load_pipeline(model)


def _exit_with_parent(parent: int, every: float = 1.0) -> None:
    while os.getppid() == parent:
        time.sleep(every)
    os._exit(1)


def _work(chunk: list) -> list[Result]:  # type: ignore[type-arg]
    return extract_chunk(chunk, _worker_pipeline)


def extract_stream(
    items: Iterable,
    *,
    workers: int = 1,
    chunk_size: int = CHUNK,
    model: str | None = None,  # type: ignore[type-arg]
) -> Iterator[Result]:
    """One ``Result`` per item (``Article`` or ``ReadProblem``), in input order.

    ``workers=1`` runs in this process; more start that many worker processes, each loading the
    model once. Items are read lazily: at most ``workers * IN_FLIGHT`` chunks are held at once.
    """
    from ..extract import DEFAULT_MODEL, load_pipeline

    model = model or DEFAULT_MODEL
    if workers <= 1:
        pipeline = load_pipeline(model)
        for chunk in _chunks(items, chunk_size):
            yield from extract_chunk(chunk, pipeline)
        return
    from ..learn import check_models

    # each worker loads the tagger itself: a wrong setting is one clear error here, not N failing workers
    check_models()
    yield from _pool(items, workers=workers, chunk_size=chunk_size, model=model)


def _pool(items: Iterable, *, workers: int, chunk_size: int, model: str) -> Iterator[Result]:  # type: ignore[type-arg]
    # spawn, not fork: a forked child would inherit the parent's threads and open files, and
    # each worker loads its own model anyway.
    ctx = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=ctx, initializer=_init_worker, initargs=(model,)
    )
    pending: deque[Future[list[Result]]] = deque()
    chunks = _chunks(items, chunk_size)
    try:
        for chunk in chunks:
            pending.append(pool.submit(_work, chunk))
            if len(pending) >= workers * IN_FLIGHT:
                yield from _collect(pending.popleft())
        while pending:
            yield from _collect(pending.popleft())
    finally:
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def _collect(future: Future[list[Result]]) -> list[Result]:
    try:
        return future.result()
    except BrokenProcessPool as exc:
        raise EngineError(
            "a worker process died (out of memory or killed)",
            hint="the output so far is complete: rerun with --resume (and fewer --workers if "
            "memory ran out)",
        ) from exc
