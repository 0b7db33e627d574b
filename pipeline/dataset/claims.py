"""The claims layer: every extracted statement as subject–predicate–object with context.

Causes, doses, curability/prognosis statements and treatment/efficacy claims come from
different extractors; here
they become one shape so reviewers and downstream users can query them together and the
flaggers can reason about them: subject and object normalised to concepts, polarity,
certainty (hedged), and the context a claim depends on — population, indication, dose,
route — plus the credibility of its source.
"""
from __future__ import annotations

from typing import Any

import pandas as pd


def _dose_text(row: Any) -> str:
    amount = (f"{row.amount:g}" if pd.notna(row.amount) else "") + (
        f"-{row.amount_max:g}" if pd.notna(row.amount_max) else "")
    per_day = f" x{row.frequency_per_day:g}/day" if pd.notna(row.frequency_per_day) else ""
    return f"{amount} {row.unit}{per_day}".strip()


def claim_rows(tables: dict[str, pd.DataFrame]) -> list[dict[str, Any]]:
    docs = tables["documents"]
    credibility = dict(zip(docs["doc_id"], docs["credibility"]))
    rows: list[dict[str, Any]] = []
    for r in tables["causes"].itertuples(index=False):
        rows.append({
            "claim_id": r.claim_id, "doc_id": r.doc_id, "kind": "cause",
            "subject": r.cause, "subject_concept_id": r.cause_concept_id, "predicate": r.relation,
            "object": r.condition, "object_concept_id": r.condition_concept_id,
            "polarity": not r.negated, "hedged": r.hedged, "population": "", "indication": "",
            "dose": "", "route": "", "credibility": credibility.get(r.doc_id, 0.5),
            "start": r.start, "end": r.end, "evidence": r.evidence, "review_status": r.review_status,
        })
    for r in tables["doses"].itertuples(index=False):
        rows.append({
            "claim_id": r.claim_id, "doc_id": r.doc_id, "kind": "dose",
            "subject": r.drug, "subject_concept_id": "", "predicate": "dose",
            "object": r.indication or r.purpose, "object_concept_id": "",
            "polarity": True, "hedged": False, "population": r.population, "indication": r.indication,
            "dose": _dose_text(r), "route": r.route, "credibility": credibility.get(r.doc_id, 0.5),
            "start": r.start, "end": r.end, "evidence": r.evidence, "review_status": r.review_status,
        })
    for r in tables["statements"].itertuples(index=False):
        rows.append({
            "claim_id": r.claim_id, "doc_id": r.doc_id, "kind": "statement",
            "subject": r.subject, "subject_concept_id": r.subject_concept_id, "predicate": r.predicate,
            "object": "", "object_concept_id": "", "polarity": r.polarity, "hedged": r.hedged,
            "population": "", "indication": "", "dose": "", "route": "",
            "credibility": credibility.get(r.doc_id, 0.5),
            "start": r.start, "end": r.end, "evidence": r.evidence, "review_status": r.review_status,
        })
    for r in tables["treatments"].itertuples(index=False):
        rows.append({
            "claim_id": r.claim_id, "doc_id": r.doc_id, "kind": "treatment",
            "subject": r.treatment, "subject_concept_id": r.treatment_concept_id, "predicate": r.predicate,
            "object": r.condition, "object_concept_id": r.condition_concept_id,
            "polarity": r.polarity, "hedged": r.hedged, "population": "", "indication": "",
            "dose": "", "route": "", "credibility": credibility.get(r.doc_id, 0.5),
            "start": r.start, "end": r.end, "evidence": r.evidence, "review_status": r.review_status,
        })
    for r in tables["cues"].itertuples(index=False):
        rows.append({
            "claim_id": r.claim_id, "doc_id": r.doc_id, "kind": "assertion",
            "subject": r.subject, "subject_concept_id": r.subject_concept_id, "predicate": r.category,
            "object": "", "object_concept_id": "", "polarity": True, "hedged": r.hedged,
            "population": "", "indication": "", "dose": "", "route": "",
            "credibility": credibility.get(r.doc_id, 0.5),
            "start": r.start, "end": r.end, "evidence": r.text, "review_status": r.review_status,
        })
    return rows
