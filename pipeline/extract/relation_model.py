"""A learned chemical -> disease relation: does a sentence say this drug brought on this condition?

The rule-based causes extractor reads the wordings it has rules for; case reports and
abstracts state harms in a long tail of others ("developed X after receiving Y", "Y
was discontinued because of X", "X occurred in 3 of 20 patients given Y"). A linear
classifier trained on BC5CDR's chemical-induced-disease (CID) relations
(:mod:`pipeline.evaluation.cid_relations` trains it; ``pipeline train-relations``)
reads the pair's context: the words between the two mentions with every mention
masked, a few words either side, their order and distance, the other mentions between
and negation. Its weights are hashed n-gram features stored as a small ``.npz`` under
``pipeline/models/cid_relations/`` (no pickle, no download); loading is lazy and cached.

The features are computed on raw character spans, so training (gold PubTator mentions)
and the pipeline (our own mentions) see the same thing. The model reads only documents in
the register it learned, reports of research (``rules/research_report.jsonl``), and no
package leaflet, whose harms :mod:`pipeline.extract.side_effects` reads from section 4.
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.extract.causes import is_hedged
from pipeline.extract.context import DocumentView
from pipeline.extract.dose_grammar import leaflet_zones
from pipeline.ids import normalise_quote, stable_id
from pipeline.models import cid_relations_path
from pipeline.nlp.labels import CONDITION, DRUG
from pipeline.nlp.mentions import Mention, doc_mentions
from pipeline.rules import Rule, load_jsonl
from pipeline.vocab.knowledge import DRUG_CLASSES_FILE, MAX_TERM_WORDS, packaged_knowledge_dir

#: Bumped when the features change: a model trained on other features refuses to load.
FEATURES_VERSION = 1
#: Size of the hashed feature space (2**18 keeps collisions rare for ~100k distinct features).
N_FEATURES = 2**18
MODEL_FILE = "model.npz"
#: A sentence with more (drug, condition) pairs than this is a flattened table of names, not a
#: statement (each pair costs a pass over the sentence).
MAX_PAIRS = 900
#: What the rows this module adds are marked with (``causes.extractor``).
EXTRACTOR = "cause.relation_model"

_TOKEN = re.compile(r"\w+|[^\w\s]")
_DIGITS = re.compile(r"\d+")
#: Words that negate a claim in the sentence ("no", "without", "did not"): features, and
#: a row is negated when one stands between the pair.
_NEGATION = frozenset({"no", "not", "without", "neither", "nor", "absence", "lack", "never", "none", "unlikely",
                       "failed", "free"})
CHEM, DIS = "CHEM", "DIS"
#: What class mentions are marked with (``Mention.source``).
CLASS_SOURCE = "relation_model.drug_class"
_CLASS_WORD = re.compile(r"[A-Za-z0-9]+")
#: What may stand between two words of a class term: "anti-epileptic drugs", not "drugs. Anti".
_CLASS_JOIN = re.compile(r"[\s-]{1,2}")
#: "benzodiazepines or related drugs (BZDs/RDs)", "combined oral contraceptives (COCs)": an
#: abbreviation defined in brackets at most a few words after a class term.
_CLASS_ABBREVIATION = re.compile(r"(?:\s+(?:or|and)\s+(?:related|other|similar)\s+(?:drugs|agents|medicines|medications))?"
                                 r"\s*\(\s*(?P<abbr>[A-Z][A-Za-z]{0,6}[A-Z]s?)(?=\s*[/);,])")
#: Words before a class term that make it the body's or the diet's substance, not a medicine
#: given ("endogenous steroids", "levels of prostaglandins", "the intake of carbohydrates").
_BODY_SUBSTANCE_BEFORE = re.compile(r"\b(?:endogenous|serum|plasma|circulating|urinary|dietary|intake\s+of|"
                                    r"(?:levels?|concentrations?|production|secretion|synthesis)\s+of)"
                                    r"(?:\s+(?:the|total|free))?\s*$", re.IGNORECASE)
#: ... and after it ("steroids produced by the adrenal gland").
_BODY_SUBSTANCE_AFTER = re.compile(r"\s+(?:produced|secreted|made|released|synthesi[sz]ed)\s+(?:by|in)\b", re.IGNORECASE)
#: Short forms of statistics that a bracket after a class term opens ("oral contraceptives
#: (OR, 2.1; 95% CI ...)"): never the class's abbreviation.
_STATISTICS = frozenset({"OR", "ORs", "RR", "RRs", "HR", "HRs", "CI", "SD", "SE", "SEM", "IQR", "AUC", "NS", "NNT", "NNH"})


@dataclass(frozen=True)
class Span:
    """A mention's character span and kind (``CHEM`` or ``DIS``)."""

    start: int
    end: int
    kind: str


