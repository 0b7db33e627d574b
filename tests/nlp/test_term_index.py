from __future__ import annotations

from pipeline.nlp.term_index import TermIndex, fold

INDEX = TermIndex([
    ("osteoporosis", "osteoporosis"), ("diffuse osteoporosis", "diffuse"), ("vitamin D", "vitD"),
    ("vitamin D deficiency", "vitD-def"), ("bone fracture", "fracture"), ("anti-inflammatory", "antiinfl"),
])


def found(text):
    return [(text[h.start : h.end], h.payloads[0]) for h in INDEX.find(text)]


def test_longest_match_wins_and_offsets_are_exact():
    text = "Diffuse osteoporosis differs from osteoporosis."
    assert found(text) == [("Diffuse osteoporosis", "diffuse"), ("osteoporosis", "osteoporosis")]


def test_plurals_case_dashes_and_hyphen_spacing_normalise():
    text = "Osteoporoses, bone fractures, vitamin\u2013D and anti inflammatory drugs."
    assert found(text) == [("Osteoporoses", "osteoporosis"), ("bone fractures", "fracture"),
                           ("vitamin\u2013D", "vitD"), ("anti inflammatory", "antiinfl")]


def test_terms_do_not_span_line_breaks():
    assert found("bone\nfracture") == []


def test_fold_keeps_length():
    text = "İstanbul \u2014 “quoted” \u00a0x"
    assert len(fold(text)) == len(text)


def test_part_of_a_hyphenated_compound_is_not_a_match():
    index = TermIndex([("shock", "shock"), ("calcium", "calcium")])
    assert [h.payloads for h in index.find("a shock-absorbing cushion; calcium-containing food")] == []
    assert [h.payloads for h in index.find("septic shock - rare")] == [("shock",)]
