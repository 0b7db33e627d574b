"""Class words consumer pages use and the ATC groups above a named class (issue #14): 'Depressants
are used to treat anxiety and sleep disorders' (NIHSeniorHealth) names the anxiolytics and the
hypnotics; a harm of 'benzodiazepines' (a group inside them) meets that recommendation, as a
member's harm meets its class's. Sentences as the pages and abstracts write them."""
from __future__ import annotations

from pipeline.dataset.schema import to_frame
from pipeline.flagging.contradictions import harm_recommendation_contradictions
from pipeline.vocab.knowledge import knowledge

from tests.flagging.test_contradictions import cause, no_drugs, treatment


def test_consumer_class_words_name_their_atc_groups():
    kb = knowledge()
    assert {"ATC:N05B", "ATC:N05C"} <= kb.classes_named("Depressants are used to treat anxiety and sleep disorders.")
    assert "ATC:C01D" in kb.classes_named("Vasodilators to widen your blood vessels")
    assert "ATC:R03A" in kb.classes_named("Bronchodilators relax the muscles around your airways")
    assert "ATC:J05AE" in kb.classes_named("HIV medicines such as ritonavir")
    assert "ATC:B01AD" in kb.classes_named("clot-busting drugs")


def test_the_groups_above_a_class_are_its_code_prefixes():
    kb = knowledge()
    assert kb.broader_classes("ATC:N05BA") == {"ATC:N05B", "ATC:N05"}
    assert kb.broader_classes("MESH:benzodiazepines") == frozenset()


def test_a_harm_of_a_named_class_meets_a_recommendation_of_the_group_it_lies_in():
    harm = cause("abstract", "BZDs", "insomnia", "HP:0100785", relation="adverse_effect",
                 evidence="However, use of BZDs/RDs was associated with dizziness, inability to sleep after awaking "
                          "at night and tiredness in the mornings.")
    harm["cause_text"] = "benzodiazepines"
    rec = treatment("page", "depressants", "sleep disorders", "ICD10CM:G47", kind="other",
                    evidence="Depressants are used to treat anxiety and sleep disorders.")
    flags = harm_recommendation_contradictions(to_frame("causes", [harm]), to_frame("treatments", [rec]),
                                               to_frame("doses", []), no_drugs(), {}, kb=knowledge())
    assert [(f["doc_id"], f["other_doc_id"]) for f in flags] == [("abstract", "page")]
    # the other way round a recommendation of a subgroup says nothing of the whole group
    broad = dict(harm, cause_text="depressants", cause="depressants")
    narrow = dict(rec, treatment="benzodiazepines", treatment_text="benzodiazepines")
    assert harm_recommendation_contradictions(to_frame("causes", [broad]), to_frame("treatments", [narrow]),
                                              to_frame("doses", []), no_drugs(), {}, kb=knowledge()) == []
