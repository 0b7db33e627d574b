"""The curate flow's return value is not walked by Prefect (issue #19: reruns of 10,000
sources). Prefect visits a flow's result looking for futures, through lists, dicts and
dataclasses; the manifest lists every source, so a walkable result cost a second of every
run at that size. No flow runs here."""
from __future__ import annotations

from pathlib import Path

from prefect.utilities.collections import visit_collection

from pipeline.flows.curate import RunResult


def test_prefect_visits_the_run_result_once_not_every_source_of_its_manifest():
    manifest = {"sources": [{"doc_id": f"d{i}", "sha256": "x"} for i in range(1000)]}
    result = RunResult(Path("out"), manifest, ["d1"], {"d2": "empty file"})
    seen: list[object] = []
    visit_collection(result, visit_fn=lambda expr: seen.append(expr) or expr, return_data=False)
    assert seen == [result]


def test_a_run_result_keeps_what_the_command_line_reads():
    result = RunResult(Path("out"), {"sources": []})
    assert (result.extracted, result.errors) == ([], {})
    assert result == RunResult(Path("out"), {"sources": []}, [], {})
    assert result != RunResult(Path("out"), {"sources": []}, ["a"])
    assert "extracted=0" in repr(result)
