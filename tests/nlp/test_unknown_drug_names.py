"""Issue #17 (case-report doses on the right drug): unknown drug names the NER tags in
BC5CDR abstracts — kept where the text gives them as drugs, left out where a class of
drugs acting on a substance is named. Sentences are from BC5CDR training abstracts
(outside every gold part); the NER's tags are set by hand as the model would give them."""
from __future__ import annotations

import pytest

from pipeline.nlp.drug_context import DrugContext

from .test_chemical_names import ner_found, ner_nlp  # noqa: F401  (fixture)


@pytest.fixture(scope="module")
def context() -> DrugContext:
    return DrugContext.load()


def test_an_unknown_name_kept_once_is_kept_at_every_use(ner_nlp) -> None:  # noqa: F811
    # one name keeps one sense within an abstract: given with its dose once, named bare after
    text = ("Flestolol (10 mg/kg) was infused for 30 minutes. "
            "Flestolol effectively reduced heart rate in all dogs.")
    assert _drug_starts(ner_nlp, text, "Flestolol") == [0, text.rindex("Flestolol")]
    bare = text.replace("Flestolol (10 mg/kg) was infused", "Flestolol was studied")  # never given: kept nowhere
    assert _drug_starts(ner_nlp, bare, "Flestolol") == []


def _drug_starts(nlp, text: str, name: str) -> list[int]:
    """Where the component keeps ``name`` as a drug, every use of it tagged as the NER would."""
    import re

    from pipeline.nlp.candidates import get_candidates

    doc = nlp.get_pipe("sentencizer")(nlp.make_doc(text))
    doc.ents = [doc.char_span(m.start(), m.end(), label="CHEMICAL") for m in re.finditer(re.escape(name), text)]
    return [c.start for c in get_candidates(nlp.get_pipe("ner_mentions")(doc)) if c.label == "DRUG"]


def test_a_bare_use_before_a_non_drug_head_stays_out(ner_nlp) -> None:  # noqa: F811
    text = "Rats received thioperamide (15 mg/kg). Thioperamide receptor binding was measured."
    # the bare use before "receptor" names the receptor, not the drug
    assert _drug_starts(ner_nlp, text.replace("Thioperamide", "thioperamide"), "thioperamide") == [
        text.index("thioperamide")]


@pytest.mark.parametrize("text, name", [
    ("Isoproterenol (ISO) (0.3 mg/kg) induced myocardial necrosis.", "ISO"),
    ("Rats were pretreated with DFP (diisopropylfluorophosphate), 1 mg/kg.", "DFP"),
    ("Xylamidine pretreatment (1 mg/kg) blocked the effect.", "Xylamidine"),
    ("THP (3.75 and 7.5 mg/kg) reduced locomotion.", "THP"),
    ("Compound Y (70 nmol/kg ip) was given.", "Compound Y"),
])
def test_a_dose_after_a_short_form_a_drug_head_or_a_level_list_gives_the_name_as_a_drug(ner_nlp, text, name) -> None:  # noqa: F811
    assert ner_found(ner_nlp, text, [name]) == [name]


@pytest.mark.parametrize("text, substance", [
    ("the serotonin receptor agonist MK-212 was given", "serotonin"),
    ("patients on vitamin K antagonists", "vitamin K"),
    ("the dopamine antagonist sulpiride", "dopamine"),
])
def test_a_substance_before_agonist_or_antagonist_names_a_class_not_the_substance(context, text, substance) -> None:
    assert context.followed_by_non_drug_head(text, text.index(substance) + len(substance))


def test_a_code_name_before_induced_or_treated_is_the_drug(ner_nlp) -> None:  # noqa: F811
    text = "FK 506-induced nephrotoxicity was studied in MK-801-treated rats."
    assert ner_found(ner_nlp, text, ["FK 506", "MK-801"]) == ["FK 506", "MK-801"]
