"""Learned attribution: a token tagger for content, cue and source trained on gold attributions.

    features      token features read off the spaCy parse               (features.py)
    tagger        the convolutional tagger at extraction time, NumPy    (tagger.py)
    minilm        the transformer tagger (MiniLM) at extraction time    (minilm.py)
    combine       tags → attributions, merged with the rules'           (combine.py)
    speakers      the ranker over speaker-mention candidates             (speakers.py)
    train         training with PyTorch, `saidwhat train`               (train*.py)
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from .minilm import BUNDLED_MINILM, MiniLMTagger
from .tagger import BUNDLED_MODEL, Tagger

__all__ = ["BUNDLED_MINILM", "BUNDLED_MODEL", "MiniLMTagger", "Tagger", "check_models", "check_tagger", "load_tagger"]

#: Names of the shipped taggers: the default, and the slower, more accurate transformer.
SHIPPED = {"bundled": BUNDLED_MODEL, "accurate": BUNDLED_MINILM}


def _folder(path: str | Path) -> tuple[Path, str | None]:
    """The folder a tagger name or path means, and the design its metadata records (None when
    there is no metadata: loading says what is missing)."""
    folder = SHIPPED.get(str(path), Path(str(path)))
    meta = folder / "meta.json"
    design = json.loads(meta.read_text(encoding="utf-8")).get("design", "cnn") if meta.is_file() else None
    return folder, design


@lru_cache(maxsize=4)
def load_tagger(path: str | Path = "bundled") -> Tagger | MiniLMTagger:
    """The tagger in folder ``path`` (``"bundled"``: the convolutional one shipped in the package,
    ``"accurate"``: the shipped transformer), loaded once."""
    folder, design = _folder(path)
    return MiniLMTagger.load(folder) if design == "minilm" else Tagger.load(folder)


def check_tagger(path: str | Path | None) -> None:
    """Raise the ``ModelError`` that loading the tagger ``path`` would raise for a missing folder,
    file or base package, without loading it: a check made before worker processes start, so a
    wrong name is one clear error and not a pool of failing workers."""
    from ..errors import ModelError
    from .minilm import base_dir

    if path in (None, "none"):
        return
    folder, design = _folder(path)
    if design is None or not (folder / "weights.npz").is_file():
        raise ModelError(f"no trained attribution model in {folder}",
                         hint="name bundled, accurate or none, or a folder written by `saidwhat train`")
    if design == "minilm":
        base_dir()


def check_models() -> None:
    """``check_tagger`` and ``check_ranker`` for the current settings (``SAIDWHAT_ATTRIBUTION_MODEL``,
    ``SAIDWHAT_SPEAKER_MODEL``): made once before worker processes or Spark tasks start."""
    from ..extract import attribution_model_setting
    from .speakers import check_ranker, ranker_setting

    tagger = attribution_model_setting()
    check_tagger(tagger)
    if tagger not in (None, "none"):
        check_ranker(ranker_setting())
