"""A tiny published dataset (no Prefect) for review front-end tests."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.dataset.schema import to_frame

TEXT_A = "Gout\n\nGout is incurable. Take 500 mg of Zyxoprofen daily. Gout is always cured by diet.\n"
TEXT_B = "Gout\n\nGout can be cured completely with colchicine.\n"


@pytest.fixture
def review_dataset(tmp_path: Path) -> dict[str, Path]:
    sources, output, annotations = tmp_path / "src", tmp_path / "out", tmp_path / "ann"
    sources.mkdir()
    annotations.mkdir()
    (sources / "a.txt").write_text(TEXT_A, encoding="utf-8")
    (sources / "b.txt").write_text(TEXT_B, encoding="utf-8")
    extracted = output / "extracted"
    extracted.mkdir(parents=True)
    q1 = TEXT_A.index("Take 500 mg")
    q2 = TEXT_A.index("Gout is always")
    c_a, c_b = TEXT_A.index("Gout is incurable."), TEXT_B.index("Gout can be cured")
    flags = [
        {"flag_id": "f_unknown", "kind": "unknown_drug", "category": "unknown_drug", "severity": "medium",
         "reason": "Unknown drug.", "doc_id": "a", "start": q1 + 15, "end": q1 + 25, "text": "Zyxoprofen",
         "claim_ids": "m1", "review_status": "pending"},
        {"flag_id": "f_always", "kind": "dubious", "category": "absolute_language", "severity": "low",
         "reason": "Absolute language.", "doc_id": "a", "start": q2, "end": q2 + len("Gout is always cured by diet."),
         "text": "Gout is always cured by diet.", "review_status": "pending"},
        {"flag_id": "f_contra", "kind": "contradiction", "category": "contradiction_curable", "severity": "high",
         "reason": "Curable here, incurable there.", "doc_id": "a", "start": c_a, "end": c_a + 18,
         "text": "Gout is incurable.", "other_doc_id": "b", "other_start": c_b, "other_end": c_b + 46,
         "other_text": TEXT_B[c_b : c_b + 46], "review_status": "pending"},
    ]
    to_frame("flags", flags).to_parquet(extracted / "flags.parquet", index=False)
    docs = [{"doc_id": d, "source_path": f"{d}.txt", "title": "Gout", "status": "ok", "n_chars": 1, "n_words": 1,
             "credibility": c, "source_kind": k, "sha256": "x"} for d, c, k in (("a", 0.3, "commercial"), ("b", 0.9, "peer_reviewed"))]
    to_frame("documents", docs).to_parquet(extracted / "documents.parquet", index=False)
    return {"sources": sources, "output": output, "annotations": annotations}
