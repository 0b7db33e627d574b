"""The held-out split that replaces the development set for early stopping."""
from __future__ import annotations

import pytest

from pipeline.ner.pubtator import Document
from pipeline.ner.train import split_holdout


def _docs(n: int) -> list[Document]:
    return [Document(pmid=str(1000 + i), title=f"Title {i}") for i in range(n)]


def test_holds_out_a_seeded_tenth_by_document() -> None:
    docs = _docs(500)
    train, held = split_holdout(docs, 0.1, seed=0)
    assert len(held) == 50 and len(train) == 450
    assert not {d.pmid for d in train} & {d.pmid for d in held}
    again_train, again_held = split_holdout(list(reversed(docs)), 0.1, seed=0)
    assert {d.pmid for d in again_held} == {d.pmid for d in held}  # file order does not matter
    assert {d.pmid for d in split_holdout(docs, 0.1, seed=1)[1]} != {d.pmid for d in held}


def test_tiny_corpus_keeps_one_document_each_side() -> None:
    train, held = split_holdout(_docs(3), 0.1)
    assert len(held) == 1 and len(train) == 2


def test_zero_fraction_holds_out_nothing_and_bad_fraction_fails() -> None:
    assert split_holdout(_docs(4), 0.0) == (_docs(4), [])
    with pytest.raises(ValueError):
        split_holdout(_docs(4), 1.0)
