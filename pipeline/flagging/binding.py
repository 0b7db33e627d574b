"""Every flag binds the claims it questions: its decision decides exactly those rows.

A claim is bound to a flag when its evidence overlaps the flag's evidence (either side
of a contradiction); a mention-level flag binds its mention; a flag about a whole page
(its prices, its testimonials) binds every claim inside the blocks it is about. A flag
that still binds nothing says why in ``unbound_reason``, so a reviewer knows its decision
changes no published row.
"""
from __future__ import annotations

import bisect
from collections import defaultdict
from typing import Any

import pandas as pd

#: Per-document tables whose rows are claims a flag can bind (their id column is claim_id).
CLAIM_TABLES = ("causes", "doses", "statements", "treatments", "cues")
#: Flag categories that are about blocks of a page rather than one sentence, and the
#: block category each binds claims in.
PAGE_CATEGORIES = {"advertising": "price", "testimonial": "testimonial"}


class _Spans:
    """Claim spans of one document, sorted by start, with the longest span's length, so an
    overlap query looks only at claims that can reach the queried span."""

    def __init__(self) -> None:
        self.items: list[tuple[int, int, str]] = []
        self.longest = 0

    def add(self, start: int, end: int, claim_id: str) -> None:
        self.items.append((start, end, claim_id))
        self.longest = max(self.longest, end - start)

    def freeze(self) -> None:
        self.items.sort()
        self.starts = [s for s, _, _ in self.items]

    def overlapping(self, start: int, end: int) -> list[str]:
        k = bisect.bisect_left(self.starts, end)
        lo = bisect.bisect_left(self.starts, start - self.longest)
        return [cid for s, e, cid in self.items[lo:k] if e > start and s < end]


def claim_index(tables: dict[str, pd.DataFrame]) -> dict[str, _Spans]:
    index: dict[str, _Spans] = defaultdict(_Spans)
    for name in CLAIM_TABLES:
        frame = tables[name]
        for doc_id, start, end, claim_id in zip(frame["doc_id"], frame["start"], frame["end"], frame["claim_id"]):
            index[doc_id].add(int(start), int(end), claim_id)
    for spans in index.values():
        spans.freeze()
    return index


def bind_claims(flags: list[dict[str, Any]], tables: dict[str, pd.DataFrame]) -> list[dict[str, Any]]:
    """The flags with ``claim_ids`` completed and ``unbound_reason`` set (new dicts)."""
    index = claim_index(tables)
    blocks = tables["blocks"]
    page_blocks: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for doc_id, category, start, end in zip(blocks["doc_id"], blocks["category"], blocks["start"], blocks["end"]):
        if category in PAGE_CATEGORIES.values():
            page_blocks[(doc_id, category)].append((int(start), int(end)))
    out = []
    for flag in flags:
        ids = {c for c in flag["claim_ids"].split(";") if c}
        sides = [(flag["doc_id"], flag["start"], flag["end"])]
        if flag["other_doc_id"]:
            sides.append((flag["other_doc_id"], flag["other_start"], flag["other_end"]))
        for doc_id, start, end in sides:
            if start is not None and end is not None and doc_id in index:
                ids.update(index[doc_id].overlapping(int(start), int(end)))
        block_category = PAGE_CATEGORIES.get(flag["category"]) if flag["kind"] == "dubious" else None
        if block_category and flag["doc_id"] in index:
            for start, end in page_blocks.get((flag["doc_id"], block_category), ()):
                ids.update(index[flag["doc_id"]].overlapping(start, end))
        reason = ""
        if not ids:
            reason = (f"about the whole page ({flag['category']}): no claim was extracted from its "
                      f"{block_category} blocks, so the decision changes no published row"
                      if block_category else
                      "no extracted claim overlaps the flagged text; the decision is recorded but changes no published row")
        out.append({**flag, "claim_ids": ";".join(sorted(ids)), "unbound_reason": reason})
    return out
