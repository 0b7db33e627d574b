"""What a treatment choice rests on is no treatment (issue #14): GARD's 'Treatment ... is based on
the signs and symptoms present in each person' names no treatment, so it cannot contradict the
page's 'There is no specific treatment for ...'; a real treatment after 'is based on' still is one."""
from __future__ import annotations

from pipeline.extract.treatments import treatment_rows


def test_signs_symptoms_and_subtype_a_treatment_is_based_on_are_no_treatment(view):
    for text in ("Schwannomatosis\n\nTreatment for schwannomatosis is based on the signs and symptoms present in each "
                 "person.\n",
                 "Limb-girdle muscular dystrophy\n\nThere is no specific treatment for limb-girdle muscular dystrophy. "
                 "Management of the condition is based on the person's symptoms and subtype (if known).\n"):
        assert treatment_rows(view(text)) == []


def test_a_treatment_the_therapy_is_based_on_is_still_read(view):
    rows = treatment_rows(view("Bursitis\n\nTreatment of bursitis is based on rest and ibuprofen.\n"))
    assert ("ibuprofen", "bursitis") in {(r["treatment"], r["condition"]) for r in rows}


def test_a_list_that_opens_with_a_finding_keeps_its_treatment(view):
    rows = treatment_rows(view("Sickle cell disease\n\nWhen the test is abnormal, regular blood transfusions can decrease "
                               "the chances of having a stroke.\n"))
    assert "regular blood transfusions" in {r["treatment"] for r in rows}


def test_what_a_drug_does_to_its_target_is_no_treatment(view):
    text = ("Arrhythmia\n\nA beta-blocker such as atenolol (that blocks the adrenergic activity) relieves the "
            "arrhythmia.\n")
    rows = treatment_rows(view(text))
    # the mechanism is no treatment: neither its words nor the class it names ("adrenergic")
    assert not any(r["treatment"].startswith("blocks") or "adrenergic" in r["treatment"]
                   or (r.get("treatment_text") or "").startswith("blocks") for r in rows)
