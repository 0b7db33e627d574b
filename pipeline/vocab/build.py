"""Compile the condition and drug vocabularies from the installed packages' data files.

Sources, in priority order for conditions: HPO phenotypes, Orphanet and OMIM disease
names (as carried by HPO's annotation file), ICD-10-CM categories. Drugs come from
drug-named-entity-recognition's dictionary. Output (``conditions.jsonl``,
``drugs.jsonl``, ``SOURCES.json``) is byte-for-byte deterministic: rows in priority
then id order, lists sorted, no timestamps.

Merging: every surface term belongs to exactly one concept. Names are claimed first,
in priority order; a concept whose normalised name another concept already claimed is
merged into it (its id goes to ``xrefs``, its free terms to ``synonyms``). Synonyms
are then claimed in the same order, and a synonym already claimed stays with its first
owner. So HPO wins for phenotypes and symptoms, Orphanet then OMIM for diseases, and
ICD-10-CM only adds what neither has.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path

from pipeline.rules import Rule, load_jsonl
from pipeline.vocab import sources as src
from pipeline.vocab.curation import drug_classes, needs_context_names, needs_context_reason, stoplist, usable_term
from pipeline.vocab.lexicon import COMPILED_FILES, SOURCES_FILE, read_supplement
from pipeline.vocab.terms import normalise_term

SOURCES_META_FILE = "vocab_sources.jsonl"
#: Condition sources in priority order, with the vocab prefix of their concept ids.
CONDITION_VOCABS: dict[str, str] = {"hpo": "HP", "orphanet": "ORPHA", "omim": "OMIM", "icd10cm": "ICD10CM"}


class SourceMeta(Rule):
    """Where a source's data comes from and under which terms (``vocab_sources.jsonl``)."""

    package: str
    data_files: list[str]
    upstream: str
    upstream_licence: str
    licence_url: str
    notes: str = ""


@dataclass
class _Entry:
    raw: src.RawConcept
    name: str
    source: str
    synonyms: list[str] = field(default_factory=list)
    xrefs: set[str] = field(default_factory=set)


@dataclass
class MergeStats:
    """What merging did to one source's concepts."""

    raw: int = 0
    kept: int = 0
    merged_into_other: int = 0
    dropped_unusable_name: int = 0
    terms_dropped: int = 0
    terms_taken_by_other: int = 0


def merge_concepts(
    groups: Sequence[tuple[str, Iterable[src.RawConcept]]], scope: str
) -> tuple[list[_Entry], dict[str, MergeStats]]:
    """Merge concepts from sources in priority order so every term has one owner.

    Args:
        groups: ``(source key, concepts)`` pairs, highest priority first.
        scope: Stoplist scope (``condition`` or ``drug``) the terms are filtered with.

    Returns:
        The kept concepts in priority order, and per-source statistics.
    """
    stats = {key: MergeStats() for key, _ in groups}
    entries: list[_Entry] = []
    owner: dict[str, _Entry] = {}
    pending: list[tuple[_Entry, list[str], str]] = []
    for key, concepts in groups:
        st = stats[key]
        for raw in concepts:
            st.raw += 1
            name = normalise_term(raw.name)
            if not usable_term(name, scope):
                st.dropped_unusable_name += 1
                continue
            terms = list(dict.fromkeys(normalise_term(t) for t in raw.synonyms))
            usable = [t for t in terms if t != name and usable_term(t, scope)]
            st.terms_dropped += sum(1 for t in terms if t != name) - len(usable)
            if not raw.name_is_term:
                # Canonical name kept for display, never matched: the entry owns no name.
                entry = _Entry(raw, name, key, xrefs=set(raw.xrefs))
                entries.append(entry)
                st.kept += 1
                pending.append((entry, usable, key))
                continue
            target = owner.get(name)
            if target is not None:
                st.merged_into_other += 1
                target.xrefs.add(raw.concept_id)
                target.xrefs.update(raw.xrefs)
                pending.append((target, usable, key))
                continue
            entry = _Entry(raw, name, key, xrefs=set(raw.xrefs))
            owner[name] = entry
            entries.append(entry)
            st.kept += 1
            pending.append((entry, usable, key))
    for entry, terms, key in pending:
        for term in terms:
            holder = owner.setdefault(term, entry)
            if holder is not entry:
                stats[key].terms_taken_by_other += 1
            elif term != entry.name and term not in entry.synonyms:
                entry.synonyms.append(term)
    # An entry whose name is not a term and that got no synonym cannot be found.
    reachable = [e for e in entries if e.raw.name_is_term or e.synonyms]
    for e in entries:
        if not (e.raw.name_is_term or e.synonyms):
            stats[e.source].kept -= 1
            stats[e.source].dropped_unusable_name += 1
    return reachable, stats


