"""Fuzzy normalisation for mentions exact lookup misses ("osteoporoses", "osteoartritis").

Candidates come from scispaCy's own linking machinery: a :class:`KnowledgeBase` built
from our concepts and a TF-IDF character-3-gram approximate-nearest-neighbour index
(nmslib HNSW), queried through :class:`CandidateGenerator`. The index is written in
scispaCy's :class:`LinkerPaths` layout under ``cache_dir/<kind>/`` and reused until
the vocabulary's content hash changes.

scispaCy's ``create_tfidf_ann_index`` itself cannot be used here: it refuses to run on
scipy >= 1.11 (it stores vectors as float16 sparse matrices, which newer scipy lacks),
and its HNSW settings (M=100, efConstruction=2000, 60 threads) are sized for UMLS on a
large machine. :func:`build_index` follows the same steps with float32 vectors and
settings sized for ~150k aliases on two cores.

Candidates are re-scored by string similarity (difflib ratio of the normalised mention
and the candidate alias), which is what ``threshold`` applies to: 1.0 is identical,
0.9 is about one edit in a ten-letter word.

Without nmslib (or with ``backend="ngram"``) a pure-Python character-3-gram inverted
index generates the candidates instead; it needs no cache and builds in seconds.
"""
from __future__ import annotations

import heapq
import json
import math
import os
import shutil
import time
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Literal, Protocol

import numpy as np

from pipeline.vocab.lexicon import KINDS, Concept, TermTable, concepts_hash, load_concepts, packaged_table
from pipeline.vocab.snapshot import snapshot
from pipeline.vocab.terms import normalise_term

#: Index format version: bump when the build recipe changes so caches rebuild.
INDEX_VERSION = 1
#: Mentions shorter than this are never fuzzily linked: too many near neighbours.
MIN_MENTION_CHARS = 4
Backend = Literal["auto", "scispacy", "ngram"]


@dataclass(frozen=True)
class IndexParams:
    """HNSW and TF-IDF settings (scispaCy's defaults are for UMLS on 60 threads)."""

    m: int = 24
    ef_construction: int = 100
    ef_search: int = 100
    threads: int = 2
    min_df: int = 2


class _Candidates(Protocol):
    def __call__(self, mention: str, k: int, threshold: float = 0.0) -> list[str]: ...


def _kb_entities(concepts: tuple[Concept, ...]) -> list[object]:
    from scispacy.linking_utils import Entity

    return [
        Entity(concept_id=c.concept_id, canonical_name=c.name, aliases=list(c.synonyms), types=[c.kind])
        for c in concepts
    ]


def build_index(concepts: tuple[Concept, ...], out_dir: Path, params: IndexParams = IndexParams()) -> dict[str, float]:
    """Build the TF-IDF + HNSW index over ``concepts`` into ``out_dir`` (LinkerPaths layout).

    Returns:
        Timings and sizes: aliases, seconds, bytes.
    """
    import joblib
    import nmslib
    import numpy
    import scipy.sparse
    from scispacy.candidate_generation import LinkerPaths
    from scispacy.linking_utils import KnowledgeBase
    from sklearn.feature_extraction.text import TfidfVectorizer

    start = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = LinkerPaths.from_directory(out_dir)
    kb = KnowledgeBase(_kb_entities(concepts))
    aliases = sorted(kb.alias_to_cuis)
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 3), min_df=params.min_df, dtype=numpy.float32)
    vectors = vectorizer.fit_transform(aliases)
    nonempty = numpy.asarray(vectors.sum(axis=1)).reshape(-1) != 0
    aliases = [a for a, keep in zip(aliases, nonempty) if keep]
    vectors = vectors[nonempty]
    joblib.dump(vectorizer, paths.tfidf_vectorizer)
    scipy.sparse.save_npz(paths.tfidf_vectors, vectors.astype(numpy.float32))
    Path(paths.concept_aliases_list).write_text(json.dumps(aliases), encoding="utf-8")
    index = nmslib.init(method="hnsw", space="cosinesimil_sparse", data_type=nmslib.DataType.SPARSE_VECTOR)
    index.addDataPointBatch(vectors)
    index.createIndex(
        {"M": params.m, "efConstruction": params.ef_construction, "indexThreadQty": params.threads, "post": 0},
        print_progress=False,
    )
    index.saveIndex(paths.ann_index, save_data=False)
    size = sum(p.stat().st_size for p in out_dir.iterdir() if p.is_file())
    return {"aliases": float(len(aliases)), "seconds": time.perf_counter() - start, "bytes": float(size)}


