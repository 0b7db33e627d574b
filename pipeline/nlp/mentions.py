"""The record the NLP pipeline leaves on a Doc for every condition or drug mention."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc


@dataclass
class Mention:
    """One condition or drug mention with exact character offsets into ``doc.text``.

    ``doc.ents`` holds the same mentions aligned to tokens (for spaCy users and scoring);
    these records keep the exact characters, which the dataset publishes.
    """

    start: int
    end: int
    label: str
    concept_id: str
    name: str
    drug_class: str
    known: bool
    source: str
    negated: bool = False
    hypothetical: bool = False


def ensure_doc_extension() -> None:
    if not Doc.has_extension("mentions"):
        Doc.set_extension("mentions", default=None)


def doc_mentions(doc: Doc) -> list[Mention]:
    ensure_doc_extension()
    return list(doc._.mentions or [])
