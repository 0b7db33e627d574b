"""``pipeline status`` lists unreadable review lines until someone mends them."""
from __future__ import annotations

import json
from pathlib import Path

from pipeline.status import source_status


def test_status_lists_unreadable_review_lines_of_the_runs_annotations(tmp_path: Path):
    sources, output, annotations = tmp_path / "src", tmp_path / "out", tmp_path / "ann"
    for folder in (sources, output, annotations):
        folder.mkdir()
    (sources / "a.txt").write_text("Gout.\n")
    (output / "manifest.json").write_text(json.dumps({"settings": {"annotations": str(annotations)}}))
    (annotations / "reviews.jsonl").write_bytes(b'{"flag_id": "f1", "decision": "accept"}\n'
                                                b'{"flag_id": "f2", "decision": "reject", "note": "\xe9"}\n'
                                                b'{"flag_id": "f3", "deci')
    text = source_status(sources, output).render()
    assert "unreadable review lines: 2 (not applied; mend or remove them)" in text
    assert "  reviews.jsonl:2: not UTF-8 (byte 0xe9" in text
    assert "  reviews.jsonl:3: not JSON" in text and "ends in the middle of this line" in text


def test_without_the_file_status_shows_what_the_run_recorded(tmp_path: Path):
    sources, output = tmp_path / "src", tmp_path / "out"
    sources.mkdir()
    output.mkdir()
    (output / "manifest.json").write_text(json.dumps({"unreadable_decisions": [
        {"path": "/x/reviews.jsonl", "line": 7, "reason": "not JSON (Expecting value at column 1)"}]}))
    assert "  reviews.jsonl:7: not JSON (Expecting value at column 1)" in source_status(sources, output).render()
    (output / "manifest.json").write_text(json.dumps({"review_log_problems": ["reviews.jsonl:2: not JSON"]}))
    assert "  reviews.jsonl:2: not JSON" in source_status(sources, output).render()
    (output / "manifest.json").write_text("{}")
    assert "unreadable" not in source_status(sources, output).render()
