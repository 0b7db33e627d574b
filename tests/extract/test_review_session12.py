"""Fixes from the session 12 review of the helpers' extraction rules (issue #17): a
sentence that is no list gives no class members; a patient group's diseases after "in
patients with" are no side effects; a page unsure whether a cause is genetic states no
genetic cause; a statement repeated in sections 2 and 4 keeps its claim ids; consumer
pages naming animals or a footnote digit are no research reports. Invented sentences in
the genres' own wording."""
from __future__ import annotations

from pipeline.extract.causes import cause_rows
from pipeline.extract.relation_model import reports_research
from pipeline.extract.side_effects import side_effect_rows

from .conftest import LEAFLET_HEAD, LEAFLET_TAIL


def test_a_sentence_that_is_no_list_gives_no_class_members(view):
    text = ("What causes restless legs syndrome? Kidney failure, diabetes and iron deficiency are linked to it. "
            "These conditions are more common in older adults. All of these conditions increase your risk of "
            "restless legs syndrome.\n")
    causes = {r["cause_text"].lower() for r in cause_rows(view(text))}
    assert not any("older adults" in c or "common" in c for c in causes)


def test_a_patient_groups_diseases_are_no_side_effects(section4_rows):
    rows = section4_rows("Common (may affect up to 1 in 10 people)\n\n"
                         "- bleeding in patients with kidney disease, liver disease or stomach ulcers\n"
                         "- infections in people with HIV, hepatitis B or tuberculosis\n")
    names = {r["condition"] for r in rows}
    assert not names & {"liver disease", "gastric ulcer", "hepatitis", "tuberculosis", "hepatitis b"}


def test_a_page_unsure_whether_a_cause_is_genetic_states_none(view):
    for sentence in ("It is unclear if a genetic factor is involved.",
                     "No one knows whether a genetic component is involved."):
        rows = cause_rows(view(f"What causes Quillan fever? The cause of Quillan fever is unknown. {sentence}\n"))
        assert not any("genetic" in r["cause_text"].lower() for r in rows)


def test_a_statement_in_sections_2_and_4_keeps_the_ids_of_its_reading_order(view):
    from pipeline.ids import normalise_quote, stable_id

    sentence = "Brufex may cause headache."
    text = LEAFLET_HEAD.replace(
        "4. Possible side effects",
        f"2. What you need to know before you take Brufex\n\n{sentence}\n\n4. Possible side effects\n\n{sentence}")
    text += "\n" + LEAFLET_TAIL
    v = view(text)
    rows = [r for r in side_effect_rows(v) if r["condition"] == "headache"]
    assert len(rows) == 2 and rows[0]["start"] < rows[1]["start"]  # document order
    key = (rows[1]["relation"], rows[1]["cause"], rows[1]["condition"], normalise_quote(rows[1]["evidence"]))
    # section 4 is read first: its row is the statement's first occurrence, as before rows were sorted
    assert rows[1]["claim_id"] == stable_id("c", v.source.doc_id, *key, 0)
    assert rows[0]["claim_id"] == stable_id("c", v.source.doc_id, *key, 1)


def test_consumer_pages_naming_animals_or_a_footnote_digit_are_no_research_reports():
    assert not reports_research("Rabies is found in wild animals, or in dogs, cats or farm animals.")
    assert not reports_research("Treatment begins after symptoms are reported.")
    assert not reports_research("Hemoglobin was 11.5 g/dL.2 Patients who receive EPO need iron.")
    assert reports_research("A case of lithium-induced diabetes insipidus is reported.")
    assert reports_research("Eight patients had cardiac manifestations.")
