"""A processed one-file document, as extractors see it, from a short text."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import spacy

from pipeline.extract.context import DocumentView
from pipeline.extract.doses import dose_rows
from pipeline.extract.side_effects import side_effect_rows
from pipeline.ingest.decode import decode_bytes
from pipeline.ingest.document import SourceFile, structure
from pipeline.nlp.labels import DRUG
from pipeline.nlp.mentions import Mention, ensure_doc_extension


@pytest.fixture
def view(nlp):
    """``view(text)``: the DocumentView of ``text`` ingested as ``t.txt`` and run through the pipeline."""
    def make(text: str) -> DocumentView:
        source = SourceFile(path=Path("t.txt"), doc_id="t", rel_path="t.txt")
        doc = structure(source, decode_bytes(text.encode("utf-8")))
        return DocumentView(doc, nlp(doc.text))
    return make


@pytest.fixture(scope="session")
def blank_nlp():
    """A blank English pipeline with a sentencizer, for tests that give the mentions by hand."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def doses_with_drugs(nlp, text: str, names: dict[str, str], whole_words: bool = True) -> list[dict]:
    """The dose rows of ``text`` ingested as ``t.txt``, with a drug mention given by hand at each
    use of a surface of ``names`` (surface -> drug name; whole words unless ``whole_words`` is
    false): the dose grammar and the drug links, without the NER."""
    source = SourceFile(path=Path("t.txt"), doc_id="t", rel_path="t.txt")
    doc = structure(source, decode_bytes(text.encode("utf-8")))
    view = DocumentView(doc, nlp(doc.text))
    ensure_doc_extension()
    edge = r"\b" if whole_words else ""
    view.doc._.mentions = [Mention(m.start(), m.end(), DRUG, "", name, "", True, "test")
                           for surface, name in names.items()
                           for m in re.finditer(edge + re.escape(surface) + edge, view.text)]
    return dose_rows(view, drug_rows=[])


#: A patient leaflet around a section 4 body, as EMA leaflets of the corpus frame it.
LEAFLET_HEAD = """Package leaflet: Information for the patient

Brufex 400 mg film-coated tablets

1. What Brufex is and what it is used for

Brufex contains the active substance ibuprofen. It is a painkiller.

4. Possible side effects

Like all medicines, this medicine can cause side effects, although not everybody gets them.

"""
#: A leaflet's opening up to the heading of section 2, for tests of its warnings.
LEAFLET_SECTION2_HEAD = """Package leaflet: Information for the patient

Brufex 400 mg film-coated tablets

1. What Brufex is and what it is used for

Brufex contains the active substance ibuprofen. It is a painkiller.

2. What you need to know before you take Brufex

"""
#: The heading of section 4 and its opening sentence, after a section-2 body.
LEAFLET_SECTION4 = """

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


#: A leaflet opening whose subject is imatinib, up to section 3's heading, and the surfaces a
#: dose test gives drug mentions for (dose grammar tests without the NER).
IMATINIB_HEAD = ("1. What Imatinib Teva is and what it is used for\n\n"
                 "Imatinib Teva contains the active substance imatinib.\n\n"
                 "3. How to take Imatinib Teva\n\n")
IMATINIB_NAMES = {"Imatinib": "imatinib", "imatinib": "imatinib"}
