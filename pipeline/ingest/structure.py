"""Split a decoded source into structural blocks with exact offsets.

Web pages saved as text keep one paragraph, heading, list item or caption per line,
so the line is the unit; Markdown wraps paragraphs, so there consecutive plain lines
are joined. Each block keeps ``start``/``end`` into the decoded text (``text[start:end]``
is the block without its list marker or ``#``) and the index of the heading it sits under,
which later stages use to find the topic of a list or the drug a caption names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

from pipeline.rules import Rule, load_jsonl

BlockKind = Literal["title", "heading", "paragraph", "list_item", "caption", "boilerplate", "meta"]

#: A standalone line without end punctuation and at most this many words reads as a heading;
#: longer ones read as captions (image captions are sentence-like but unpunctuated).
HEADING_MAX_WORDS = 8
#: A first line up to this many words is the title even when punctuated; a longer,
#: punctuated first line is the lead paragraph (pages whose title was not saved).
TITLE_MAX_WORDS = 16
#: A question line up to this many words is a heading ("What is osteosclerosis?").
QUESTION_HEADING_MAX_WORDS = 14

_END_PUNCT = (".", "!", ";", ",", "…", ":")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


class StructureRule(Rule):
    kind: Literal["list_marker", "heading_marker", "caption_cue"]
    pattern: str
    note: str = ""


@dataclass(frozen=True)
class Block:
    """One structural unit of a source.

    Attributes:
        index: Position of the block in the document.
        kind: title, heading, paragraph, list_item, caption, boilerplate or meta.
        start: Offset of the block's content in the decoded text.
        end: End offset (exclusive).
        section: Index of the heading (or title) block this block sits under; -1 if none.
        category: For boilerplate/meta, the boilerplate category; for list items, "".
        rule_id: The rule that decided the kind, when a rule did.
    """

    index: int
    kind: BlockKind
    start: int
    end: int
    section: int = -1
    category: str = ""
    rule_id: str = ""


@dataclass(frozen=True)
class Piece:
    """One unit of an extracted page (HTML or PDF) on its way into the document's text.

    Attributes:
        kind: The block kind the piece becomes (``boilerplate`` when ``set_aside``).
        text: The piece's text as written into the document.
        rule_id: The rule that decided the kind.
        set_aside: ``(category, rule_id)`` of the boilerplate rule when the piece is
            page furniture, not content.
        marker: Written before the text, outside the block ("- " before a list item).
        skip: Characters at the start of ``text`` that are not the block's content (a
            PDF list item's own bullet).
        tight: Joined to the previous piece by one line break instead of a blank line
            (consecutive list items or table rows).
    """

    kind: str
    text: str
    rule_id: str = ""
    set_aside: tuple[str, str] | None = None
    marker: str = ""
    skip: int = 0
    tight: bool = False


def assemble(pieces: list[Piece]) -> tuple[str, list[Block]]:
    """The document text of an extracted page and its blocks, with exact offsets: pieces
    separated by blank lines (one line break when tight), each heading opening a section."""
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    section = -1
    for piece in pieces:
        if blocks:
            sep = "\n" if piece.tight else "\n\n"
            parts.append(sep)
            pos += len(sep)
        parts.append(piece.marker)
        pos += len(piece.marker)
        start, end = pos + piece.skip, pos + len(piece.text)
        while start < end and piece.text[start - pos].isspace():
            start += 1
        parts.append(piece.text)
        pos = end
        index = len(blocks)
        if piece.set_aside is None:
            blocks.append(Block(index, piece.kind, start, end, section, "", piece.rule_id))  # type: ignore[arg-type]
            if piece.kind in ("title", "heading"):
                section = index
        else:
            category, rule_id = piece.set_aside
            blocks.append(Block(index, "boilerplate", start, end, section, category, rule_id))
    parts.append("\n")
    return "".join(parts), blocks


@lru_cache(maxsize=1)
def _rules() -> dict[str, tuple[tuple[str, re.Pattern[str]], ...]]:
    grouped: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for rule in load_jsonl("structure.jsonl", StructureRule):
        grouped.setdefault(rule.kind, []).append((rule.id, re.compile(rule.pattern)))
    return {k: tuple(v) for k, v in grouped.items()}


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line's stripped content; blank lines give (pos, pos)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        lead = len(body) - len(body.lstrip())
        content = body.strip()
        start = pos + lead
        spans.append((start, start + len(content)))
        pos += len(raw)
    return spans


def _match_marker(kind: str, line: str) -> tuple[str, int] | None:
    for rule_id, pattern in _rules().get(kind, ()):
        m = pattern.match(line)
        if m:
            return rule_id, m.end()
    return None


def classify_line(line: str, *, first: bool) -> tuple[BlockKind, str, int]:
    """Kind of a standalone line, the rule that decided it, and the marker length to skip."""
    marker = _match_marker("heading_marker", line)
    if marker:
        return "heading", marker[0], marker[1]
    marker = _match_marker("list_marker", line)
    if marker and marker[1] < len(line):
        return "list_item", marker[0], marker[1]
    n_words = len(_WORD.findall(line))
    if first and (n_words <= TITLE_MAX_WORDS or not line.endswith(_END_PUNCT)):
        return "title", "", 0
    caption = _match_marker("caption_cue", line)
    if line.endswith("?") and n_words <= QUESTION_HEADING_MAX_WORDS:
        return "heading", "", 0
    if not line.endswith(_END_PUNCT) and not line.endswith("?"):
        if caption:
            return "caption", caption[0], 0
        return ("heading" if n_words <= HEADING_MAX_WORDS else "caption"), "", 0
    return "paragraph", "", 0


def split_blocks(text: str, *, markdown: bool = False) -> list[Block]:
    """Blocks of ``text`` in order, with section links; boilerplate is marked later."""
    blocks: list[Block] = []
    section = -1
    pending: tuple[int, int] | None = None  # Markdown paragraph being joined

    def emit(kind: BlockKind, start: int, end: int, rule_id: str = "") -> None:
        nonlocal section
        index = len(blocks)
        blocks.append(Block(index, kind, start, end, section, "", rule_id))
        if kind in ("title", "heading"):
            section = index

    def flush() -> None:
        nonlocal pending
        if pending is not None:
            emit("paragraph", *pending)
            pending = None

    for start, end in _lines(text):
        if start == end:
            flush()
            continue
        line = text[start:end]
        kind, rule_id, skip = classify_line(line, first=not blocks and pending is None)
        if markdown and kind in ("paragraph", "caption", "heading") and rule_id == "":
            # Markdown: unmarked lines are paragraph text, possibly wrapped.
            pending = (pending[0], end) if pending else (start, end)
            continue
        flush()
        content_start = start + skip
        while content_start < end and text[content_start].isspace():
            content_start += 1
        emit(kind, content_start, end, rule_id)
    flush()
    if markdown and blocks and blocks[0].kind == "paragraph":
        # A Markdown file without a '#' title: its first line is still the title.
        first = blocks[0]
        line_end = text.find("\n", first.start)
        if line_end == -1 or line_end > first.end:
            blocks[0] = replace(first, kind="title")
    return blocks
