"""A processed one-file document, as extractors see it, from a short text."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extract.context import DocumentView
from pipeline.extract.side_effects import side_effect_rows
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


#: A patient leaflet around a section 4 body, as EMA leaflets of the corpus frame it.
LEAFLET_HEAD = """Package leaflet: Information for the patient

Brufex 400 mg film-coated tablets

1. What Brufex is and what it is used for

Brufex contains the active substance ibuprofen. It is a painkiller.

4. Possible side effects

Like all medicines, this medicine can cause side effects, although not everybody gets them.

"""
LEAFLET_TAIL = """

Reporting of side effects
If you get any side effects, talk to your doctor or pharmacist.

5. How to store Brufex

Keep this medicine out of the sight and reach of children.
"""


@pytest.fixture
def section4_rows(view):
    """``section4_rows(body)``: the side-effect rows of a leaflet whose section 4 is ``body``."""
    return lambda body: side_effect_rows(view(LEAFLET_HEAD + body + LEAFLET_TAIL))