def _words(text: str) -> list[str]:
    return [_DIGITS.sub("0", t.lower()) for t in _TOKEN.findall(text)]


def _masked(text: str, start: int, end: int, spans: Sequence[Span], chem: Span, dis: Span) -> tuple[list[str], int, int]:
    """The sentence's tokens with every mention one placeholder token: the pair's two
    ``<c>``/``<d>``, other mentions ``<chem>``/``<dis>``; and the pair's token positions."""
    tokens: list[str] = []
    at = start
    ci = di = -1
    for s in sorted({*spans, chem, dis}, key=lambda x: (x.start, -x.end)):
        if s.start < at or s.end > end:
            continue  # overlaps a mention already placed
        tokens.extend(_words(text[at : s.start]))
        if s == chem:
            ci = len(tokens)
            tokens.append("<c>")
        elif s == dis:
            di = len(tokens)
            tokens.append("<d>")
        else:
            tokens.append("<chem>" if s.kind == CHEM else "<dis>")
        at = s.end
    tokens.extend(_words(text[at:end]))
    return tokens, ci, di


def _bucket(n: int) -> str:
    return str(n) if n < 4 else "4-6" if n < 7 else "7-12" if n < 13 else "13+"


def pair_features(text: str, start: int, end: int, chem: Span, dis: Span, spans: Sequence[Span] = (),
                  document: Sequence[str] = ()) -> list[str]:
    """The features of the pair (``chem``, ``dis``) in the sentence ``text[start:end]``;
    ``spans`` are every mention of the sentence (the pair's may be among them);
    ``document`` what the rest of the document says of the two (:func:`document_features`)."""
    tokens, ci, di = _masked(text, start, end, spans, chem, dis)
    if ci < 0 or di < 0:
        return []
    first, last = min(ci, di), max(ci, di)
    between = tokens[first + 1 : last]
    feats = ["order=" + ("CD" if ci < di else "DC"), "dist=" + _bucket(len(between))]
    feats += ["b:" + w for w in between]
    feats += ["bb:" + a + "_" + b for a, b in zip(between, between[1:])]
    if len(between) <= 5:
        feats.append("bs:" + "_".join(between))
    for k, w in enumerate(reversed(tokens[max(0, first - 3) : first]), 1):
        feats += ["l:" + w, f"l{k}:" + w]
    for k, w in enumerate(tokens[last + 1 : last + 4], 1):
        feats += ["r:" + w, f"r{k}:" + w]
    for name, i in (("c", ci), ("d", di)):
        feats.append(f"{name}-1:" + (tokens[i - 1] if i > 0 else "^"))
        feats.append(f"{name}+1:" + (tokens[i + 1] if i + 1 < len(tokens) else "$"))
        if i > 1:
            feats.append(f"{name}-2:" + tokens[i - 2] + "_" + tokens[i - 1])
        if i + 2 < len(tokens):
            feats.append(f"{name}+2:" + tokens[i + 1] + "_" + tokens[i + 2])
    feats.append("other_chem=" + str(min(2, between.count("<chem>"))))
    feats.append("other_dis=" + str(min(2, between.count("<dis>"))))
    if _NEGATION.intersection(tokens):
        feats.append("neg_sent")
    if _NEGATION.intersection(between) or _NEGATION.intersection(tokens[max(0, first - 3) : first]):
        feats.append("neg_near")
    return feats + list(document)


def document_features(chem_in_title: bool, dis_in_title: bool, chem_is_top: bool, dis_is_top: bool) -> list[str]:
    """Where the pair stands in its document: an abstract's title and its most named
    chemical and disease are what it is about, and most of its relations are theirs."""
    flags = {"chem_title": chem_in_title, "dis_title": dis_in_title, "chem_top": chem_is_top, "dis_top": dis_is_top}
    return [k for k, v in flags.items() if v] + (["both_title"] if chem_in_title and dis_in_title else [])


