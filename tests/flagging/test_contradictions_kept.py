"""What the session 12 precision rules must not suppress (issue #14; a reviewer's
sentences): paradoxical harms, prevention, drug toxicity, universal denials in their
common wordings, ordinary regimens, and a drug recommended beside a diet."""
from __future__ import annotations

import re

import pytest

from pipeline.flagging.contradictions import (
    dose_induces_indication,
    gives,
    harm_is_misread,
    names_no_exposure,
    settings,
)


@pytest.mark.parametrize("evidence, condition", [
    ("In asthma patients, salmeterol increased the risk of asthma-related death.", "asthma"),
    ("Flecainide, used in the treatment of arrhythmias, can cause new or worsened arrhythmias.", "arrhythmias"),
    ("Salbutamol, used for the treatment of bronchospasm, may cause paradoxical bronchospasm.", "bronchospasm"),
])
def test_a_paradoxical_harm_stays_a_harm(evidence, condition):
    assert not harm_is_misread(evidence, condition)


@pytest.mark.parametrize("evidence, drug, condition", [
    ("People taking metformin were 31% less likely to develop type 2 diabetes.", "metformin", "type 2 diabetes"),
    ("Fewer patients on aspirin developed colorectal cancer.", "aspirin", "colorectal cancer"),
])
def test_prevention_is_no_induction(evidence, drug, condition):
    assert not dose_induces_indication(evidence, drug, condition)


@pytest.mark.parametrize("phrase", ["estrogen in the absence of progesterone", "excess use of acetaminophen",
                                    "clozapine for treatment-resistant schizophrenia"])
def test_an_exposure_worded_near_a_state_stays_an_exposure(phrase):
    assert not names_no_exposure(phrase)


def test_a_drug_beside_a_diet_is_given():
    assert gives("protein-restricted diet and carnitine supplementation", "carnitine")
    assert gives("keep taking lithium", "lithium")
    assert gives("medicines to lower cholesterol such as atorvastatin", "atorvastatin")
    assert not gives("removing blood (and iron) from your body", "iron")


@pytest.mark.parametrize("sentence", [
    "Vaccines don’t cause autism.", "Thimerosal exposure was not associated with autism.",
    "The HPV vaccine does not increase the risk of multiple sclerosis.",
    "There was no association between MMR vaccination and autism.",
    "Seizures are not uncommon, but they are not caused by the vaccine.",
])
def test_a_universal_denial_in_its_common_wordings_is_one(sentence):
    cfg = settings()
    denial, litotes = re.compile(cfg["causal_denial"], re.I), re.compile(cfg["causal_litotes"], re.I)
    partial = re.compile(cfg["partial_denial"], re.I)
    assert denial.search(litotes.sub(" ", sentence)) and not partial.search(sentence)


@pytest.mark.parametrize("sentence", ["Many parents worry, but vaccines do not cause autism.",
                                      "This rare condition is not inherited.",
                                      "Unlike other forms of albinism, this form is not inherited."])
def test_a_quantifier_elsewhere_in_the_sentence_does_not_make_a_denial_partial(sentence):
    assert not re.search(settings()["partial_denial"], sentence, re.I)


@pytest.mark.parametrize("sentence", [
    "1 g every 4 to 6 hours, up to a maximum dose of 4 g a day.",
    "50 mg once a day, which your doctor may increase to 100 mg a day.",
    "Take one tablet every second day.", "Take 1 g four times a day; reduce the dose in kidney problems.",
])
def test_an_ordinary_regimen_stays_comparable(sentence):
    assert not any(re.search(p, sentence, re.I) for p in settings()["dose_not_comparable"])
