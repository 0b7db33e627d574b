"""process_texts: long texts in pieces with exact offsets, a time budget, one result per text."""
from __future__ import annotations

import math
import random
import time
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from pipeline.extract.document import rows_for_document
from pipeline.ingest.decode import decode_bytes
from pipeline.ingest.document import SourceFile, structure
from pipeline.nlp import line_sentencizer  # noqa: F401  (registers the factory)
from pipeline.nlp.deadline import DocumentError, DocumentTooSlow, check_deadline
from pipeline.nlp.process import piece_bounds, process_one, process_texts

LEAFLET = "stelara.txt"  # 18 KB: doses, side effects, abbreviations


@pytest.fixture(scope="module")
def leaflet(shared_dir) -> str:
    return (shared_dir / "corpora" / "epi_leaflets" / LEAFLET).read_text(encoding="utf-8")


# --- where pieces are cut ---------------------------------------------------------------------

def test_pieces_cover_the_text_and_end_at_line_breaks(leaflet):
    bounds = piece_bounds(leaflet, 2000)
    assert len(bounds) > 8
    assert bounds[0][0] == 0 and bounds[-1][1] == len(leaflet)
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:]))
    assert all(0 < end - start <= 2000 for start, end in bounds)
    # every piece but the last ends with a line break's whitespace and the next starts a line
    for _, end in bounds[:-1]:
        assert "\n" in leaflet[end - 1 : end] or leaflet[end - 1].isspace()
        assert leaflet.rfind("\n", 0, end) > end - 2000 // 2 - 1


def test_a_paragraph_break_is_preferred_to_a_line_break():
    text = "a" * 50 + "\n\n" + "b" * 30 + "\n" + "c" * 10
    assert piece_bounds(text, 90) == [(0, 52), (52, len(text))]


@pytest.mark.parametrize(("text", "limit"), [
    ("One sentence here. Another one there. " * 20, 100),  # no line break: after a full stop
    ("words without any stop " * 20, 50),                  # no punctuation: at a space
])
def test_without_line_breaks_cuts_fall_between_words(text, limit):
    for start, end in piece_bounds(text, limit)[:-1]:
        assert text[end - 1].isspace() and not text[end].isspace()


def test_only_a_word_longer_than_a_piece_is_cut_inside():
    text = "short " + "x" * 250 + " end"
    bounds = piece_bounds(text, 100)
    assert all(end - start <= 100 for start, end in bounds)
    assert "".join(text[a:b] for a, b in bounds) == text


def test_cutting_is_linear_in_a_text_of_blank_lines_or_spaces():
    # the cut patterns start at a line break, so a long run of spaces is scanned once
    from .conftest import growth
    assert growth(lambda n: lambda: piece_bounds(" " * n, 1000), 20_000) < 8 * 3
    assert growth(lambda n: lambda: piece_bounds("\n" * n, 1000), 20_000) < 8 * 3


# --- the joined Doc ---------------------------------------------------------------------------

def _ents(doc):
    return [(e.start_char, e.end_char, e.label_) for e in doc.ents]


def test_joined_doc_has_the_exact_text_and_offsets(nlp, leaflet):
    whole = nlp(leaflet)
    split = process_one(nlp, leaflet, budget_s=600, piece_chars=1500)
    assert split.text == leaflet
    assert all(leaflet[s:e] == split.char_span(s, e).text for s, e, _ in _ents(split))
    assert _ents(split) == _ents(whole)
    # no sentence crosses a piece boundary: each piece opens a sentence
    starts = {s.start_char for s in split.sents}
    assert all(start in starts or leaflet[start].isspace() for start, _ in piece_bounds(leaflet, 1500))


def test_random_pieces_keep_text_and_entities(nlp, seeds_dir):
    rng = random.Random(11)
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    for text in texts:
        for _ in range(3):
            limit = rng.randint(200, 4000)
            doc = process_one(nlp, text, budget_s=600, piece_chars=limit)
            assert doc.text == text
            assert all(text[e.start_char : e.end_char] == e.text for e in doc.ents)
            assert [(m.start, m.end) for m in doc._.mentions] == [
                (m.start, m.end) for m in nlp(text)._.mentions], limit