def top_names(names: Iterable[str]) -> set[str]:
    """The most frequent of the names (all of them on a tie)."""
    counts: dict[str, int] = {}
    for n in names:
        counts[n] = counts.get(n, 0) + 1
    most = max(counts.values(), default=0)
    return {n for n, k in counts.items() if k == most}


@dataclass(frozen=True)
class RelationModel:
    """A linear model over hashed features: ``probability(features)``; ``threshold`` is
    the decision point chosen by cross-validation on the training set (see README)."""

    weights: np.ndarray
    bias: float
    threshold: float

    def probability(self, features: Iterable[str]) -> float:
        """P(the sentence says the chemical induced the disease)."""
        idx = np.fromiter((_hash(f) for f in features), dtype=np.int64)
        z = self.bias + float(self.weights[idx].sum()) if idx.size else self.bias
        return 1.0 / (1.0 + math.exp(-z))

    def save(self, folder: Path, **meta: Any) -> Path:
        """Write the non-zero weights as ``model.npz`` (about 100 kB) with ``meta`` arrays."""
        folder.mkdir(parents=True, exist_ok=True)
        nz = np.flatnonzero(self.weights)
        path = folder / MODEL_FILE
        np.savez_compressed(path, index=nz.astype(np.int32), value=self.weights[nz].astype(np.float32),
                            bias=np.float64(self.bias), threshold=np.float64(self.threshold),
                            features_version=np.int64(FEATURES_VERSION), n_features=np.int64(N_FEATURES),
                            **{k: np.asarray(v) for k, v in meta.items()})
        return path

    @classmethod
    def load(cls, path: Path) -> RelationModel:
        with np.load(path, allow_pickle=False) as data:
            if int(data["features_version"]) != FEATURES_VERSION or int(data["n_features"]) != N_FEATURES:
                raise ValueError(f"{path}: trained on other features (version {int(data['features_version'])}); "
                                 "retrain with 'pipeline train-relations'")
            weights = np.zeros(N_FEATURES, dtype=np.float32)
            weights[data["index"]] = data["value"]
            return cls(weights, float(data["bias"]), float(data["threshold"]))


@lru_cache(maxsize=1)
def _murmur() -> Any:
    """scikit-learn's murmur3, imported once on first use (not when the module loads)."""
    from sklearn.utils import murmurhash3_32

    return murmurhash3_32


def _hash(feature: str) -> int:
    """The feature's column (unsigned murmur3, as training builds its matrix with it)."""
    return _murmur()(feature, positive=True) % N_FEATURES


def feature_columns(features: Iterable[str]) -> list[int]:
    """Columns of the hashed features, for building a training matrix."""
    return [_hash(f) for f in features]


class ReportCue(Rule):
    """A shape that marks a report of research (``rules/research_report.jsonl``)."""

    pattern: str
    case: bool = False
    source: str


@lru_cache(maxsize=1)
def _report_cues() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(c.pattern, 0 if c.case else re.I) for c in load_jsonl("research_report.jsonl", ReportCue))


def reports_research(text: str) -> bool:
    """Whether the text reads as a research report (abstract, case report), the register
    the model learned; consumer pages and leaflets do not."""
    return any(p.search(text) for p in _report_cues())


def model_path() -> Path:
    return cid_relations_path() / MODEL_FILE


@lru_cache(maxsize=1)
def shipped_model() -> RelationModel:
    """The packaged model, loaded once per process on first use."""
    return RelationModel.load(model_path())


class ClassTermStop(Rule):
    """A class term of the compiled knowledge that names no medicine given in an abstract."""

    term: str
    reason: str


@lru_cache(maxsize=1)
def _class_terms() -> dict[tuple[str, ...], str]:
    """Plural WHO ATC class terms (``rules/knowledge/drug_classes.jsonl``, rebuilt by ``pipeline
    vocab build``) as word tuples: "benzodiazepines", "oral contraceptives", "anti-epileptic
    drugs". Abstracts name a class as the cause of a harm ("use of benzodiazepines was
    associated with dizziness", "Anti-epileptic drugs-induced … seizures") and BC5CDR counts
    the class as the chemical, but the NER tags no class (issue #14). MeSH tree classes
    ("receptors", "proteins") are left out: most are no medicine; ``rules/relation_classes.jsonl``
    lists ATC terms that are none either."""
    stop = {c.term for c in load_jsonl("relation_classes.jsonl", ClassTermStop)}
    node = packaged_knowledge_dir() / DRUG_CLASSES_FILE
    terms: dict[tuple[str, ...], str] = {}
    if not node.is_file():
        return terms
    for line in node.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        row = json.loads(line)
        if row.get("vocab") != "ATC":
            continue
        for term in row.get("terms", ()):
            words = tuple(w.lower() for w in _CLASS_WORD.findall(term))
            if (term.endswith("s") and len(term) >= 5 and term not in stop and words
                    and len(words) <= MAX_TERM_WORDS and "," not in term and "." not in term):
                terms.setdefault(words, term)
    return terms


