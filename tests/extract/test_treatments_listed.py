"""A leaflet's uses as a lead ending in a colon and the list items after it (issue #14):
"Olanzapine Teva ... is used to treat the following conditions:" / "- Schizophrenia, ...".
Texts from EMA package leaflets (section 1)."""
from __future__ import annotations

import pytest

from pipeline.extract.treatments import treatment_rows


@pytest.fixture
def treatments(view):
    return lambda text: treatment_rows(view(text))


def pairs(rows):
    return {(r["treatment"], r["condition"]) for r in rows}


OLANZAPINE = (
    "1. What olanzapine is and what it is used for\n\n"
    "Olanzapine Teva contains the active substance olanzapine. Olanzapine Teva belongs to a group of medicines "
    "called antipsychotics and is used to treat the following conditions:\n\n"
    "- Schizophrenia, a disease with symptoms such as hearing, seeing or sensing things which are not there, "
    "mistaken beliefs, unusual suspiciousness, and becoming withdrawn.\n"
    "- Moderate to severe manic episodes, a condition with symptoms of excitement or euphoria.\n\n"
    "Olanzapine Teva has been shown to prevent recurrence of these symptoms in patients with bipolar disorder.\n"
)


def test_each_listed_use_is_a_claim_with_the_lead_as_its_evidence(treatments):
    rows = treatments(OLANZAPINE)
    assert {c for t, c in pairs(rows) if t == "olanzapine"} >= {"schizophrenia", "manic episode"}
    schizophrenia = next(r for r in rows if r["condition"] == "schizophrenia")
    assert schizophrenia["evidence"].startswith("Olanzapine Teva belongs to")
    assert schizophrenia["evidence"].endswith("- Schizophrenia")
    assert schizophrenia["condition_text"] == "Schizophrenia"
    assert all(r["polarity"] for r in rows if r["condition"] != "bipolar disorder")  # "not there" negates nothing
    assert not any(c in {"drowsiness", "hallucinations"} for _, c in pairs(rows))  # glosses are no uses


def test_a_bare_lead_and_its_items(treatments):
    rows = treatments(
        "Potactasol\n\n1. What Potactasol is and what it is used for\n\nPotactasol contains the active substance "
        "topotecan. Potactasol is used to treat:\n\n"
        "- ovarian cancer or small cell lung cancer that has come back after chemotherapy\n"
        "- advanced cervical cancer if surgery or radiotherapy is not possible.\n\n"
        "2. What you need to know before you take Potactasol\n")
    got = pairs(rows)
    assert ("topotecan", "ovarian cancer") in got and ("topotecan", "cervical cancer") in got
    assert all(r["polarity"] for r in rows)


def test_a_lead_announcing_forms_of_a_condition_gives_the_forms(treatments):
    rows = treatments(
        "Sutent\n\n1. What Sutent is and what it is used for\n\nSutent contains the active substance sunitinib. "
        "Sutent is used to treat adults with the following types of cancer:\n\n"
        "- Gastrointestinal stromal tumour (GIST), a type of cancer of the stomach and bowel.\n"
        "- Metastatic renal cell carcinoma (MRCC), a type of kidney cancer that has spread.\n")
    conditions = {c for t, c in pairs(rows) if t == "sunitinib"}
    assert "renal cell carcinoma" in conditions and any("stroma" in c for c in conditions)


def test_a_list_of_medicines_for_a_named_use_is_no_list_of_uses(treatments):
    rows = treatments(
        "Dafiro\n\nTell your doctor if you are taking any of the following medicines used to treat high blood "
        "pressure:\n\n- an angiotensin II receptor blocker\n- aliskiren\n")
    assert all(r["condition"] == "hypertension" for r in rows)


def test_a_lead_without_a_list_after_it_is_no_claim(treatments):
    assert treatments("Potactasol\n\nPotactasol is used to treat:\n\nKeep this medicine out of the sight of "
                      "children.\n") == []