def _condition_row(e: _Entry) -> dict[str, object]:
    return {
        "concept_id": e.raw.concept_id,
        "name": e.name,
        "synonyms": sorted(e.synonyms),
        "vocab": e.raw.vocab,
        "kind": "condition",
        "xrefs": sorted(e.xrefs - {e.raw.concept_id}),
    }


def _drug_row(e: _Entry, needs_context: Counter[str]) -> dict[str, object]:
    cls = drug_classes().get(e.name)
    # A drug with a WHO ATC class is a medicine whatever its provenance (MeSH-only
    # "ibandronic acid" still is): only name and tree rules can mark it context-bound.
    provenance = e.raw.provenance if cls is None else frozenset()
    reason = needs_context_reason(e.name, e.raw.mesh_trees, provenance)
    if reason:
        needs_context[reason] += 1
    return {
        "concept_id": e.raw.concept_id,
        "name": e.name,
        "name_is_term": e.raw.name_is_term,
        "synonyms": sorted(e.synonyms),
        "drug_class": cls.drug_class if cls else "",
        "vocab": e.raw.vocab,
        "kind": "drug",
        "needs_context": reason is not None,
        "xrefs": sorted(e.xrefs - {e.raw.concept_id}),
    }


def usable_icd_titles(concepts: Iterable[src.RawConcept]) -> tuple[list[src.RawConcept], int]:
    """ICD-10-CM concepts whose own title reads as a condition name, with usable inclusions.

    A code whose title is a coder's construct ("Other injury of unspecified body region")
    is dropped with its inclusion terms: those are heterogeneous subtypes ("abrasion",
    "fracture"), and naming the code after one of them would make them synonyms.
    """
    icd_stop = stoplist("icd10cm_description")
    kept, dropped = [], 0
    for c in concepts:
        if icd_stop.rejects(normalise_term(c.name)):
            dropped += 1
            continue
        kept.append(replace(c, synonyms=[t for t in c.synonyms if not icd_stop.rejects(normalise_term(t))]))
    return kept, dropped


def compile_conditions() -> tuple[list[dict[str, object]], dict[str, MergeStats], int]:
    diseases = src.read_hpoa_diseases()
    icd, icd_dropped = usable_icd_titles(src.read_icd10cm())
    groups = [
        ("hpo", src.read_hpo()),
        ("orphanet", diseases["ORPHA"]),
        ("omim", diseases["OMIM"]),
        ("icd10cm", icd),
    ]
    entries, stats = merge_concepts(groups, "condition")
    return [_condition_row(e) for e in entries], stats, icd_dropped


def _drug_signal(c: src.RawConcept, curated_names: frozenset[str]) -> bool:
    """Evidence that a bare substance name is used as a medicine: a consumer medicines
    page (MedlinePlus/NHS), an inorganic-element MeSH branch (minerals), a curated
    needs-context name or a curated drug class."""
    name = normalise_term(c.name)
    return (
        "consumer_drug_page" in c.provenance
        or any(t.startswith("D01.") for t in c.mesh_trees)
        or name in curated_names
        or name in drug_classes()
    )


def compile_drugs() -> tuple[list[dict[str, object]], dict[str, MergeStats], dict[str, int]]:
    raw = src.read_dner_drugs()
    nc_names = needs_context_names()
    package_stop = src.dner_stopwords()
    extra: Counter[str] = Counter()
    concepts = []
    for c in raw:
        if "class_descriptor" in c.provenance:
            extra["dropped_class_descriptors"] += 1
            continue
        kept = [s for s in c.synonyms if s.lower() not in package_stop]
        extra["variants_in_package_stopwords"] += len(c.synonyms) - len(kept)
        c = replace(c, synonyms=kept)
        if "withheld_name" in c.provenance and not _drug_signal(c, nc_names):
            # The package will not match this bare name ("rice", "tuna", "urea") and
            # nothing says it is a medicine: keep the concept, reachable by its variants.
            c = replace(c, name_is_term=False, provenance=c.provenance - {"withheld_name"})
            extra["withheld_names_not_matched"] += 1
        concepts.append(c)
    entries, stats = merge_concepts([("drugs", concepts)], "drug")
    needs_context: Counter[str] = Counter()
    rows = [_drug_row(e, needs_context) for e in entries]
    extra["with_drug_class"] = sum(1 for r in rows if r["drug_class"])
    extra["needs_context"] = sum(1 for r in rows if r["needs_context"])
    for rule_id, n in sorted(needs_context.items()):
        extra[f"needs_context[{rule_id}]"] = n
    return rows, stats, dict(sorted(extra.items()))


