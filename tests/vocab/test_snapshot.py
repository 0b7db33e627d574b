"""Vocabulary indexes kept on disk between processes (pipeline.vocab.snapshot)."""
from __future__ import annotations

import logging

import pytest

from pipeline.nlp.term_index import TermIndex
from pipeline.vocab import snapshot as snap

MODULES = ("pipeline.nlp.term_index",)


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setattr(snap, "_folder", None)
    snap.keep_in(tmp_path / "vocab")
    return tmp_path / "vocab"


def _index() -> TermIndex:
    return TermIndex([("osteogenesis imperfecta", "OI"), ("vitamin d", "D"), ("fracture", "F")])


def test_without_a_folder_builds_every_time(monkeypatch):
    monkeypatch.setattr(snap, "_folder", None)
    calls = []
    assert snap.snapshot("t", lambda: calls.append(1) or len(calls), MODULES) == 1
    assert snap.snapshot("t", lambda: calls.append(1) or len(calls), MODULES) == 2


def test_second_process_reads_what_the_first_built(folder):
    built = snap.snapshot("term_index", _index, MODULES)

    def must_not_build() -> TermIndex:
        raise AssertionError("built again although the snapshot is there")

    again = snap.snapshot("term_index", must_not_build, MODULES)
    text = "Osteogenesis imperfecta and fractures despite Vitamin D."
    assert [(h.start, h.end, h.payloads) for h in again.find(text)] == \
        [(h.start, h.end, h.payloads) for h in built.find(text)] == \
        [(0, 23, ("OI",)), (28, 37, ("F",)), (46, 55, ("D",))]
    assert len(list(folder.glob("term_index-*.pickle"))) == 1


def test_an_edited_vocabulary_builds_a_new_snapshot_and_drops_the_old(folder, monkeypatch):
    snap.snapshot("term_index", _index, MODULES)
    old = set(folder.glob("term_index-*.pickle"))
    monkeypatch.setattr(snap, "rules_fingerprint", lambda: "another vocabulary")
    calls = []
    snap.snapshot("term_index", lambda: calls.append(1) or _index(), MODULES)
    assert calls == [1]
    new = set(folder.glob("term_index-*.pickle"))
    assert len(new) == 1 and new != old


def test_a_damaged_snapshot_is_built_again(folder, caplog):
    snap.snapshot("term_index", _index, MODULES)
    (path,) = folder.glob("term_index-*.pickle")
    path.write_bytes(path.read_bytes()[:100])
    with caplog.at_level(logging.WARNING, logger="pipeline.vocab.snapshot"):
        index = snap.snapshot("term_index", _index, MODULES)
    assert "unreadable" in caplog.text
    assert len(index) == 3
    snap.snapshot("term_index", lambda: pytest.fail("the rebuilt snapshot was not kept"), MODULES)


def test_a_folder_that_cannot_be_written_costs_speed_not_the_run(tmp_path, monkeypatch, caplog):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setattr(snap, "_folder", None)
    snap.keep_in(blocker / "vocab")
    with caplog.at_level(logging.WARNING, logger="pipeline.vocab.snapshot"):
        assert len(snap.snapshot("term_index", _index, MODULES)) == 3
    assert "cannot keep" in caplog.text


def test_the_key_covers_the_building_code(monkeypatch):
    key = snap.snapshot_key("term_index", MODULES)
    assert key == snap.snapshot_key("term_index", MODULES)
    assert key != snap.snapshot_key("term_index", MODULES + ("pipeline.vocab.terms",))
    assert key != snap.snapshot_key("lexicon_drug", MODULES)


def test_the_fuzzy_linkers_index_of_the_packaged_vocabulary_is_a_snapshot(folder, monkeypatch, tmp_path):
    """A new process's first fuzzy link cost 2-3 s of 3-gram indexing: now it reads it."""
    from pipeline.vocab import linker

    first = linker.FuzzyLinker(tmp_path / "linker", backend="ngram").link("osteoporsis", "condition")
    assert len(list(folder.glob("linker_ngrams_condition-*.pickle"))) == 1

    def must_not_build(self, concepts):
        raise AssertionError("3-gram index built again although its snapshot is there")

    monkeypatch.setattr(linker._NgramCandidates, "__init__", must_not_build)
    again = linker.FuzzyLinker(tmp_path / "linker", backend="ngram").link("osteoporsis", "condition")
    assert again is not None and first is not None and again == first
    assert again[0].name == "osteoporosis"


def test_the_flaggers_knowledge_is_a_snapshot(folder, monkeypatch):
    """Every run that extracts or flags built the drug classes and condition hierarchy
    (about 0.7 CPU-s); a new process now reads them."""
    from pipeline.vocab import knowledge as kn

    kn.knowledge.cache_clear()
    try:
        first = kn.knowledge()
        assert len(list(folder.glob("knowledge-*.pickle"))) == 1

        def must_not_build():
            raise AssertionError("knowledge built again although its snapshot is there")

        monkeypatch.setattr(kn, "_build", must_not_build)
        kn.knowledge.cache_clear()
        again = kn.knowledge()
        assert again.parents == first.parents and again.terms == first.terms
        assert again.drug_classes("sodium fluoride", "") == first.drug_classes("sodium fluoride", "")
    finally:
        kn.knowledge.cache_clear()


def test_a_run_keeps_snapshots_below_its_cache_folder_before_any_stage(tmp_path, monkeypatch):
    """A run that only flags (a review decision changed, no source) loads no NLP, which
    used to be what set the folder: its flaggers built the lexicons in memory."""
    from pipeline import stages
    from pipeline.settings import Settings

    monkeypatch.setattr(snap, "_folder", None)
    stages.keep_snapshots(Settings(cache_dir=tmp_path / "cache"))
    assert snap._folder == (tmp_path / "cache" / snap.SNAPSHOT_FOLDER).resolve()
