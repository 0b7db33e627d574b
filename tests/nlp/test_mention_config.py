"""The packaged mention components as the config declares them, and rule files swapped there."""
from __future__ import annotations

import pytest
import spacy
from spacy.util import load_config_from_str

from pipeline.nlp.loader import default_config_text
from pipeline.nlp.mentions import doc_mentions

OWN_PATTERNS = '{"id": "own.brand_x", "pattern": "\\\\bbrand (?P<name>[A-Z][a-z]{3,})"}\n'


def build(**paths: str):
    """The packaged pipeline without its NER (the loader adds that), with ``paths`` overridden."""
    overrides = {f"paths.{key}": value for key, value in paths.items()}
    config = load_config_from_str(default_config_text(), overrides=overrides)
    return spacy.util.load_model_from_config(config, auto_fill=True, validate=True)


@pytest.fixture(scope="module")
def packaged():
    return build()


def mentions(nlp, text: str) -> list[tuple[str, str, str]]:
    return [(text[m.start:m.end], m.label, m.source) for m in doc_mentions(nlp(text))]


def test_the_packaged_components_resolve_mentions(packaged) -> None:
    text = "Chronic kidney disease (CKD) was treated with the drug Zorvexa. CKD improved."
    assert mentions(packaged, text) == [
        ("Chronic kidney disease", "CONDITION", "vocab"), ("CKD", "CONDITION", "abbreviation"),
        ("Zorvexa", "DRUG", "pattern"), ("CKD", "CONDITION", "abbreviation"),
    ]


def test_a_config_swaps_the_product_patterns(packaged, tmp_path) -> None:
    own = tmp_path / "patterns.jsonl"
    own.write_text(OWN_PATTERNS)
    swapped = build(drug_patterns=str(own))
    text = "She uses brand Zorvexa, and the drug Frobnitol."
    assert mentions(packaged, text) == [("Frobnitol", "DRUG", "pattern")]
    assert mentions(swapped, text) == [("Zorvexa", "DRUG", "pattern")]


def test_a_config_swaps_the_generic_words_of_every_component_that_reads_them(tmp_path) -> None:
    own = tmp_path / "generic.jsonl"
    own.write_text('{"id": "g.zorvexa", "word": "zorvexa", "group": "test"}\n')
    swapped = build(generic_words=str(own))
    for name in ("product_mentions", "ner_mentions"):
        assert swapped.get_pipe(name).generic.words == frozenset({"zorvexa"})
    assert mentions(swapped, "She took the drug Zorvexa.") == []


def test_a_missing_rule_file_stops_the_load() -> None:
    from pipeline.rules import RuleFileError

    with pytest.raises(RuleFileError, match="no_such.jsonl"):
        build(drug_context="no_such.jsonl")