def _dump_jsonl(rows: Iterable[dict[str, object]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows).encode("utf-8")


def _package_licence(dist: str) -> str:
    meta = metadata.metadata(dist)
    classifiers = [c.rsplit("::", 1)[-1].strip() for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    if classifiers:
        return "; ".join(sorted(set(classifiers)))
    licence = (meta.get("License-Expression") or meta.get("License") or "").strip()
    return licence.splitlines()[0] if licence else "not stated"


def _source_versions() -> dict[str, dict[str, str]]:
    return {
        "hpo": {"data_version": src.hpo_version()},
        "orphanet": {"data_version": src.hpoa_version()},
        "omim": {"data_version": src.hpoa_version()},
        "icd10cm": {"data_version": src.icd10cm_release()},
        "drugs": {},
    }


def _stats_dict(st: MergeStats) -> dict[str, int]:
    return dict(sorted(vars(st).items()))


def sources_manifest(counts: dict[str, dict[str, int]]) -> dict[str, object]:
    """SOURCES.json: per source its package, version, licences and counts (no dates)."""
    versions = _source_versions()
    out: dict[str, object] = {}
    for meta in load_jsonl(SOURCES_META_FILE, SourceMeta):
        entry: dict[str, object] = meta.model_dump(exclude={"id"})
        if meta.package:
            entry["package_version"] = metadata.version(meta.package)
            entry["package_licence"] = _package_licence(meta.package)
        entry.update(versions.get(meta.id, {}))
        entry["counts"] = counts.get(meta.id, {})
        out[meta.id] = dict(sorted(entry.items()))
    return dict(sorted(out.items()))


def build_vocab(out_dir: Path) -> dict[str, object]:
    """Compile both vocabularies and their SOURCES.json into ``out_dir``.

    Returns:
        A summary: per-source counts and the written files with their sizes in bytes.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    conditions, cstats, icd_dropped = compile_conditions()
    drugs, dstats, dextra = compile_drugs()
    counts: dict[str, dict[str, int]] = {k: _stats_dict(v) for k, v in cstats.items()}
    counts["icd10cm"]["dropped_coder_titles"] = icd_dropped
    counts["drugs"] = {**_stats_dict(dstats["drugs"]), **dextra, **src.dner_counts()}
    by_vocab = Counter(str(r["vocab"]) for r in conditions)
    for key, vocab in CONDITION_VOCABS.items():
        counts[key]["concepts_in_output"] = by_vocab[vocab]
        counts[key] = dict(sorted(counts[key].items()))
    counts["drugs"]["concepts_in_output"] = len(drugs)
    for vocab, n in sorted(Counter(str(r["vocab"]) for r in drugs).items()):
        counts["drugs"][f"concepts_with_{vocab.lower()}_id"] = n
    counts["drugs"] = dict(sorted(counts["drugs"].items()))
    supplement = Counter(f"{row.kind}_rows" for row in read_supplement())
    counts["supplement"] = dict(sorted(supplement.items()))
    payloads = {
        COMPILED_FILES["condition"]: _dump_jsonl(conditions),
        COMPILED_FILES["drug"]: _dump_jsonl(drugs),
    }
    manifest = sources_manifest(counts)
    payloads[SOURCES_FILE] = (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
    for name, data in payloads.items():
        tmp = out_dir / f".{name}.tmp"
        tmp.write_bytes(data)
        tmp.replace(out_dir / name)
    return {
        "counts": counts,
        "files": {name: len(data) for name, data in sorted(payloads.items())},
        "concepts": {"condition": len(conditions), "drug": len(drugs)},
    }
