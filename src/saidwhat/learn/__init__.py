"""Learned attribution: a token tagger for content, cue and source trained on gold attributions.

    features  token features read off the spaCy parse         (features.py)
    tagger    the trained network at extraction time, NumPy     (tagger.py)
    combine   tags → attributions, merged with the rules'       (combine.py)
    train     training with PyTorch, `saidwhat train`           (train.py)
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .tagger import BUNDLED_MODEL, Tagger

__all__ = ["BUNDLED_MODEL", "Tagger", "load_tagger"]


@lru_cache(maxsize=4)
def load_tagger(path: str | Path = "bundled") -> Tagger:
    """The tagger in folder ``path`` (``"bundled"``: the one shipped in the package), loaded once."""
    return Tagger.load(BUNDLED_MODEL if str(path) == "bundled" else Path(path))
