"""Load what a rerun with changed sources needs while Prefect's temporary server starts.

``pipeline run`` without a running server starts a temporary one and waits for it
(seconds: Prefect's own start-up). A rerun after an edit then spends more seconds of its
own before extracting anything: importing pandas and pyarrow, reading the unchanged
sources' rows from the consolidated store, importing spaCy, loading the NLP pipeline and
its vocabulary indexes, the flaggers' knowledge. None of that needs the server, so it
runs in a background thread while the server starts, on the core the waiting process
leaves idle.

It is only done when it will be used: the thread first makes the flow's no-op check
(:func:`pipeline.stages.nothing_changed` on the same cheap ``lstat``-based hashes, whose
memory it leaves warm, and the same inputs); when nothing changed, the run will republish
the previous dataset, which needs neither pandas nor spaCy, and the thread stops. Nothing
here changes what a run computes: the flow gets the same pipeline through
:func:`pipeline.nlp.loader.shared_nlp`, which waits for a load in progress rather than
starting a second and never runs the warm-up text on a pipeline the flow already holds;
any failure here is only logged.
"""
from __future__ import annotations

import json
import logging
import threading

from pipeline import stages
from pipeline.settings import Settings

log = logging.getLogger(__name__)

#: A short text run through the loaded pipeline, so its components load their indexes now.
_WARM_TEXT = "Gout is caused by uric acid crystals; take 500 mg of naproxen twice a day."


def probably_unchanged(settings: Settings, fingerprints: dict[str, str] | None = None) -> bool:
    """True when the previous run's manifest records the sources and every other input as
    they are now (what the flow's no-op check decides next, on the same hashes): the run
    will most likely find nothing to extract. The manifest is read as JSON, without the
    dataset modules (they would load pandas for a no-op)."""
    if settings.full:
        return False
    try:
        previous = json.loads((settings.output / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(previous, dict):
        return False
    states = stages.hash_sources(stages.discover(settings), settings.max_bytes, stages.hash_memory(settings))
    inputs = stages.run_inputs(settings, fingerprints or stages.run_fingerprint(settings))
    return stages.nothing_changed(previous, states, inputs)


def warm(settings: Settings) -> str:
    """Import the table libraries, read the store ahead and load the NLP pipeline and the
    knowledge, unless nothing changed. Returns what was done (for the log and the tests)."""
    fingerprints = stages.run_fingerprint(settings)  # hashes the NER model's files: once here
    if probably_unchanged(settings, fingerprints):
        return "skipped: nothing changed"
    import pandas  # noqa: F401
    import pyarrow.parquet  # noqa: F401

    from pipeline.dataset.schema import prepare_schemas  # pandera and the table models
    from pipeline.cache import FrameStore

    # the rows of the unchanged sources (the flow's reuse-unchanged reads them next), when
    # the store can serve this run at all (not with --full, not after a rules or model change)
    store = FrameStore(settings.cache_dir, settings.sources, fingerprints["combined"])
    if not settings.full and store.index():
        store.prefetch()
    # in the order the flow needs them: extraction next, flagging last
    from pipeline.nlp.loader import shared_nlp

    shared_nlp(settings.nlp_config, settings.ner_model, settings.cache_dir, warm_text=_WARM_TEXT)
    from pipeline.vocab.knowledge import knowledge

    knowledge()  # the flaggers' drug classes and condition hierarchy (cached per process)
    prepare_schemas()  # publishing's validation schemas, built once per process
    return "loaded"


class Warmup:
    """``warm(settings)`` in a daemon thread; ``join`` waits for it (tests, benchmarks).

    A daemon thread: a run that ends first (an error, a signal) does not wait for it.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.outcome: str | None = None
        self._thread = threading.Thread(target=self._run, name="pipeline-warmup", daemon=True)

    def start(self) -> Warmup:
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            self.outcome = warm(self.settings)
        except Exception as exc:  # noqa: BLE001 (an optimisation: the flow loads what it needs itself)
            self.outcome = f"failed: {exc}"
            log.debug("warm-up failed: %s", exc, exc_info=True)

    def join(self, timeout: float | None = None) -> str | None:
        self._thread.join(timeout)
        return self.outcome
