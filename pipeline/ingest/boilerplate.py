"""Separate site boilerplate from content, recording what was set aside and why.

Rules live in ``rules/boilerplate.jsonl``. A line rule turns a whole block into
``boilerplate`` (furniture: share prompts, prices, footers) or ``meta`` (publication
metadata: journal, citation, counters); a span rule marks only part of a paragraph
("See X for Y." cross-links, author lines); a section rule marks a heading such as
"Reviews" and every block under it. Paragraphs written in the first person singular are
testimonials. Nothing is deleted: the blocks table keeps every span with its rule id.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

from pipeline.ingest.structure import Block
from pipeline.rules import Rule, load_jsonl, read_text

_WORD = re.compile(r"[\w’']+")
#: Line rules describe furniture (prices, share prompts, footers, navigation), which is
#: short: the longest line any of them matched in the seeds and the shared corpora (145,000
#: lines) is 225 characters. Longer lines are content and are not tried, so a rule whose
#: regex backtracks cannot turn one long line into minutes of work (#11: 175 s on a 20 MB
#: line). Rules must still be linear themselves; this bounds what one line can cost.
MAX_FURNITURE_CHARS = 1_000


class BoilerplateRule(Rule):
    category: str
    scope: Literal["line", "span", "section"]
    action: Literal["drop", "meta"]
    signal: Literal["commercial", "publication", "none"]
    pattern: str


@dataclass(frozen=True)
class TestimonialCues:
    first_person: frozenset[str]
    min_count: int
    min_share: float


@lru_cache(maxsize=1)
def boilerplate_rules() -> tuple[tuple[BoilerplateRule, re.Pattern[str]], ...]:
    return tuple(
        (rule, re.compile(rule.pattern)) for rule in load_jsonl("boilerplate.jsonl", BoilerplateRule)
    )


@lru_cache(maxsize=1)
def testimonial_cues() -> TestimonialCues:
    data = json.loads(read_text("testimonial.json"))
    return TestimonialCues(
        frozenset(w.lower() for w in data["first_person_words"]),
        int(data["min_count"]),
        float(data["min_share"]),
    )


def _kind(action: str) -> Literal["boilerplate", "meta"]:
    return "meta" if action == "meta" else "boilerplate"


def is_testimonial(text: str) -> bool:
    """True for a paragraph told in the first person singular (a patient's story)."""
    cues = testimonial_cues()
    words = [w.lower().replace("’", "'") for w in _WORD.findall(text)]
    if not words:
        return False
    count = sum(1 for w in words if w in cues.first_person)
    return count >= cues.min_count and count / len(words) >= cues.min_share


def mark_boilerplate(text: str, blocks: list[Block]) -> tuple[list[Block], list[Block]]:
    """Return blocks with boilerplate kinds set, and span-level boilerplate inside content.

    Returns:
        (blocks, spans): ``blocks`` in the same order with ``kind`` changed for boilerplate
        lines; ``spans`` are extra boilerplate/meta spans found inside content blocks.
    """
    rules = boilerplate_rules()
    out: list[Block] = []
    spans: list[Block] = []
    in_section: BoilerplateRule | None = None
    for block in blocks:
        line = text[block.start : block.end]
        if block.kind in ("heading", "title"):
            in_section = None
            for rule, pattern in rules:
                if rule.scope == "section" and pattern.match(line):
                    in_section = rule
                    block = replace(block, kind=_kind(rule.action), category=rule.category, rule_id=rule.id)
                    break
        elif in_section is not None:
            out.append(
                replace(block, kind=_kind(in_section.action), category=in_section.category, rule_id=in_section.id)
            )
            continue
        if block.kind not in ("boilerplate", "meta") and len(line) <= MAX_FURNITURE_CHARS:
            for rule, pattern in rules:
                # Line patterns carry their own anchors (^...$, or ...$ for prices).
                if rule.scope == "line" and pattern.search(line):
                    block = replace(block, kind=_kind(rule.action), category=rule.category, rule_id=rule.id)
                    break
        if block.kind in ("paragraph", "list_item") and is_testimonial(line):
            block = replace(block, kind="boilerplate", category="testimonial", rule_id="bp.testimonial.first_person")
        if block.kind not in ("boilerplate", "meta"):
            for rule, pattern in rules:
                if rule.scope != "span":
                    continue
                for m in pattern.finditer(line):
                    if m.end() > m.start():
                        spans.append(
                            Block(-1, _kind(rule.action), block.start + m.start(), block.start + m.end(),
                                  block.section, rule.category, rule.id)
                        )
        out.append(block)
    return out, spans
