"""How abstracts and case reports state what a medicine brought on: its side or toxic
effects, what it induced or produced, effects after its giving, effects more frequent in
its group, and, for effects stated without it, the medicine the title names."""
from __future__ import annotations

from pipeline.extract.causes import cause_rows


def _pairs(rows, relation="adverse_effect"):
    return {(r["cause"], r["condition"]) for r in rows if r["relation"] == relation}


def test_side_effects_of_a_medicine_are_listed_after_it(view):
    text = "The most commonly reported toxic effects of capecitabine are diarrhea, stomatitis and alopecia.\n"
    rows = cause_rows(view(text))
    assert {("capecitabine", c) for c in ("diarrhea", "stomatitis", "alopecia")} <= _pairs(rows)


def test_what_a_medicine_induced_or_produced(view):
    text = "In these patients, haloperidol significantly induced catalepsy. Morphine produced no hypotension.\n"
    rows = cause_rows(view(text))
    pairs = _pairs(rows)
    assert any(c == "haloperidol" for c, _ in pairs)
    assert not any(c == "morphine" for c, _ in pairs)  # "produced no …" states none


def test_a_hyphenated_induced_names_no_subject_for_the_verb(view):
    text = "Clozapine antagonized amphetamine-induced hyperactivity in mice.\n"
    rows = cause_rows(view(text))
    assert not any(r["cause"] == "clozapine" for r in rows)


def test_induced_y_ends_at_its_noun_phrase(view):
    text = "Levodopa-induced dyskinesia in patients with Parkinson's disease.\n"
    rows = cause_rows(view(text))
    assert not any("parkinson" in r["condition"] for r in rows)
    assert any("dyskinesia" in r["condition"] for r in rows)


def test_receptor_mediated_is_a_mechanism_not_a_cause(view):
    text = "Estrogen modulates receptor-mediated hypotension in rats.\n"
    assert not any(r["cause"].startswith("receptor") for r in cause_rows(view(text)))


def test_the_giving_after_the_name_is_the_medicine(view):
    text = "Various reported side effects of fentanyl administration include hypotension and bradycardia.\n"
    rows = cause_rows(view(text))
    assert {("fentanyl", "hypotension"), ("fentanyl", "bradycardia")} <= _pairs(rows)


def test_every_condition_before_during_therapy(view):
    text = "Pneumonitis, pericardial effusion and neuropathy during amiodarone therapy.\n"
    conditions = {c for d, c in _pairs(cause_rows(view(text))) if d == "amiodarone"}
    assert len(conditions) == 3


def test_the_population_disease_is_what_the_medicine_was_given_for(view):
    text = "Quality of life in women with overactive bladder after tolterodine treatment.\n"
    assert not any(r["cause"] == "tolterodine" for r in cause_rows(view(text)))


def test_effects_stated_without_the_medicine_belong_to_the_title_medicine(view):
    text = ("A phase I study of ifosfamide in solid tumours. Twenty patients were treated. "
            "Four patients developed hematuria. Toxic effects included nausea and leukopenia.\n")
    pairs = _pairs(cause_rows(view(text)))
    assert {("ifosfamide", "hematuria"), ("ifosfamide", "nausea"), ("ifosfamide", "leukopenia")} <= pairs


def test_no_title_medicine_no_subject(view):
    text = "A study of bladder tumours. Four patients developed hematuria.\n"
    assert not _pairs(cause_rows(view(text)))


def test_effects_more_frequent_in_a_medicine_group(view):
    text = "Drowsiness and headache were increased significantly over placebo only in the high-dose azelastine group.\n"
    conditions = {c for d, c in _pairs(cause_rows(view(text))) if d == "azelastine"}
    assert len(conditions) == 2


def test_a_condition_that_occurs_after_an_event(view):
    text = "Thrombocytopenia can occur after a widespread bacterial infection. Gout usually develops after age 40.\n"
    rows = cause_rows(view(text))
    assert any(r["extractor"] == "cause.occurs_after" and r["hedged"] for r in rows)
    assert not any("age" in r["cause_text"] for r in rows)


def test_every_condition_of_a_list_induced_by_a_medicine(view):
    text = "Acute hepatitis, hemolytic anemia, and thrombocytopenia induced by ceftriaxone.\n"
    conditions = {c for d, c in _pairs(cause_rows(view(text))) if d == "ceftriaxone"}
    assert len(conditions) == 3


def test_effects_while_receiving_or_reported_with_a_medicine(view):
    text = ("Two patients developed acute renal failure while they were receiving gentamicin. "
            "Myopathy has been rarely reported with lovastatin.\n")
    pairs = _pairs(cause_rows(view(text)))
    assert ("gentamicin", "acute kidney injury") in pairs or any(d == "gentamicin" for d, _ in pairs)
    assert any(d == "lovastatin" for d, _ in pairs)


def test_gene_symbols_keep_their_case_and_a_name_may_hold_a_comma(view):
    text = "Familial hemophagocytic lymphohistiocytosis, type 5 is caused by mutations in the STXBP2 gene.\n"
    rows = cause_rows(view(text))
    assert [r["cause"] for r in rows] == ["mutations in the STXBP2 gene"]


def test_what_came_without_an_improvement_was_not_brought_on(view):
    text = ("CONCLUSION: As fentanyl exacerbated postoperative nausea and vomiting without an improvement in "
            "postoperative pain and also had adverse cardiorespiratory effects, it appears to be an unnecessary "
            "supplement to sevoflurane in day surgery.\n")
    pairs = {(c, e) for c, e in _pairs(cause_rows(view(text)), "adverse_effect")} | _pairs(cause_rows(view(text)), "causes")
    assert any(c == "fentanyl" and "nausea" in e for c, e in pairs)
    assert not any("pain" in e for _, e in pairs)


def test_given_as_part_of_a_regimen_is_no_cause(view):
    text = ("Analysis was performed on 61 women with metastatic breast cancer receiving infusional cyclophosphamide "
            "as part of a triple sequential high-dose regimen to assess association between congestive heart failure "
            "and the following characteristics: age, hypertension, smoking, prior use of anthracyclines.\n")
    rows = cause_rows(view(text))
    assert not any(r["extractor"] == "cause.due_to" for r in rows)
    rows = cause_rows(view("Seizures can occur as part of a syndrome such as tuberous sclerosis.\n"))
    assert any(r["extractor"] == "cause.due_to" for r in rows)
