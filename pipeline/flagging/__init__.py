"""Flags for a human reviewer: dubious claims and contradictions, with reason and evidence.

Flaggers compare rows only (they never re-read a document's text); :func:`flag_rows` runs
them all over the run's tables.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from pipeline.flagging import contradictions as con
from pipeline.flagging import dubious
from pipeline.flagging.binding import bind_claims
from pipeline.flagging.mentions import unknown_drug_flags, unlinked_dose_flags


def flag_rows(tables: dict[str, pd.DataFrame]) -> list[dict[str, Any]]:
    """Every flag for the run, deduplicated by id, each bound to the claims it questions,
    in a stable order."""
    docs = tables["documents"]
    credibility = dict(zip(docs["doc_id"], docs["credibility"]))
    rows = (
        unknown_drug_flags(tables["drugs"]) + unlinked_dose_flags(tables["doses"])
        + dubious.promotional_flags(tables["blocks"])
        + dubious.cue_flags(tables["cues"], credibility)
        + dubious.dose_flags(tables["doses"])
        + dubious.remedy_dose_flags(tables["doses"])
        + dubious.adverse_effect_flags(tables["doses"], tables["drugs"])
        + con.contradiction_flags(tables, credibility)
    )
    unique: dict[str, dict[str, Any]] = {}
    for row in rows:
        unique.setdefault(row["flag_id"], row)
    ordered = sorted(unique.values(), key=lambda r: (r["doc_id"], r["start"] or 0, r["flag_id"]))
    return bind_claims(ordered, tables)
