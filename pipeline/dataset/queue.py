"""The review queue's one ordering: which open flag a reviewer sees first.

``review/queue.csv`` (written at publish) and the review front ends (terminal, browser,
Label Studio export) all list pending flags in this order, so "the next flag" means the
same thing everywhere:

1. severity, most severe first (``high``, ``medium``, ``low``); an unknown severity last;
2. the credibility of the flag's source, highest first: a claim from a credible source
   that is flagged matters more to downstream users than one from an advert. A source
   whose credibility is missing (not in ``documents``, or empty) sorts **last** within
   its severity: nothing is known about it, so it is not put ahead of a known source;
3. then document, position and flag id, so the order is stable across runs.
"""
from __future__ import annotations

import pandas as pd

from pipeline.dataset.schema import SEVERITIES

#: Severity -> rank, most severe first (``SEVERITIES`` runs from low to high).
SEVERITY_ORDER: dict[str, int] = {s: i for i, s in enumerate(reversed(SEVERITIES))}
#: Columns of review/queue.csv, in order.
QUEUE_COLUMNS = (
    "flag_id", "severity", "kind", "category", "reason", "doc_id", "start", "end", "text",
    "other_doc_id", "other_start", "other_end", "other_text", "claim_ids", "source_kind",
    "credibility", "rule_id",
)


def order_flags(flags: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """``flags`` in queue order, with their source's ``source_kind`` and ``credibility``.

    Returns a new frame (a copy, index reset) with every column of ``flags`` plus
    ``source_kind`` and ``credibility`` taken from ``documents`` when ``flags`` lacks them.
    """
    meta = documents.drop_duplicates("doc_id").set_index("doc_id")
    extra = [c for c in ("source_kind", "credibility") if c not in flags.columns and c in meta.columns]
    out = flags.join(meta[extra], on="doc_id") if extra else flags.copy()
    if "credibility" not in out.columns:
        out = out.assign(credibility=float("nan"))
    rank = out["severity"].map(SEVERITY_ORDER).fillna(len(SEVERITY_ORDER))
    out = out.assign(_sev=rank, _cred=pd.to_numeric(out["credibility"], errors="coerce"))
    out = out.sort_values(["_sev", "_cred", "doc_id", "start", "flag_id"],
                          ascending=[True, False, True, True, True], na_position="last", kind="stable")
    return out.drop(columns=["_sev", "_cred"]).reset_index(drop=True)


def review_queue(flags: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Open flags in queue order, with the columns of ``review/queue.csv``."""
    pending = flags[flags["review_status"] == "pending"]
    queue = order_flags(pending, documents)
    for column in QUEUE_COLUMNS:
        if column not in queue.columns:
            queue[column] = ""
    return queue.loc[:, list(QUEUE_COLUMNS)].reset_index(drop=True)
