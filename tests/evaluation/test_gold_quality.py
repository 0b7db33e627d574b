"""Extraction quality on the seeds against our own gold (annotations/gold/).

Thresholds sit a little under the measured figures (README, "Quality"), so a change that
makes an extractor worse fails here; raise them when quality improves.
"""
from __future__ import annotations

import pytest

from pipeline.evaluation.gold import evaluate
from pipeline.evaluation.run import extract_tables

THRESHOLDS = {
    # measure: (minimum precision, minimum recall)
    "conditions (overlap)": (0.90, 0.60),
    "drugs (overlap)": (0.80, 0.85),
    "drugs (generic name)": (0.65, 0.70),
    "causes": (0.60, 0.25),
    "doses": (0.70, 0.70),
    # issue target: find >= 80% of the gold's dubious claims and contradictions, >= 60% of flags real
    "flags": (0.60, 0.80),
}


@pytest.fixture(scope="module")
def scores(nlp, seeds_dir, project_root):
    tables, texts = extract_tables(seeds_dir, nlp)
    return evaluate(tables, project_root / "annotations" / "gold", texts)


@pytest.mark.parametrize("measure", sorted(THRESHOLDS))
def test_quality_meets_thresholds(scores, measure):
    min_p, min_r = THRESHOLDS[measure]
    got = scores[measure]
    assert got["n_gold"] > 0, f"no gold for {measure}"
    assert got["precision"] >= min_p, (measure, got)
    assert got["recall"] >= min_r, (measure, got)
