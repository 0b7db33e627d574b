"""BC5CDR chemical-induced-disease (CID): training the relation model and scoring it.

BC5CDR (BioCreative V CDR, NCBI) gives each PubMed abstract its chemical and disease
mentions with MeSH ids and the document's CID relations (chemical id, disease id). The
model (:mod:`pipeline.extract.relation_model`) reads one sentence's (chemical, disease)
mention pair; a document states a CID pair when any of its mention pairs scores at or
above the threshold. Everything is document-level, as BC5CDR defines CID.

Documents that any of our gold uses (``bc5cdr_<pmid>`` or ``bc5cdr/...#<pmid>`` anywhere
under ``annotations/gold``) are never trained on nor scored here, so the genre gold stays
text the model has not seen.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.extract.relation_model import (
    CHEM, DIS, EXTRACTOR, N_FEATURES, RelationModel, Span, document_features, feature_columns, pair_features, top_names,
)
from pipeline.evaluation.corpus import sentence_spans
from pipeline.ner.pubtator import Document, Mention, read_pubtator

#: How gold files name a BC5CDR document: its doc id or its origin.
_GOLD_PMID = re.compile(r"bc5cdr_(\d+)|bc5cdr/[\w.]+#(\d+)")
#: Precision the threshold must reach in cross-validation: model rows feed contradiction
#: flags that must be at least 60% real, so the model aims a little above.
MIN_PRECISION = 0.65
#: Inverse regularisation strength of the logistic regression.
C = 0.5


def gold_pmids(gold_root: Path) -> set[str]:
    """PMIDs of every BC5CDR document any gold file under ``gold_root`` names (every file
    is read as text, whatever its suffix).

    Raises:
        FileNotFoundError: when ``gold_root`` is no folder: an empty set would let gold
            documents into training.
    """
    if not gold_root.is_dir():
        raise FileNotFoundError(f"{gold_root}: no gold folder; its BC5CDR documents would be trained on")
    found: set[str] = set()
    for path in gold_root.rglob("*"):
        if path.is_file():
            for m in _GOLD_PMID.finditer(path.read_text(encoding="utf-8", errors="replace")):
                found.add(m.group(1) or m.group(2))
    return found


def training_documents(pubtator: Path, gold_root: Path) -> list[Document]:
    """The PubTator file's documents, less those any gold uses."""
    excluded = gold_pmids(gold_root)
    return [d for d in read_pubtator(pubtator) if d.pmid not in excluded]


@dataclass(frozen=True)
class Candidate:
    """One (chemical mention, disease mention) pair in one sentence of a document."""

    pmid: str
    chem_ids: tuple[str, ...]
    dis_ids: tuple[str, ...]
    features: tuple[str, ...]
    label: bool


def _kind(m: Mention) -> str | None:
    return CHEM if m.type.lower() == "chemical" else DIS if m.type.lower() == "disease" else None


def candidates(doc: Document) -> list[Candidate]:
    """Every same-sentence pair of a chemical and a disease mention that both have ids;
    positive when the document's CID relations hold one of their id pairs."""
    cid = {(r[1], r[2]) for r in doc.relations if len(r) >= 3 and r[0] == "CID"}
    text, out = doc.text, []
    mentions = [m for m in doc.mentions if _kind(m) and m.ids]
    bounds = sentence_spans(text)
    title = {m.ids for m in mentions if m.end <= bounds[0][1]}
    top = top_names(m.ids for m in mentions if _kind(m) == CHEM) | top_names(m.ids for m in mentions if _kind(m) == DIS)
    for s, e in bounds:
        inside = [m for m in mentions if s <= m.start and m.end <= e]
        spans = [Span(m.start, m.end, _kind(m)) for m in inside]
        for c in (m for m in inside if _kind(m) == CHEM):
            for d in (m for m in inside if _kind(m) == DIS):
                feats = pair_features(text, s, e, Span(c.start, c.end, CHEM), Span(d.start, d.end, DIS), spans,
                                      document_features(c.ids in title, d.ids in title, c.ids in top, d.ids in top))
                if feats:
                    label = any((a, b) in cid for a in c.ids for b in d.ids)
                    out.append(Candidate(doc.pmid, c.ids, d.ids, tuple(feats), label))
    return out


def _matrix(cands: list[Candidate]):
    from scipy.sparse import csr_matrix

    rows, cols = [], []
    for i, c in enumerate(cands):
        for j in set(feature_columns(c.features)):
            rows.append(i)
            cols.append(j)
    return csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(cands), N_FEATURES))


def fit(cands: list[Candidate], threshold: float = 0.5) -> RelationModel:
    """A logistic regression over the candidates' hashed features."""
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=C, max_iter=2000, class_weight="balanced")
    lr.fit(_matrix(cands), np.array([c.label for c in cands]))
    return RelationModel(lr.coef_[0].astype(np.float32), float(lr.intercept_[0]), threshold)


def document_pairs(docs: Iterable[Document]) -> set[tuple[str, str, str]]:
    """(pmid, chemical id, disease id) of every CID relation of the documents."""
    return {(d.pmid, r[1], r[2]) for d in docs for r in d.relations if len(r) >= 3 and r[0] == "CID"}