class _ScispacyCandidates:
    """Candidate aliases from scispaCy's CandidateGenerator over a cached index."""

    def __init__(self, kind: str, concepts: tuple[Concept, ...], cache_dir: Path, params: IndexParams) -> None:
        from scispacy.candidate_generation import CandidateGenerator, LinkerPaths
        from scispacy.linking_utils import KnowledgeBase

        self.build_stats: dict[str, float] = {}
        directory = cache_dir / kind
        meta_path = directory / "meta.json"
        want = {"version": INDEX_VERSION, "concepts_hash": concepts_hash(concepts), "params": vars(params)}
        fresh = (
            directory.is_dir() and LinkerPaths.from_directory(directory).is_locally_cached()
            and meta_path.is_file() and json.loads(meta_path.read_text(encoding="utf-8")) == want
        )
        if not fresh:
            # Build beside the live index and swap it in, so a reader never sees half a build.
            tmp = cache_dir / f".{kind}.tmp-{os.getpid()}"
            shutil.rmtree(tmp, ignore_errors=True)
            self.build_stats = build_index(concepts, tmp, params)
            (tmp / "meta.json").write_text(json.dumps(want, sort_keys=True), encoding="utf-8")
            shutil.rmtree(directory, ignore_errors=True)
            os.replace(tmp, directory)
        aliases, vectorizer, ann_index = LinkerPaths.from_directory(directory).load(ef_search=params.ef_search)
        self.generator = CandidateGenerator(
            ann_index=ann_index, tfidf_vectorizer=vectorizer, ann_concept_aliases_list=aliases,
            kb=KnowledgeBase(_kb_entities(concepts)),
        )

    def __call__(self, mention: str, k: int, threshold: float = 0.0) -> list[str]:
        found = self.generator([mention], k)[0]
        return sorted({alias for cand in found for alias in cand.aliases})


def _trigrams(text: str) -> set[str]:
    padded = f" {text} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def trigram_bounds(threshold: float) -> tuple[float, float]:
    """(least trigram Dice, least length ratio) of an alias that can reach ``threshold``.

    difflib's ratio is 2M/(a+b) for M matched characters, so reaching ``t`` needs the
    shorter string to be at least t/(2-t) of the longer. An edit removes at most three
    character 3-grams (four for two swapped letters); ratio ``t`` allows about (1-t)·L
    edits in L characters, which leaves a Dice of about 1-4(1-t) ("anhidorsis" and
    "anhidrosis": ratio 0.9, Dice 0.6). The bound used, 1-5(1-t), keeps a margin.
    """
    return max(0.0, 1 - 5 * (1 - threshold) - 1e-9), threshold / (2 - threshold)


#: Modules whose code shapes the packaged vocabularies' 3-gram index (its snapshot's key).
_NGRAM_SNAPSHOT_MODULES = (__name__, "pipeline.vocab.lexicon", "pipeline.vocab.terms", "pipeline.vocab.curation",
                           "pipeline.rules")


class _NgramCandidates:
    """Pure-Python fallback: aliases sharing the most character 3-grams with the mention.

    Only aliases that can reach the linking threshold are scored. Dice 2s/(n+m) >= d
    needs s >= d(n+m)/2 shared 3-grams, so every such alias holds one of the mention's
    ``n - need + 1`` rarest 3-grams (prefix filtering): the long posting lists of common
    3-grams (" th", "is ") are only searched for the few candidates that remain. The
    length bound is applied to distinct 3-gram counts, which track a term's length except
    in runs of one repeated letter.
    """

    def __init__(self, concepts: tuple[Concept, ...]) -> None:
        self.aliases = sorted({t for c in concepts for t in c.terms})
        postings: dict[str, list[int]] = defaultdict(list)
        sizes = []
        for i, alias in enumerate(self.aliases):
            grams = _trigrams(alias)
            sizes.append(len(grams))
            for gram in grams:
                postings[gram].append(i)
        # Ids were appended in increasing order, so every posting array is sorted.
        self.postings = {gram: np.asarray(ids, dtype=np.int32) for gram, ids in postings.items()}
        self.sizes = np.asarray(sizes, dtype=np.int32)

    def __call__(self, mention: str, k: int, threshold: float = 0.0) -> list[str]:
        min_dice, min_length = trigram_bounds(threshold)
        grams = list(_trigrams(mention))
        n = len(grams)
        known = sorted((g for g in grams if g in self.postings), key=lambda g: len(self.postings[g]))
        need = max(1, math.ceil(min_dice * (n + max(1, math.floor(n * min_length))) / 2))
        probe, rest = known[: max(0, n - need + 1)], known[max(0, n - need + 1) :]
        if not probe:
            return []
        ids, shared = np.unique(np.concatenate([self.postings[g] for g in probe]), return_counts=True)
        sizes = self.sizes[ids]
        keep = (sizes >= n * min_length) & (sizes * min_length <= n) & (2 * (shared + len(rest)) >= min_dice * (n + sizes))
        ids, shared, sizes = ids[keep], shared[keep], sizes[keep]
        for gram in rest:  # top up the counts from the common 3-grams' (sorted) postings
            posting = self.postings[gram]
            at = np.minimum(np.searchsorted(posting, ids), len(posting) - 1)
            shared = shared + (posting[at] == ids)
        dice = 2 * shared / (n + sizes)
        order = [i for i in np.argsort(-dice, kind="stable")[:k] if dice[i] >= min_dice]
        return [self.aliases[ids[i]] for i in order]


