"""What a domain expert knows that a sentence does not say: drug classes and disease forms.

"Fluorides cause osteosclerosis" and "take Ossin (sodium fluoride) for osteoporosis" only
meet when sodium fluoride is known to be a fluoride; "osteosclerosis cannot be treated"
and "stem cell transplantation treats infantile osteopetrosis" only when osteopetrosis is
known to be a form of osteosclerosis. This module answers those questions from compiled
data (``pipeline/rules/knowledge/``, rebuilt by ``pipeline vocab build`` from the
installed packages, sources and licences in its ``SOURCES.json``):

- ``drug_class_members.jsonl``: each drug's classes (WHO ATC groups of
  ``vocab_drug_classes.jsonl``; the full ATC hierarchy's groups of levels 2-4, ids
  ``ATC:<code>``, see :mod:`pipeline.vocab.atc`; MeSH pharmacological actions and MeSH
  chemical classes as drug-named-entity-recognition ships them);
- ``drug_classes.jsonl``: each class's name and the terms texts use for it ("nsaids",
  "antiepileptic drugs", "bisphosphonates");
- ``condition_parents.jsonl``: each condition concept's parents (HPO ``is_a``, ICD-10-CM
  parent codes, and an Orphanet/OMIM disease under the HPO phenotype its name is a form
  of), with the number of descendants, so a general claim can be told from a
  too-general one;
- ``condition_links.jsonl`` (curated, not rebuilt): the few links those hierarchies leave
  apart, each resting on a standard definition: one condition in two vocabularies
  (epilepsy in ICD-10-CM, seizure in HPO), a form filed elsewhere (hyperalgesia is pain),
  or words for damage to an organ that no vocabulary normalises ("nephrotoxicity" is an
  abnormality of the kidney), and groupings no vocabulary compiles (the ICD-10-CM block
  "Ischemic heart diseases" that holds both angina and myocardial infarction).

Lookups only: no text is read here, so flaggers stay row comparisons.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable

from pipeline.vocab.snapshot import snapshot
from pipeline.vocab.terms import normalise_term

KNOWLEDGE_PACKAGE = "pipeline.rules"
KNOWLEDGE_DIR = "knowledge"
CONDITION_PARENTS_FILE = "condition_parents.jsonl"
DRUG_CLASSES_FILE = "drug_classes.jsonl"
DRUG_MEMBERS_FILE = "drug_class_members.jsonl"
SOURCES_FILE = "SOURCES.json"
CLASS_TERMS_FILE = "class_terms.jsonl"
CONDITION_LINKS_FILE = "condition_links.jsonl"
#: Prefixes HPO puts before a phenotype's plain name ("Abnormal thrombosis" is thrombosis).
_NAME_PREFIXES = ("abnormality of the ", "abnormality of ", "abnormal ")
#: A class term is looked for as 1..MAX_TERM_WORDS consecutive words of a phrase.
MAX_TERM_WORDS = 6
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")


def packaged_knowledge_dir() -> Traversable:
    return files(KNOWLEDGE_PACKAGE) / KNOWLEDGE_DIR


def _rows(name: str) -> Iterable[dict]:
    node = packaged_knowledge_dir() / name
    if not node.is_file():
        return ()
    return (json.loads(line) for line in node.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("//"))


def _words(text: str) -> list[str]:
    return _WORD.findall(normalise_term(text))


@dataclass(frozen=True)
class Relation:
    """How two conditions relate: ``same``; ``narrower`` (the first is a form of the
    second), ``broader`` (the second is a form of the first), or ``sibling`` (both are
    forms of ``via``, a condition no broader than the generality limit)."""

    kind: str
    via: str = ""


class Knowledge:
    """Drug classes and condition hierarchy, loaded once from the compiled files."""

    def __init__(self, members: Iterable[dict], classes: Iterable[dict], parents: Iterable[dict],
                 links: Iterable[dict] = ()) -> None:
        self.by_concept: dict[str, frozenset[str]] = {}
        self.by_name: dict[str, frozenset[str]] = {}
        for row in members:
            cls = frozenset(row["classes"])
            if row.get("concept_id"):
                self.by_concept[row["concept_id"]] = self.by_concept.get(row["concept_id"], frozenset()) | cls
            self.by_name[row["name"]] = self.by_name.get(row["name"], frozenset()) | cls
        self.class_names: dict[str, str] = {}
        self.terms: dict[tuple[str, ...], set[str]] = {}
        for row in classes:
            self.class_names[row["class_id"]] = row["name"]
            for term in row["terms"]:
                key = tuple(_words(term))
                if key:
                    self.terms.setdefault(key, set()).add(row["class_id"])
        #: The words a class term can start with: a phrase is searched only from those.
        self.term_starts = frozenset(key[0] for key in self.terms)
        self.parents: dict[str, tuple[str, ...]] = {}
        self.n_descendants: dict[str, int] = {}
        self.condition_names: dict[str, str] = {}
        for row in parents:
            self.parents[row["concept_id"]] = tuple(row.get("parents", ()))
            self.condition_names[row["concept_id"]] = row.get("name", "")
            self.n_descendants[row["concept_id"]] = int(row.get("n_descendants", 0))
        by_name: dict[str, set[str]] = {}
        for concept_id, name in self.condition_names.items():
            for variant in {name} | {name[len(p):] for p in _NAME_PREFIXES if name.startswith(p)}:
                by_name.setdefault(variant, set()).add(concept_id)
        self.by_condition_name = {n: next(iter(c)) for n, c in by_name.items() if len(c) == 1 and n}
        self._counted: dict[str, int] | None = None
        #: (concept id or prefix ending in '*', related concept) per link kind
        self.same: list[tuple[str, str]] = []
        self.extra_parents: list[tuple[str, str]] = []
        for row in links:
            if row["kind"] == "named":
                # a word for organ damage no vocabulary normalises ("nephrotoxicity")
                for name in row["names"]:
                    self.by_condition_name[normalise_term(name)] = row["related"]
                continue
            (self.same if row["kind"] == "same" else self.extra_parents).append((row["concept_id"], row["related"]))
            if row.get("related_name"):  # a grouping no vocabulary compiles (an ICD-10-CM block)
                self.condition_names.setdefault(row["related"], row["related_name"])

    # --- drugs -----------------------------------------------------------------------
    def drug_classes(self, name: str, concept_id: str = "") -> frozenset[str]:
        """Class ids of a drug, by its concept id or its generic name."""
        out = self.by_concept.get(concept_id, frozenset()) if concept_id else frozenset()
        return out | self.by_name.get(normalise_term(name), frozenset()) if name else out

    def broader_classes(self, class_id: str) -> frozenset[str]:
        """The ATC groups above an ATC class (its code's shorter prefixes: "N05BA
        Benzodiazepine derivatives" lies in "N05B Anxiolytics" and "N05 Psycholeptics"),
        those that are classes here. Other vocabularies' classes have none."""
        vocab, _, code = class_id.partition(":")
        if vocab != "ATC":
            return frozenset()
        return frozenset(f"ATC:{code[:n]}" for n in (3, 4) if n < len(code) and f"ATC:{code[:n]}" in self.class_names)

    def classes_named(self, phrase: str) -> frozenset[str]:
        """Class ids whose terms occur as whole words in the phrase ("long courses of
        steroids" names the glucocorticoids)."""
        words = _words(phrase)
        found: set[str] = set()
        for i in range(len(words)):
            if words[i] not in self.term_starts:
                continue
            for n in range(1, min(MAX_TERM_WORDS, len(words) - i) + 1):
                found.update(self.terms.get(tuple(words[i : i + n]), ()))
        return frozenset(found)

    def class_name(self, class_id: str) -> str:
        return self.class_names.get(class_id, class_id.split(":", 1)[-1])

    def condition_name(self, concept_id: str) -> str:
        return self.condition_names.get(concept_id, "") or concept_id

    # --- conditions ------------------------------------------------------------------
    @staticmethod
    def _linked(concept_id: str, pairs: list[tuple[str, str]], both_ways: bool) -> set[str]:
        out = set()
        for pattern, related in pairs:
            if pattern == concept_id or (pattern.endswith("*") and concept_id.startswith(pattern[:-1])):
                out.add(related)
            elif both_ways and related == concept_id and not pattern.endswith("*"):
                out.add(pattern)
        return out

    def same_as(self, concept_id: str) -> set[str]:
        """The concepts a curated link says are this condition under another vocabulary's id."""
        return self._linked(concept_id, self.same, both_ways=True) if concept_id else set()

    def concept_named(self, name: str) -> str:
        """The compiled condition a name (or HPO's "abnormal <name>") names, when only one does."""
        return self.by_condition_name.get(normalise_term(name or ""), "")

    def _parents_of(self, concept_id: str) -> tuple[str, ...]:
        extra = self._linked(concept_id, self.extra_parents, both_ways=False)
        return self.parents.get(concept_id, ()) + tuple(sorted(extra))

    def ancestors(self, concept_id: str, depth: int) -> dict[str, int]:
        """Ancestors up to ``depth`` levels, each with its distance (a concept named the
        same in another vocabulary lends its ancestors at the same distance)."""
        out: dict[str, int] = {}
        frontier = [concept_id, *sorted(self.same_as(concept_id))]
        for level in range(1, depth + 1):
            nxt = []
            for c in frontier:
                for p in self._parents_of(c):
                    if p not in out and p != concept_id:
                        out[p] = level
                        nxt.append(p)
            frontier = nxt
        return out

    def descendants(self, concept_id: str) -> int:
        """How many concepts lie below a condition: the compiled count, or, for a parent
        that only appears as a parent (HPO's organ-system roots such as "Abnormality of
        the nervous system"), the count of the concepts naming it as an ancestor."""
        if concept_id in self.n_descendants:
            return self.n_descendants[concept_id]
        if self._counted is None:
            counted: dict[str, int] = {}
            for c in self.parents:
                for p in self.parents[c]:
                    if p not in self.n_descendants:
                        counted[p] = counted.get(p, 0) + 1 + self.n_descendants.get(c, 0)
            self._counted = counted
        return self._counted.get(concept_id, 0)

    def relation(self, a: str, b: str, depth: int, max_descendants: int,
                 max_broader: int | None = None) -> Relation | None:
        """How condition ``a`` relates to condition ``b`` within ``depth`` levels.

        A concept and the concepts a curated link names the same count as one ("status
        epilepticus" is a form of epilepsy because it is a form of seizure). The broader
        side of a form may be large (at most ``max_broader`` descendants, when given);
        siblings must share an ancestor with at most ``max_descendants`` descendants:
        "Abnormality of bone mineral density" relates osteoporosis to osteosclerosis,
        "Abnormality of the skeletal system" would relate everything to everything.
        """
        if not a or not b:
            return None
        own_a, own_b = {a} | self.same_as(a), {b} | self.same_as(b)
        if own_a & own_b:
            return Relation("same")
        up_a = self.ancestors(a, depth)
        up_b = self.ancestors(b, depth)
        if any(c in up_a and (max_broader is None or self.descendants(c) <= max_broader) for c in own_b):
            return Relation("narrower")
        if any(c in up_b and (max_broader is None or self.descendants(c) <= max_broader) for c in own_a):
            return Relation("broader")
        common = [c for c in set(up_a) & set(up_b) if self.descendants(c) <= max_descendants]
        if common:
            return Relation("sibling", min(common, key=lambda c: (up_a[c] + up_b[c], c)))
        return None


def _build() -> Knowledge:
    return Knowledge(_rows(DRUG_MEMBERS_FILE), _rows(DRUG_CLASSES_FILE), _rows(CONDITION_PARENTS_FILE),
                     _rows(CONDITION_LINKS_FILE))


@lru_cache(maxsize=1)
def knowledge() -> Knowledge:
    """The packaged knowledge (empty lookups when it has not been built), from its
    snapshot when the process keeps snapshots: building it normalises some 45,000 terms
    (about 0.7 CPU-s, paid by every run that extracts or flags)."""
    return snapshot("knowledge", _build, (__name__, "pipeline.vocab.terms"))
