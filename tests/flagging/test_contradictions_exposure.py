"""Harms and recommendations that name a substance without giving it (issue #14, precision).

Consumer pages explain diseases by what the body lacks or makes too much of: "Type 1
diabetes is caused by a lack of insulin", "high levels of cortisol cause Cushing
syndrome", "insulin resistance". None is a harm of the medicine, so none meets a page
that gives insulin or hydrocortisone. And a recommendation that takes a substance away
("removing blood (and iron) from your body", "a low sodium diet") gives none of it.
On 10,000 MedQuAD answers these made 140 of 292 harm-vs-recommendation flags, all false.
Sentences as MedQuAD's NIDDK, GHR and MedlinePlus answers write them."""
from __future__ import annotations

import pytest

from pipeline.flagging.contradictions import gives, names_no_exposure

from tests.flagging.test_contradictions_precision import _flags
from tests.flagging.test_contradictions import cause, treatment

INSULIN_USE = treatment("leaflet", "insulin", "diabetes", "", treatment_concept="DNER:insulin",
                        evidence="Insulin is used to treat diabetes.")


@pytest.mark.parametrize("phrase", [
    "lack of insulin due to the destruction of insulin-producing beta cells in the pancreas",
    "shortage of the hormone insulin", "body doesnt make enough insulin", "insulin resistance",
    "resistance to the effects of insulin", "cells in the pancreas (beta cells) stop producing insulin",
    "high levels of cortisol (hypercortisolism)", "buildup of uric acid crystals", "an overload of iron",
    "the body's immune system makes antibodies (proteins) that attack phospholipids",
    "inadequate amount (deficiency) of iron in the bloodstream", "reduction in cortisol production",
    "medications that reduce insulin action", "too much iron in the body",
])
def test_a_state_of_the_body_is_no_exposure(phrase):
    assert names_no_exposure(phrase)


@pytest.mark.parametrize("phrase", [
    "using tamoxifen for more than 2 years", "high doses of vitamin A", "long-term use of corticosteroids",
    "heparin", "low-dose aspirin", "oral iron pills", "previous therapy with broad-spectrum antibiotics",
    "taking iodine drops or eating foods containing large amounts of iodine",
])
def test_an_exposure_stays_one(phrase):
    assert not names_no_exposure(phrase)


def test_a_lack_of_insulin_meets_no_use_of_insulin_but_insulin_given_still_does():
    lack = cause("niddk", "lack of insulin", "diabetes", "",
                 evidence="Type 1 diabetes is caused by a lack of insulin due to the destruction of beta cells.")
    assert _flags([lack], [INSULIN_USE]) == []
    given = cause("abstract", "insulin", "diabetes", "", cause_concept="DNER:insulin",
                  evidence="Insulin treatment caused diabetes in two patients.")
    assert len(_flags([given], [INSULIN_USE])) == 1


def test_a_recommendation_taking_a_substance_away_gives_none_of_it():
    assert not gives("removing blood (and iron) from your body", "iron")
    assert not gives("removing blood (and iron) from your body", "")
    assert not gives("lower cholesterol", "cholesterol")
    assert not gives("treatment may include a low sodium diet and potassium-sparing diuretics", "sodium")
    assert gives("treatment may include a low sodium diet and potassium-sparing diuretics", "diuretics")
    assert gives("low-dose aspirin", "aspirin")
    iron_harm = cause("ghr", "oral iron pills", "hemochromatosis", "", cause_concept="DNER:iron",
                      evidence="Taking oral iron pills can cause hemochromatosis.")
    removal = treatment("niddk", "removing blood (and iron) from your body", "hemochromatosis", "", kind="procedure",
                        evidence="Doctors treat hemochromatosis by removing blood (and iron) from your body.")
    assert _flags([iron_harm], [removal]) == []
