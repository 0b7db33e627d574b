"""The shipped embedded model: present, small, and sensible on typical sentences."""
from __future__ import annotations

import json

from pipeline.models import embedded_ner_path


def test_shipped_model_is_small_and_documented() -> None:
    path = embedded_ner_path()
    size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    assert size <= 25 * 1024 * 1024
    meta = json.loads((path / "meta.json").read_text())
    assert set(meta["labels"]["ner"]) == {"CHEMICAL", "DISEASE"}
    assert "public" in (path / "README.md").read_text().lower()


def test_finds_chemicals_and_diseases(embedded_ner) -> None:
    doc = embedded_ner("Naloxone reverses the antihypertensive effect of clonidine.")
    chemicals = {e.text for e in doc.ents if e.label_ == "CHEMICAL"}
    assert {"Naloxone", "clonidine"} <= chemicals
    doc = embedded_ner("The patient developed severe hypertension and renal failure after cisplatin therapy.")
    ents = {(e.text, e.label_) for e in doc.ents}
    assert ("hypertension", "DISEASE") in ents
    assert ("cisplatin", "CHEMICAL") in ents
