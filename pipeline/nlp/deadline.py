"""A per-document time budget, checked cooperatively by the pipeline and the extractors.

Every stage is meant to be linear in its input, but a document no rule foresaw must cost
one error row, not the run. :func:`pipeline.nlp.process.process_texts` gives each Doc a
deadline; it checks it between pieces and components, and extractors check it through
:func:`check_deadline` (``DocumentView.check_deadline``) in their loops. A Doc without a
deadline (made by ``nlp(text)`` directly) is never late. Deadlines are kept beside the Doc
(a weak reference, as ``sentences`` keeps texts), so they are never serialised with it.
"""
from __future__ import annotations

import time
from weakref import WeakKeyDictionary

from spacy.tokens import Doc

#: Doc -> (monotonic deadline, the budget in seconds, for the message).
_DEADLINES: WeakKeyDictionary[Doc, tuple[float, float]] = WeakKeyDictionary()


class DocumentError(Exception):
    """A document the NLP stage could not process; the message is shown to users as is.

    Attributes:
        position: Index of the text in the input of ``process_texts`` (None if unknown).
    """

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.position = position


class DocumentTooSlow(DocumentError):
    """The document's processing went past its time budget."""

    def __init__(self, budget_s: float, position: int | None = None) -> None:
        super().__init__(f"extraction took longer than {budget_s:g} s", position)
        self.budget_s = budget_s


def set_deadline(doc: Doc, budget_s: float, started: float | None = None) -> None:
    """Give ``doc`` until ``started`` (default: now, ``time.monotonic``) plus ``budget_s``."""
    start = time.monotonic() if started is None else started
    _DEADLINES[doc] = (start + budget_s, budget_s)


def copy_deadline(source: Doc, target: Doc) -> None:
    """Give ``target`` (a Doc joined from pieces) the deadline of ``source``."""
    if source in _DEADLINES:
        _DEADLINES[target] = _DEADLINES[source]


def check_deadline(doc: Doc) -> None:
    """Raise :class:`DocumentTooSlow` if ``doc``'s deadline has passed."""
    found = _DEADLINES.get(doc)
    if found is not None and time.monotonic() > found[0]:
        raise DocumentTooSlow(found[1])
