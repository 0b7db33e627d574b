"""Dose rows on short texts written the way leaflets, case reports and web pages write them."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
import spacy

from pipeline.extract import doses as doses_module
from pipeline.extract.context import DocumentView
from pipeline.extract.doses import dose_rows
from pipeline.ids import stable_id
from pipeline.ingest.decode import decode_bytes
from pipeline.ingest.document import SourceFile, structure


def _make_view(nlp, text: str, doc_id: str = "t") -> DocumentView:
    source = SourceFile(path=Path(f"{doc_id}.txt"), doc_id=doc_id, rel_path=f"{doc_id}.txt")
    doc = structure(source, decode_bytes(text.encode("utf-8")))
    return DocumentView(doc, nlp(doc.text))


@pytest.fixture(scope="module")
def blank_nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


# --- #11: linear in the number of amounts -------------------------------------------------

def _run(blank_nlp, n: int, monkeypatch) -> tuple[int, float]:
    """(characters the grammar scanned, seconds) for ``n`` amounts in one sentence."""
    scanned = 0
    real_fields, real_amounts = doses_module.find_fields, doses_module.find_amounts

    def count_fields(kind, text):
        nonlocal scanned
        scanned += len(text)
        return real_fields(kind, text)

    def count_amounts(text):
        nonlocal scanned
        scanned += len(text)
        return real_amounts(text)

    monkeypatch.setattr(doses_module, "find_fields", count_fields)
    monkeypatch.setattr(doses_module, "find_amounts", count_amounts)
    view = _make_view(blank_nlp, "Dosing\n\n" + "200 mg " * n + "\n")
    best = float("inf")
    for _ in range(3):
        scanned = 0
        t = time.perf_counter()
        rows = dose_rows(view)
        best = min(best, time.perf_counter() - t)
    assert len(rows) == n
    return scanned, best


def test_many_amounts_in_one_sentence_take_linear_work(blank_nlp, monkeypatch):
    small_chars, small_time = _run(blank_nlp, 500, monkeypatch)
    large_chars, large_time = _run(blank_nlp, 4000, monkeypatch)
    # 8 times the amounts: linear work grows about 8 times, quadratic work 64 times
    assert large_chars / small_chars < 8 * 1.5
    assert large_time / small_time < 8 * 3


def test_claim_ids_are_stable_ids_of_sentence_and_amount(blank_nlp):
    text = "Dosing\n\nTake 200 mg daily.\n"
    (row,) = dose_rows(_make_view(blank_nlp, text))
    assert row["claim_id"] == stable_id("d", "t", "take 200 mg daily.", "200 mg", 0)