def predicted_pairs(cands: list[Candidate], probs: np.ndarray, threshold: float) -> set[tuple[str, str, str]]:
    """Document-level pairs: a candidate at or above the threshold states all its id pairs."""
    return {(c.pmid, a, b) for c, p in zip(cands, probs) if p >= threshold for a in c.chem_ids for b in c.dis_ids}


def prf(pred: set, gold: set) -> dict[str, float | int]:
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "tp": tp, "predicted": len(pred), "gold": len(gold)}


def choose_threshold(docs: list[Document], cands: list[Candidate], folds: int = 5) -> tuple[float, dict[str, Any]]:
    """The threshold of best document-level F1 among those reaching ``MIN_PRECISION`` on
    out-of-fold predictions (folds by document); ties go to the higher threshold."""
    pmids = sorted({d.pmid for d in docs})
    fold_of = {p: i % folds for i, p in enumerate(pmids)}
    probs = np.zeros(len(cands))
    for k in range(folds):
        train = [c for c in cands if fold_of[c.pmid] != k]
        test = [i for i, c in enumerate(cands) if fold_of[c.pmid] == k]
        model = fit(train)
        for i in test:
            probs[i] = model.probability(cands[i].features)
    gold = document_pairs(docs)
    best: tuple[float, float, dict[str, Any]] | None = None
    curve = {}
    for t in np.arange(0.30, 0.96, 0.025):
        score = prf(predicted_pairs(cands, probs, t), gold)
        curve[f"{t:.3f}"] = score
        if score["precision"] >= MIN_PRECISION and (best is None or score["f1"] >= best[1]):
            best = (float(round(t, 3)), float(score["f1"]), score)
    if best is None:
        return 0.95, {"curve": curve}
    return best[0], {"cross_validated": best[2], "curve": curve}


def train(pubtator: Path, gold_root: Path, out: Path) -> dict[str, Any]:
    """Choose the threshold by cross-validation, fit on every training document, save."""
    docs = training_documents(pubtator, gold_root)
    cands = [c for d in docs for c in candidates(d)]
    threshold, report = choose_threshold(docs, cands)
    model = fit(cands, threshold)
    # the documents trained on, so a test can tell when a later gold took one of them
    model.save(out, trained_pmids=np.array(sorted(d.pmid for d in docs)))
    return {"documents": len(docs), "candidates": len(cands), "positives": sum(c.label for c in cands),
            "threshold": threshold, **report}


def score_gold_mentions(model: RelationModel, docs: list[Document]) -> dict[str, Any]:
    """Document-level CID of the model reading the corpus's own mentions: the model alone,
    without our NER's errors."""
    cands = [c for d in docs for c in candidates(d)]
    probs = np.array([model.probability(c.features) for c in cands])
    return prf(predicted_pairs(cands, probs, model.threshold), document_pairs(docs))


def _ids_at(doc: Document, kind: str, start: int, end: int, quote: str) -> set[str]:
    """Ids of the document's ``kind`` mentions inside ``start:end`` that overlap an
    occurrence of ``quote`` there (else whose text is the quote anywhere)."""
    text, low = doc.text, quote.lower().strip()
    spans = [(m.start(), m.end()) for m in re.finditer(re.escape(low), text[start:end].lower())] if low else []
    ids = {i for m in doc.mentions if _kind(m) == kind and start <= m.start and m.end <= end
           for a, b in spans if m.start < start + b and start + a < m.end for i in m.ids}
    if not ids and low:
        ids = {i for m in doc.mentions if _kind(m) == kind and m.text.lower() == low for i in m.ids}
    return ids


def row_pairs(rows: Iterable[Any], docs: dict[str, Document]) -> set[tuple[str, str, str]]:
    """Document-level (pmid, chemical id, disease id) pairs that cause rows claim (not negated):
    each side mapped to the corpus mentions its quote covers; a side that maps to no id
    keeps its name, so the row still counts (as a wrong pair)."""
    out = set()
    for r in rows:
        pmid = str(r.doc_id).removeprefix("bc5cdr_")
        if r.negated or pmid not in docs:
            continue
        doc = docs[pmid]
        chems = _ids_at(doc, CHEM, r.start, r.end, r.cause_text) or {"?" + r.cause}
        dises = _ids_at(doc, DIS, r.start, r.end, r.condition_text) or {"?" + r.condition}
        out |= {(pmid, a, b) for a in chems for b in dises}
    return out


def score_pipeline(causes, docs: list[Document]) -> dict[str, Any]:
    """Rules alone against rules + model, document-level CID, from a run's ``causes``."""
    by_pmid = {d.pmid: d for d in docs}
    gold = document_pairs(docs)
    rules = [r for r in causes.itertuples(index=False) if r.extractor != EXTRACTOR]
    model = [r for r in causes.itertuples(index=False) if r.extractor == EXTRACTOR]
    return {"rules": prf(row_pairs(rules, by_pmid), gold),
            "rules+model": prf(row_pairs(rules + model, by_pmid), gold),
            "model_only": prf(row_pairs(model, by_pmid), gold), "model_rows": len(model)}


def write_documents(docs: Iterable[Document], folder: Path) -> None:
    """One ``bc5cdr_<pmid>.txt`` per document (title + " " + abstract), as the genre gold's
    materialisation writes them, for the pipeline to run on."""
    folder.mkdir(parents=True, exist_ok=True)
    for d in docs:
        (folder / f"bc5cdr_{d.pmid}.txt").write_bytes(d.text.encode("utf-8"))