def similarity(a: str, b: str) -> float:
    """String similarity of two normalised terms (difflib ratio, 0..1)."""
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


class FuzzyLinker:
    """Link a mention to the closest concept of a kind, or to nothing.

    Args:
        cache_dir: Where the per-kind indexes live (built on first use, reused after,
            rebuilt when the concepts' content hash or the index settings change).
        backend: ``scispacy`` (TF-IDF + nmslib via scispaCy), ``ngram`` (pure Python,
            no cache), or ``auto`` (scispaCy when nmslib imports, else ngram).
        k: Nearest aliases retrieved per mention before re-scoring.
        params: Index settings for the scispaCy backend.
        concepts: Concepts per kind; the packaged vocabularies (:func:`load_concepts`)
            when ``None``.
    """

    def __init__(self, cache_dir: Path, backend: Backend = "auto", k: int = 20,
                 params: IndexParams = IndexParams(),
                 concepts: dict[str, tuple[Concept, ...]] | None = None) -> None:
        self.cache_dir = Path(cache_dir)
        self.k = k
        self.params = params
        if backend == "auto":
            try:
                import nmslib  # noqa: F401
            except ImportError:
                backend = "ngram"
            else:
                backend = "scispacy"
        self.backend = backend
        self._given = concepts
        self._candidates: dict[str, _Candidates] = {}
        self._tables: dict[str, TermTable] = {}

    def _concepts(self, kind: str) -> tuple[Concept, ...]:
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
        return self._given[kind] if self._given is not None else load_concepts(kind)

    def _generator(self, kind: str) -> _Candidates:
        if kind not in self._candidates:
            concepts = self._concepts(kind)
            packaged = self._given is None
            # the packaged vocabularies' term table and 3-gram index come from their
            # snapshots (pipeline.vocab.snapshot): building them cost a new process ~2 s
            self._tables[kind] = packaged_table(kind) if packaged else TermTable.from_concepts(concepts)
            if self.backend == "scispacy":
                self._candidates[kind] = _ScispacyCandidates(kind, concepts, self.cache_dir, self.params)
            elif packaged:
                self._candidates[kind] = snapshot(f"linker_ngrams_{kind}", lambda: _NgramCandidates(concepts),
                                                  _NGRAM_SNAPSHOT_MODULES)
            else:
                self._candidates[kind] = _NgramCandidates(concepts)
        return self._candidates[kind]

    def warm(self, kind: str) -> dict[str, float]:
        """Build or load the index for ``kind`` now; returns build stats if it was built."""
        return dict(getattr(self._generator(kind), "build_stats", {}))

    def link(self, text: str, kind: str, threshold: float = 0.8) -> tuple[Concept, float] | None:
        """The best concept for ``text`` and its similarity, if at least ``threshold``.

        An exact or spelling-variant match (as :func:`lookup` finds) scores 1.0.
        """
        generator = self._generator(kind)
        table = self._tables[kind]
        exact = table.get(text)
        if exact is not None:
            return exact, 1.0
        mention = normalise_term(text)
        if len(mention) < MIN_MENTION_CHARS:
            return None
        best: tuple[float, str] | None = None
        floor = threshold  # the score a candidate must reach: the threshold, then the best so far
        for alias in generator(mention, self.k, threshold):
            matcher = SequenceMatcher(None, mention, alias, autojunk=False)
            # difflib's cheap upper bounds first (lengths, then letter counts)
            if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
                continue
            score = matcher.ratio()
            if score >= floor and (best is None or (score, alias) > best):
                best, floor = (score, alias), score
        if best is None:
            return None
        return table.exact[best[1]], best[0]
