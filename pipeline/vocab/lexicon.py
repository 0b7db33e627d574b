"""Runtime access to the compiled vocabularies: concepts, surface terms and exact lookup.

The compiled files (``rules/vocab/conditions.jsonl``, ``drugs.jsonl``) come from
:func:`pipeline.vocab.build.build_vocab`; the hand-curated ``rules/vocab_supplement.csv``
adds what no vocabulary has. Both are read through ``importlib.resources`` on first use
and cached for the life of the process; nothing is read at import time.

Lookup is exact on a normalised form first, then on a *folded* form that forgives the
spelling variants running text has and vocabularies list only sometimes: plurals of the
last word, British ``ae``/``oe``, hyphen versus space, hyphen versus nothing.
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from pipeline.vocab.curation import needs_context_names
from pipeline.vocab.snapshot import snapshot
from pipeline.vocab.terms import compact_term, fold_term, normalise_term

KINDS: tuple[str, ...] = ("condition", "drug")
#: Compiled file per kind, inside ``pipeline/rules/vocab/``.
COMPILED_FILES: dict[str, str] = {"condition": "conditions.jsonl", "drug": "drugs.jsonl"}
SOURCES_FILE = "SOURCES.json"
SUPPLEMENT_FILE = "vocab_supplement.csv"
SUPPLEMENT_VOCAB = "SUPP"
SUPPLEMENT_COLUMNS: tuple[str, ...] = ("concept_id", "name", "synonyms", "kind", "drug_class", "source")

@dataclass(frozen=True)
class Concept:
    """One normalisation target: a condition or a drug with its surface terms.

    Attributes:
        concept_id: ``VOCAB:ID`` (``HP:0000939``, ``DRUGBANK:DB00814``, ``SUPP:...``).
        name: Canonical lower-case name (generic INN for drugs).
        synonyms: Every other surface term, normalised; each belongs to one concept.
        vocab: Source vocabulary of the concept id.
        kind: ``condition`` or ``drug``.
        drug_class: Pharmacological class when known, else ``""``.
        needs_context: A substance that is a drug only in a drug/dose context.
        xrefs: Ids of the same concept in other vocabularies (merged duplicates).
    """

    concept_id: str
    name: str
    synonyms: tuple[str, ...]
    vocab: str
    kind: str
    drug_class: str = ""
    needs_context: bool = False
    xrefs: tuple[str, ...] = ()
    name_is_term: bool = True

    @property
    def terms(self) -> tuple[str, ...]:
        """Name first, then synonyms: the order lookup resolves ties in.

        A few drug concepts keep a canonical name that is not matched as a term
        (``name_is_term`` false): their source withholds it from free-text matching
        ("rice", "urea") while their other names ("novocaine") are unambiguous.
        """
        return (self.name, *self.synonyms) if self.name_is_term else self.synonyms


RULES_PACKAGE = "pipeline.rules"
VOCAB_SUBDIR = "vocab"


def _rules_dir() -> Traversable:
    # pipeline.rules, not pipeline: the editable install can resolve ``pipeline`` as a
    # namespace package (outside the repo's cwd), which importlib.resources cannot read.
    return files(RULES_PACKAGE)


def _vocab_dir() -> Traversable:
    return _rules_dir() / VOCAB_SUBDIR


def packaged_vocab_dir() -> Path:
    """The compiled vocabulary directory inside the installed package, as a path."""
    return Path(str(_vocab_dir()))


def _concept_from_json(row: dict[str, object]) -> Concept:
    return Concept(
        concept_id=str(row["concept_id"]),
        name=str(row["name"]),
        synonyms=tuple(str(s) for s in row.get("synonyms", ())),  # type: ignore[union-attr]
        vocab=str(row["vocab"]),
        kind=str(row["kind"]),
        drug_class=str(row.get("drug_class", "")),
        needs_context=bool(row.get("needs_context", False)),
        xrefs=tuple(str(x) for x in row.get("xrefs", ())),  # type: ignore[union-attr]
        name_is_term=bool(row.get("name_is_term", True)),
    )


def read_compiled(kind: str, directory: Traversable | None = None) -> tuple[Concept, ...]:
    """Concepts of one kind from a compiled jsonl (the packaged one unless ``directory``)."""
    node = (directory or _vocab_dir()) / COMPILED_FILES[kind]
    if not node.is_file():
        return ()
    return tuple(
        _concept_from_json(json.loads(line))
        for line in node.read_text(encoding="utf-8").splitlines()
        if line.strip()
    )


@dataclass(frozen=True)
class SupplementRow:
    """One row of ``vocab_supplement.csv``; ``synonyms`` are ``|``-separated in the file."""

    concept_id: str
    name: str
    synonyms: tuple[str, ...]
    kind: str
    drug_class: str
    source: str


def read_supplement(text: str | None = None) -> tuple[SupplementRow, ...]:
    """Parse the curated supplement; refuses rows without a kind, a name or a source."""
    if text is None:
        text = (_rules_dir() / SUPPLEMENT_FILE).read_text(encoding="utf-8")
    rows = []
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    for lineno, rec in enumerate(csv.DictReader(io.StringIO("\n".join(lines))), start=2):
        if None in rec or set(rec) != set(SUPPLEMENT_COLUMNS):
            raise ValueError(f"{SUPPLEMENT_FILE}:{lineno}: expected exactly the columns {SUPPLEMENT_COLUMNS} "
                             "(quote a field that contains a comma)")
        name = normalise_term(rec["name"] or "")
        kind = (rec["kind"] or "").strip()
        source = (rec["source"] or "").strip()
        if not name or kind not in KINDS or not source:
            raise ValueError(f"{SUPPLEMENT_FILE}:{lineno}: name, kind ({'/'.join(KINDS)}) and source are required")
        concept_id = (rec["concept_id"] or "").strip() or f"{SUPPLEMENT_VOCAB}:{re.sub(r'[^a-z0-9]+', '-', name).strip('-')}"
        synonyms = tuple(s for s in (normalise_term(x) for x in (rec["synonyms"] or "").split("|")) if s)
        rows.append(SupplementRow(concept_id, name, synonyms, kind, (rec["drug_class"] or "").strip(), source))
    return tuple(rows)


def merge_supplement(
    concepts: tuple[Concept, ...], rows: tuple[SupplementRow, ...], kind: str,
    needs_context_names: frozenset[str] = frozenset(),
) -> tuple[Concept, ...]:
    """Add supplement rows to compiled concepts.

    A row whose ``concept_id`` names a compiled concept (or whose name is already a
    term of one) only adds its synonyms (and a drug class if the concept has none): the
    supplement extends vocabularies, it never shadows them. Other rows become new
    concepts. A synonym some concept already owns is skipped, so every term keeps one
    owner.
    """
    by_id = {c.concept_id: c for c in concepts}
    owner: dict[str, str] = {}
    for c in concepts:
        for t in c.terms:
            owner.setdefault(t, c.concept_id)
    added: dict[str, Concept] = {}
    for row in (r for r in rows if r.kind == kind):
        target_id = row.concept_id if row.concept_id in by_id or row.concept_id in added else owner.get(row.name)
        if target_id is None:
            target_id = row.concept_id
            base = Concept(
                concept_id=row.concept_id, name=row.name, synonyms=(),
                vocab=row.concept_id.split(":", 1)[0] if ":" in row.concept_id else SUPPLEMENT_VOCAB,
                kind=kind, drug_class=row.drug_class,
                needs_context=row.name in needs_context_names,
            )
            owner.setdefault(row.name, target_id)
        else:
            base = added.get(target_id) or by_id[target_id]
        new_syns = [t for t in (row.name, *row.synonyms) if t not in owner]
        for t in new_syns:
            owner[t] = target_id
        added[target_id] = Concept(
            concept_id=base.concept_id, name=base.name,
            synonyms=tuple(dict.fromkeys((*base.synonyms, *(t for t in new_syns if t != base.name)))),
            vocab=base.vocab, kind=base.kind, drug_class=base.drug_class or row.drug_class,
            needs_context=base.needs_context, xrefs=base.xrefs, name_is_term=base.name_is_term,
        )
    merged = [added.get(c.concept_id, c) for c in concepts]
    merged.extend(c for cid, c in added.items() if cid not in by_id)
    return tuple(merged)


@lru_cache(maxsize=None)
def _needs_context_names() -> frozenset[str]:
    return needs_context_names()


#: Modules whose code shapes the concepts and term tables (part of their snapshot's key).
_SNAPSHOT_MODULES = ("pipeline.vocab.lexicon", "pipeline.vocab.terms", "pipeline.vocab.curation", "pipeline.rules")


@lru_cache(maxsize=None)
def _lexicon(kind: str) -> tuple[tuple[Concept, ...], TermTable]:
    """Concepts of ``kind`` and their term table, from the snapshot on disk when there is one."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")

    def build() -> tuple[tuple[Concept, ...], TermTable]:
        concepts = merge_supplement(read_compiled(kind), read_supplement(), kind, _needs_context_names())
        return concepts, TermTable.from_concepts(concepts)

    return snapshot(f"lexicon_{kind}", build, _SNAPSHOT_MODULES)


