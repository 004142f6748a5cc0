"""Engines that run the same extraction over many articles: this process, a local pool of worker
processes, or a Spark cluster. Every engine gives the same results in the same order.

    local.py    in-process and worker-pool extraction of a stream, order kept, memory bounded
    resume.py   continue an interrupted JSON Lines run without duplicates or losses
    spark.py    the Spark job (``saidwhat extract --engine spark`` and ``spark-submit``)
"""

from __future__ import annotations

from .local import default_workers, extract_stream, problem_result
from .resume import ResumePoint, find_resume_point, skip_done

__all__ = [
    "ResumePoint",
    "default_workers",
    "extract_stream",
    "find_resume_point",
    "problem_result",
    "skip_done",
]
