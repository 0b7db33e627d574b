"""How the contradiction stage scales: time and comparisons at 1,000 and 10,000 documents.

Issue #14 asks that every pair within a subject group be compared where the claims
actually conflict, still in time about linear in the number of claims. This calls the
flagger (:func:`pipeline.flagging.contradictions.contradiction_flags`) directly on claims
tables, without NLP or Prefect, and prints seconds, comparisons and flags per size and the
10k/1k ratios (linear: about 10).

Claims tables, one of:

- ``synthetic`` (default): per document a few statements, treatment claims, harm claims,
  doses and drug mentions, their conditions and drugs drawn (seeded) from the packaged
  knowledge, so that hierarchy walks, class lookups and conflicting buckets happen as
  they do on real text: conditions from a pool with parents (Zipf-like: some conditions
  are on many pages), drugs with classes, class names in some harm claims, both
  polarities of each statement predicate, regimens of one drug further apart than the
  dose factor.
- ``--replicate FOLDER``: the claims the pipeline extracts from a folder of sources
  (e.g. the seeds), copied under new document ids until the size is reached.

    .venv/bin/python bench/contradictions_scale.py [--sizes 1000 10000] [--replicate seeds] [--seed 7]
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline.dataset.schema import to_frame  # noqa: E402
from pipeline.flagging.contradictions import contradiction_flags, settings  # noqa: E402
from pipeline.vocab.knowledge import knowledge  # noqa: E402

TABLES = ("statements", "treatments", "causes", "doses", "drugs")


def _pools(rng: random.Random) -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[str]]:
    """(conditions with parents, drugs with classes, class terms) from the packaged knowledge."""
    kb = knowledge()
    conditions = sorted((c, n) for c, n in kb.condition_names.items() if n and kb.parents.get(c))
    drugs = sorted({(name, "") for name in kb.by_name if kb.by_name[name]})
    terms = sorted(" ".join(t) for t in kb.terms)
    rng.shuffle(conditions)
    rng.shuffle(drugs)
    return conditions[:3000], drugs[:1500], terms[:300]


def synthetic(n_docs: int, seed: int) -> tuple[dict[str, pd.DataFrame], dict[str, float]]:
    """Claims tables of ``n_docs`` synthetic documents (about 14 claims each)."""
    rng = random.Random(seed)
    conditions, drugs, terms = _pools(random.Random(seed))
    predicates = list(settings()["predicates"])

    def zipf(pool: list) -> Any:
        return pool[min(int(rng.paretovariate(1.1)) - 1, len(pool) - 1)] if rng.random() < 0.7 else rng.choice(pool)

    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    credibility: dict[str, float] = {}
    for d in range(n_docs):
        doc = f"doc{d:06d}"
        credibility[doc] = rng.choice((0.3, 0.5, 0.7, 0.9))
        pos = 0

        def span(n: int = 80) -> tuple[int, int]:
            nonlocal pos
            pos += n + 2
            return pos - n - 2, pos - 2

        for k in range(3):
            concept, name = zipf(conditions)
            s, e = span()
            rows["statements"].append({
                "claim_id": f"s-{doc}-{k}", "doc_id": doc, "subject": name, "subject_concept_id": concept,
                "predicate": rng.choice(predicates), "polarity": rng.random() < 0.5, "hedged": rng.random() < 0.2,
                "start": s, "end": e, "evidence": f"{name} statement {k}", "review_status": "clean"})
        for k in range(4):
            concept, name = zipf(conditions)
            drug, _ = zipf(drugs)
            s, e = span()
            rows["drugs"].append({"mention_id": f"m-{doc}-t{k}", "doc_id": doc, "text": drug, "name": drug,
                                  "concept_id": "", "start": s, "end": s + len(drug)})
            rows["treatments"].append({
                "claim_id": f"t-{doc}-{k}", "doc_id": doc, "treatment": drug, "treatment_concept_id": "",
                "treatment_kind": "drug", "predicate": rng.choice(("treats", "cures", "relieves", "prevents")),
                "condition": name, "condition_concept_id": concept, "polarity": rng.random() < 0.9,
                "hedged": False, "start": s, "end": e, "evidence": f"{drug} treats {name}", "treatment_text": drug,
                "condition_text": name, "review_status": "clean"})
        for k in range(4):
            concept, name = zipf(conditions)
            s, e = span()
            if rng.random() < 0.2:
                cause, cause_text, relation = "", rng.choice(terms), "causes"
            else:
                cause, _ = zipf(drugs)
                cause_text, relation = cause, rng.choice(("causes", "adverse_effect", "risk_factor"))
                rows["drugs"].append({"mention_id": f"m-{doc}-c{k}", "doc_id": doc, "text": cause, "name": cause,
                                      "concept_id": "", "start": s, "end": s + len(cause)})
            if rng.random() < 0.1:  # a causal link between two conditions, for reversed causation
                other_concept, cause = zipf(conditions)
                cause_text = cause
            rows["causes"].append({
                "claim_id": f"c-{doc}-{k}", "doc_id": doc, "cause": cause or cause_text,
                "cause_concept_id": "", "cause_text": cause_text, "condition": name,
                "condition_concept_id": concept, "relation": relation, "negated": rng.random() < 0.05,
                "hedged": False, "start": s, "end": e, "evidence": f"{cause_text} causes {name}",
                "review_status": "clean", "extractor": "cause.synthetic"})
        for k in range(2):
            drug, _ = zipf(drugs[:50])
            s, e = span(40)
            rows["doses"].append({
                "claim_id": f"d-{doc}-{k}", "doc_id": doc, "drug": drug, "drug_text": drug, "drug_mention_id": "",
                "amount": rng.choice((5, 10, 20, 50, 100, 250, 500)), "unit": "mg",
                "frequency_per_day": rng.choice((1.0, 2.0, 3.0)), "route": "oral", "dose_kind": "regimen",
                "indication": zipf(conditions)[1] if rng.random() < 0.3 else "", "start": s, "end": e,
                "evidence": f"{drug} dose", "review_status": "clean"})
    return {t: to_frame(t, r) for t, r in rows.items()}, credibility


def replicated(folder: Path, n_docs: int) -> tuple[dict[str, pd.DataFrame], dict[str, float]]:
    """The claims extracted from ``folder``, copied under new document ids up to ``n_docs``."""
    base = _extract(folder)
    docs = sorted(set(base["documents"]["doc_id"]))
    cred = dict(zip(base["documents"]["doc_id"], base["documents"]["credibility"]))
    out: dict[str, list[pd.DataFrame]] = {t: [] for t in TABLES}
    credibility: dict[str, float] = {}
    copies = (n_docs + len(docs) - 1) // len(docs)
    for c in range(copies):
        rename = {d: f"{d}~{c}" for d in docs[: max(0, min(len(docs), n_docs - c * len(docs)))]}
        for t in TABLES:
            frame = base[t][base[t]["doc_id"].isin(rename)].copy()
            frame["doc_id"] = frame["doc_id"].map(rename)
            for col in ("claim_id", "mention_id"):
                if col in frame:
                    frame[col] = frame[col].astype(str) + f"~{c}"
            out[t].append(frame)
        credibility.update({new: cred.get(old, 0.5) for old, new in rename.items()})
    return {t: pd.concat(v, ignore_index=True) for t, v in out.items()}, credibility


_EXTRACTED: dict[Path, dict[str, pd.DataFrame]] = {}


def _extract(folder: Path) -> dict[str, pd.DataFrame]:
    if folder not in _EXTRACTED:
        from pipeline.evaluation.run import extract_tables
        from pipeline.nlp.loader import load_nlp

        nlp = load_nlp(None, None, ROOT / ".cache" / "pipeline")
        _EXTRACTED[folder] = extract_tables(folder, nlp)[0]
    return _EXTRACTED[folder]


def measure(tables: dict[str, pd.DataFrame], credibility: dict[str, float], repeats: int) -> dict[str, float]:
    best = float("inf")
    counter: Counter = Counter()
    flags: list = []
    for _ in range(repeats):
        counter = Counter()
        t0 = time.perf_counter()
        flags = contradiction_flags(tables, credibility, counter)
        best = min(best, time.perf_counter() - t0)
    claims = sum(len(tables[t]) for t in ("statements", "treatments", "causes", "doses"))
    return {"seconds": best, "claims": claims, "comparisons": counter["comparisons"], "flags": len(flags)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="numbers of documents")
    ap.add_argument("--replicate", type=Path, help="replicate the claims extracted from this folder of sources")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeats", type=int, default=2, help="runs per size; the fastest counts")
    args = ap.parse_args(argv)
    knowledge()  # loaded once, outside the timings
    results = []
    for n in args.sizes:
        tables, cred = replicated(args.replicate, n) if args.replicate else synthetic(n, args.seed)
        contradiction_flags({t: v.head(0) for t, v in tables.items()}, {})  # warm lookups and rule files
        r = measure(tables, cred, args.repeats)
        results.append((n, r))
        print(f"{n:>7,} docs  {r['claims']:>8,} claims  {r['seconds']:8.2f} s  {r['comparisons']:>9,} comparisons  "
              f"{r['flags']:>7,} flags  {r['claims'] / max(r['seconds'], 1e-9):>10,.0f} claims/s")
    if len(results) >= 2:
        (n0, a), (n1, b) = results[0], results[-1]
        print(f"ratio {n1:,}/{n0:,} docs: claims x{b['claims'] / a['claims']:.1f}, time x{b['seconds'] / a['seconds']:.1f}, "
              f"comparisons x{b['comparisons'] / max(a['comparisons'], 1):.1f}, flags x{b['flags'] / max(a['flags'], 1):.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
