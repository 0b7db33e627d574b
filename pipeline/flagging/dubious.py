"""Dubious-claim flags: cue matches (found per document by :mod:`pipeline.extract.cues`),
promotional blocks, and drug checks.

Drug checks compare dose records with a reference table of typical adult ranges
(``rules/dose_reference.csv``, each row sourced) and recommendations with known adverse
effects (``rules/adverse_effects.csv``).
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pandas as pd

from pipeline.extract.treatments import treatment_kind
from pipeline.flagging.base import make_flag, weigh
from pipeline.rules import read_text



@dataclass(frozen=True)
class DoseReference:
    generic: str
    route: str
    unit: str
    daily_min: float
    daily_max: float
    max_days: float | None
    source: str


def _csv_rows(name: str) -> list[dict[str, str]]:
    lines = [line for line in read_text(name).splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


@lru_cache(maxsize=1)
def dose_references() -> dict[tuple[str, str], DoseReference]:
    out = {}
    for row in _csv_rows("dose_reference.csv"):
        ref = DoseReference(row["generic"], row["route"], row["unit"], float(row["daily_min"]),
                            float(row["daily_max"]), float(row["max_days"]) if row["max_days"] else None,
                            row["source"])
        out[(ref.generic, ref.route)] = ref
    return out


@lru_cache(maxsize=1)
def adverse_effects() -> tuple[tuple[str, str, str], ...]:
    return tuple((r["drug"], r["condition"], r["source"]) for r in _csv_rows("adverse_effects.csv"))


def cue_flags(cues: pd.DataFrame, credibility: dict[str, float]) -> list[dict[str, Any]]:
    """One flag per cue match (a sentence and category), weighed by the source's credibility."""
    return [
        make_flag(kind="dubious", category=r.category, severity=weigh(r.severity, credibility.get(r.doc_id, 0.5)),
                  reason=r.reason, rule_id=r.rule_id, doc_id=r.doc_id, start=r.start, end=r.end, text=r.text,
                  claim_ids=[r.claim_id])
        for r in cues.itertuples(index=False)
    ]


def reference_for(drug: str, route: str, unit: str) -> DoseReference | None:
    """The reference range for a dose: its drug and route; with no route stated, the
    widest range over the drug's routes in the same unit (a dose above every route's
    maximum is out of range whatever the route)."""
    refs = dose_references()
    if route:
        ref = refs.get((drug, route))
        return ref if ref is not None and ref.unit == unit else None
    same = [r for (generic, _), r in refs.items() if generic == drug and r.unit == unit]
    if not same:
        return None
    if len(same) == 1:
        return same[0]
    days = [r.max_days for r in same]
    return DoseReference(drug, "any route", unit, min(r.daily_min for r in same), max(r.daily_max for r in same),
                         None if None in days else max(days), "; ".join(sorted({r.source for r in same})))


def remedy_dose_flags(doses: pd.DataFrame) -> list[dict[str, Any]]:
    """A dose of a home-made remedy (a decoction, a tea, a herb) is a recipe, not a
    medicine's dose: a person should decide whether to publish it."""
    flags = []
    for row in doses.itertuples(index=False):
        substance = row.drug or row.drug_text
        if substance and treatment_kind(substance) == "remedy" or treatment_kind(row.evidence) == "remedy":
            flags.append(make_flag(
                kind="dubious", category="folk_remedy", severity="medium",
                reason=f"A home-made remedy ('{substance or row.evidence}') is given a dose like a medicine; "
                       "recipes of folk remedies are not evidence-based doses.",
                rule_id="flag.remedy_dose", doc_id=row.doc_id, start=row.start, end=row.end,
                text=row.evidence, claim_ids=[row.claim_id],
            ))
    return flags


def dose_flags(doses: pd.DataFrame) -> list[dict[str, Any]]:
    """Doses outside the reference daily range, and courses longer than the label allows.

    Compares the dose rows' parsed fields only (``daily_amount``, ``duration_days``,
    ``duration_is_limit``, parsed once by the dose extractor). A regimen is checked
    against the whole range; a stated maximum only against the top (a low maximum is not
    a low dose); single and cumulative doses are not daily doses. A dose without a stated
    frequency counts as once a day.
    """
    flags = []
    for row in doses.itertuples(index=False):
        ref = reference_for(row.drug, row.route, row.unit) if row.drug else None
        if ref is None or row.dose_kind not in ("regimen", "max"):
            continue
        known_frequency = pd.notna(row.daily_amount_max) or pd.notna(row.daily_amount)
        if known_frequency:
            daily = row.daily_amount_max if pd.notna(row.daily_amount_max) else row.daily_amount
        else:
            daily = row.amount_max if pd.notna(row.amount_max) else row.amount
        too_low = known_frequency and row.dose_kind == "regimen" and daily < ref.daily_min / 2
        if daily > ref.daily_max * 1.0001 or too_low:
            flags.append(make_flag(
                kind="dose_out_of_range", category="dose_out_of_range", severity="high",
                reason=f"{row.drug} {row.route or '(route not stated)'}: {daily:g} {row.unit}/day stated; "
                       f"typical adult range{' for ' + ref.route if ref.route != row.route else ''} is "
                       f"{ref.daily_min:g}-{ref.daily_max:g} {ref.unit}/day ({ref.source}).",
                rule_id="flag.dose_out_of_range", doc_id=row.doc_id, start=row.start, end=row.end,
                text=row.evidence, claim_ids=[row.claim_id],
            ))
        if (ref.max_days is not None and pd.notna(row.duration_days) and row.duration_days > ref.max_days
                and not row.duration_is_limit):
            flags.append(make_flag(
                kind="course_too_long", category="course_too_long", severity="high",
                reason=f"{row.drug} {row.route}: a course of '{row.duration_text}' exceeds the labelled "
                       f"maximum of {ref.max_days:g} days ({ref.source}).",
                rule_id="flag.course_too_long", doc_id=row.doc_id, start=row.start, end=row.end,
                text=row.evidence, claim_ids=[row.claim_id],
            ))
    return flags


def adverse_effect_flags(doses: pd.DataFrame, drugs: pd.DataFrame) -> list[dict[str, Any]]:
    """A drug recommended for a condition that the drug is known to cause."""
    flags = []
    for row in doses.itertuples(index=False):
        if not row.drug or not row.indication:
            continue
        indication = row.indication
        for drug, condition, source in adverse_effects():
            if drug == row.drug and condition and condition in indication:
                flags.append(make_flag(
                    kind="dubious", category="contradicts_adverse_effects", severity="high",
                    reason=f"{row.drug} is recommended for {indication}, which it is known to cause ({source}).",
                    rule_id="flag.adverse_effect", doc_id=row.doc_id, start=row.start, end=row.end,
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
