"""Issue #17: effects that share words across a lone and/or ("difficulty breathing or
swallowing", "bruising or bleeding more easily"), and lay terms from the MedDRA-style
pairs kept in ``rules/side_effect_terms.jsonl``."""
from __future__ import annotations

from pipeline.extract.side_effects import side_effect_rows

HEAD = """Package leaflet: Information for the patient

Brufex 400 mg film-coated tablets

1. What Brufex is and what it is used for

Brufex contains the active substance ibuprofen. It is a painkiller.

4. Possible side effects

Like all medicines, this medicine can cause side effects, although not everybody gets them.

"""
TAIL = """

Reporting of side effects
If you get any side effects, talk to your doctor or pharmacist.

5. How to store Brufex

Keep this medicine out of the sight and reach of children.
"""


def _names(view, body):
    return {r["condition"] for r in side_effect_rows(view(HEAD + body + TAIL))}


def test_a_shared_lead_names_both_effects(view):
    names = _names(view, "Rare (may affect up to 1 in 1,000 people):\n\n- difficulty breathing or swallowing\n\n- headache")
    assert {"dyspnoea", "dysphagia"} <= names


def test_a_shared_tail_names_both_effects(view):
    names = _names(view, "Common (may affect up to 1 in 10 people):\n\n- bruising or bleeding more easily\n\n- headache")
    assert {"increased tendency to bruise", "increased tendency to bleed"} <= names


def test_an_adjective_still_takes_the_head_after_it(view):
    names = _names(view, "Common (may affect up to 1 in 10 people):\n\n- low or high blood pressure\n\n- headache")
    assert {"hypotension", "hypertension"} <= names


def test_lay_terms_from_the_meddra_style_pairs(view):
    names = _names(view, "Common (may affect up to 1 in 10 people):\n\n- coughing\n\n- nettle rash\n\n- passing out")
    assert {"cough", "urticaria", "syncope"} <= names
