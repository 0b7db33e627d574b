"""Fuzzy linker: misspellings link, unrelated words do not, the index is cached."""
from __future__ import annotations

from difflib import SequenceMatcher
from pathlib import Path

import pytest

from pipeline.vocab.lexicon import Concept, load_concepts
from pipeline.vocab.linker import FuzzyLinker


@pytest.fixture(scope="module")
def ngram_linker() -> FuzzyLinker:
    return FuzzyLinker(Path("unused"), backend="ngram")


@pytest.mark.parametrize(
    ("text", "kind", "name"),
    [
        ("osteoartritis", "condition", "osteoarthritis"),
        ("osteoporoses", "condition", "osteoporosis"),
        ("diclofenak", "drug", "diclofenac"),
    ],
)
def test_misspellings_link_on_the_full_vocabulary(ngram_linker: FuzzyLinker, text: str, kind: str, name: str) -> None:
    found = ngram_linker.link(text, kind, threshold=0.8)
    assert found is not None and found[0].name == name and 0.8 <= found[1] < 1.0


@pytest.mark.parametrize("word", ["computer", "wonderful", "yesterday"])
def test_unrelated_words_do_not_link(ngram_linker: FuzzyLinker, word: str) -> None:
    assert ngram_linker.link(word, "condition") is None
    assert ngram_linker.link(word, "drug") is None


def test_exact_terms_score_one(ngram_linker: FuzzyLinker) -> None:
    found = ngram_linker.link("Movalis", "drug")
    assert found is not None and found[0].name == "meloxicam" and found[1] == 1.0


def _may_reach(a: str, b: str, threshold: float) -> bool:
    """Upper bounds on difflib's ratio (length, then letter counts): exact, only cheaper."""
    if 2 * min(len(a), len(b)) < threshold * (len(a) + len(b)):
        return False
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return matcher.real_quick_ratio() >= threshold and matcher.quick_ratio() >= threshold


def test_candidate_filter_misses_no_alias_that_reaches_the_threshold() -> None:
    """Prefix filtering prunes by 3-gram bounds; check it against scoring every alias."""
    from pipeline.vocab.linker import similarity
    from pipeline.vocab.lexicon import normalise_term

    concepts = load_concepts("condition")[:2000]
    linker = FuzzyLinker(Path("unused"), backend="ngram", concepts={"condition": concepts, "drug": ()})
    aliases = sorted({t for c in concepts for t in c.terms})
    # One edit of every 25th alias: a dropped, doubled or swapped letter.
    queries = []
    for n, alias in enumerate(aliases[::25]):
        i = len(alias) // 2
        edit = (alias[:i] + alias[i + 1 :], alias[:i] + alias[i] + alias[i:],
                alias[:i] + alias[i + 1 : i + 2] + alias[i] + alias[i + 2 :])[n % 3]
        queries.append(edit)
    checked = 0
    for query in queries:
        mention = normalise_term(query)
        if len(mention) < 4:
            continue
        found = linker.link(query, "condition", threshold=0.9)
        if found is not None and found[1] == 1.0:
            continue  # a spelling variant the exact lookup already knows
        best = max(((similarity(mention, a), a) for a in aliases if _may_reach(mention, a, 0.9)), default=(0.0, ""))
        if best[0] >= 0.9 and best[0] < 1.0:
            checked += 1
            assert found is not None and found[1] == pytest.approx(best[0]), (query, best, found)
    assert checked > 20


def _small_vocab() -> tuple[Concept, ...]:
    wanted = {"HP:0000939", "HP:0002758", "HP:0001370", "HP:0000938", "HP:0002829", "HP:0012531"}
    picked = [c for c in load_concepts("condition") if c.concept_id in wanted]
    return tuple(picked) + load_concepts("condition")[:300]


def test_scispacy_index_links_and_is_reused(tmp_path: Path) -> None:
    pytest.importorskip("nmslib")
    concepts = _small_vocab()
    linker = FuzzyLinker(tmp_path, backend="scispacy", concepts={"condition": concepts, "drug": ()})
    built = linker.warm("condition")
    assert built["aliases"] > 300
    assert {p.name for p in (tmp_path / "condition").iterdir()} >= {
        "nmslib_index.bin", "tfidf_vectorizer.joblib", "tfidf_vectors_sparse.npz", "concept_aliases.json", "meta.json"
    }
    found = linker.link("osteoartritis", "condition")
    assert found is not None and found[0].concept_id == "HP:0002758"
    assert linker.link("computer", "condition") is None

    again = FuzzyLinker(tmp_path, backend="scispacy", concepts={"condition": concepts, "drug": ()})
    assert again.warm("condition") == {}  # cached: not rebuilt

    changed = FuzzyLinker(tmp_path, backend="scispacy", concepts={"condition": concepts[:-1], "drug": ()})
    assert changed.warm("condition")  # content hash changed: rebuilt
