"""Run the NLP pipeline over many texts: long ones in pieces, each under a time budget.

``nlp.pipe`` refuses a text over ``nlp.max_length`` (spaCy's E088 aborted whole runs on one
1 MB source) and gives no way to stop a document that runs away. :func:`process_texts`
yields one result per text, in order: a Doc, or a :class:`DocumentError` saying what went
wrong with that text, so the caller records an error row and goes on.

* Short texts (at most ``piece_chars``) go through ``nlp.pipe`` in batches, as before;
  a batch also closes at ``piece_chars`` characters, so one batch costs about one piece.
* A long text is cut into pieces at paragraph or line breaks (else after sentence
  punctuation, else at a space; never inside a word unless a word is longer than a
  piece). The components that work locally (tokenizer, sentencizers, the NER) run on each
  piece; the pieces are joined with ``Doc.from_docs(..., ensure_whitespace=False)``, so
  the Doc's text is exactly the input text and every offset is unchanged; then the
  components that need the whole document (they declare ``whole_document = True``:
  abbreviations, entity resolution, ConText) run once on the joined Doc. A piece starts
  at a line break or a sentence end, and its first token starts a sentence, so no
  sentence crosses a boundary.
* The budget is cooperative (:mod:`pipeline.nlp.deadline`): it is checked after each
  piece, after each whole-document component, after each batch, and by extractors through
  the deadline left on the Doc. A text over budget yields :class:`DocumentTooSlow`
  ("extraction took longer than N s"). A batch over budget is redone one text at a time,
  so only the slow text fails.
"""
from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp.deadline import (
    DocumentError, DocumentTooSlow, check_deadline, copy_deadline, set_deadline,
)
from pipeline.nlp.sentences import remember_text

#: Default size of a piece, in characters (spaCy's own ``max_length`` is 1,000,000).
PIECE_CHARS = 100_000

#: Candidate cut points, best first; each cut falls at the end of the match (the start of
#: the next piece), so a piece keeps the whitespace that ends it.
_PARAGRAPH = re.compile(r"\n[^\S\n]*\n\s*")
_LINE = re.compile(r"\n\s*")
_SENTENCE = re.compile(r"[.!?;:](?=\s)\s+")
_SPACE = re.compile(r"\s+")
_WORD_EDGE = re.compile(r"(?<=\w)(?=\W)|(?<=\W)(?=\w)")


