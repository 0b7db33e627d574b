"""A leaflet's interaction list names other medicines by their use to identify them (issue #14):
'Certain medicines used to treat epilepsy (e.g. ... carbamazepine ...)' warns about taking
them together and recommends none of them, so it meets no harm of theirs; the same use
written outside the list still does. Text as the Esmya and Levodopa/Carbidopa/Entacapone
Orion leaflets write it."""
from __future__ import annotations

from pipeline.dataset.schema import to_frame
from pipeline.flagging.contradictions import harm_recommendation_contradictions, interaction_list_spans
from pipeline.vocab.knowledge import knowledge

from tests.flagging.test_contradictions import cause, no_drugs, treatment

ESMYA = [
    ("paragraph", "Carbamazepine is used to treat epilepsy."),
    ("paragraph", "Other medicines and Esmya Tell your doctor or pharmacist if you are taking, have recently taken "
                  "or might take any other medicines."),
    ("paragraph", "Tell your doctor or pharmacist if you are taking any of the medicines listed below, as these "
                  "medicines can affect Esmya or be affected by Esmya:"),
    ("list_item", "- Certain medicines used to treat epilepsy (e.g. phenytoin, fosphenytoin, phenobarbital, "
                  "carbamazepine, oxcarbazepine, primidone)."),
    ("heading", "Esmya with food and drink"),
]

# the list markers lost: the lead in the middle of a paragraph, its items read as headings
LEVODOPA = [
    ("paragraph", "Children and adolescents Experience with Levodopa/Carbidopa/Entacapone Orion in patients under "
                  "18 years is limited. Other medicines and Levodopa/Carbidopa/Entacapone Orion Tell your doctor or "
                  "pharmacist if you are taking, have recently taken or might take any other medicines."),
    ("heading", "adrenaline, used for severe allergic reactions"),
    ("heading", "phenytoin, used to prevent convulsions"),
    ("paragraph", "papaverine used to relax the muscles. Levodopa/Carbidopa/Entacapone Orion with food and drink "
                  "Levodopa/Carbidopa/Entacapone Orion may be taken with or without food."),
    ("paragraph", "Pregnancy, breast-feeding and fertility"),
]


def _blocks(lines, doc_id: str = "leaflet") -> tuple:
    rows, start = [], 0
    for i, (kind, text) in enumerate(lines):
        rows.append({"doc_id": doc_id, "block": i, "kind": kind, "category": "", "rule_id": "", "start": start,
                     "end": start + len(text), "section": 2, "text": text})
        start += len(text) + 2
    return to_frame("blocks", rows), [r["start"] for r in rows]


def test_the_list_runs_from_its_subsection_to_the_templates_next_one():
    blocks, starts = _blocks(ESMYA)
    assert interaction_list_spans(blocks)["leaflet"] == [(starts[1], starts[4] + len("Esmya "))]
    blocks, starts = _blocks(LEVODOPA)
    [(begin, end)] = interaction_list_spans(blocks)["leaflet"]
    assert LEVODOPA[0][1][begin:].startswith("Other medicines and")
    assert starts[3] < end < starts[4]  # closed at '... Orion with food and drink'


def test_a_use_in_the_interaction_list_meets_no_harm_but_the_same_use_outside_it_does():
    blocks, starts = _blocks(ESMYA)
    harm = cause("abstract", "carbamazepine", "seizures", "HP:0001250", cause_concept="DRUGBANK:DB00564",
                 relation="adverse_effect",
                 evidence="Carbamazepine-induced seizures in children with typical absences.")
    listed = treatment("leaflet", "carbamazepine", "epilepsy", "HP:0001250", treatment_concept="DRUGBANK:DB00564",
                       start=starts[3] + 2, evidence=ESMYA[3][1])
    outside = dict(listed, claim_id="t-outside", start=starts[0], evidence=ESMYA[0][1])

    def flags(treatments):
        return harm_recommendation_contradictions(to_frame("causes", [harm]), to_frame("treatments", treatments),
                                                  to_frame("doses", []), no_drugs(), {}, kb=knowledge(),
                                                  blocks=blocks)

    assert flags([listed]) == []
    assert [(f["doc_id"], f["other_doc_id"]) for f in flags([outside])] == [("abstract", "leaflet")]



def test_spans_are_kept_per_document_among_many_and_an_open_list_closes_at_its_documents_end():
    """The lists of several documents read in one pass (the flag stage reads every
    document's blocks): a list left open at the end of one document is bounded there, a
    document without a lead has none, and the order of the rows does not matter."""
    import pandas as pd

    open_list = ESMYA[:4]  # no next subsection: the list runs to the maximum length
    frames = [_blocks(open_list, "a")[0], _blocks([("paragraph", "Take one tablet a day.")], "b")[0],
              _blocks(ESMYA, "c")[0]]
    blocks = pd.concat(frames, ignore_index=True).iloc[::-1].reset_index(drop=True)
    spans = interaction_list_spans(blocks)
    starts_a, starts_c = _blocks(open_list, "a")[1], _blocks(ESMYA, "c")[1]
    [(begin, end)] = spans["a"]
    assert begin == starts_a[1] and end > begin
    assert "b" not in spans
    assert spans["c"] == [(starts_c[1], starts_c[4] + len("Esmya "))]
