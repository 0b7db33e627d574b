"""A processed one-file document, as extractors see it, from a short text."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extract.context import DocumentView
from pipeline.ingest.decode import decode_bytes
from pipeline.ingest.document import SourceFile, structure


@pytest.fixture
def view(nlp):
    """``view(text)``: the DocumentView of ``text`` ingested as ``t.txt`` and run through the pipeline."""
    def make(text: str) -> DocumentView:
        source = SourceFile(path=Path("t.txt"), doc_id="t", rel_path="t.txt")
        doc = structure(source, decode_bytes(text.encode("utf-8")))
        return DocumentView(doc, nlp(doc.text))
    return make
