"""Build the NLP pipeline from its config, once per process (its fingerprint: pipeline.fingerprints).

The config (``pipeline.cfg`` or a user's file) declares every component. The NER is
sourced into the pipeline before the component made by the ``ner_mentions`` factory
(the pipe that reads its spans) from ``[paths] ner_model``: the
embedded model shipped in the package, any spaCy model path, or an installed package
such as scispaCy's ``en_ner_bc5cdr_md``. A NER that listens to a shared ``tok2vec`` gets
its own copy (``replace_listeners``) so it works outside its original pipeline, and the
model's static vectors (floret or a plain table) become the pipeline's vectors.
"""
from __future__ import annotations

import threading
import warnings
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.util import load_config_from_str

import pipeline.nlp  # noqa: F401  (registers the tokenizer)
import scispacy.abbreviation  # noqa: F401  (registers abbreviation_detector)

from pipeline.nlp import (  # noqa: F401  (factories)
    abbreviation_mentions, abbreviations, context, line_sentencizer, mention_resolver,
    ner_mentions, product_mentions, sentence_bound, vocab_mentions,
)

from pipeline.fingerprints import (  # noqa: F401  (EMBEDDED, NO_NER, nlp_fingerprint: this module's API)
    EMBEDDED, NO_NER, config_text as _config_text, default_config_text, ner_model_name as _ner_name,
    nlp_fingerprint, resolve_ner_model,
)
from pipeline.vocab import snapshot


class ModelLoadError(RuntimeError):
    """The configured NER model cannot be loaded; the message says what to do."""


def _source_ner(nlp: Language, model: str) -> None:
    try:
        source = spacy.load(model, exclude=["parser", "tagger", "lemmatizer", "attribute_ruler"])
    except OSError as exc:
        raise ModelLoadError(
            f"cannot load the NER model {model!r}: {exc}. Install it (pip install its package) "
            "or give a model folder; use 'embedded' for the model shipped with the pipeline."
        ) from exc
    if "ner" not in source.pipe_names:
        raise ModelLoadError(f"the model {model!r} has no 'ner' component")
    for name, component in source.pipeline:
        listeners = getattr(component, "listening_components", [])
        if "ner" in listeners:
            source.replace_listeners(name, "ner", ["model.tok2vec"])
    # A tok2vec with static vectors looks them up in the vocab of the Doc it embeds, which
    # is the pipeline's, not the source's: without this copy the sourced NER reads zero
    # vectors and loses its accuracy with only a warning (spaCy's W113, "source vectors
    # are not identical"), which is what a config-sourced component needs
    # ``[initialize] vectors`` for. The setter re-points the table at our StringStore.
    if source.vocab.vectors.shape[0]:
        nlp.vocab.vectors = source.vocab.vectors
    nlp.add_pipe("ner", source=source, before=_ner_mentions_pipe(nlp.config))


def _ner_mentions_pipe(config) -> str:
    """The name of the pipe made by the ``ner_mentions`` factory (the NER goes right before it)."""
    for name, block in config.get("components", {}).items():
        if block.get("factory") == "ner_mentions":
            return name
    raise ModelLoadError("the NLP config has no component with factory 'ner_mentions' to read the NER")


@lru_cache(maxsize=4)
def load_nlp(
    config_path: Path | None = None, ner_model: str | None = None, cache_dir: Path | None = None
) -> Language:
    """The configured pipeline; cached so a process loads its model once.

    Args:
        config_path: A spaCy config replacing the packaged ``pipeline.cfg``.
        ner_model: Overrides ``[paths] ner_model`` of the config.
        cache_dir: The run's cache folder; the fuzzy linker keeps its index below it.
    """
    # scispaCy's abbreviation detector warns on every document that its (unused) global
    # matcher has no patterns; the warning says nothing about our input.
    warnings.filterwarnings("ignore", message=r"\[W036\]")
    text = _config_text(config_path)
    overrides = {}
    if cache_dir is not None:
        snapshot.keep_below(cache_dir)  # the vocabulary indexes, built once per vocabulary
        pipe = _ner_mentions_pipe(load_config_from_str(text, interpolate=False))
        overrides[f"components.{pipe}.fuzzy_cache_dir"] = str(cache_dir / "linker")
    nlp = spacy.util.load_model_from_config(
        load_config_from_str(text, overrides=overrides), auto_fill=True, validate=True
    )
    model = resolve_ner_model(_ner_name(text, ner_model))
    if model is not None:
        _source_ner(nlp, model)
    return nlp


#: Held while a pipeline is loaded and first used by :func:`shared_nlp`.
_SHARED = threading.Lock()
#: ``id`` of every pipeline :func:`shared_nlp` has handed out (a pipeline in use is not warmed).
_HANDED: set[int] = set()


def shared_nlp(config_path: Path | None = None, ner_model: str | None = None, cache_dir: Path | None = None,
               warm_text: str | None = None) -> Language:
    """:func:`load_nlp` for threads that may ask at the same time (a run's extraction and
    :mod:`pipeline.flows.warmup`): one loads, the others wait for it, never a second load.

    With ``warm_text``, that text is run through the pipeline under the same lock, so the
    components' lazily loaded indexes (vocabulary, fuzzy linker) are loaded once, here —
    only when this call is the first to receive the pipeline: one another thread already
    holds may be processing documents, and a spaCy pipeline is not used by two threads.
    """
    with _SHARED:
        nlp = load_nlp(config_path, ner_model, cache_dir)
        first = id(nlp) not in _HANDED
        _HANDED.add(id(nlp))
        if warm_text and first:
            nlp(warm_text)
        return nlp

