"""Eponyms whose apostrophe was lost in conversion (issue #17: leaflets). 67 of the 400
EMA leaflets of the shared corpora write "Parkinson s disease", "Crohn s disease",
"Cushing s syndrome"; the lexicon's terms ("Parkinson's disease") must meet them, or the
condition, the treatment's indication and every flag about it lose their concept."""
from __future__ import annotations

import pytest

from pipeline.vocab.terms import normalise_term


@pytest.mark.parametrize("written, as_listed", [
    ("Parkinson s disease", "Parkinson's disease"),
    ("Crohn s disease", "Crohn's disease"),
    ("endogenous Cushing s syndrome", "endogenous Cushing's syndrome"),
    ("Still s disease", "Still's disease"),
])
def test_a_lost_apostrophe_reads_as_the_possessive(written, as_listed):
    assert normalise_term(written) == normalise_term(as_listed)


@pytest.mark.parametrize("term", ["Protein S deficiency", "vitamin S", "type s fibres", "Hodgkin lymphoma"])
def test_a_real_letter_s_stays(term):
    assert normalise_term(term) == " ".join(term.lower().split())


@pytest.mark.parametrize("written, as_listed", [("Sjögren s syndrome", "Sjögren's syndrome"), ("Tourette s", "Tourette's")])
def test_accented_and_phrase_final_eponyms_too(written, as_listed):
    assert normalise_term(written) == normalise_term(as_listed)


def test_a_capitalised_protein_s_at_a_sentence_start_stays():
    assert normalise_term("Protein s deficiency") == "protein s deficiency"
