"""Session 13: drug classes the NER does not tag are chemicals the relation model reads.

BC5CDR counts a class as the chemical of a relation ("Oral contraceptives and the risk of
myocardial infarction", "use of BZDs/RDs was associated with dizziness"); the NER tags no
class, so the model never saw the pair. ``class_mentions`` finds the WHO ATC class terms of
the compiled knowledge and the abbreviations a text defines for them. Sentences from
BC5CDR training abstracts in no gold (11752354, 18020536 is contradiction dev material)."""
from __future__ import annotations

from pipeline.extract.relation_model import class_mentions, relation_rows
from pipeline.nlp.labels import DRUG
from pipeline.nlp.mentions import Mention


def _named(text, mentions=()):
    return [(text[m.start:m.end], m.name) for m in class_mentions(text, list(mentions))]


def test_class_terms_and_the_abbreviations_a_text_defines():
    text = ("OBJECTIVE: To describe associations between the use of benzodiazepines or related drugs "
            "(BZDs/RDs) and health. However, use of BZDs/RDs was associated with dizziness. "
            "Anti-epileptic drugs-induced de novo absence seizures.")
    found = _named(text)
    assert ("benzodiazepines", "benzodiazepines") in found
    assert ("BZDs", "benzodiazepines") in found
    assert ("Anti-epileptic drugs", "anti-epileptic drugs") in found


def test_an_abbreviation_whose_letters_fit_no_class_is_not_the_class():
    assert _named("Women using oral contraceptives (HRT) had thrombosis; HRT was stopped.") == [
        ("oral contraceptives", "oral contraceptives")]


def test_a_statistic_or_a_short_form_defined_twice_is_no_abbreviation_of_the_class():
    text = ("Women taking oral contraceptives (OR, 2.1; 95% CI 1.2-3.4) had strokes; the OR of ischemic stroke was 3.4. "
            "Use of antidepressants (ADs) in residents with Alzheimer disease (AD). AD severity was associated with falls.")
    found = _named(text)
    assert ("OR", "oral contraceptives") not in found
    assert not any(surface in ("AD", "ADs") for surface, _ in found)
    assert ("antidepressants", "antidepressants") in found


def test_no_class_mention_over_a_drug_the_ner_tagged():
    text = "Patients given antidepressants developed mania."
    at = text.index("antidepressants")
    tagged = [Mention(at, at + len("antidepressants"), DRUG, "", "antidepressant", "", True, "test")]
    assert _named(text, tagged) == []


def test_terms_that_mostly_name_lab_findings_are_left_out():
    assert _named("Serum enzymes and electrolytes were measured; vitamins were given.") == []


def test_the_bodys_own_or_the_diets_substances_are_no_class_given():
    text = ("An association between the level of prostaglandins and the risk of myocardial infarction. The intake "
            "of carbohydrates and the risk of type 2 diabetes. Endogenous steroids produced by the adrenal gland "
            "and the risk of hypertension. Steroids produced by the adrenal gland rise.")
    assert _named(text) == []
    assert _named("Patients given steroids developed osteonecrosis.") == [("steroids", "steroids")]


def test_the_model_reads_a_harm_of_a_class(view):
    text = ("Oral contraceptives and the risk of myocardial infarction. BACKGROUND: An association between the use "
            "of oral contraceptives and the risk of myocardial infarction has been found in some, but not all, "
            "studies (P < 0.05).\n")
    rows = relation_rows(view(text))
    assert ("oral contraceptives", "myocardial infarction") in {(r["cause"], r["condition"]) for r in rows}
