"""Harms and recommendations misread from research sentences (issue #14, precision on a
non-gold mix of leaflets, BC5CDR abstracts and MedQuAD answers). The condition a sentence
names as its patients' disease or as lowered by the drug is no harm of it; a sentence
saying animals given a drug developed a condition recommends nothing. Case reports name
their patients by the harm itself, which stays a harm. Sentences as the abstracts write them."""
from __future__ import annotations

import pytest

from pipeline.flagging.contradictions import dose_induces_indication, harm_is_misread

from tests.flagging.test_contradictions import cause, treatment
from tests.flagging.test_contradictions_precision import _flags


@pytest.mark.parametrize("evidence, condition", [
    ("Light chain proteinuria was found in 9 of 17 tuberculosis patients treated with rifampin.", "tuberculosis"),
    ("An extremely rare case of delusional parasitosis in a chronic hepatitis C patient during pegylated "
     "interferon alpha-2b and ribavirin treatment.", "chronic hepatitis"),
    ("If you are being treated for multiple myeloma, Celdoxome will be given with bortezomib.", "multiple myeloma"),
    ("There is a statistically significant reduction of breast cancer among women receiving tamoxifen.",
     "breast cancer"),
])
def test_the_patients_disease_or_a_lowered_condition_is_no_harm(evidence, condition):
    assert harm_is_misread(evidence, condition)


@pytest.mark.parametrize("evidence, condition", [
    ("Sixty-two patients with a heparin-induced thrombocytopenia are reported.", "thrombocytopenia"),
    ("Hemorrhage or, more frequently, thromboembolic events in patients receiving heparin.", "thromboembolic events"),
    ("The authors present three patients with de novo absence epilepsy after administration of carbamazepine.",
     "absence epilepsy"),
    ("Failure of ancrod in the treatment of heparin-induced arterial thrombosis.", "arterial thrombosis"),
    ("Amiodarone-induced sinoatrial block.", "sinoatrial block"),
])
def test_a_harm_the_sentence_ties_to_the_drug_stays_one(evidence, condition):
    assert not harm_is_misread(evidence, condition)


def test_a_misread_harm_meets_no_recommendation():
    harm = cause("abstract", "rifampin", "tuberculosis", "", cause_concept="DNER:rifampicin",
                 evidence="Light chain proteinuria was found in 9 of 17 tuberculosis patients treated with rifampin.")
    rec = treatment("leaflet", "rifampin", "tuberculosis", "", treatment_concept="DNER:rifampicin",
                    evidence="Rifampicin is used to treat tuberculosis.")
    assert _flags([harm], [rec]) == []
    real = dict(harm, claim_id="c-real", evidence="Rifampin-induced tuberculosis flare in two patients.")
    assert len(_flags([real], [rec])) == 1


def test_animals_that_developed_a_condition_on_a_drug_were_not_treated_for_it():
    sentence = "The male Wistar rats consuming a diet that contained LiCl (60 mmol/kg) for 4 weeks developed marked polyuria."
    assert dose_induces_indication(sentence, "licl", "polyuria")
    harm = cause("abstract", "licl", "polyuria", "", cause_concept="DNER:lithium chloride",
                 evidence="A 2-wk administration of LiCl in mice led to a marked polyuria.")
    rec = treatment("other", "licl", "polyuria", "", treatment_concept="DNER:lithium chloride", evidence=sentence)
    assert _flags([harm], [rec]) == []


def test_a_step_of_a_schedule_an_animals_dose_or_a_combination_meets_no_other_regimen():
    from pipeline.dataset.schema import to_frame
    from pipeline.flagging.contradictions import dose_contradictions

    from tests.flagging.test_contradictions import dose

    def flags(evidence_a, evidence_b, drug="pramipexole"):
        a = dict(dose("sifrol", 0.088, 1.0, drug=drug), evidence=evidence_a)
        b = dict(dose("teva", 1.1, 1.0, drug=drug), evidence=evidence_b)
        return dose_contradictions(to_frame("doses", [a, b]), {})

    assert len(flags("Take 0.088 mg once a day.", "Take 1.1 mg once a day.")) == 1
    assert flags("During the first week, the usual dose is 1 tablet 0.088 mg once a day.", "Take 1.1 mg once a day.") == []
    assert flags("Take 0.088 mg once a day.", "The maintenance dose is 1.1 mg a day.") == []
    assert flags("Take 0.088 mg once a day.", "Rats were given 1.1 mg once a day.") == []
    assert flags("Take 0.088 mg once a day.", "Take 1.1 mg once a day.", drug="vildagliptin/metformin") == []
