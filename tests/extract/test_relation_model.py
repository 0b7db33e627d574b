"""The learned chemical-induced-disease relation: features of a real sentence, the shipped
model's reading of a clear relation and a clear non-relation, and the rows it adds."""
from __future__ import annotations

from pipeline.extract.relation_model import (
    CHEM, DIS, EXTRACTOR, Span, document_features, pair_features, relation_rows, reports_research, shipped_model,
)

#: A sentence of a BC5CDR training abstract.
SENTENCE = "An 80-yr-old man developed acute hepatitis shortly after ingesting oral ceftriaxone."


def _span(text: str, quote: str, kind: str) -> Span:
    start = text.index(quote)
    return Span(start, start + len(quote), kind)


def test_features_mask_the_pair_and_read_between_and_around():
    chem, dis = _span(SENTENCE, "ceftriaxone", CHEM), _span(SENTENCE, "acute hepatitis", DIS)
    feats = pair_features(SENTENCE, 0, len(SENTENCE), chem, dis, [chem, dis])
    assert "order=DC" in feats
    assert {"b:after", "b:ingesting", "bb:after_ingesting", "d-1:developed", "c-1:oral", "c+1:.", "dist=4-6"} <= set(feats)
    assert not any("ceftriaxone" in f or "hepatitis" in f for f in feats)  # the mentions themselves are masked
    assert "neg_sent" not in feats


def test_other_mentions_between_are_placeholders_and_negation_is_read():
    # sentences of BC5CDR training abstracts
    text = ("This patient underwent a 10-month regimen of rifampin and isoniazid for pulmonary tuberculosis and was "
            "discovered to have developed signs of severe renal failure five weeks after completion of therapy.")
    chem, other = _span(text, "rifampin", CHEM), _span(text, "isoniazid", CHEM)
    tb, dis = _span(text, "pulmonary tuberculosis", DIS), _span(text, "renal failure", DIS)
    feats = pair_features(text, 0, len(text), chem, dis, [chem, other, tb, dis], document_features(True, False, False, True))
    assert {"b:<chem>", "b:<dis>", "other_chem=1", "other_dis=1", "chem_title", "dis_top"} <= set(feats)
    assert "neg_sent" not in feats
    text = "ENaC, betaENaC and gammaENaC proteins were not increased during PAN-induced sodium retention."
    feats = pair_features(text, 0, len(text), _span(text, "PAN", CHEM), _span(text, "sodium retention", DIS))
    assert {"neg_sent", "neg_near", "bs:-_induced", "order=CD"} <= set(feats)


def test_the_shipped_model_loads_and_reads_a_clear_relation_and_a_clear_non_relation():
    model = shipped_model()
    assert 0.5 <= model.threshold < 1
    topic = document_features(True, True, True, True)  # both named in the title and most often
    induced = "Cisplatin-induced nephrotoxicity was observed in two patients."
    feats = pair_features(induced, 0, len(induced), _span(induced, "Cisplatin", CHEM), _span(induced, "nephrotoxicity", DIS),
                          document=topic)
    assert model.probability(feats) >= model.threshold
    given = "Patients with hypertension received cisplatin."
    feats = pair_features(given, 0, len(given), _span(given, "cisplatin", CHEM), _span(given, "hypertension", DIS),
                          document=topic)
    assert model.probability(feats) < model.threshold


def test_rows_for_a_relation_the_rules_did_not_give(view):
    text = ("Cisplatin-induced nephrotoxicity was observed in two patients. Patients with hypertension received cisplatin. "
            "We report both cases.\n")
    rows = relation_rows(view(text))
    assert {(r["cause"], r["condition"]) for r in rows} == {("cisplatin", "nephrotoxicity")}
    row = rows[0]
    assert row["relation"] == "adverse_effect" and row["extractor"] == EXTRACTOR and not row["negated"]
    assert row["evidence"] == "Cisplatin-induced nephrotoxicity was observed in two patients."
    # a pair the rules already gave is not read again, nor a condition the rules read another cause for
    given = {"cause": "cisplatin", "condition": "nephrotoxicity", "start": 0, "end": 10}
    assert relation_rows(view(text), [given]) == []
    other = {**given, "cause": "carboplatin"}
    assert relation_rows(view(text), [other]) == []
    elsewhere = {**other, "start": 70, "end": 80}
    assert len(relation_rows(view(text), [elsewhere])) == 1


def test_only_reports_of_research_are_read(view):
    # a MedQuAD answer (GARD, familial hyperinsulinism): a disease mechanism, no medicine's harm
    page = ("Familial hyperinsulinism is an inherited condition that causes individuals to have abnormally high levels "
            "of insulin, which leads to frequent episodes of low blood sugar (hypoglycemia).\n")
    assert not reports_research(page)
    assert relation_rows(view(page)) == []
    # BC5CDR case-report and abstract wordings
    assert reports_research("A 73-year-old woman developed neuroleptic malignant syndrome after monotherapy with risperidone.")
    assert reports_research("In contrast, the highest dose of melatonin (50 mg/kg) caused a paradoxical increase in the latency.")
    assert reports_research("RESULTS: Pain at the injection site occurred in 35% of patients.")


def test_a_hedged_sentence_gives_a_hedged_row(view):
    # BC5CDR development abstract 18161408's title and conclusion ("CC" written out)
    text = ("Myocardial infarction in pregnancy associated with clomiphene citrate for ovulation induction: a case report. "
            "CONCLUSION: This appears to "
            "be the first reported case documenting a possible association between clomiphene and myocardial infarction.\n")
    rows = [r for r in relation_rows(view(text)) if r["evidence"].startswith("CONCLUSION")]
    assert [(r["cause"], r["condition"], r["hedged"]) for r in rows] == [("clomiphene", "myocardial infarction", True)]
