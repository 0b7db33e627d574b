"""Causes, doses and statements on short texts written the way such pages are written."""
from __future__ import annotations

import pytest

from pipeline.extract.causes import cause_rows
from pipeline.extract.doses import dose_rows
from pipeline.extract.statements import statement_rows


def test_causal_direction_is_kept(view):
    a = cause_rows(view("Gout\n\nObesity causes hypertension.\n"))
    b = cause_rows(view("Gout\n\nHypertension causes obesity.\n"))
    assert [(r["cause"], r["condition"]) for r in a] == [("obesity", "hypertension")]
    assert [(r["cause"], r["condition"]) for r in b] == [("hypertension", "obesity")]


def test_cue_line_with_list_items_gives_one_cause_per_item(view):
    text = ("Rickets\n\nThe main causes of rickets include:\n\n  • lack of vitamin D in the diet;\n"
            "  • too little sunlight;\n  • kidney failure.\n")
    rows = cause_rows(view(text))
    assert {r["condition"] for r in rows} == {"rickets"}
    assert len(rows) == 3
    assert any("sunlight" in r["cause"] for r in rows)


def test_hedged_and_risk_factor_claims(view):
    rows = cause_rows(view("Gout\n\nObesity may lead to gout. Smoking is a risk factor for osteoporosis.\n"))
    by_cause = {r["cause"]: r for r in rows}
    assert by_cause["obesity"]["hedged"] and by_cause["obesity"]["relation"] == "causes"
    assert by_cause["smoking"]["relation"] == "risk_factor"


def test_dose_linked_to_a_drug_in_the_caption_after_the_paragraph(view):
    text = ("Treatment\n\nThe solution is injected into the muscle in an amount of 7.5 mg. "
            "Injections are given once a day.\n\nThe drug Movalis in the form of a solution for injection\n")
    (row,) = dose_rows(view(text))
    assert (row["drug"], row["drug_link"], row["amount"], row["route"], row["frequency_per_day"]) == (
        "meloxicam", "caption", 7.5, "intramuscular", 1.0)


def test_two_equally_near_drugs_leave_the_dose_unlinked(view):
    text = "Treatment\n\nTake 200 mg daily. Ibuprofen and naproxen are both used.\n"
    (row,) = dose_rows(view(text))
    assert row["drug"] == "" and row["drug_link"] == "ambiguous"


def test_herbal_doses_keep_the_substance(view):
    (row,) = dose_rows(view("Recipes\n\nTake 20 g of knotweed per glass of water.\n"))
    assert (row["drug"], row["drug_link"], row["unit"]) == ("knotweed", "substance", "g")


def test_statements_polarity(view):
    rows = statement_rows(view("Gout\n\nGout is an incurable disease. Gout can be cured completely.\n"))
    assert {(r["predicate"], r["polarity"]) for r in rows} == {("curable", False), ("curable", True)}


def test_abbreviation_short_forms_take_the_long_forms_concept(nlp):
    doc = nlp("Patients with rheumatoid arthritis (RA) were studied. RA was active.")
    labels = {doc.text[m.start:m.end]: m.name for m in doc._.mentions}
    assert labels.get("RA") == labels.get("rheumatoid arthritis") == "rheumatoid arthritis"


def test_a_medicine_that_causes_a_condition_is_an_adverse_effect(view):
    rows = cause_rows(view("Case report\n\nWe describe heparin-induced thrombocytopenia in a patient.\n"))
    assert [(r["cause"], r["relation"], r["condition"]) for r in rows] == [
        ("heparin", "adverse_effect", "thrombocytopenia")]
    rows = cause_rows(view("Hypertension\n\nObesity causes hypertension.\n"))
    assert [r["relation"] for r in rows] == ["causes"]


def test_a_denied_cause_is_extracted_negated(view):
    rows = cause_rows(view("Migraine\n\nMigraine is not caused by stress.\n"))
    assert [(r["cause"], r["condition"], r["negated"]) for r in rows] == [("stress", "migraine", True)]


def test_a_harm_read_by_two_extractors_is_one_causes_row(view):
    from pipeline.extract.document import rows_for_document

    text = ("Package leaflet: Information for the user\n\nNurofen 200 mg tablets\n\nibuprofen\n\n"
            "Nurofen contains the active substance ibuprofen.\n\n"
            "4. Possible side effects\n\nIbuprofen can cause nausea.\n")
    v = view(text)
    ids = [r["claim_id"] for r in rows_for_document(v.source, v.doc)["causes"]]
    assert ids and len(ids) == len(set(ids))
