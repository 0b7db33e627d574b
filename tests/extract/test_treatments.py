"""Treatment and efficacy claims on sentences written the way such pages are written."""
from __future__ import annotations

import pytest

from pipeline.extract.treatments import treatment_kind, treatment_rows


@pytest.fixture
def treatments(view):
    return lambda text: treatment_rows(view(text))


def pairs(rows):
    return [(r["treatment"], r["predicate"], r["condition"], r["polarity"]) for r in rows]


def test_active_and_passive_voice_give_the_same_direction(treatments):
    active = treatments("Gout\n\nIbuprofen relieves pain.\n")
    passive = treatments("Gout\n\nPain is treated with ibuprofen.\n")
    assert pairs(active) == [("ibuprofen", "relieves", "pain", True)]
    assert [(r["treatment"], r["condition"]) for r in passive] == [("ibuprofen", "pain")]


def test_a_list_of_treatments_gives_one_claim_each_and_a_pronoun_takes_the_topic(treatments):
    rows = treatments("Bursitis\n\nIbuprofen, stretching and physical therapy can be used to treat this condition.\n")
    assert {r["treatment"] for r in rows} == {"ibuprofen", "stretching", "physical therapy"}
    assert {r["condition"] for r in rows} == {"bursitis"}
    kinds = {r["treatment"]: r["treatment_kind"] for r in rows}
    assert kinds == {"ibuprofen": "drug", "stretching": "lifestyle", "physical therapy": "procedure"}
    assert all(r["hedged"] for r in rows)  # "can be used"


def test_negation_and_purpose_clauses(treatments):
    rows = treatments("Arthritis\n\nGarlic tea does not cure arthritis.\n")
    assert pairs(rows) == [("garlic tea", "cures", "arthritis", False)]
    assert treatments("Arthritis\n\nThe aim of therapy is to relieve pain.\n") == []


def test_cure_only_through_a_procedure_names_the_procedure(treatments):
    rows = treatments("Scoliosis\n\nA complete cure can only be achieved through surgery.\n")
    assert [(r["treatment"], r["treatment_kind"], r["predicate"], r["condition"]) for r in rows] == [
        ("surgery", "procedure", "cures", "scoliosis")]


def test_treatment_kinds_are_data():
    assert treatment_kind("a decoction of pine branches") == "remedy"
    assert treatment_kind("regular walking") == "lifestyle"
    assert treatment_kind("hip replacement") == "procedure"
    assert treatment_kind("something else") == "other"


def test_a_list_of_medicines_used_for_a_condition(treatments):
    rows = treatments("Parkinson disease\n\nMedicines used to treat Parkinson disease include levodopa and "
                      "pramipexole.\n")
    assert {(r["treatment"], r["condition"]) for r in rows} == {("levodopa", "parkinson disease"),
                                                               ("pramipexole", "parkinson disease")}


def test_a_class_that_proved_effective_includes_its_members(treatments):
    rows = treatments("Epilepsy\n\nAntiepileptic drugs (AEDs) that have proven to be effective in treating the seizures "
                      "of this syndrome include carbamazepine and valproate.\n")
    assert {(r["treatment"], r["treatment_kind"], r["condition"]) for r in rows} == {
        ("carbamazepine", "drug", "seizure"), ("valproic acid", "drug", "seizure")}


def test_a_generic_treatment_takes_the_name_its_parenthesis_gives(treatments):
    rows = treatments("Epilepsy\n\nThe seizures are usually well controlled with medications that are used to treat "
                      "epilepsy (called antiepileptic drugs).\n")
    assert [(r["treatment"], r["condition"], r["extractor"]) for r in rows] == [
        ("antiepileptic drugs", "seizure", "treat.passive")]
    # without the naming parenthesis the generic 'medications' is no treatment
    assert treatments("Epilepsy\n\nThe seizures are usually well controlled with medications.\n") == []


def test_treating_a_person_with_a_drug_treats_the_topic(treatments):
    rows = treatments("Pulmonary embolism\n\nYour doctor may treat you with both heparin and warfarin at the same time.\n")
    assert {(r["treatment"], r["condition"]) for r in rows} == {("heparin", "pulmonary embolism"),
                                                               ("warfarin", "pulmonary embolism")}


def test_treatments_that_include_drugs_in_a_dosage_form(treatments):
    rows = treatments("Nerve pain\n\nPain is common. Treatments that are applied to the skin include capsaicin cream "
                      "and lidocaine patches.\n")
    # the section's topic: the title's condition, named by its own words since the NER
    # keeps 'nerve pain' whole
    assert {(r["treatment"], r["treatment_kind"]) for r in rows} == {("capsaicin", "drug"), ("lidocaine patch", "drug")}
    assert {r["condition"] for r in rows} <= {"pain", "nerve pain"}
    # 'side effects include ...' opens with no treatment word: not a treatment claim
    assert treatments("Nerve pain\n\nSide effects include nausea and dizziness.\n") == []


