"""#11: the tokenizer and the rule components take time linear in their input.

Each hostile shape from the issue runs at two sizes, 8 times apart: linear work grows about
8 times, the quadratic behaviour that was found grows 64 times. On real text the guarded
components give exactly what the unguarded ones gave.
"""
from __future__ import annotations

import random
from pathlib import Path

import pytest
import spacy
from scispacy.abbreviation import AbbreviationDetector
from spacy.tokens import Doc

import pipeline.nlp  # noqa: F401  (registers the tokenizers)
from pipeline.nlp.abbreviations import BoundedAbbreviationDetector, parenthesis_pairs
from pipeline.nlp.line_sentencizer import line_sentencizer
from pipeline.nlp.sentence_bound import SentenceBound
from pipeline.nlp.tokenizer import AFFIX_PIECE, MAX_AFFIX_WORK, affix_cuts

from .conftest import growth

LEAFLETS = ("abasaglar.txt", "stelara.txt", "isentress.txt")


def _real_texts(seeds_dir: Path, shared_dir: Path) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    return texts + [(shared_dir / "corpora" / "epi_leaflets" / name).read_text(encoding="utf-8") for name in LEAFLETS]


@pytest.fixture(scope="module")
def v2():
    return spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "pipeline.scispacy_tokenizer.v2"}}})


# --- tokenizer v3 ---------------------------------------------------------------------------

def test_v3_tokenizes_real_text_as_v2(v2, blank_v3, seeds_dir, shared_dir):
    # chunks under the affix bound, as all of real text, go to v2's rules untouched
    for text in _real_texts(seeds_dir, shared_dir):
        assert list(affix_cuts(text)) == []
        assert [t.text for t in blank_v3(text)] == [t.text for t in v2(text)]


@pytest.mark.parametrize("chunk", ["(" * 5000, "x" + ")" * 5000, "(" * 2000 + "aspirin" + ")" * 2000, "'" * 5000])
def test_v3_cuts_runs_of_brackets_and_keeps_the_text(blank_v3, chunk):
    text = f"Take {chunk} daily.\n"
    doc = blank_v3(text)
    assert doc.text == text
    bounds = [0, *affix_cuts(text), len(text)]
    assert all(b - a <= AFFIX_PIECE for a, b in zip(bounds, bounds[1:]) if text[a:b].strip("()'") == "")
    # a run of punctuation is not language: a piece of it is one token, not one per character
    assert len(doc) < len(chunk) / AFFIX_PIECE + 2 * AFFIX_PIECE + 10  # edges tokenized as usual
    assert [t.text for t in doc][:1] + [t.text for t in doc][-3:] == ["Take", "daily", ".", "\n"]
    assert "aspirin" not in chunk or "aspirin" in [t.text for t in doc]


def test_v3_leaves_long_real_chunks_whole(blank_v3):
    url = "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC1234567/figure/F1/?report=objectonly&x=1"
    assert len(url) ** 2 > MAX_AFFIX_WORK and list(affix_cuts(f"See {url} now.")) == []


def test_v3_tokenizer_is_linear_on_a_run_of_brackets(blank_v3):
    assert growth(lambda n: lambda: blank_v3.tokenizer("(" * n), 1000) < 8 * 3


# --- line_sentencizer -------------------------------------------------------------------------

def _reference_line_starts(doc: Doc) -> list[int]:
    """The rule, token by token: the first token starting after a line break opens a sentence."""
    starts = {0}
    for pos, ch in enumerate(doc.text):
        if ch == "\n":
            after = [t.i for t in doc if t.idx > pos]
            if after:
                starts.add(after[0])
    return sorted(starts)


@pytest.mark.parametrize("text", [
    "Heading\nFirst line.\n\n  Indented item\n- list item\r\nlast", "\n\nstarts with breaks\n", "no break at all",
    "Trailing break\n", "a\n\n\n\nb \n c",
])
def test_line_sentencizer_marks_the_token_after_each_line_break(blank_v3, text):
    doc = line_sentencizer(blank_v3.make_doc(text))
    assert [t.i for t in doc if t.is_sent_start] == _reference_line_starts(doc)


