"""Drug context (pipeline.nlp.drug_context): is a substance used as a drug here?"""
from __future__ import annotations

import pytest

from pipeline.nlp.drug_context import DrugContext


@pytest.fixture(scope="module")
def context() -> DrugContext:
    return DrugContext.load()


@pytest.mark.parametrize("sentence", ["Take 500 mg of calcium daily.", "Vitamin D supplements are prescribed.",
                                      "Patients were treated with iron."])
def test_drug_cues(context: DrugContext, sentence: str) -> None:
    assert context.has_cue(sentence)


@pytest.mark.parametrize("sentence", ["Calcium is found in milk.", "Iron makes blood red."])
def test_no_drug_cue(context: DrugContext, sentence: str) -> None:
    assert not context.has_cue(sentence)


def test_non_drug_head_after_the_mention(context: DrugContext) -> None:
    text = "Her calcium levels were low and calcium tablets helped."
    assert context.followed_by_non_drug_head(text, text.index("calcium") + len("calcium"))
    assert not context.followed_by_non_drug_head(text, text.rindex("calcium") + len("calcium"))
