"""Flag building blocks every flagger uses: one row shape, one id rule, one severity scale."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pipeline.dataset.schema import FLAG_KINDS, SEVERITIES
from pipeline.ids import normalise_quote, stable_id


def make_flag(
    *, kind: str, category: str, severity: str, reason: str, rule_id: str, doc_id: str,
    start: int | None, end: int | None, text: str, claim_ids: Iterable[str] = (),
    other_doc_id: str = "", other_start: int | None = None, other_end: int | None = None,
    other_text: str = "",
) -> dict[str, Any]:
    """One flag row; the id hashes what is flagged (not where), so it survives reruns."""
    if kind not in FLAG_KINDS:
        raise ValueError(f"unknown flag kind {kind!r}: add it to pipeline.dataset.schema.FLAG_KINDS")
    sides = sorted([(doc_id, normalise_quote(text)), (other_doc_id, normalise_quote(other_text))])
    flag_id = stable_id("f", kind, category, rule_id, *sides[0], *sides[1])
    return {
        "flag_id": flag_id, "kind": kind, "category": category, "severity": severity,
        "reason": reason, "doc_id": doc_id, "start": start, "end": end, "text": text,
        "other_doc_id": other_doc_id, "other_start": other_start, "other_end": other_end,
        "other_text": other_text, "claim_ids": ";".join(sorted(set(claim_ids))),
        "review_status": "pending", "reviewer": "", "reviewed_at": "", "rule_id": rule_id, "note": "",
    }


def weigh(severity: str, credibility: float) -> str:
    """Raise a dubious claim's severity on a commercial source, lower it on a peer-reviewed one."""
    k = SEVERITIES.index(severity)
    if credibility <= 0.3:
        k = min(k + 1, 2)
    elif credibility >= 0.9:
        k = max(k - 1, 0)
    return SEVERITIES[k]
