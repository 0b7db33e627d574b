"""The per-document stage turns a failing or runaway document into an error row."""
from __future__ import annotations

from pathlib import Path

from pipeline import stages
from pipeline.ingest.document import discover_sources


def test_a_document_over_its_time_budget_is_an_error_row_and_the_rest_goes_on(tmp_path: Path, nlp):
    (tmp_path / "a.txt").write_text("Gout\n\nGout is caused by uric acid.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Rickets\n\n" + "Rickets is caused by a lack of vitamin D. " * 2000,
                                    encoding="utf-8")
    ingested = stages.ingest(discover_sources(tmp_path), 1 << 22, cache=None)
    frames, outcomes = stages.extract(ingested, lambda: nlp, cache=None, budget_s=1e-6)
    docs = frames["documents"].set_index("doc_id")
    assert all(docs["status"] == "error")
    assert all("extraction took longer than" in e for e in docs["error"])
    frames, outcomes = stages.extract(ingested, lambda: nlp, cache=None, budget_s=600)
    docs = frames["documents"].set_index("doc_id")
    assert list(docs["status"]) == ["ok", "ok"] and len(frames["causes"]) >= 2
    assert [o.ok for o in outcomes] == [True, True]
