"""A tiny published dataset (no Prefect) for review front-end tests: flags that bind claims."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.dataset.schema import to_frame

TEXT_A = "Gout\n\nGout is incurable. Take 500 mg of Zyxoprofen daily. Gout is always cured by diet.\n"
TEXT_B = "Gout\n\nGout can be cured completely with colchicine.\n"


def at(text: str, quote: str) -> dict[str, int]:
    start = text.index(quote)
    return {"start": start, "end": start + len(quote)}


@pytest.fixture
def review_dataset(tmp_path: Path) -> dict[str, Path]:
    sources, output, annotations = tmp_path / "src", tmp_path / "out", tmp_path / "ann"
    sources.mkdir()
    annotations.mkdir()
    (sources / "a.txt").write_text(TEXT_A, encoding="utf-8")
    (sources / "b.txt").write_text(TEXT_B, encoding="utf-8")
    extracted = output / "extracted"
    extracted.mkdir(parents=True)
    dose = "Take 500 mg of Zyxoprofen daily."
    always = "Gout is always cured by diet."
    incurable, cured = "Gout is incurable.", "Gout can be cured completely with colchicine."
    c_b = at(TEXT_B, cured)
    flags = [
        {"flag_id": "f_unknown", "kind": "unknown_drug", "category": "unknown_drug", "severity": "medium",
         "reason": "Unknown drug.", "doc_id": "a", **at(TEXT_A, "Zyxoprofen"), "text": "Zyxoprofen",
         "claim_ids": "m1;d1", "review_status": "pending"},
        {"flag_id": "f_always", "kind": "dubious", "category": "absolute_language", "severity": "low",
         "reason": "Absolute language.", "doc_id": "a", **at(TEXT_A, always), "text": always,
         "claim_ids": "s_always", "review_status": "pending"},
        {"flag_id": "f_contra", "kind": "contradiction", "category": "contradiction_curable", "severity": "high",
         "reason": "Curable here, incurable there.", "doc_id": "a", **at(TEXT_A, incurable), "text": incurable,
         "other_doc_id": "b", "other_start": c_b["start"], "other_end": c_b["end"], "other_text": cured,
         "claim_ids": "s_incurable;s_cured", "review_status": "pending"},
    ]
    to_frame("flags", flags).to_parquet(extracted / "flags.parquet", index=False)
    docs = [{"doc_id": d, "source_path": f"{d}.txt", "title": "Gout", "status": "ok", "n_chars": 1, "n_words": 1,
             "credibility": c, "source_kind": k, "sha256": "x"} for d, c, k in (("a", 0.3, "commercial"), ("b", 0.9, "peer_reviewed"))]
    to_frame("documents", docs).to_parquet(extracted / "documents.parquet", index=False)
    to_frame("drugs", [{"mention_id": "m1", "doc_id": "a", "name": "zyxoprofen", "text": "Zyxoprofen",
                        **at(TEXT_A, "Zyxoprofen"), "sentence": dose, "review_status": "pending"}]
             ).to_parquet(extracted / "drugs.parquet", index=False)
    to_frame("doses", [{"claim_id": "d1", "doc_id": "a", "drug": "zyxoprofen", "drug_text": "Zyxoprofen", "amount": 500.0,
                        "unit": "mg", "frequency_per_day": 1.0, **at(TEXT_A, dose), "evidence": dose,
                        "review_status": "pending"}]).to_parquet(extracted / "doses.parquet", index=False)
    to_frame("statements", [
        {"claim_id": cid, "doc_id": doc, "subject": "gout", "predicate": pred, "polarity": pol,
         **at(text, quote), "evidence": quote, "review_status": "pending"}
        for cid, doc, text, quote, pred, pol in (
            ("s_incurable", "a", TEXT_A, incurable, "curable", False),
            ("s_always", "a", TEXT_A, always, "curable", True),
            ("s_cured", "b", TEXT_B, cured, "curable", True))
    ]).to_parquet(extracted / "statements.parquet", index=False)
    return {"sources": sources, "output": output, "annotations": annotations}
