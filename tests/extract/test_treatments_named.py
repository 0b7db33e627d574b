"""Recommendations named by an apposition, given as examples with a purpose, or reported
as an abstract's finding in the past tense (issue #14). Sentences as NHLBI pages and
BC5CDR abstracts write them."""
from __future__ import annotations

import pytest

from pipeline.extract.treatments import treatment_rows


@pytest.fixture
def treatments(view):
    return lambda text: treatment_rows(view(text))


def pairs(rows):
    return {(r["treatment"], r["condition"], r["polarity"]) for r in rows}


def test_a_generic_treatment_takes_the_name_its_apposition_gives(treatments):
    rows = treatments("Cardiomyopathy\n\nKeep your heart beating with a normal rhythm. These medicines, called "
                      "antiarrhythmics, help prevent arrhythmias.\n")
    assert ("antiarrhythmics", "arrhythmia", True) in pairs(rows)
    # without a name the anaphor is no treatment
    assert treatments("Cardiomyopathy\n\nThese medicines help prevent arrhythmias.\n") == []


def test_medicines_such_as_x_to_regulate_a_measure(treatments):
    rows = treatments("Mitral valve prolapse\n\nMedicines such as flecainide and procainamide to regulate your "
                      "heart rhythms.\n")
    got = {(t, c) for t, c, _ in pairs(rows)}
    assert {t for t, _ in got} == {"flecainide", "procainamide"}
    assert all("heart rhythms" in c for _, c in got)


def test_an_abstracts_finding_in_the_past_tense(treatments):
    rows = treatments("Lidocaine in neuropathic pain\n\nLidocaine reduced the area of punctate-evoked hyperalgesia "
                      "significantly.\n")
    assert [(r["treatment"], r["predicate"], r["condition"]) for r in rows] == [("lidocaine", "relieves", "dysesthesia")]  # HPO's name for hyperalgesia


@pytest.mark.parametrize("sentence", [
    "The pain was significantly reduced by lidocaine.",
    "Blood pressure was further reduced by the infusion.",
])
def test_a_passive_finding_names_no_treatment_as_its_subject(treatments, sentence):
    rows = treatments(f"Lidocaine\n\n{sentence}\n")
    assert not any(r["extractor"] == "treat.relieved_finding" for r in rows)


def test_a_reduced_function_in_a_list_of_side_effects_is_no_finding(treatments):
    rows = treatments("Possible side effects\n\nGeneral side effects: decreased or reduced heart function, a forceful "
                      "heartbeat, difficulty breathing, cough.\n")
    assert not any(r["extractor"] == "treat.relieved_finding" for r in rows)


def test_a_condition_that_responds_to_a_drug(treatments):
    rows = treatments("Pneumonia\n\nMost cases of cryptogenic organizing pneumonia respond well to treatment with "
                      "corticosteroids.\n")
    assert ("corticosteroids", "cryptogenic organizing pneumonia", True) in pairs(rows)
    rows = treatments("Ehrlichiosis\n\nThese infections respond well to treatment with doxycycline.\n")
    assert ("doxycycline", True) in {(r["treatment"], r["polarity"]) for r in rows}
    denied = treatments("Lyme disease\n\nSome cases of Lyme disease do not respond to antibiotics.\n")
    assert not any(r["polarity"] for r in denied)
    assert not any(r["extractor"] == "treat.responds_to" for r in treatments(
        "Diabetes\n\nGrowth hormone insensitivity also appears to alter how the body responds to insulin.\n"))
