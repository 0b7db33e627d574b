"""Issue #17, session 9: consumer pages that say a condition "is inherited" without naming
a pattern (19 non-gold MedQuAD causes answers), and a body's own substance made in excess
("causes the body to store too much iron", 10 answers). Sentences written the way these
pages write them."""
from __future__ import annotations

from pipeline.extract.causes import cause_rows


def _rows(view, text):
    return [(r["cause"], r["condition"].lower(), r["negated"], r["hedged"]) for r in cause_rows(view(text))]


def test_a_condition_that_can_be_inherited(view):
    rows = _rows(view, "Protein C deficiency can be inherited or acquired later in life.\n")
    assert [(c, n, h) for c, _, n, h in rows] == [("inheritance", False, True)]


def test_an_anaphor_that_appears_to_be_inherited(view):
    text = "Achalasia is a disorder of the esophagus. In some people, this problem appears to be inherited.\n"
    assert ("inheritance", "achalasia", False, True) in _rows(view, text)


def test_not_inherited_is_negated(view):
    rows = _rows(view, "Most cases of Cushing's syndrome are not inherited.\n")
    assert [(c, n) for c, _, n, _ in rows] == [("inheritance", True)]


def test_a_pattern_of_inheritance_is_named_by_its_own_rule(view):
    rows = _rows(view, "Majeed syndrome is inherited in an autosomal recessive pattern.\n")
    assert not any(c == "inheritance" for c, *_ in rows)


def test_what_is_not_a_condition_is_not_inherited(view):
    assert _rows(view, "Somatic mutations are not inherited but occur during a person's lifetime.\n") == []
    text = "This type of gene change is found only in tumor cells and is not inherited.\n"
    assert not any(c == "inheritance" for c, *_ in _rows(view, text))


def test_the_body_made_to_store_too_much(view):
    assert ("hemochromatosis", "excess iron", False, False) in _rows(view, "Hemochromatosis causes the body to store too much iron.\n")
    causes = {(c.lower(), e) for c, e, _, _ in _rows(view, "Graves disease can cause the thyroid to make excess thyroid hormone.\n")}
    assert any(e == "excess thyroid hormone" for _, e in causes)
