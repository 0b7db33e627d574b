"""Labels and generic words (pipeline.nlp.labels): what extractors import from NLP."""
from __future__ import annotations

import pytest

from pipeline.nlp.labels import CONDITION, DRUG, KIND_LABEL, GenericWords, is_generic


@pytest.mark.parametrize("text", ["the disease", "Patients", "these disorders", "", "  ",
                                  # a class of medicines, not one ("Depressants" was read as the brand Depressan)
                                  "Depressants"])
def test_generic_phrases(text: str) -> None:
    assert is_generic(text)


@pytest.mark.parametrize("text", ["kidney disease", "osteoporosis", "ibuprofen",
                                  # a letter after a generic word names a kind: not the determiner "a"
                                  "vitamin A", "Vitamins A"])
def test_named_things_are_not_generic(text: str) -> None:
    assert not is_generic(text)


def test_kind_labels() -> None:
    assert KIND_LABEL == {"condition": CONDITION, "drug": DRUG}


def test_a_generic_words_file_of_ones_own(tmp_path) -> None:
    path = tmp_path / "generic.jsonl"
    path.write_text('{"id": "g.kidney", "word": "kidney", "group": "organ"}\n'
                    '{"id": "g.disease", "word": "disease", "group": "condition"}\n')
    own = GenericWords.load(str(path))
    assert own.cover("Kidney disease")
    assert not own.cover("the disease")  # "the" is generic only in the packaged file
