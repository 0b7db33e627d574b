"""Trained artifacts shipped inside the package (the project's own output).

Only paths live here: loading a model is the caller's choice, so importing this package
stays free of side effects.
"""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def embedded_ner_path() -> Path:
    """Directory of the embedded DISEASE/CHEMICAL NER, ready for ``spacy.load``.

    The model names the project tokenizer, so ``import pipeline.nlp`` before loading it.
    """
    return Path(str(files("pipeline.models") / "ner_bc5cdr"))


def cid_relations_path() -> Path:
    """Directory of the chemical -> disease relation model (``model.npz`` and its README)."""
    return Path(str(files("pipeline.models") / "cid_relations"))
