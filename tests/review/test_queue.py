"""One queue order for queue.csv and every front end; sources read as the run read them."""
from __future__ import annotations

import json
from pathlib import Path

from pipeline.dataset.queue import review_queue
from pipeline.dataset.schema import to_frame
from pipeline.review.queue import DEFAULT_MAX_BYTES, load_review_state, recorded_run


def frames():
    flags = to_frame("flags", [
        {"flag_id": f, "severity": sev, "doc_id": doc, "start": start, "review_status": "pending"}
        for f, sev, doc, start in (("f_low", "low", "a", 0), ("f_nodoc", "high", "gone", 0), ("f_a", "high", "a", 5),
                                   ("f_b", "high", "b", 0), ("f_odd", "urgent", "a", 0), ("f_nan", "high", "c", 0))
    ])
    docs = to_frame("documents", [{"doc_id": d, "credibility": c, "n_chars": 1, "n_words": 1}
                                  for d, c in (("a", 0.3), ("b", 0.9), ("c", float("nan")))])
    return flags, docs


def test_missing_credibility_sorts_last_within_its_severity_and_unknown_severity_last():
    flags, docs = frames()
    assert list(review_queue(flags, docs)["flag_id"]) == ["f_b", "f_a", "f_nan", "f_nodoc", "f_low", "f_odd"]


def test_the_front_ends_and_queue_csv_agree(tmp_path: Path):
    flags, docs = frames()
    extracted = tmp_path / "out" / "extracted"
    extracted.mkdir(parents=True)
    flags.to_parquet(extracted / "flags.parquet")
    docs.to_parquet(extracted / "documents.parquet")
    state = load_review_state(tmp_path / "out", tmp_path / "src", tmp_path / "ann")
    assert list(state.pending()["flag_id"]) == list(review_queue(flags, docs)["flag_id"])


def test_sources_are_read_with_the_size_limit_the_run_recorded(review_dataset):
    output = review_dataset["output"]
    assert recorded_run(output).max_bytes == DEFAULT_MAX_BYTES == 20 * 1024 * 1024
    (output / "manifest.json").write_text(json.dumps({"settings": {
        "sources": str(review_dataset["sources"]), "annotations": "elsewhere/ann", "max_bytes": 10}}))
    run = recorded_run(output)
    assert (run.sources, run.annotations, run.max_bytes) == (review_dataset["sources"], Path("elsewhere/ann"), 10)
    state = load_review_state(output, review_dataset["sources"], review_dataset["annotations"])
    assert state.max_bytes == 10 and state.source_text("a") is None  # over the run's limit: not shown
    assert not state.follow_links
    state = load_review_state(output, review_dataset["sources"], review_dataset["annotations"], max_bytes=1000)
    assert state.source_text("a").startswith("Gout")


def test_a_flag_shows_the_claims_it_binds_and_what_a_correction_may_set(review_dataset):
    state = load_review_state(**review_dataset)
    claims = state.bound_claims(state.flag("f_unknown"))
    assert [(c.table, c.claim_id) for c in claims] == [("drugs", "m1"), ("doses", "d1")]
    assert claims[1].values["amount"] == 500.0 and "evidence" not in claims[1].values
    fields = state.correctable(state.flag("f_unknown"))
    assert "name" in fields and "amount" in fields and "start" not in fields and "condition" not in fields


def test_a_link_out_of_the_sources_is_read_only_if_the_run_followed_links(review_dataset, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("Gout\n\nGout is incurable. Outside the sources.\n")
    (review_dataset["sources"] / "a.txt").unlink()
    (review_dataset["sources"] / "a.txt").symlink_to(outside)
    assert load_review_state(**review_dataset).source_text("a") is None
    (review_dataset["output"] / "manifest.json").write_text(json.dumps({"settings": {"follow_links": True}}))
    assert "Outside the sources" in load_review_state(**review_dataset).source_text("a")
