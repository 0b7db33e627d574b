from __future__ import annotations

from pipeline.dataset.schema import to_frame
from pipeline.flagging.contradictions import dose_contradictions, statement_contradictions


def statement(doc, polarity, hedged=False, start=0):
    return {"claim_id": f"{doc}-{polarity}-{start}", "doc_id": doc, "subject": "gout", "subject_concept_id": "HP:1",
            "predicate": "curable", "polarity": polarity, "hedged": hedged, "start": start, "end": start + 5,
            "evidence": f"{doc} says {polarity}", "review_status": "clean"}


def test_within_and_across_documents_and_linear_in_documents():
    rows = [statement("a", True), statement("a", False, start=10), statement("b", False)]
    rows += [statement(f"n{i}", False) for i in range(50)] + [statement(f"y{i}", True) for i in range(3)]
    cred = {"a": 0.3, "b": 0.9}
    flags = statement_contradictions(to_frame("statements", rows), cred)
    within = [f for f in flags if f["doc_id"] == f["other_doc_id"]]
    across = [f for f in flags if f["doc_id"] != f["other_doc_id"]]
    assert len(within) == 1 and within[0]["doc_id"] == "a"
    # 4 documents affirm (a, y0-y2), 52 deny: each affirming document meets the strongest
    # denial (b, the most credible) once - 4 flags, not 4 x 52
    assert len(across) == 4
    assert {f["other_doc_id"] for f in across} == {"b"}
    assert across[0]["severity"] == "high"  # a peer-reviewed source is on one side


def test_dose_ranges_that_miss_the_reference_are_flagged():
    def dose(doc, amount, top=None):
        return {"claim_id": f"{doc}-{amount}", "doc_id": doc, "drug": "meloxicam", "amount": amount,
                "amount_max": top, "unit": "mg", "frequency_per_day": 1.0, "route": "oral",
                "start": 0, "end": 1, "evidence": "e", "review_status": "clean"}
    frame = to_frame("doses", [dose("label", 7.5, 15), dose("shop", 60), dose("blog", 10)])
    flags = dose_contradictions(frame, {"label": 0.9, "shop": 0.3, "blog": 0.5})
    assert [(f["doc_id"], f["other_doc_id"]) for f in flags] == [("shop", "label")]
    assert "in a more credible source" in flags[0]["reason"]
    # with equal credibility the reference is only the first source: the reason says no more
    tied = dose_contradictions(frame, {})
    assert tied and all("in another source" in f["reason"] for f in tied)
