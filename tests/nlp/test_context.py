from __future__ import annotations

import pytest
import spacy

from pipeline.nlp.context import assert_context


@pytest.fixture(scope="module")
def blank():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def status(blank, text, target):
    doc = blank(text)
    start = text.index(target)
    span = doc.char_span(start, start + len(target))
    return assert_context(span.sent, [span])[span.start]


@pytest.mark.parametrize(
    "text, target, expected",
    [
        ("The patient has no fever or cough.", "fever", {"negated"}),
        ("There is no evidence of osteoporosis.", "osteoporosis", {"negated"}),
        ("Osteoporosis without fractures is common.", "fractures", {"negated"}),
        ("Osteoporosis causes fractures.", "fractures", set()),
        ("If fluorosis is present, stop fluoride.", "fluorosis", {"hypothetical"}),
        ("Without treatment, it can lead to brain damage.", "brain damage", {"hypothetical"}),
        ("This increases the risk of fractures.", "fractures", {"hypothetical"}),
        ("Life expectancy is not only limited by osteosclerosis.", "osteosclerosis", set()),
        ("There is no fever, but arthritis is present.", "arthritis", set()),
    ],
)
def test_negation_and_hypothetical(blank, text, target, expected):
    assert status(blank, text, target) == expected
