"""The warm-up that overlaps a rerun's loading with the temporary server's start-up."""
from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from pipeline import stages
from pipeline.flows import warmup
from pipeline.nlp import loader
from pipeline.settings import Settings


def _settings(tmp_path: Path, cache_dir: Path | None = None, **extra) -> Settings:
    sources = tmp_path / "sources"
    sources.mkdir(exist_ok=True)
    (sources / "a.txt").write_text("Gout is caused by uric acid crystals.\n", encoding="utf-8")
    (sources / "b.txt").write_text("Take 500 mg of naproxen twice a day.\n", encoding="utf-8")
    return Settings(sources=sources, output=tmp_path / "output", annotations=tmp_path / "annotations",
                    cache_dir=cache_dir or tmp_path / "cache", **extra)


def _manifest_of(settings: Settings, **inputs) -> None:
    """A previous run's manifest recording the sources and inputs as they are now."""
    states = stages.hash_sources(stages.discover(settings), settings.max_bytes)
    settings.output.mkdir(parents=True, exist_ok=True)
    (settings.output / "manifest.json").write_text(json.dumps({
        "inputs": {**stages.run_inputs(settings, stages.run_fingerprint(settings)), **inputs},
        "sources": [{"doc_id": s.doc_id, "source_path": s.source_path, "sha256": s.sha256, "status": "ok"}
                    for s in states]}), encoding="utf-8")


def test_what_the_previous_run_saw_again_is_a_probable_no_op(tmp_path: Path):
    settings = _settings(tmp_path)
    assert not warmup.probably_unchanged(settings)  # no previous run
    _manifest_of(settings)
    assert warmup.probably_unchanged(settings)
    assert warmup.warm(settings) == "skipped: nothing changed"
    assert not warmup.probably_unchanged(settings.model_copy(update={"full": True}))


def test_other_rules_or_code_mean_loading_although_no_source_changed(tmp_path: Path):
    settings = _settings(tmp_path)
    _manifest_of(settings, fingerprint="rules of another day")
    assert not warmup.probably_unchanged(settings)  # every source is extracted again


@pytest.mark.parametrize("change", ["edit", "add", "remove"])
def test_any_changed_source_means_loading(tmp_path: Path, change: str):
    settings = _settings(tmp_path)
    _manifest_of(settings)
    if change == "edit":
        with (settings.sources / "a.txt").open("a", encoding="utf-8") as fh:
            fh.write("It affects the joints.\n")
    elif change == "add":
        (settings.sources / "c.txt").write_text("Osteoporosis thins the bones.\n", encoding="utf-8")
    else:
        (settings.sources / "b.txt").unlink()
    assert not warmup.probably_unchanged(settings)


def test_the_warm_up_loads_the_very_pipeline_the_run_extracts_with(tmp_path: Path, nlp, nlp_cache_dir: Path):
    """Same load arguments as the flow's stages.load_pipeline: the run finds it loaded
    (the session's snapshots in nlp_cache_dir keep a load, if one is needed, quick)."""
    settings = _settings(tmp_path, cache_dir=nlp_cache_dir)
    done = warmup.Warmup(settings).start()
    assert done.join(timeout=300) == "loaded"
    misses = loader.load_nlp.cache_info().misses
    stages.load_pipeline(settings)()
    assert loader.load_nlp.cache_info().misses == misses  # served from the cache, not loaded again


def test_a_failing_warm_up_is_only_an_outcome(tmp_path: Path, monkeypatch):
    def broken(settings):
        raise OSError("unreadable folder")

    monkeypatch.setattr(warmup, "warm", broken)
    assert warmup.Warmup(_settings(tmp_path)).start().join(timeout=10) == "failed: unreadable folder"


def test_the_warm_up_text_never_runs_on_a_pipeline_another_thread_holds(monkeypatch):
    calls = []

    class Pipeline:
        def __call__(self, text):
            calls.append(text)

    one = Pipeline()
    monkeypatch.setattr(loader, "load_nlp", lambda *args: one)
    monkeypatch.setattr(loader, "_HANDED", set())
    assert loader.shared_nlp(None, None, Path("x")) is one  # the flow got it first
    loader.shared_nlp(None, None, Path("x"), warm_text="warm up")
    assert calls == []
    other = Pipeline()
    monkeypatch.setattr(loader, "load_nlp", lambda *args: other)
    loader.shared_nlp(None, None, Path("y"), warm_text="warm up")  # the warm-up first: it warms
    assert calls == ["warm up"]


def test_no_store_is_read_ahead_for_a_run_that_cannot_use_it(tmp_path: Path, monkeypatch):
    from pipeline.cache import FrameStore

    reads = []
    monkeypatch.setattr(FrameStore, "prefetch", lambda self: reads.append(self.path) or True)
    monkeypatch.setattr(loader, "shared_nlp", lambda *args, **kwargs: None)
    settings = _settings(tmp_path)
    assert warmup.warm(settings) == "loaded" and reads == []  # no store yet
    assert warmup.warm(settings.model_copy(update={"full": True})) == "loaded" and reads == []


def test_threads_asking_for_the_pipeline_at_once_load_it_one_at_a_time(monkeypatch):
    loads, inside, most = [], [0], [0]

    def slow_load(config_path=None, ner_model=None, cache_dir=None):
        inside[0] += 1
        most[0] = max(most[0], inside[0])
        time.sleep(0.05)
        loads.append(cache_dir)
        inside[0] -= 1
        return object()

    monkeypatch.setattr(loader, "load_nlp", slow_load)
    threads = [threading.Thread(target=loader.shared_nlp, args=(None, None, Path("x"))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most[0] == 1 and len(loads) == 4  # one at a time (the real load_nlp then answers from its cache)


def test_the_warm_up_builds_the_publish_validation_schemas(tmp_path: Path, monkeypatch):
    from pipeline.dataset import schema

    monkeypatch.setattr(loader, "shared_nlp", lambda *args, **kwargs: None)
    schema._schema_without_text_types.cache_clear()
    assert warmup.warm(_settings(tmp_path)) == "loaded"
    assert schema._schema_without_text_types.cache_info().currsize == len(schema.TABLES)