def load_concepts(kind: str) -> tuple[Concept, ...]:
    """Every concept of ``kind`` (compiled vocabulary plus supplement), cached."""
    return _lexicon(kind)[0]


def iter_terms(kind: str) -> Iterator[tuple[str, Concept]]:
    """Every surface term of ``kind`` (names included), normalised, with its concept."""
    for concept in load_concepts(kind):
        for term in concept.terms:
            yield term, concept


@dataclass(frozen=True)
class TermTable:
    """Exact, folded and compact term keys of a set of concepts, for :func:`lookup`."""

    exact: dict[str, Concept]
    folded: dict[str, Concept]
    compact: dict[str, Concept]

    @classmethod
    def from_concepts(cls, concepts: tuple[Concept, ...]) -> TermTable:
        """Index ``concepts``; the first claimant of a key wins (concepts are in priority order)."""
        exact: dict[str, Concept] = {}
        folded: dict[str, Concept] = {}
        compact: dict[str, Concept] = {}
        for concept in concepts:
            for term in concept.terms:
                exact.setdefault(term, concept)
        for concept in concepts:
            for term in concept.terms:
                folded.setdefault(fold_term(term), concept)
                compact.setdefault(compact_term(term), concept)
        return cls(exact, folded, compact)

    def get(self, text: str) -> Concept | None:
        """Exact normalised match, then folded, then compact; ``None`` for short terms."""
        term = normalise_term(text)
        if len(term) < 3:
            return None
        return self.exact.get(term) or self.folded.get(fold_term(term)) or self.compact.get(compact_term(term))


def packaged_table(kind: str) -> TermTable:
    """The term table of the packaged vocabulary of ``kind`` (shared, from its snapshot)."""
    return _lexicon(kind)[1]


def lookup(text: str, kind: str) -> Concept | None:
    """The concept ``text`` names exactly or as a simple spelling variant, else ``None``.

    Tries, in order: the normalised text; the folded text (plural, British spelling,
    hyphen/space); the folded text without spaces. A generic word is never a term, so
    it finds nothing.
    """
    return packaged_table(kind).get(text)


def concepts_hash(concepts: tuple[Concept, ...]) -> str:
    """Content hash of concepts (ids and terms): what a derived index depends on."""
    import hashlib

    h = hashlib.sha256()
    for c in concepts:
        h.update(f"{c.concept_id}\t{'|'.join(c.terms)}\n".encode())
    return h.hexdigest()