def test_a_leaflet_product_name_is_its_active_substance(treatments):
    rows = treatments("1. What Qutenza is and what it is used for\n\nQutenza contains capsaicin and belongs to a group "
                      "of medicines called anaesthetics. Qutenza is used to relieve pain in people who have nerve pain."
                      "\n\n6. Contents of the pack\n\nThe active substance is capsaicin. Each patch contains 179 mg of "
                      "capsaicin.\n")
    assert [(r["treatment"], r["treatment_kind"], r["treatment_text"], r["condition"]) for r in rows] == [
        ("capsaicin", "drug", "Qutenza", "pain")]


def test_a_list_of_treatments_without_a_condition_is_about_the_topic(treatments):
    rows = treatments("Succinic semialdehyde dehydrogenase deficiency\n\nMedications appear to be effective at treating "
                      "anxiety and hallucinations. Additional treatments may include occupational therapy, speech "
                      "therapy and physiotherapy.\n")
    assert {(r["treatment"], r["condition"]) for r in rows if r["extractor"] == "treat.kinds_include"} == {
        ("occupational therapy", "succinic semialdehyde dehydrogenase deficiency"),
        ("speech therapy", "succinic semialdehyde dehydrogenase deficiency"),
        ("physiotherapy", "succinic semialdehyde dehydrogenase deficiency")}


def test_prescribed_to_treat_and_a_treatment_for(treatments):
    rows = treatments("Hypertension\n\nDoctors often prescribe amlodipine to treat high blood pressure. Surgery is the "
                      "treatment of choice for appendicitis. The patient was given heparin for 5 days.\n")
    assert {(r["treatment"], r["condition"], r["extractor"]) for r in rows} == {
        ("amlodipine", "hypertension", "treat.prescribe_to"), ("surgery", "appendicitis", "treat.is_treatment_for")}


def test_how_treatment_answers_name_drugs(treatments):
    rows = treatments("Spasticity\n\nThe drug of choice is baclofen. Symptomatic drug therapy may include tizanidine or "
                      "such medications as diazepam. Clonazepam may help the myoclonus. Severe iron deficiency anemia "
                      "may require iron injections. Polymyositis is first treated with high doses of prednisone. Several "
                      "medications (acitretin, isotretinoin) have been shown to be effective for treating this condition "
                      "in a small number of patients.\n")
    got = {(r["treatment"], r["condition"], r["extractor"]) for r in rows}
    assert got == {
        ("baclofen", "spasticity", "treat.of_choice"),
        ("tizanidine", "spasticity", "treat.kinds_include"), ("diazepam", "spasticity", "treat.kinds_include"),
        ("clonazepam", "myoclonus", "treat.helps_object"),
        ("iron", "iron deficiency anemia", "treat.condition_requires"),
        ("prednisone", "polymyositis", "treat.passive"),
        ("acitretin", "polymyositis", "treat.effective_for"), ("isotretinoin", "polymyositis", "treat.effective_for"),
    }, got


def test_no_treatment_where_nothing_is_treated(treatments):
    # a requirement without a condition, a side-effect list, a drug named as a target
    assert treatments("Spasticity\n\nThe test requires a blood sample. Side effects of treatment may include nausea. "
                      "Medications that block dopamine may decrease the involuntary movements. However, this requires a "
                      "family history. The care of adults with spasticity requires a team.\n") == []


# Ways MedQuAD answers and EMA leaflets recommend a medicine that the first patterns missed
# (sentences from non-gold answers and leaflets of the shared corpora, shortened).

def test_given_to_patients_with_and_modal_passives(treatments):
    rows = treatments("Breast cancer\n\nHormone therapy with tamoxifen is often given to patients with early "
                      "localized breast cancer that can be removed by surgery.\n")
    assert {(r["treatment"], r["condition"]) for r in rows} == {("tamoxifen", "breast cancer")}
    rows = treatments("Hemangioma\n\nInfantile hemangioma may also be treated with propranolol.\n")
    assert [r["treatment"] for r in rows] == ["propranolol"]
    rows = treatments("Hypothyroidism\n\nHypothyroidism can almost always be completely controlled with synthetic "
                      "thyroxine, as long as the recommended dose is taken every day.\n")
    assert [(r["treatment"], r["condition"]) for r in rows] == [("thyroxine", "hypothyroidism")]


