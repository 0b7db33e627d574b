"""Session 13: more ways abstracts write a harm a medicine brought on (issues #14, #17).

Patterns are data (``rules/cause_patterns.jsonl``); sentences as BC5CDR abstracts write them
(training abstracts in no gold, or the case-report dev part)."""
from __future__ import annotations

from pipeline.extract.causes import cause_rows


def _pairs(rows, extractor=None):
    return {(r["cause"], r["condition"]) for r in rows
            if not r["negated"] and (extractor is None or r["extractor"] == extractor)}


def test_every_medicine_of_a_suspended_hyphen_coordination(view):
    text = "Ciprofloxacin- and norfloxacin-induced seizures were studied in mice.\n"
    pairs = _pairs(cause_rows(view(text)))
    assert ("ciprofloxacin", "seizure") in pairs and ("norfloxacin", "seizure") in pairs


def test_every_condition_listed_after_x_induced(view):
    text = ("Early trials of cisplatin and amifostine also suggested that the incidence and severity of "
            "cisplatin-induced nephrotoxicity, ototoxicity, and neuropathy were reduced.\n")
    pairs = _pairs(cause_rows(view(text)))
    assert {("cisplatin", "nephrotoxicity"), ("cisplatin", "ototoxicity")} <= pairs
    assert any(c == "cisplatin" and "neuropathy" in e for c, e in pairs)


def test_what_patients_given_a_medicine_developed(view):
    rows = cause_rows(view("Three patients on acetazolamide (15%) developed renal calculi. Eight cancer patients in the "
                           "terminal stages of the disease treated with high doses of intravenous morphine developed "
                           "hyperalgesia.\n"))
    pairs = _pairs(rows, "cause.patients_given_drug_developed")
    assert ("acetazolamide", "nephrolithiasis") in pairs
    assert any(c == "morphine" for c, _ in pairs)


def test_no_harm_when_the_patients_developed_none_or_less(view):
    rows = cause_rows(view("Patients receiving metformin developed no lactic acidosis. Children treated with "
                           "valproate showed less seizure activity.\n"))
    assert not _pairs(rows, "cause.patients_given_drug_developed")


def test_a_condition_a_medicine_made_worse(view):
    rows = cause_rows(view("Psychosis was aggravated by levodopa in three patients. Seizures were exacerbated after "
                           "carbamazepine was introduced.\n"))
    pairs = _pairs(rows, "cause.aggravated_by_drug")
    assert ("levodopa", "psychosis") in pairs and ("carbamazepine", "seizure") in pairs


def test_what_the_patients_given_a_medicine_developed_after_and_two_of_these(view):
    rows = cause_rows(view("Frequency of absences increased in four children treated with carbamazepine and two of "
                           "these developed myoclonic jerks, which resolved on withdrawal of carbamazepine.\n"))
    pairs = _pairs(rows, "cause.patients_given_drug_developed")
    assert any(c == "carbamazepine" and "myoclon" in e for c, e in pairs)


def test_no_harm_of_a_medicine_none_of_its_patients_developed(view):
    rows = cause_rows(view("None of 23 patients who received docetaxel alone developed VTE, whereas 9 of 47 patients "
                           "(19%) who received docetaxel plus thalidomide developed VTE (p=0.025).\n"))
    assert not _pairs(rows, "cause.patients_given_drug_developed")


def test_what_occurred_in_the_patients_of_the_titles_medicine(view):
    text = ("Vinorelbine in advanced breast cancer. At least one episode of grade 3 or 4 granulocytopenia was seen "
            "in 59% of patients. Headache occurred in 10% of patients in the placebo group. Tumour progression "
            "was observed in 3 patients.\n")
    pairs = _pairs(cause_rows(view(text)), "cause.title_drug_occurred_in_patients")
    assert ("vinorelbine", "granulocytopenia") in pairs
    assert not any("headache" in e or "tumo" in e or "cancer" in e for _, e in pairs)


def test_what_patients_had_at_baseline_is_no_harm_of_the_titles_medicine(view):
    text = ("Cisplatin in ovarian cancer. Pre-existing diabetes was present in 12 patients. Hypertension was "
            "observed in 30% of patients at enrollment. Nephrotoxicity was observed in 8 patients.\n")
    pairs = _pairs(cause_rows(view(text)), "cause.title_drug_occurred_in_patients")
    assert ("cisplatin", "nephrotoxicity") in pairs
    assert not any("diabetes" in e or "hypertension" in e for _, e in pairs)


def test_a_long_list_joined_by_and_is_read_in_one_pass(view):
    """Each item of the effect list stops at its separator, so a near miss with many 'and's
    (no number after 'in') is rejected without trying every split of the list (40 'and's took
    8 s when an item could hold 'and'; bench/hostile.py measures such inputs)."""
    sentence = "Fever " + " and ".join(["rash"] * 60) + " occurred in the patients.\n"
    rows = cause_rows(view("Cisplatin in ovarian cancer. " + sentence))
    assert not _pairs(rows, "cause.title_drug_occurred_in_patients")


def test_a_coordination_inside_a_noun_phrase_is_no_list_of_medicines(view):
    rows = cause_rows(view("NH4Ac pretreatment enhanced morphine analgesia- and diazepam-induced muscular incoordination.\n"))
    assert not any("analgesia" in r["cause"] for r in rows)
    assert ("diazepam", "muscular incoordination") in _pairs(rows) or any(
        c == "diazepam" and "incoordination" in e for c, e in _pairs(rows))


def test_what_the_titles_medicines_reactions_were(view):
    text = ("Neuropsychiatric side effects after the use of mefloquine. Reactions consisted mainly of seizures, acute "
            "psychoses, anxiety neurosis, and major disturbances of sleep-wake rhythm. Major toxicities were not "
            "observed.\n")
    rows = [r for r in cause_rows(view(text)) if r["extractor"] == "cause.title_drug_reactions_were"]
    assert {("mefloquine", "seizure"), ("mefloquine", "psychosis")} <= _pairs(rows)
    assert all("Reactions consisted" in r["evidence"] for r in rows)


def test_a_list_after_a_disease_related_name_is_no_list_of_its_effects(view):
    rows = cause_rows(view("Signs of AIDS-related lymphoma include weight loss, fever, and night sweats.\n"))
    assert not [r for r in rows if r["extractor"] == "cause.x_induced_list"]
