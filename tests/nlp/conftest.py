"""Growth measurement shared by the linearity tests (#11): never a wall-clock threshold."""
from __future__ import annotations

import time
from collections.abc import Callable

import pytest


def best_time(run: Callable[[], object], repeats: int = 3) -> float:
    """Fastest of ``repeats`` runs, in CPU seconds (noise from other processes only adds)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return max(best, 1e-4)


def growth(make: Callable[[int], Callable[[], object]], small: int, factor: int = 8) -> float:
    """Time ratio of a run on ``factor`` times the input to a run on ``small``.

    ``make(n)`` builds the input of size n (not timed) and returns the call to time. Linear
    work grows about ``factor`` times, quadratic work ``factor**2`` times.
    """
    small_run, large_run = make(small), make(small * factor)
    small_run()  # warm caches (regex compilation, lexemes) out of the measurement
    return best_time(large_run) / best_time(small_run)


@pytest.fixture(scope="module")
def blank_v3():
    """A blank English pipeline with the project tokenizer (rule tests run on blank)."""
    import spacy

    import pipeline.nlp  # noqa: F401  (registers the tokenizers)

    return spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "pipeline.scispacy_tokenizer.v3"}}})