def _last_cut(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> int | None:
    cut = None
    for m in pattern.finditer(text, lo, hi):
        if lo < m.end() <= hi:
            cut = m.end()
    return cut


def piece_bounds(text: str, limit: int) -> list[tuple[int, int]]:
    """(start, end) of consecutive pieces of ``text``, each at most ``limit`` characters.

    A cut goes at the last paragraph break in the second half of the allowed stretch, else
    the last line break there, else the last of those anywhere in the stretch, else after
    sentence punctuation, else at a space, else at a word's edge; only a word longer than
    ``limit`` is cut inside.
    """
    if limit < 1:
        raise ValueError("piece limit must be at least 1 character")
    bounds: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > limit:
        hi = start + limit
        half = start + limit // 2
        cut = None
        for pattern, lo in ((_PARAGRAPH, half), (_LINE, half), (_PARAGRAPH, start), (_LINE, start),
                            (_SENTENCE, start), (_SPACE, start), (_WORD_EDGE, start)):
            cut = _last_cut(pattern, text, lo, hi)
            if cut is not None:
                break
        end = cut if cut is not None else hi
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds


def _split_pipeline(nlp: Language) -> tuple[list[tuple[str, object]], list[tuple[str, object]]]:
    """(local, whole): components that may run on pieces, and those that need the whole Doc.

    A whole-document component must not be needed by a later local one (the NER never
    reads abbreviations, so the detector running before it in the config is fine).
    """
    local, whole = [], []
    for name, proc in nlp.pipeline:
        (whole if getattr(proc, "whole_document", False) else local).append((name, proc))
    return local, whole


def _failed(exc: Exception, position: int) -> DocumentError:
    if isinstance(exc, DocumentError):
        exc.position = position
        return exc
    error = DocumentError(f"NLP failed on text {position}: {type(exc).__name__}: {exc}", position)
    error.__cause__ = exc
    return error


def _handing_over(doc: Doc, budget_s: float, spent: float) -> Doc:
    """Leave the extractors what is left of the budget: as if the text had started
    ``spent`` seconds ago (a batch's time is shared out by length)."""
    set_deadline(doc, budget_s, time.monotonic() - spent)
    return doc


def process_one(nlp: Language, text: str, *, budget_s: float, piece_chars: int = PIECE_CHARS) -> Doc:
    """One text through the pipeline, in pieces if long; raises DocumentTooSlow over budget."""
    started = time.monotonic()
    limit = max(1, min(piece_chars, nlp.max_length))
    bounds = piece_bounds(text, limit)
    if len(bounds) == 1:  # the pipeline in its own order, as nlp(text)
        local, whole = list(nlp.pipeline), []
    else:
        local, whole = _split_pipeline(nlp)
    docs = []
    for start, end in bounds:
        doc = nlp.make_doc(text[start:end])
        set_deadline(doc, budget_s, started)
        for _, proc in local:
            doc = proc(doc)  # type: ignore[operator]
            check_deadline(doc)
        docs.append(doc)
    if len(docs) == 1:
        doc = docs[0]
    else:
        doc = Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor"])
        remember_text(doc, text)
        copy_deadline(docs[0], doc)
    del docs
    for _, proc in whole:
        doc = proc(doc)  # type: ignore[operator]
        check_deadline(doc)
    return _handing_over(doc, budget_s, time.monotonic() - started)


def _batch(nlp: Language, batch: list[tuple[int, str]], budget_s: float, piece_chars: int) -> Iterator[Doc | DocumentError]:
    """Short texts through ``nlp.pipe``; a batch that fails or runs over budget is redone
    one text at a time, so only the guilty text becomes an error."""
    if not batch:
        return
    started = time.monotonic()
    try:
        docs = list(nlp.pipe((text for _, text in batch), batch_size=len(batch)))
        elapsed = time.monotonic() - started
        if elapsed > budget_s:
            raise DocumentTooSlow(budget_s)
    except Exception:  # noqa: BLE001  (any component's error: find the text that causes it)
        for position, text in batch:
            try:
                yield process_one(nlp, text, budget_s=budget_s, piece_chars=piece_chars)
            except Exception as exc:  # noqa: BLE001  (reported as the text's error row)
                yield _failed(exc, position)
        return
    total = sum(len(text) for _, text in batch) or 1
    for doc, (_, text) in zip(docs, batch):
        yield _handing_over(doc, budget_s, elapsed * len(text) / total)


def process_texts(
    nlp: Language, texts: Iterable[str], *, budget_s: float, piece_chars: int = PIECE_CHARS,
) -> Iterator[Doc | DocumentError]:
    """One Doc or one :class:`DocumentError` per text, in order (see the module docstring).

    Args:
        nlp: The loaded pipeline (``load_nlp``).
        texts: The texts; consumed lazily.
        budget_s: Seconds one text may take, NLP and extraction together; the rest of it
            after NLP is left on the Doc for the extractors (``DocumentView.check_deadline``).
        piece_chars: Longest piece (and longest batch) in characters; never more than
            ``nlp.max_length``.
    """
    limit = max(1, min(piece_chars, nlp.max_length))
    batch: list[tuple[int, str]] = []
    batch_chars = 0
    for position, text in enumerate(texts):
        if len(text) > limit:
            yield from _batch(nlp, batch, budget_s, piece_chars)
            batch, batch_chars = [], 0
            try:
                yield process_one(nlp, text, budget_s=budget_s, piece_chars=piece_chars)
            except Exception as exc:  # noqa: BLE001  (reported as the text's error row)
                yield _failed(exc, position)
            continue
        if batch and (len(batch) >= nlp.batch_size or batch_chars + len(text) > limit):
            yield from _batch(nlp, batch, budget_s, piece_chars)
            batch, batch_chars = [], 0
        batch.append((position, text))
        batch_chars += len(text)
    yield from _batch(nlp, batch, budget_s, piece_chars)
