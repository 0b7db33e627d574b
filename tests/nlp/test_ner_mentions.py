"""NER mentions (pipeline.nlp.ner_mentions): the NER's spans filtered and normalised."""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Span

import pipeline.nlp.ner_mentions  # noqa: F401  (factory)
from pipeline.nlp.candidates import get_candidates


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("ner_mentions", config={"use_fuzzy": False})
    return nlp


def found(nlp, text: str, ents: list[tuple[str, str]]) -> list[tuple[str, str, str, bool]]:
    """Run the component on ``text`` as if the NER had tagged ``ents`` (phrase, NER label)."""
    doc = nlp.get_pipe("sentencizer")(nlp.make_doc(text))
    doc.ents = [doc.char_span(text.index(p), text.index(p) + len(p), label=label) for p, label in ents]
    doc = nlp.get_pipe("ner_mentions")(doc)
    return [(text[c.start:c.end], c.label, c.name, c.concept is not None) for c in get_candidates(doc)]


def test_known_names_are_normalised(nlp) -> None:
    assert found(nlp, "Her Osteoporosis worsened.", [("Osteoporosis", "DISEASE")]) == [
        ("Osteoporosis", "CONDITION", "osteoporosis", True)]


def test_generic_and_shapeless_conditions_are_dropped(nlp) -> None:
    text = "The disease causes hardening and Frobnitz syndrome."
    assert found(nlp, text, [("The disease", "DISEASE"), ("hardening", "DISEASE"), ("Frobnitz syndrome", "DISEASE")]) == [
        ("Frobnitz syndrome", "CONDITION", "frobnitz syndrome", False)]


def test_an_unknown_chemical_must_look_and_be_used_like_a_drug(nlp) -> None:
    assert found(nlp, "She took 40 mg of zorvimab.", [("zorvimab", "CHEMICAL")]) == [
        ("zorvimab", "DRUG", "zorvimab", False)]
    assert found(nlp, "Zorvimab binds a receptor.", [("Zorvimab", "CHEMICAL")]) == []
    assert found(nlp, "She took zorvexa every day.", [("zorvexa", "CHEMICAL")]) == []
    # #17: a dose right next to it gives it as a drug, whatever its name
    assert found(nlp, "She took 40 mg of zorvexa.", [("zorvexa", "CHEMICAL")]) == [
        ("zorvexa", "DRUG", "zorvexa", False)]


def test_labels_outside_the_map_are_ignored(nlp) -> None:
    assert found(nlp, "She lives in Paris.", [("Paris", "GPE")]) == []


def test_fuzzy_linking_finds_a_misspelt_condition(tmp_path) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("ner_mentions", config={"fuzzy_cache_dir": str(tmp_path)})
    text = "She has osteoporrosis."
    assert found(nlp, text, [("osteoporrosis", "DISEASE")]) == [("osteoporrosis", "CONDITION", "osteoporosis", True)]


def found_with_vocab(nlp, text: str, ents: list[tuple[str, str]], vocab: list[str]) -> list[tuple[str, str, str]]:
    """As :func:`found`, with vocabulary condition candidates ``vocab`` proposed before the NER's."""
    from pipeline.nlp.candidates import Candidate, put_candidates
    from pipeline.vocab.lexicon import lookup

    doc = nlp.get_pipe("sentencizer")(nlp.make_doc(text))
    doc.ents = [doc.char_span(text.index(p), text.index(p) + len(p), label=label) for p, label in ents]
    terms = []
    for term in vocab:
        concept = lookup(term, "condition")
        assert concept is not None, term
        start = text.index(term)
        terms.append(Candidate(start, start + len(term), "CONDITION", concept, concept.name, "vocab"))
    put_candidates(doc, "vocab", terms)
    doc = nlp.get_pipe("ner_mentions")(doc)
    return [(text[c.start:c.end], c.source, c.name) for c in get_candidates(doc)]


def test_a_vocabulary_condition_takes_the_ner_span_around_it(nlp) -> None:
    # The NER reads the modifier the corpora and our gold annotate; the concept is the term's,
    # the name what the text says (a cause "streptococcal throat infections" stays that).
    text = "Kidney biopsies showed hemorrhagic cystitis after treatment."
    assert found_with_vocab(nlp, text, [("hemorrhagic cystitis", "DISEASE")], ["cystitis"]) == [
        ("hemorrhagic cystitis", "ner", "hemorrhagic cystitis")]


def test_a_ner_span_holding_two_terms_leaves_them_to_the_vocabulary(nlp) -> None:
    text = "She had cancer pain for weeks."
    got = found_with_vocab(nlp, text, [("cancer pain", "DISEASE")], ["cancer", "pain"])
    assert [g[:2] for g in got] == [("cancer", "vocab"), ("pain", "vocab"), ("cancer pain", "ner")]  # the resolver keeps the vocabulary's


def test_an_inheritance_modifier_is_part_of_the_condition(nlp) -> None:
    text = "Mutations were found in sporadic breast cancer and in hereditary osteopetrosis."
    got = found_with_vocab(nlp, text, [], ["breast cancer", "osteopetrosis"])
    assert got == [("sporadic breast cancer", "vocab", "sporadic breast cancer"),
                   ("hereditary osteopetrosis", "vocab", "hereditary osteopetrosis")]
    text = "Patients with severe osteopetrosis."
    assert [g[0] for g in found_with_vocab(nlp, text, [], ["osteopetrosis"])] == ["osteopetrosis"]
