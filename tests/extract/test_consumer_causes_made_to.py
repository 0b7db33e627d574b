"""Issue #17, session 9: "X causes Y to form / the cornea to swell" (33 non-gold MedQuAD
causes answers): what forms is the condition, an organ's change is named by its noun;
"Researchers do not know why/what …" states no cause."""
from __future__ import annotations

from pipeline.extract.causes import cause_rows


def _pairs(view, text):
    return {(r["cause"].lower(), r["condition"].lower()) for r in cause_rows(view(text))}


def test_what_a_cause_makes_form_is_the_condition(view):
    assert ("straining", "diverticula") in _pairs(view, "Straining may cause diverticula to form in the colon.\n")


def test_an_organs_change_is_named_by_its_noun(view):
    assert ("fuchs dystrophy", "cornea swelling") in _pairs(view, "Fuchs dystrophy causes the cornea to swell.\n")


def test_a_person_made_to_develop_is_no_condition(view):
    assert _pairs(view, "These mutations cause cells to die.\n") == set()


def test_what_researchers_do_not_know_is_no_claim(view):
    assert _pairs(view, "Researchers do not fully understand what causes cysts to grow.\n") == set()
    assert _pairs(view, "Researchers don't know why APS antibodies cause blood clots to form.\n") == set()