def class_mentions(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """Mentions (label ``DRUG``) of the drug classes a text names and the NER did not tag,
    with the abbreviations the text defines for them ("(BZDs/RDs)", "(COCs)"); named by the
    class term as the knowledge writes it, so the flagger meets the class's members. Longest
    term first; none overlaps a drug mention. One pass over the text's words."""
    terms = _class_terms()
    if not terms:
        return []
    drugs = sorted((m.start, m.end) for m in mentions if m.label == DRUG)
    words = [(w.start(), w.end(), w.group().lower()) for w in _CLASS_WORD.finditer(text)]

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in drugs)

    found: list[Mention] = []
    abbreviations: dict[str, tuple[int, str]] = {}
    i = 0
    while i < len(words):
        for n in range(min(MAX_TERM_WORDS, len(words) - i), 0, -1):
            key = tuple(w for _, _, w in words[i : i + n])
            term = terms.get(key)
            start, end = words[i][0], words[i + n - 1][1]
            if term is None or not all(_CLASS_JOIN.fullmatch(text, words[k][1], words[k + 1][0])
                                       for k in range(i, i + n - 1)):
                continue
            if free(start, end) and not (_BODY_SUBSTANCE_BEFORE.search(text, max(0, start - 40), start)
                                         or _BODY_SUBSTANCE_AFTER.match(text, end)):
                found.append(Mention(start, end, DRUG, "", term, term, True, CLASS_SOURCE))
                defined = _CLASS_ABBREVIATION.match(text, end)
                if defined and defined.group("abbr") not in _STATISTICS:
                    abbr = defined.group("abbr")
                    lead = [w for _, _, w in words[max(0, i - 2) : i + 1]]
                    if any(w[:1] == abbr[:1].lower() for w in lead):
                        abbreviations.setdefault(abbr.rstrip("s"), (defined.end("abbr"), term))
            i += n - 1
            break
        i += 1
    if abbreviations:
        # a short form the text also defines for something else ("antidepressants (ADs)" and
        # "Alzheimer disease (AD)") is no name of the class; nor is a use inside a condition mention
        for abbr in [a for a in abbreviations if text.count(f"({a})") + text.count(f"({a}s)") > 1]:
            del abbreviations[abbr]
        conditions = [(m.start, m.end) for m in mentions if m.label == CONDITION]
        for start, end, _ in words:
            if any(s < end and start < e for s, e in conditions):
                continue
            abbr = text[start:end]
            defined = abbreviations.get(abbr[:-1] if abbr.endswith("s") and abbr[:-1] in abbreviations else abbr)
            if defined is not None and start >= defined[0] and text[start - 1 : start] != "-" and free(start, end):
                found.append(Mention(start, end, DRUG, "", defined[1], defined[1], True, CLASS_SOURCE))
    return found


def adverse_effect_row(view: DocumentView, drug: Mention, cond: Mention, start: int, end: int,
                       nth: Counter[tuple[str, ...]], *, extractor: str, negated: bool, hedged: bool) -> dict[str, Any]:
    """A ``causes`` row: ``drug`` brought on ``cond``, stated by the sentence ``start:end``
    (the drug's mention may stand elsewhere, as a study's title drug does). ``nth`` counts
    the statements already made so that the same sentence written twice in a document is
    two statements, two claims."""
    evidence = view.text[start:end]
    occurrence = (drug.name, cond.name, normalise_quote(evidence))
    nth[occurrence] += 1
    return {
        "claim_id": stable_id("c", view.source.doc_id, "adverse_effect", *occurrence, nth[occurrence] - 1),
        "doc_id": view.source.doc_id, "cause": drug.name, "cause_concept_id": drug.concept_id,
        "condition": cond.name, "condition_concept_id": cond.concept_id, "relation": "adverse_effect",
        "negated": negated, "hedged": hedged, "start": start, "end": end, "evidence": evidence,
        "review_status": "clean", "frequency_band": "", "cause_text": view.text[drug.start : drug.end],
        "condition_text": view.text[cond.start : cond.end], "extractor": extractor,
    }