def test_line_sentencizer_is_linear_in_one_line_list_items(blank_v3):
    def make(n):
        doc = blank_v3.make_doc("".join(f"- item {k}\n" for k in range(n)))
        return lambda: line_sentencizer(doc)
    assert growth(make, 1000) < 8 * 3


# --- sentence_bound ---------------------------------------------------------------------------

def _sentenced(nlp, text: str, max_tokens: int) -> Doc:
    doc = nlp.make_doc(text)
    doc = line_sentencizer(doc)
    doc = spacy.pipeline.Sentencizer(overwrite=False)(doc)
    return SentenceBound(max_tokens)(doc)


def test_no_sentence_exceeds_the_bound_and_cuts_follow_punctuation(blank_v3):
    text = "Aspirin may cause headache, nausea and dizziness, " * 40 + "\nShort one."
    doc = _sentenced(blank_v3, text, 50)
    sents = list(doc.sents)
    assert max(len(s) for s in sents) <= 50
    assert all(s[-1].text == "," for s in sents[:-3])  # cut after a comma where one is near
    assert sents[-1].text == "Short one."


def test_a_run_without_punctuation_is_cut_at_the_bound(blank_v3):
    doc = _sentenced(blank_v3, "word " * 1000, 100)
    assert [len(s) for s in doc.sents] == [100] * 10


def test_sentences_within_the_bound_are_untouched(blank_v3, seeds_dir):
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        bounded = _sentenced(blank_v3, text, 256)
        plain = _sentenced(blank_v3, text, 10**6)
        assert [(s.start, s.end) for s in bounded.sents] == [(s.start, s.end) for s in plain.sents]


def test_sentence_bound_is_linear(blank_v3):
    def make(n):
        doc = blank_v3.make_doc("1-" * n)
        doc = spacy.pipeline.Sentencizer(overwrite=False)(line_sentencizer(doc))
        return lambda: SentenceBound(256)(doc)
    assert growth(make, 2000) < 8 * 3


# --- abbreviations ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def detectors(blank_v3):
    return AbbreviationDetector(blank_v3), BoundedAbbreviationDetector(blank_v3)


def _found(detector, doc: Doc) -> set[tuple[int, int, int, int]]:
    doc._.abbreviations = []
    detector(doc)
    return {(a.start, a.end, a._.long_form.start, a._.long_form.end) for a in doc._.abbreviations}


def test_bounded_detector_finds_what_scispacy_finds_in_real_text(blank_v3, detectors, seeds_dir, shared_dir):
    scispacy_detector, bounded = detectors
    total = 0
    for text in _real_texts(seeds_dir, shared_dir):
        doc = blank_v3(text)
        expected = _found(scispacy_detector, doc)
        assert _found(bounded, doc) == expected
        total += len(expected)
    assert total > 5  # the texts do define abbreviations


def test_bounded_detector_equals_scispacy_on_random_bracket_soup(blank_v3, detectors):
    scispacy_detector, bounded = detectors
    rng = random.Random(11)
    words = ["(", ")", "Bone", "mineral", "density", "BMD", "of", "the", "hip", "HIP", "x"]
    for _ in range(300):
        doc = Doc(blank_v3.vocab, words=[rng.choice(words) for _ in range(rng.randint(1, 40))])
        assert _found(bounded, doc) == _found(scispacy_detector, doc)


def test_pairs_are_bounded_by_the_closing_brackets(blank_v3):
    doc = blank_v3.make_doc("(" * 5000 + ")" * 5000)
    # scispaCy's Matcher reports every "(" with every later ")": 25 million pairs here
    assert len(parenthesis_pairs(doc)) <= 8 * 5000


def test_bounded_detector_is_linear_on_open_brackets(blank_v3, detectors):
    _, bounded = detectors

    def make(n):
        doc = blank_v3.make_doc("The dose (" * n)
        return lambda: bounded(doc)
    assert growth(make, 300) < 8 * 3


def test_bounded_detector_skips_a_doc_without_brackets(blank_v3, detectors, monkeypatch):
    _, bounded = detectors
    monkeypatch.setattr("pipeline.nlp.abbreviations.parenthesis_pairs", lambda doc: pytest.fail("searched"))
    bounded(blank_v3("Bone mineral density, BMD, is low."))
