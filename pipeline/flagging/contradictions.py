"""Contradictions within one document and across documents.

Claims are indexed by their normalised subject (concept id, else canonical name), so
each subject's claims are compared only with each other: the work grows with the number
of claims per subject, not with the square of all claims. Contradictions:

- the same condition affirmed and denied for one predicate (curable, reversible,
  surgery_required, shortens_life, self_limiting);
- a causal direction stated both ways (A causes B and B causes A, both affirmed);
- the same drug, route and indication with daily doses whose ranges do not overlap;
- a substance recommended as treatment in one source and named as a cause of harm in
  another (through generic names, so a brand meets its ingredient).

Severity weighs the sources' credibility: two credible sources in conflict, or a
peer-reviewed source against a commercial page, is high; hedged statements lower it.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

import pandas as pd

from pipeline.flagging.base import make_flag

#: Predicates that contradict each other across names: "irreversible" denies "curable".
PREDICATE_GROUP = {"reversible": "curable"}

_PREDICATE_WORDS = {
    "treatable": ("treatable", "untreatable (only supportive care)"),
    "curable": ("curable", "incurable"),
    "reversible": ("reversible", "irreversible"),
    "surgery_required": ("only curable by surgery", "treatable without surgery"),
    "shortens_life": ("shortens life", "does not shorten life"),
    "self_limiting": ("resolves on its own", "does not resolve on its own"),
}


def _severity(cred_a: float, cred_b: float, hedged: bool) -> str:
    if hedged:
        return "low" if min(cred_a, cred_b) < 0.5 else "medium"
    if max(cred_a, cred_b) >= 0.9 or (min(cred_a, cred_b) >= 0.6):
        return "high"
    if abs(cred_a - cred_b) >= 0.5:
        return "high"
    return "medium"


def _pair(*, category: str, severity: str, reason: str, rule_id: str, a: Any, b: Any) -> dict[str, Any]:
    """A contradiction flag between two claim rows (each with doc_id, start, end,
    evidence and claim_id)."""
    return make_flag(
        kind="contradiction", category=category, severity=severity, reason=reason, rule_id=rule_id,
        doc_id=a.doc_id, start=a.start, end=a.end, text=a.evidence, other_doc_id=b.doc_id,
        other_start=b.start, other_end=b.end, other_text=b.evidence, claim_ids=[a.claim_id, b.claim_id],
    )


def _key(concept_id: str, name: str) -> str:
    return concept_id or f"name:{name}"


def _best(rows: list[Any], credibility: dict[str, float]) -> Any:
    """The strongest claim of a set: unhedged first, then from the most credible source."""
    return min(rows, key=lambda r: (bool(r.hedged), -credibility.get(r.doc_id, 0.5), r.doc_id, r.start))


def statement_contradictions(statements: pd.DataFrame, credibility: dict[str, float]) -> list[dict[str, Any]]:
    """Affirmed vs denied curability, prognosis, ... of one condition.

    Linear in the number of statements: within a document, its strongest affirmation
    meets its strongest denial; across documents, each document on the minority side
    meets the strongest claim of the majority side (not every pair of documents).
    """
    flags = []
    groups: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for row in statements.itertuples(index=False):
        predicate = PREDICATE_GROUP.get(row.predicate, row.predicate)
        groups[(_key(row.subject_concept_id, row.subject), predicate)].append(row)
    for (_, predicate), rows in sorted(groups.items()):
        by_doc: dict[tuple[str, bool], list[Any]] = defaultdict(list)
        for r in rows:
            by_doc[(r.doc_id, bool(r.polarity))].append(r)
        yes = {d: _best(v, credibility) for (d, p), v in by_doc.items() if p}
        no = {d: _best(v, credibility) for (d, p), v in by_doc.items() if not p}
        pairs = [(yes[d], no[d]) for d in sorted(set(yes) & set(no))]
        if yes and no:
            minority, majority = (yes, no) if len(yes) <= len(no) else (no, yes)
            reference = _best(list(majority.values()), credibility)
            for doc_id, claim in sorted(minority.items()):
                if doc_id != reference.doc_id:
                    pairs.append((claim, reference) if claim.polarity else (reference, claim))
        said_yes, said_no = _PREDICATE_WORDS.get(predicate, (predicate, f"not {predicate}"))
        for a, b in pairs:
            where = "the same source" if a.doc_id == b.doc_id else "another source"
            flags.append(_pair(
                category=f"contradiction_{predicate}",
                severity=_severity(credibility.get(a.doc_id, 0.5), credibility.get(b.doc_id, 0.5), a.hedged and b.hedged),
                reason=f"'{a.subject}' is said to be {said_yes} here but {said_no} in {where}; decide which holds.",
                rule_id=f"flag.contradiction.{predicate}", a=a, b=b,
            ))
    return flags


def causal_direction_contradictions(causes: pd.DataFrame, credibility: dict[str, float]) -> list[dict[str, Any]]:
    """A causes B and B causes A, both affirmed."""
    flags = []
    affirmed = causes[~causes["negated"] & (causes["relation"] != "complication_of")]
    index: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for row in affirmed.itertuples(index=False):
        index[(_key(row.cause_concept_id, row.cause), _key(row.condition_concept_id, row.condition))].append(row)
    for (cause, effect), rows in sorted(index.items()):
        if cause >= effect:
            continue
        reverse = index.get((effect, cause))
        if not reverse:
            continue
        a, b = rows[0], reverse[0]
        flags.append(_pair(
            category="contradiction_causal_direction",
            severity=_severity(credibility.get(a.doc_id, 0.5), credibility.get(b.doc_id, 0.5), a.hedged and b.hedged),
            reason=f"One statement says {a.cause} leads to {a.condition}, another the reverse; "
                   "check which direction the evidence supports.",
            rule_id="flag.contradiction.causal_direction", a=a, b=b,
        ))
    return flags


def _daily(row: Any) -> tuple[float, float]:
    top = row.amount_max if pd.notna(row.amount_max) else row.amount
    return row.amount * row.frequency_per_day, top * row.frequency_per_day


def dose_contradictions(doses: pd.DataFrame, credibility: dict[str, float]) -> list[dict[str, Any]]:
    """Same drug, route, unit and purpose with a daily range that misses the reference's.

    The reference is the group's claim from the most credible source; every other claim
    is compared with it once (linear, not pairwise).
    """
    flags = []
    known = doses[(doses["drug"] != "") & doses["frequency_per_day"].notna()]
    groups: dict[tuple[str, str, str, str], list[Any]] = defaultdict(list)
    for row in known.itertuples(index=False):
        purpose = row.indication.split(":")[0].strip() if row.indication else ""
        groups[(row.drug, row.route, row.unit, purpose)].append(row)
    for (drug, route, unit, purpose), rows in sorted(groups.items()):
        reference = min(rows, key=lambda r: (-credibility.get(r.doc_id, 0.5), r.doc_id, r.start))
        lo_ref, hi_ref = _daily(reference)
        for a in rows:
            lo_a, hi_a = _daily(a)
            if a is reference or not (hi_a < lo_ref or hi_ref < lo_a):
                continue
            if a.doc_id == reference.doc_id:
                where = "in the same source"
            elif credibility.get(reference.doc_id, 0.5) > credibility.get(a.doc_id, 0.5):
                where = "in a more credible source"
            else:
                where = "in another source"  # equal credibility: the reference is only the first
            flags.append(_pair(
                category="contradiction_dose",
                severity=_severity(credibility.get(a.doc_id, 0.5), credibility.get(reference.doc_id, 0.5), False),
                reason=" ".join(f"{drug} {route} {purpose}".split()) + f": {lo_a:g}-{hi_a:g} {unit}/day here but "
                       f"{lo_ref:g}-{hi_ref:g} {unit}/day {where}.",
                rule_id="flag.contradiction.dose", a=a, b=reference,
            ))
    return flags


def treatment_harm_contradictions(drugs: pd.DataFrame, doses: pd.DataFrame, causes: pd.DataFrame,
                                  credibility: dict[str, float]) -> list[dict[str, Any]]:
    """A substance given as treatment in one source and named as a cause of harm in another."""
    flags = []
    harmful: dict[str, list[Any]] = defaultdict(list)
    for row in causes[~causes["negated"]].itertuples(index=False):
        harmful[row.cause].append(row)
    recommended: dict[str, Any] = {}
    for row in doses[doses["drug"] != ""].itertuples(index=False):
        recommended.setdefault(row.drug, row)
    for name, dose in sorted(recommended.items()):
        for cause in harmful.get(name, []):
            if cause.doc_id == dose.doc_id:
                continue
            flags.append(_pair(
                category="contradiction_treatment_harm",
                severity=_severity(credibility.get(dose.doc_id, 0.5), credibility.get(cause.doc_id, 0.5), cause.hedged),
                reason=f"{name} is given as a treatment here but named as a cause of {cause.condition} "
                       "in another source; check the indication and the dose.",
                rule_id="flag.contradiction.treatment_harm", a=dose, b=cause,
            ))
    return flags
