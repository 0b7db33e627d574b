"""A model swap is a config change: an installed spaCy model package replaces the embedded NER.

scispaCy's trained models cannot be downloaded here, so the test builds a real model
package from our own model with ``spacy package``, installs it into a temporary folder
and points the pipeline config at it by package name, exactly as one would for
``en_ner_bc5cdr_md``.
"""
from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.models import embedded_ner_path
from pipeline.nlp.loader import ModelLoadError, default_config_text, load_nlp


@pytest.fixture(scope="module")
def installed_package(tmp_path_factory):
    work = tmp_path_factory.mktemp("model-package")
    out = work / "out"
    out.mkdir()
    tokenizer_code = Path(__file__).resolve().parents[2] / "pipeline" / "nlp" / "tokenizer.py"
    subprocess.run([sys.executable, "-m", "spacy", "package", str(embedded_ner_path()), str(out),
                    "--name", "swap_test_ner", "--version", "0.0.1", "--code", str(tokenizer_code), "--force"],
                   check=True, capture_output=True)
    (sdist,) = out.glob("*/dist/*.tar.gz")
    site = work / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation",
                    "--target", str(site), str(sdist)], check=True, capture_output=True)
    sys.path.insert(0, str(site))
    importlib.invalidate_caches()
    yield "en_swap_test_ner"
    sys.path.remove(str(site))


def test_config_names_an_installed_package(installed_package, tmp_path):
    config = tmp_path / "pipeline.cfg"
    config.write_text(default_config_text().replace('ner_model = "embedded"', f'ner_model = "{installed_package}"'))
    nlp = load_nlp(config, None, tmp_path)
    assert "ner" in nlp.pipe_names
    assert set(nlp.get_pipe("ner").labels) == {"CHEMICAL", "DISEASE"}
    doc = nlp("Naloxone reverses the antihypertensive effect of clonidine.")
    assert {doc.text[m.start:m.end] for m in doc._.mentions} >= {"Naloxone", "clonidine"}


def test_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(ModelLoadError, match="cannot load the NER model 'en_ner_bc5cdr_md'"):
        load_nlp(None, "en_ner_bc5cdr_md", tmp_path)


def test_no_ner_runs_vocabulary_rules_only(tmp_path):
    nlp = load_nlp(None, "none", tmp_path)
    assert "ner" not in nlp.pipe_names
