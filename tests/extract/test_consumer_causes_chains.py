"""Issue #17, session 9: causal chains link by link ("A causes B, which causes C"), as
consumer pages write them (72 such relative clauses in 57 non-gold MedQuAD causes
answers). Sentences written the way these pages write them."""
from __future__ import annotations

from pipeline.extract.causes import cause_rows


def _links(rows):
    return {(r["cause"].lower(), r["condition"].lower(), r["hedged"]) for r in rows}


def test_each_link_of_a_which_chain(view):
    rows = cause_rows(view("Diets low in fiber may cause constipation, which can lead to hemorrhoids.\n"))
    assert {("diets low in fiber", "constipation", True), ("constipation", "hemorrhoids", True)} <= _links(rows)


def test_a_chain_goes_on_and_each_link_has_its_own_hedge(view):
    text = "Chronic inflammation of the colon can cause scarring, which in turn leads to narrowing of the colon.\n"
    links = _links(cause_rows(view(text)))
    assert ("chronic inflammation of the colon", "scarring", True) in links
    assert any(c == "scarring" and not hedged for c, _, hedged in links)


def test_a_second_verb_ends_the_link(view):
    text = ("An imbalance between caloric intake and physical activity can lead to obesity, which causes insulin "
            "resistance and is common in people with type 2 diabetes.\n")
    links = {(c, e) for c, e, _ in _links(cause_rows(view(text)))}
    assert ("obesity", "insulin resistance") in links
    assert not any(c == "obesity" and "diabetes" in e for c, e in links)


def test_signs_and_symptoms_are_no_link(view):
    text = "Mutations in the NDP gene cause retinal detachment, which causes the signs and symptoms of Norrie disease.\n"
    links = {(c, e) for c, e, _ in _links(cause_rows(view(text)))}
    assert not any(c == "retinal detachment" for c, _ in links)
