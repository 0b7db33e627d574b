"""The full stack keeps the conditions the NER finds in abstracts (#15), not consumer filler.

On the BC5CDR development set the stack used to drop hundreds of DISEASE spans the model
had right, because their last word had no pathology suffix or head noun the filters knew
(``ner_filters.jsonl``). These sentences carry the commonest of them.
"""
from __future__ import annotations

import pytest


def _conditions(nlp, text: str) -> set[str]:
    doc = nlp(text)
    return {text[m.start:m.end] for m in doc._.mentions if m.label == "CONDITION"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Doxorubicin cardiotoxicity and cisplatin nephrotoxicity limit the doses that can be given.",
         {"cardiotoxicity", "nephrotoxicity"}),
        ("Haloperidol induced catalepsy in rats within one hour.", {"catalepsy"}),
        ("Clonidine lowered blood pressure in hypertensive patients.", {"hypertensive"}),
        ("Two patients had convulsions after the overdose of theophylline.", {"convulsions", "overdose"}),
    ],
)
def test_the_stack_keeps_what_the_model_finds(nlp, text: str, expected: set[str]) -> None:
    assert expected <= _conditions(nlp, text)


def test_consumer_filler_stays_out(nlp) -> None:
    text = "Regular walking improves fitness and helps with hardening of the muscles."
    assert not _conditions(nlp, text) & {"fitness", "helps", "hardening"}