def _sentence_pairs(mentions: list[Mention]) -> Iterable[tuple[Mention, Mention]]:
    for d in mentions:
        if d.label != DRUG:
            continue
        for c in mentions:
            if c.label == CONDITION and not (c.start < d.end and d.start < c.end):
                yield d, c


def relation_rows(view: DocumentView, rule_rows: Sequence[dict[str, Any]] = (),
                  model: RelationModel | None = None) -> list[dict[str, Any]]:
    """``adverse_effect`` rows for drug/condition pairs a sentence relates by the model's
    reading and that the rules' rows (``rule_rows``) do not already give. Where the rules
    read another cause for the same condition in the sentence ("MELAS is caused by
    mutations in mitochondrial DNA", "hepatotoxicity induced by bupropion ... while on
    carbimazole"), the sentence has been read and the model adds no second cause.

    A pair is read once per sentence; negated/hedged follow the condition mention's marks
    ("no hypotension"), and a negation word between the two ("morphine did not cause X")
    negates too; one before both ("X was not increased during Y-induced Z") does not. The
    causes extractor's hedge cues from the sentence's start to the pair's end hedge it
    ("a possible association between CC and myocardial infarction", "can cause").
    """
    if leaflet_zones(view.text):
        return []  # a package leaflet's harms are section 4's, read by side_effects.py
    if not reports_research(view.text):
        return []
    model = model or shipped_model()
    known = {(r["cause"], r["condition"]) for r in rule_rows}
    index = view.sentence_index
    by_sentence: dict[int, list[Mention]] = {}
    tagged = doc_mentions(view.doc)
    classes = class_mentions(view.text, tagged)
    for m in [*tagged, *classes]:
        if m.label in (DRUG, CONDITION) and m.name and view.is_content(m.start, m.end):
            if m.label == CONDITION and any(c.start <= m.start and m.end <= c.end for c in classes):
                continue  # "epileptic" inside "anti-epileptic drugs"
            by_sentence.setdefault(index.number_at(m.start), []).append(m)
    title = {m.name for m in by_sentence.get(0, [])}
    every = [m for ms in by_sentence.values() for m in ms]
    top_drugs = top_names(m.name for m in every if m.label == DRUG)
    top_conditions = top_names(m.name for m in every if m.label == CONDITION)
    rows, seen = [], set()
    nth: Counter[tuple[str, ...]] = Counter()
    for number, mentions in sorted(by_sentence.items()):
        view.check_deadline()
        drugs = sum(1 for m in mentions if m.label == DRUG)
        if not drugs or drugs == len(mentions) or drugs * (len(mentions) - drugs) > MAX_PAIRS:
            continue  # no pair, or a flattened table of names rather than a statement
        start, end = index.bounds[number]
        piece = view.text[start:end]
        start, end = start + len(piece) - len(piece.lstrip()), start + len(piece.rstrip())
        spans = [Span(m.start, m.end, CHEM if m.label == DRUG else DIS) for m in mentions]
        read = {r["condition"] for r in rule_rows if r["start"] < end and start < r["end"]}
        for drug, cond in _sentence_pairs(mentions):
            view.check_deadline()
            key = (drug.name, cond.name)
            if key in known or (number, key) in seen or drug.name == cond.name or cond.name in read:
                continue
            chem, dis = Span(drug.start, drug.end, CHEM), Span(cond.start, cond.end, DIS)
            feats = pair_features(view.text, start, end, chem, dis, spans, document_features(
                drug.name in title, cond.name in title, drug.name in top_drugs, cond.name in top_conditions))
            if not feats or model.probability(feats) < model.threshold:
                continue
            seen.add((number, key))
            rows.append(adverse_effect_row(
                view, drug, cond, start, end, nth, extractor=EXTRACTOR,
                negated=cond.negated or any("b:" + w in feats for w in _NEGATION),
                hedged=cond.hypothetical or is_hedged(view.text[start : max(drug.end, cond.end)])))
    return rows


