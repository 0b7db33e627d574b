"""Statements that deny for some cases only, or deny only a disease-specific treatment
(issue #14, precision on consumer pages). "Most cases of trisomy 13 are not inherited"
agrees with "Translocation trisomy 13 can be inherited"; "There is no specific treatment
for X" says no therapy targets X, which treatments of its symptoms do not contradict.
On 10,000 MedQuAD answers (session 12) these made 8 of 9 cause-negated flags and most of
127 untreatable-vs-treatment flags, read false. Sentences as GHR and GARD answers write them."""
from __future__ import annotations

from pipeline.dataset.schema import to_frame
from pipeline.flagging.contradictions import negated_cause_contradictions, untreatable_scope


def _cause(doc, negated, evidence, start=0):
    return {"claim_id": f"c-{doc}-{start}", "doc_id": doc, "cause": "inheritance", "condition": "trisomy 13",
            "relation": "causes", "negated": negated, "start": start, "end": start + len(evidence),
            "evidence": evidence}


def test_a_denial_of_most_cases_meets_no_affirmation_but_a_denial_of_every_case_does():
    affirmed = _cause("a", False, "Translocation trisomy 13 can be inherited.")
    for partial in ("Most cases of trisomy 13 are not inherited and result from random events.",
                    "Rare cases of trisomy 13 are not inherited."):
        assert negated_cause_contradictions(to_frame("causes", [affirmed, _cause("b", True, partial)]), {}) == []
    every = _cause("b", True, "Trisomy 13 is not inherited.")
    assert len(negated_cause_contradictions(to_frame("causes", [affirmed, every]), {})) == 1


def test_no_specific_treatment_denies_only_a_cure():
    sentence = "There is no specific treatment for limb-girdle muscular dystrophy."
    assert untreatable_scope(sentence, "There is no specific treatment", "treatable") == "curable"
    sentence = "There is no standard treatment for this condition."
    assert untreatable_scope(sentence, "There is no standard treatment", "treatable") == "curable"
    sentence = "There is no effective treatment for hereditary endotheliopathy."
    assert untreatable_scope(sentence, "There is no effective treatment", "treatable") == "treatable"


def test_a_negation_of_another_verb_or_a_litotes_denies_no_cause():
    affirmed = _cause("a", False, "Translocation trisomy 13 can be inherited.")
    for sentence in ("Routine EKG monitoring during trisomy 13 did not predict its development.",
                     "Infusion versus bolus does not affect the incidence of trisomy 13.",
                     "Inheritance is not an infrequent cause of trisomy 13."):
        assert negated_cause_contradictions(to_frame("causes", [affirmed, _cause("b", True, sentence)]), {}) == []
    for sentence in ("Trisomy 13 is not inherited.", "There is no evidence that trisomy 13 is passed down in families."):
        assert len(negated_cause_contradictions(to_frame("causes", [affirmed, _cause("b", True, sentence)]), {})) == 1
