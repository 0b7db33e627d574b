"""Recommendations inside sentences about something else (issue #14): a relative clause after
a drug, "medicines such as X to treat Y", "effective treatments for Y, including X", and
conditions coordinated on the condition side. Sentences from MedQuAD answers and leaflets."""
from __future__ import annotations

import pytest

from pipeline.extract.treatments import treatment_rows


@pytest.fixture
def treatments(view):
    return lambda text: treatment_rows(view(text))


def pairs(rows):
    return {(r["treatment"], r["condition"]) for r in rows}


def test_a_drug_which_is_used_to_treat_in_a_flattened_list(treatments):
    rows = treatments("Prescription drug abuse\n\nCommon opioid prescription medications include the following: "
                      "- morphine (MS Contin, Kadian, Avinza), which is used before and after surgical procedures "
                      "to treat severe pain  - codeine (Tylenol with Codeine, Robitussin AC), which is prescribed "
                      "for mild pain  - oxycodone (OxyContin, Percodan), which is used to relieve moderate to "
                      "severe pain\n")
    got = pairs(rows)
    assert ("morphine", "pain") in {(t, c.split()[-1]) for t, c in got}
    assert {t for t, _ in got} >= {"morphine", "codeine", "oxycodone"}
    assert not any("tylenol" in c or "codeine" in c for _, c in got)  # no condition across list items


def test_a_which_clause_after_no_drug_is_no_claim(treatments):
    assert treatments("Brody myopathy\n\nBrody myopathy is a condition that affects the skeletal muscles, which "
                      "are the muscles used for movement.\n") == []


def test_a_class_which_is_used_to_treat(treatments):
    rows = treatments("Cushing syndrome\n\nCushing's syndrome is caused by exposure to glucocorticoids, which are "
                      "used to treat inflammatory diseases.\n")
    assert any(r["treatment"] == "glucocorticoids" and r["extractor"] == "treat.which_is_used" for r in rows)


def test_medicines_such_as_a_drug_to_cope_with_each_coordinated_condition(treatments):
    rows = treatments("Motor neuron diseases\n\nSome patients may require stronger medicines such as morphine to "
                      "cope with musculoskeletal abnormalities or pain in later stages of the disorders.\n")
    assert ("morphine", "pain") in pairs(rows)
    assert all(r["extractor"] == "treat.such_as_to_treat" for r in rows)


def test_effective_treatments_for_a_condition_including_a_class(treatments):
    rows = treatments("Depression\n\nThere are effective treatments for depression, including antidepressants, "
                      "talk therapy, or both.\n")
    assert ("antidepressants", "depression") in pairs(rows)
    assert "both" not in {r["treatment"] for r in rows}
    # a treatment that names no drug nor class is no such claim
    assert treatments("Budd-Chiari syndrome\n\nTreatment for the liver disease, including ascites, may be "
                      "needed.\n") == []


def test_coordinated_conditions_each_get_a_claim(treatments):
    rows = treatments("Beta blockers\n\nCaution when taken together with beta-blockers (medicines such as atenolol "
                      "used to treat hypertension, angina and other heart conditions).\n")
    assert {c for t, c in pairs(rows) if t == "atenolol"} >= {"hypertension", "angina pectoris"}


def test_a_count_of_patients_is_no_condition(treatments):
    rows = treatments("Typical absence seizures\n\nOf 18 consecutive referrals of children with resistant typical "
                      "absences only, eight were erroneously treated with carbamazepine.\n")
    assert "eight" not in {r["condition"] for r in rows}


def test_a_leaflet_product_can_also_be_used_to_treat(treatments):
    rows = treatments("BiResp Spiromax\n\nBiResp Spiromax contains budesonide and formoterol. BiResp Spiromax can "
                      "also be used to treat the symptoms of severe COPD in adults only.\n")
    assert any("copd" in r["condition"] or "pulmonary" in r["condition"] for r in rows)


def test_a_drug_in_apposition_with_what_it_is_used_to_treat(treatments):
    rows = treatments("Retinoid toxicity\n\nThe most well known retinoid is isotretinoin (Accutane), a drug used to "
                      "treat severe cystic acne.\n")
    assert any(r["treatment"] == "isotretinoin" and "acne" in r["condition"] for r in rows)
    rows = treatments("Lupus nephritis\n\nHydroxychloroquine, a medication for treating SLE, should also be "
                      "prescribed or continued for people with lupus nephritis.\n")
    assert any(r["treatment"] == "hydroxychloroquine" and r["extractor"] == "treat.drug_a_medicine_used_to_treat"
               for r in rows)


def test_the_examples_a_leaflet_gives_of_medicines_for_a_use(treatments):
    rows = treatments("BiResp Spiromax\n\n- Medicines to treat infections (such as ketoconazole, itraconazole and "
                      "clarithromycin).\n")
    assert {r["treatment"] for r in rows} == {"ketoconazole", "itraconazole", "clarithromycin"}
    assert {r["condition"] for r in rows} == {"infection"} or all("infection" in r["condition"] for r in rows)
    # examples that are no drugs are no such claim
    rows = treatments("Kidney failure\n\nYour care may include medicines to treat symptoms of kidney failure (such "
                      "as nausea, anemia, and poor appetite).\n")
    assert not any(r["extractor"] == "treat.medicines_for_such_as" for r in rows)


def test_what_should_be_used_with_care_is_no_treatment(treatments):
    rows = treatments("Metoclopramide\n\nMetoclopramide should be used cautiously in patients with a risk of "
                      "torsade de pointes.\n")
    assert not any(r["treatment"] == "metoclopramide" for r in rows)
    rows = treatments("Leiomyosarcoma\n\nSurgery is typically the first choice for treatment, however, chemotherapy, "
                      "targeted drugs, radiation therapy, and hormonal therapy may also be used to treat "
                      "leiomyosarcoma.\n")
    assert {r["treatment"] for r in rows} >= {"chemotherapy", "radiation therapy"}
    assert not any("surgery" in r["treatment"] for r in rows)


@pytest.mark.parametrize("sentence", [
    "Drugs of abuse, including cocaine, heroin and methamphetamine, change the brain.",
    "Drugs of this type, including ibuprofen and naproxen, can cause stomach ulcers.",
])
def test_a_class_named_by_its_harm_or_its_kind_is_no_treatment(treatments, sentence):
    """"Drugs of X, including ..." names drugs by what they are or do, not by a use."""
    assert treatments("Stomach ulcers\n\n" + sentence + "\n") == []


def test_a_recommendation_inside_a_denial_is_negative(treatments):
    rows = treatments("Hangover\n\nDo not take medicines such as paracetamol to treat a hangover.\n")
    assert rows and not any(r["polarity"] for r in rows)


def test_a_precaution_about_giving_a_drug_is_no_use(treatments):
    rows = treatments("However, caution is required when cyclophosphamide or anthracyclines such as mitoxantrone are "
                      "used in patients with a possible underlying heart damage, for example, systemic sclerosis "
                      "patients.\n")
    assert [r["extractor"] for r in rows] == []
    rows = treatments("Cyclophosphamide is often given to patients with lupus nephritis.\n")
    assert ("cyclophosphamide", "lupus nephritis") in pairs(rows)
