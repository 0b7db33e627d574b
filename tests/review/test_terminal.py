from __future__ import annotations

import io
import json

from rich.console import Console

from pipeline.review.queue import load_review_state
from pipeline.review.terminal import review_loop


def state(ds):
    return load_review_state(ds["output"], ds["sources"], ds["annotations"])


def scripted(*answers):
    it = iter(answers)

    def ask(prompt: str) -> str:
        value = next(it)
        if isinstance(value, BaseException):
            raise value
        return value

    return ask


def lines(ds):
    path = ds["annotations"] / "reviews.jsonl"
    return [json.loads(x) for x in path.read_text().splitlines()] if path.exists() else []


def test_most_severe_first_and_each_decision_lands_with_anchors(review_dataset):
    out = io.StringIO()
    summary = review_loop(state(review_dataset), "ann", console=Console(file=out, width=120),
                          ask=scripted("n", "the other source is a review", "r", "c", "drug=ibuprofen", "", "s"))
    assert (summary.decided, summary.skipped) == (2, 1)
    first, second = lines(review_dataset)
    assert first["flag_id"] == "f_contra" and first["decision"] == "reject"
    assert first["note"] == "the other source is a review"
    assert first["quote"] == "Gout is incurable." and first["prefix"].endswith("Gout\n\n") and first["suffix"].startswith(" Take")
    assert set(first) >= {"flag_id", "decision", "reviewer", "at", "note", "quote", "prefix", "suffix", "doc_sha256", "correction"}
    assert second["flag_id"] == "f_unknown" and second["correction"] == {"drug": "ibuprofen"}
    text = out.getvalue()
    assert "side 2" in text and "Gout can be cured completely" in text  # both sides of the contradiction


def test_ctrl_c_loses_nothing_and_writes_nothing_half_done(review_dataset):
    summary = review_loop(state(review_dataset), "ann", console=Console(file=io.StringIO()),
                          ask=scripted("a", "c", "drug=x", KeyboardInterrupt()))
    assert summary.interrupted and summary.decided == 1
    (only,) = lines(review_dataset)
    assert only["flag_id"] == "f_contra" and only["decision"] == "accept"
    # decided flags leave the queue on the next session
    assert "f_contra" not in set(state(review_dataset).pending()["flag_id"])