def _same(a, b) -> bool:
    """Row lists equal, NaN equal to NaN."""
    def norm(rows):
        return [{k: ("nan" if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()} for r in rows]
    return norm(a) == norm(b)


def test_rows_from_a_joined_doc_equal_rows_from_the_whole_doc(nlp, leaflet):
    source = SourceFile(path=Path(LEAFLET), doc_id="leaflet", rel_path=LEAFLET)
    document = structure(source, decode_bytes(leaflet.encode("utf-8")))
    whole = rows_for_document(document, nlp(document.text))
    split = rows_for_document(document, process_one(nlp, document.text, budget_s=600, piece_chars=2000))
    assert sum(len(v) for v in whole.values()) > 100
    for table in whole:
        assert _same(whole[table], split[table]), table


def test_an_abbreviation_defined_in_one_piece_is_found_in_another(nlp):
    text = ("Osteoporosis\n\nBone mineral density (BMD) is measured by a scan.\n\n"
            + "Calcium and vitamin D are taken daily.\n" * 60 + "\nA low BMD means a higher risk of fractures.\n")
    split = process_one(nlp, text, budget_s=600, piece_chars=500)
    whole = nlp(text)
    found = sorted((a.start_char, a._.long_form.text) for a in split._.abbreviations)
    assert found == sorted((a.start_char, a._.long_form.text) for a in whole._.abbreviations)
    assert [start for start, _ in found] == [text.index("BMD"), text.rindex("BMD")]


def test_short_texts_come_out_as_from_nlp_pipe(nlp, seeds_dir):
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    got = list(process_texts(nlp, texts, budget_s=600))
    assert [_ents(d) for d in got] == [_ents(d) for d in nlp.pipe(texts)]


# --- one result per text, errors and the budget ---------------------------------------------

@Language.component("test_sleepy")
def _sleepy(doc):
    if "slow" in doc.text:
        time.sleep(0.3)
    if "broken" in doc.text:
        raise ValueError("this component cannot read it")
    return doc


@pytest.fixture
def small_nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("line_sentencizer")
    nlp.add_pipe("test_sleepy")
    return nlp


def test_a_text_over_budget_becomes_document_too_slow_and_the_run_goes_on(small_nlp):
    out = list(process_texts(small_nlp, ["fine one", "a slow one", "fine two"], budget_s=0.1))
    assert [type(x).__name__ for x in out] == ["Doc", "DocumentTooSlow", "Doc"]
    assert str(out[1]) == "extraction took longer than 0.1 s" and out[1].position == 1
    assert out[2].text == "fine two"


def test_a_long_text_is_checked_after_each_piece(small_nlp):
    text = "fine line\n" * 30 + "slow line\n" + "fine line\n" * 30
    (result,) = process_texts(small_nlp, [text], budget_s=0.1, piece_chars=50)
    assert isinstance(result, DocumentTooSlow) and result.position == 0


def test_a_processing_error_names_the_text_and_spares_the_batch(small_nlp):
    out = list(process_texts(small_nlp, ["one", "broken two", "three"], budget_s=60))
    assert isinstance(out[1], DocumentError) and out[1].position == 1
    assert "ValueError" in str(out[1]) and "text 1" in str(out[1])
    assert [d.text for d in (out[0], out[2])] == ["one", "three"]


def test_extractors_can_check_the_deadline_left_on_the_doc(small_nlp):
    (doc,) = process_texts(small_nlp, ["fine"], budget_s=0.05)
    check_deadline(doc)  # within budget
    time.sleep(0.1)
    with pytest.raises(DocumentTooSlow, match="longer than 0.05 s"):
        check_deadline(doc)


def test_a_text_longer_than_max_length_is_processed_in_pieces(small_nlp):
    small_nlp.max_length = 100
    text = "A line of text.\n" * 50
    with pytest.raises(ValueError, match="E088"):
        small_nlp(text)
    (doc,) = process_texts(small_nlp, [text], budget_s=60, piece_chars=10_000)
    assert doc.text == text
