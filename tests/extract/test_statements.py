"""Statements about treatability and curability on sentences written the way pages write them."""
from __future__ import annotations

from pipeline.extract.statements import statement_rows


def keys(rows):
    return {(r["subject"], r["predicate"], r["polarity"]) for r in rows}


def test_cannot_be_treated_with_one_treatment_is_no_untreatable_statement(view):
    # CancerGov answers: treatment options for patients or cancers that cannot be treated
    # with a given treatment say nothing of whether the cancer can be treated
    rows = statement_rows(view("Hypopharyngeal cancer\n\n- Radiation therapy for patients who cannot be treated with "
                               "chemotherapy and surgery.\nTreatment of stage IV hypopharyngeal cancer that can be "
                               "treated with surgery may include the following.\n"))
    assert not [r for r in rows if r["predicate"] == "treatable"]


def test_the_cause_cannot_be_treated_is_still_an_untreatable_statement(view):
    rows = statement_rows(view("Osteosclerosis\n\nSince osteosclerosis develops in phases and the cause cannot usually "
                               "be treated, therapy is supportive.\n"))
    assert any(r["predicate"] == "treatable" and not r["polarity"] for r in rows)


def test_a_body_condition_is_no_subject_for_a_sentence_that_names_none(view):
    # a page about a disease the vocabulary does not know, mentioning hypertension as a risk
    # factor: "Treatment is symptomatic" is not about hypertension
    rows = statement_rows(view("There is no specific course of treatment for BD. Treatment is symptomatic. "
                               "The successful management of hypertension can slow the progress of BD. Controlling "
                               "hypertension is the best prevention.\n"))
    assert not [r for r in rows if r["subject"] == "hypertension" and r["cue"].lower().startswith("treatment is")]
