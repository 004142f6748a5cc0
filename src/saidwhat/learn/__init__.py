"""Learned attribution: a token tagger for content, cue and source trained on gold attributions.

    features      token features read off the spaCy parse               (features.py)
    tagger        the convolutional tagger at extraction time, NumPy    (tagger.py)
    minilm        the transformer tagger (MiniLM) at extraction time    (minilm.py)
    combine       tags → attributions, merged with the rules'           (combine.py)
    train         training with PyTorch, `saidwhat train`               (train.py, train_minilm.py)
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from .minilm import BUNDLED_MINILM, MiniLMTagger
from .tagger import BUNDLED_MODEL, Tagger

__all__ = ["BUNDLED_MINILM", "BUNDLED_MODEL", "MiniLMTagger", "Tagger", "load_tagger"]

#: Names of the shipped taggers: the default, and the slower, more accurate transformer.
SHIPPED = {"bundled": BUNDLED_MODEL, "accurate": BUNDLED_MINILM}


@lru_cache(maxsize=4)
def load_tagger(path: str | Path = "bundled") -> Tagger | MiniLMTagger:
    """The tagger in folder ``path`` (``"bundled"``: the convolutional one shipped in the package,
    ``"accurate"``: the shipped transformer), loaded once."""
    folder = SHIPPED.get(str(path), Path(path))
    meta = folder / "meta.json"
    if meta.is_file() and json.loads(meta.read_text(encoding="utf-8")).get("design") == "minilm":
        return MiniLMTagger.load(folder)
    return Tagger.load(folder)
