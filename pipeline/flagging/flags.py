"""Build flag rows and run every flagger over the run's tables (cross-document stage)."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from pipeline.ids import normalise_quote, stable_id


def make_flag(
    *, kind: str, category: str, severity: str, reason: str, rule_id: str, doc_id: str,
    start: int | None, end: int | None, text: str, claim_ids: Iterable[str] = (),
    other_doc_id: str = "", other_start: int | None = None, other_end: int | None = None,
    other_text: str = "",
) -> dict[str, Any]:
    """One flag row; the id hashes what is flagged (not where), so it survives reruns."""
    sides = sorted([(doc_id, normalise_quote(text)), (other_doc_id, normalise_quote(other_text))])
    flag_id = stable_id("f", kind, category, rule_id, *sides[0], *sides[1])
    return {
        "flag_id": flag_id, "kind": kind, "category": category, "severity": severity,
        "reason": reason, "doc_id": doc_id, "start": start, "end": end, "text": text,
        "other_doc_id": other_doc_id, "other_start": other_start, "other_end": other_end,
        "other_text": other_text, "claim_ids": ";".join(sorted(set(claim_ids))),
        "review_status": "pending", "reviewer": "", "reviewed_at": "", "rule_id": rule_id, "note": "",
    }


_LEVELS = ("low", "medium", "high")


def weigh(severity: str, credibility: float) -> str:
    """Raise a dubious claim's severity on a commercial source, lower it on a peer-reviewed one."""
    k = _LEVELS.index(severity)
    if credibility <= 0.3:
        k = min(k + 1, 2)
    elif credibility >= 0.9:
        k = max(k - 1, 0)
    return _LEVELS[k]


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


def promotional_flags(blocks: pd.DataFrame) -> list[dict[str, Any]]:
    """Testimonials and prices set aside as boilerplate are still shown to the reviewer,
    because they mark a source as advertising (FDA health-fraud tip-offs, HONcode)."""
    flags = []
    reasons = {
        "testimonial": ("testimonial", "A personal testimonial is presented as evidence; "
                        "testimonials are not evidence of efficacy."),
        "price": ("advertising", "The page advertises paid services with prices; "
                  "treat its treatment claims as promotional."),
    }
    once: set[tuple[str, str]] = set()
    for row in blocks[blocks["category"].isin(reasons)].itertuples(index=False):
        if len(row.text.split()) < 3:
            continue  # a section heading such as "Reviews", not a testimonial itself
        if (row.doc_id, row.category) in once:
            continue  # one flag per source for its prices, one for its testimonials
        once.add((row.doc_id, row.category))
        category, reason = reasons[row.category]
        flags.append(make_flag(
            kind="dubious", category=category, severity="low", reason=reason,
            rule_id=f"flag.{category}", doc_id=row.doc_id, start=row.start, end=row.end, text=row.text,
        ))
    return flags


def flag_rows(tables: dict[str, pd.DataFrame]) -> list[dict[str, Any]]:
    """Every flag for the run, deduplicated by id, in a stable order."""
    from pipeline.flagging import contradictions as con
    from pipeline.flagging import dubious

    docs = tables["documents"]
    credibility = dict(zip(docs["doc_id"], docs["credibility"]))
    rows = (
        unknown_drug_flags(tables["drugs"]) + unlinked_dose_flags(tables["doses"])
        + promotional_flags(tables["blocks"])
        + dubious.cue_flags(tables["blocks"], credibility)
        + dubious.dose_flags(tables["doses"])
        + dubious.adverse_effect_flags(tables["doses"], tables["drugs"])
        + con.statement_contradictions(tables["statements"], credibility)
        + con.causal_direction_contradictions(tables["causes"], credibility)
        + con.dose_contradictions(tables["doses"], credibility)
        + con.treatment_harm_contradictions(tables["drugs"], tables["doses"], tables["causes"], credibility)
    )
    unique: dict[str, dict[str, Any]] = {}
    for row in rows:
        unique.setdefault(row["flag_id"], row)
    return sorted(unique.values(), key=lambda r: (r["doc_id"], r["start"] or 0, r["flag_id"]))
