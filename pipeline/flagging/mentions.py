"""Flags on single rows a person must complete: unknown drug names and unlinked doses."""
from __future__ import annotations

from typing import Any

import pandas as pd

from pipeline.flagging.base import make_flag


def unknown_drug_flags(drugs: pd.DataFrame) -> list[dict[str, Any]]:
    """A drug name no vocabulary knows: a person should confirm it is a real medicine."""
    flags = []
    for row in drugs[~drugs["known"]].itertuples(index=False):
        flags.append(make_flag(
            kind="unknown_drug", category="unknown_drug", severity="medium",
            reason=f"'{row.text}' looks like a drug name but is in no drug vocabulary; "
                   "confirm it is a real medicine and give its generic name.",
            rule_id="flag.unknown_drug", doc_id=row.doc_id, start=row.start, end=row.end,
            text=row.text, claim_ids=[row.mention_id],
        ))
    return flags


def unlinked_dose_flags(doses: pd.DataFrame) -> list[dict[str, Any]]:
    """A dose whose drug could not be told (two drugs equally near, or none named)."""
    flags = []
    for row in doses[doses["drug"] == ""].itertuples(index=False):
        why = ("two or more drugs are named equally near it" if row.drug_link == "ambiguous"
               else "no drug is named near it")
        flags.append(make_flag(
            kind="dose_unlinked", category=f"dose_link_{row.drug_link or 'none'}", severity="medium",
            reason=f"The dose '{row.amount:g} {row.unit}' was not linked to a drug because {why}; "
                   "name the drug it belongs to.",
            rule_id="flag.dose_unlinked", doc_id=row.doc_id, start=row.start, end=row.end,
            text=row.evidence, claim_ids=[row.claim_id],
        ))
    return flags
