"""Per-Doc caches must not keep their Docs alive (a run holds thousands of Docs in turn)."""
from __future__ import annotations

import gc
import weakref
from pathlib import Path

from pipeline.nlp.loader import load_nlp
from pipeline.nlp.sentences import _INDEXES, _TEXTS, SentenceIndex


def test_processed_docs_are_freed_with_their_cached_text_and_sentences(tmp_path: Path) -> None:
    nlp = load_nlp(None, "none", tmp_path)
    refs = []
    for doc in nlp.pipe(["Osteoporosis (OP) weakens bones.\nTake 1000 mg calcium daily."] * 5):
        assert SentenceIndex.of(doc).at(0).text.startswith("Osteoporosis")
        refs.append(weakref.ref(doc))
    del doc
    gc.collect()
    assert all(r() is None for r in refs)
    assert not any(r() in _INDEXES or r() in _TEXTS for r in refs)


def test_sentence_lookup_by_offset(tmp_path: Path) -> None:
    nlp = load_nlp(None, "none", tmp_path)
    doc = nlp("Heading\nFirst sentence here. Second one.")
    index = SentenceIndex.of(doc)
    assert [doc.text[a:b] for a, b in index.bounds] == ["Heading\n", "First sentence here.", "Second one."]
    assert index.at(doc.text.index("Second")).text == "Second one."
    assert index.text_at(3) == "Heading\n"
