"""What extraction depends on besides the rules: the NLP config, the NER model and rule
files the config names by path, fingerprinted without importing spaCy.

Every run computes these before it knows whether anything changed, so a no-op rerun must
not pay for spaCy's import (about a second) to learn it has nothing to do. The config is
read with :mod:`configparser` (spaCy's configs are configparser files whose values are
JSON); :mod:`pipeline.nlp.loader` builds the pipeline from the same text.
"""
from __future__ import annotations

import configparser
import hashlib
import json
from importlib.metadata import PackageNotFoundError, version
from importlib.resources import files
from pathlib import Path

from pipeline.models import embedded_ner_path

#: ``ner_model`` values with a special meaning.
EMBEDDED = "embedded"
NO_NER = "none"


def default_config_text() -> str:
    """The packaged ``pipeline/nlp/pipeline.cfg`` (read without importing ``pipeline.nlp``)."""
    return (files("pipeline") / "nlp" / "pipeline.cfg").read_text(encoding="utf-8")


def config_text(config_path: Path | None) -> str:
    """A user's config, else the packaged one."""
    return config_path.read_text(encoding="utf-8") if config_path else default_config_text()


def config_paths(text: str) -> dict[str, str]:
    """The ``[paths]`` section of a spaCy config, values as strings (uninterpolated)."""
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys keep their case, as spaCy's
    parser.read_string(text)
    if not parser.has_section("paths"):
        return {}
    out = {}
    for key, raw in parser.items("paths"):
        try:
            value = json.loads(raw)
        except json.JSONDecodeError:
            value = raw
        out[key] = "" if value is None else str(value)
    return out


def ner_model_name(text: str, override: str | None) -> str:
    """The NER model a run uses: the override, else the config's ``[paths] ner_model``."""
    if override:
        return override
    return config_paths(text).get("ner_model") or EMBEDDED


def resolve_ner_model(name: str) -> str | None:
    """Path or package name of the NER model to source, or None for no NER."""
    if name == NO_NER:
        return None
    if name == EMBEDDED:
        path = embedded_ner_path()
        return str(path) if (path / "meta.json").exists() else None
    return name


def model_fingerprint(model: str | None) -> str:
    """A hash of every file of a model folder, or an installed package's name and version."""
    if model is None:
        return "no-ner"
    path = Path(model)
    if path.is_dir():
        h = hashlib.sha256()
        for file in sorted(p for p in path.rglob("*") if p.is_file()):
            h.update(file.relative_to(path).as_posix().encode())
            h.update(file.read_bytes())
        return h.hexdigest()
    try:
        installed = version(model)
    except PackageNotFoundError:
        installed = ""
    return f"package:{model}=={installed}"


def own_rule_files(text: str) -> str:
    """A hash of the files ``[paths]`` names by absolute path (a project's own rule files)."""
    h = hashlib.sha256()
    found = False
    for key, value in sorted(config_paths(text).items()):
        path = Path(value)
        if key != "ner_model" and path.is_absolute() and path.is_file():
            h.update(f"{key}={path}".encode())
            h.update(path.read_bytes())
            found = True
    return h.hexdigest() if found else ""


def nlp_fingerprint(config_path: Path | None = None, ner_model: str | None = None) -> dict[str, str]:
    """Fingerprints of the NLP config, of the NER model and of rule files the config names
    by absolute path (for incremental reruns; the packaged rule files are fingerprinted
    with the rest of ``pipeline/rules/``)."""
    text = config_text(config_path)
    prints = {
        "config": hashlib.sha256(text.encode()).hexdigest(),
        "model": model_fingerprint(resolve_ner_model(ner_model_name(text, ner_model))),
    }
    own = own_rule_files(text)
    if own:
        prints["rule_files"] = own
    return prints
