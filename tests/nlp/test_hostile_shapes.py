"""#11: every hostile shape of bench/hostile.py, through ingestion, NLP and row extraction,
takes time linear in its size (two sizes 8 times apart; quadratic work grows 64 times)."""
from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

import pytest


def _load_hostile():
    """bench/hostile.py is a repository tool, not part of the installed package."""
    path = Path(__file__).resolve().parents[2] / "bench" / "hostile.py"
    spec = importlib.util.spec_from_file_location("hostile", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["hostile"] = module
    spec.loader.exec_module(module)
    return module


hostile = _load_hostile()

SMALL = 1_000  # bytes; the large run is 8 times this


@pytest.fixture(scope="module")
def warm_nlp(nlp, shared_dir):
    # real text builds the lazy indexes and the fuzzy linker before anything is timed
    hostile.run_once(nlp, hostile.ordinary_text(3_000), "warmup")
    return nlp


def _cpu(nlp, text: str) -> float:
    best = float("inf")
    for _ in range(2):
        start = time.process_time()
        run = hostile.run_once(nlp, text)
        best = min(best, time.process_time() - start)
        assert run["outcome"] == "ok"
    return max(best, 1e-3)


@pytest.mark.parametrize("shape", sorted(hostile.SHAPES))
def test_hostile_shape_grows_linearly(warm_nlp, shape):
    build = hostile.SHAPES[shape]
    assert len(build(SMALL).encode()) == SMALL
    ratio = _cpu(warm_nlp, build(8 * SMALL)) / _cpu(warm_nlp, build(SMALL))
    assert ratio < 8 * 3, f"{shape}: 8x the input took {ratio:.1f}x the time"


def test_ordinary_text_is_medquad_prose_of_the_size_asked(shared_dir):
    text = hostile.ordinary_text(5_000)
    assert 4_990 <= len(text.encode()) <= 5_000 and text.count(".") > 20


def test_measure_reports_a_ratio_per_shape(warm_nlp, shared_dir):
    shapes = {k: hostile.SHAPES[k] for k in ("open_parens", "list_items")}
    result = hostile.measure(warm_nlp, 3_000, shapes)
    assert set(result["shapes"]) == set(shapes)
    assert result["ordinary"]["outcome"] == "ok" and result["ratio"] > 0
    assert all(r["ratio"] > 0 and r["outcome"] == "ok" for r in result["shapes"].values())
