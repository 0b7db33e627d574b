"""The shipped embedded model: present, small, and sensible on typical sentences."""
from __future__ import annotations

import json

from pipeline.models import embedded_ner_path


def test_shipped_model_is_small_and_documented() -> None:
    path = embedded_ner_path()
    size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    assert size <= 50 * 1024 * 1024  # issue #15: with its vectors, small enough to commit
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


def test_static_vectors_ship_inside_the_model(embedded_ner) -> None:
    """A model trained with vectors must carry them: nothing is fetched at load time."""
    from thinc.api import Config

    from pipeline.models import embedded_ner_path

    config = Config().from_disk(embedded_ner_path() / "config.cfg", interpolate=False)
    uses_vectors = config["components"]["tok2vec"]["model"]["embed"]["include_static_vectors"]
    assert config["paths"]["vectors"] is None  # no path outside the model folder
    assert (embedded_ner.vocab.vectors.shape[0] > 0) == bool(uses_vectors)
    if uses_vectors:
        assert embedded_ner.vocab.vectors.mode == "floret"
        assert embedded_ner("Cisplatin nephrotoxicity")[0].has_vector