def test_for_a_condition_a_doctor_may_prescribe(treatments):
    rows = treatments("Huntington disease\n\nFor depression, physicians may prescribe fluoxetine, sertraline, "
                      "nortriptyline, or other drugs.\n")
    assert {(r["treatment"], r["condition"]) for r in rows} == {
        ("fluoxetine", "depression"), ("sertraline", "depression"), ("nortriptyline", "depression")}
    rows = treatments("Angina\n\nDoctors may prescribe beta blockers, nitrates or calcium channel blockers to treat "
                      "angina.\n")
    assert {r["treatment"] for r in rows} >= {"beta blockers", "calcium channel blockers"}


def test_an_agent_that_controls_and_a_class_member_used_for(treatments):
    rows = treatments("Epilepsy\n\nLamotrigine is an antiepileptic drug that can help control partial seizures.\n")
    assert [r["treatment"] for r in rows] == ["lamotrigine"]
    rows = treatments("Olanzapine Teva\n\nOlanzapine Teva belongs to a group of medicines called antipsychotics and "
                      "is used to treat the following conditions: - Schizophrenia, a disease with symptoms such as "
                      "hearing things.\n")
    assert [(r["treatment"], r["condition"]) for r in rows] == [("olanzapine", "schizophrenia")]


def test_a_class_named_by_its_target_is_the_class_not_the_target(treatments):
    rows = treatments("Erythromelalgia\n\nDrugs shown to be effective in relieving pain in some individuals include: "
                      "aspirin, misoprostol, and selective serotonin reuptake inhibitors (SSRIs).\n")
    names = {r["treatment"] for r in rows}
    assert "aspirin" in names and "serotonin" not in names
    assert any(n.startswith("selective serotonin reuptake inhibitors") for n in names)


def test_a_leaflets_it_is_used_to_treat_and_a_parenthetical_use(treatments):
    rows = treatments("Ketoconazole HRA\n\nKetoconazole HRA is a medicine that contains the active substance "
                      "ketoconazole. It is used to treat endogenous Cushing syndrome in adults.\n")
    assert [(r["treatment"], r["condition"]) for r in rows] == [("ketoconazole", "cushing syndrome")]
    rows = treatments("Advagraf\n\nTell your doctor if you are taking ibuprofen (used to treat fever, inflammation "
                      "and pain).\n")
    assert [(r["treatment"], r["condition"]) for r in rows] == [("ibuprofen", "fever"), ("ibuprofen", "inflammation"),
                                                                ("ibuprofen", "pain")]  # each coordinated condition


def test_a_medicine_used_by_a_route_for_treating(treatments):
    rows = treatments("Inbrija\n\nThe active substance in Inbrija is levodopa. Inbrija is a medicine used by inhalation "
                      "for treating the worsening of your symptoms during the off periods of Parkinson s disease.\n")
    assert [(r["treatment"], r["predicate"]) for r in rows] == [("levodopa", "treats")]
    assert "parkinson" in rows[0]["condition"]


def test_used_to_slow_the_heart_rate_in_a_condition(treatments):
    rows = treatments("Atrial fibrillation\n\nMedicines called calcium channel blockers, such as verapamil and "
                      "diltiazem, are used to slow the heart rate in atrial fibrillation.\n")
    assert {(r["treatment"], r["condition"]) for r in rows} >= {("verapamil", "atrial fibrillation"),
                                                               ("diltiazem", "atrial fibrillation")}
    rows = treatments("Depression\n\nPeople with depression may require antidepressant medications such as the "
                      "serotonin-specific reuptake inhibitors (SSRI) sertraline or citalopram.\n")
    assert "serotonin" not in {r["treatment"] for r in rows} and "sertraline" in {r["treatment"] for r in rows}


def test_a_blocker_that_slows_an_effective_in_reducing_and_a_colon_list(treatments):
    rows = treatments("Arrhythmia\n\nDiltiazem is a calcium channel blocker that slows the heart rate.\n")
    assert [r["treatment"] for r in rows] == ["diltiazem"]
    rows = treatments("Tremor\n\nPropranolol, a beta blocker, is often effective in reducing essential tremor.\n")
    assert "propranolol" in {r["treatment"] for r in rows}
    rows = treatments("Metoprolol Teva\n\nMetoprolol Teva contains the active substance metoprolol. It is used to treat: "
                      "- high blood pressure (hypertension) - chest pain (angina pectoris)\n")
    assert [(r["treatment"], r["condition"]) for r in rows][:1] == [("metoprolol", "hypertension")]
