"""The loader sources the NER with what it was trained on, and fingerprints what it loads."""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy
import pytest
import spacy

from pipeline.models import embedded_ner_path
from pipeline.nlp.loader import load_nlp, nlp_fingerprint

#: Sentences in the style of the BC5CDR abstracts the model was trained on.
SENTENCES = [
    "Naloxone reverses the antihypertensive effect of clonidine.",
    "Cisplatin nephrotoxicity and ototoxicity were reduced by sodium thiosulfate in rats.",
    "Two patients developed acute renal failure and rhabdomyolysis after high-dose lovastatin.",
    "Valproate-induced hyperammonemic encephalopathy is a rare complication of epilepsy treatment.",
]


@pytest.fixture(scope="module")
def sourced(tmp_path_factory):
    return load_nlp(None, str(embedded_ner_path()), tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="module")
def bare():
    import pipeline.nlp  # noqa: F401  (registers the tokenizer the model names)

    return spacy.load(embedded_ner_path())


def test_the_pipeline_reads_the_models_static_vectors(sourced, bare) -> None:
    """A sourced NER embeds tokens with the pipeline's vocab, so its vectors must be there."""
    assert bare.vocab.vectors.shape[0] > 0  # the shipped model is trained with vectors
    assert sourced.vocab.vectors.mode == bare.vocab.vectors.mode
    assert sourced.vocab.vectors.shape == bare.vocab.vectors.shape
    doc = sourced.make_doc("Cisplatin nephrotoxicity")
    expected = bare.make_doc("Cisplatin nephrotoxicity")
    assert numpy.allclose(doc[1].vector, expected[1].vector) and doc[1].vector.any()


def test_the_sourced_ner_predicts_as_the_model_alone(sourced, bare) -> None:
    """Same tokens in, same entities out: the pipeline runs the model as it was trained."""
    with sourced.select_pipes(enable=["ner"]):
        got = [[(e.start_char, e.end_char, e.label_) for e in sourced(t).ents] for t in SENTENCES]
    want = [[(e.start_char, e.end_char, e.label_) for e in bare(t).ents] for t in SENTENCES]
    assert got == want
    assert ("clonidine", "CHEMICAL") in {(e.text, e.label_) for e in bare(SENTENCES[0]).ents}


def test_the_fingerprint_hashes_the_model_files(tmp_path: Path) -> None:
    """Changing any file of the model (here its vectors) changes the run's fingerprint."""
    copy = tmp_path / "model"
    shutil.copytree(embedded_ner_path(), copy)
    before = nlp_fingerprint(None, str(copy))
    assert before == nlp_fingerprint(None, str(copy))
    vectors = copy / "vocab" / "vectors"
    data = bytearray(vectors.read_bytes())
    data[-1] ^= 0xFF
    vectors.write_bytes(bytes(data))
    after = nlp_fingerprint(None, str(copy))
    assert after["config"] == before["config"] and after["model"] != before["model"]


def test_the_fingerprint_hashes_a_rule_file_the_config_names_by_absolute_path(tmp_path: Path) -> None:
    """A project's own rule file (outside pipeline/rules/) is part of the fingerprint: editing
    it reruns extraction, as editing a packaged rule file does."""
    from pipeline.nlp.loader import default_config_text

    own = tmp_path / "filters.jsonl"
    own.write_text('{"id": "own.keep", "kind": "suffix", "pattern": "itis$"}\n', encoding="utf-8")
    config = tmp_path / "pipeline.cfg"
    config.write_text(default_config_text().replace('ner_filters = "ner_filters.jsonl"',
                                                    f'ner_filters = "{own}"'), encoding="utf-8")
    assert "rule_files" not in nlp_fingerprint(None, "none")
    before = nlp_fingerprint(config, "none")
    own.write_text('{"id": "own.keep", "kind": "suffix", "pattern": "osis$"}\n', encoding="utf-8")
    after = nlp_fingerprint(config, "none")
    assert after["config"] == before["config"] and after["rule_files"] != before["rule_files"]
