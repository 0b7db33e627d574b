"""Load what a rerun with changed sources needs while Prefect's temporary server starts.

``pipeline run`` without a running server starts a temporary one and waits for it
(seconds: Prefect's own start-up). A rerun after an edit then spends more seconds of its
own before extracting anything: importing pandas and pyarrow, reading the unchanged
sources' rows from the consolidated store, importing spaCy, loading the NLP pipeline and
its vocabulary indexes, the flaggers' knowledge. None of that needs the server, so it
runs in a background thread while the server starts, on the core the waiting process
leaves idle.

It is only done when it will be used: the thread first compares the sources with the
previous run's manifest (the same cheap ``lstat``-based hashing the flow does next, whose
memory it leaves warm); when every source is as the previous run saw it, the run is
probably a no-op rerun, which needs neither pandas nor spaCy, and the thread stops.
Nothing here changes what a run computes: the flow loads the same pipeline through the
same cache (:func:`pipeline.nlp.loader.load_nlp`, which waits for a load in progress
rather than starting a second), and any failure here is only logged.
"""
from __future__ import annotations

import json
import logging
import threading
from typing import Any

from pipeline import stages
from pipeline.settings import Settings

log = logging.getLogger(__name__)

#: A short text run through the loaded pipeline, so its components load their indexes now.
_WARM_TEXT = "Gout is caused by uric acid crystals; take 500 mg of naproxen twice a day."


def sources_as_before(settings: Settings) -> bool:
    """True when every source is as the previous run's manifest records it (same ids,
    paths and bytes): the run will most likely find nothing to extract."""
    if settings.full:
        return False
    try:
        previous = json.loads((settings.output / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    states = stages.hash_sources(stages.discover(settings), settings.max_bytes, stages.hash_memory(settings))
    before = {s.get("doc_id"): (s.get("source_path"), s.get("sha256")) for s in previous.get("sources", [])
              if isinstance(s, dict)}
    return len(before) == len(states) and all(before.get(s.doc_id) == (s.source_path, s.sha256) for s in states)


def warm(settings: Settings) -> str:
    """Import the table libraries and load the NLP pipeline, unless the sources are as
    before. Returns what was done (for the log and the tests)."""
    if sources_as_before(settings):
        return "skipped: sources as before"
    import pandas  # noqa: F401
    import pyarrow.parquet  # noqa: F401

    import pipeline.dataset.schema  # noqa: F401  (pandera and the table models)
    from pipeline.cache import FrameStore

    # the rows of the unchanged sources (the flow's reuse-unchanged reads them next)
    FrameStore(settings.cache_dir, settings.sources, stages.run_fingerprint(settings)["combined"]).prefetch()
    from pipeline.vocab.knowledge import knowledge

    knowledge()  # the flaggers' drug classes and condition hierarchy (cached per process)

    from pipeline.nlp.loader import shared_nlp

    shared_nlp(settings.nlp_config, settings.ner_model, settings.cache_dir, warm_text=_WARM_TEXT)
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

    def join(self, timeout: float | None = None) -> Any:
        self._thread.join(timeout)
        return self.outcome
