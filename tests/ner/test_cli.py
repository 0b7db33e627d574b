"""The typer commands, mounted in a throwaway app as the main CLI will mount them."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import typer
from typer.testing import CliRunner

from pipeline.ner.cli import evaluate, train, train_vectors
from pipeline.ner.train import DEV_FILE, TRAIN_FILE

runner = CliRunner()


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command("train-ner")(train)
    app.command("evaluate-ner")(evaluate)
    app.command("train-vectors")(train_vectors)
    return app


def test_evaluate_missing_file_is_a_usage_error(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # short paths: rich wraps long error messages
    result = runner.invoke(_app(), ["evaluate-ner", "--pubtator", "nope.txt"])
    assert result.exit_code == 2
    assert "not found" in result.output


def test_evaluate_malformed_file_is_a_usage_error(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.txt").write_text("1|t|Title\nthis is not pubtator\n")
    result = runner.invoke(_app(), ["evaluate-ner", "--pubtator", "bad.txt"])
    assert result.exit_code == 2
    assert "bad.txt:2" in result.output


def test_evaluate_shipped_model_on_fixture(mini_pubtator: Path, tmp_path: Path) -> None:
    out = tmp_path / "metrics.json"
    result = runner.invoke(_app(), ["evaluate-ner", "--pubtator", str(mini_pubtator), "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "overlap" in result.output
    metrics = json.loads(out.read_text())
    assert metrics["exact"]["micro"]["n_gold"] == 13


def test_train_rejects_folder_without_corpus(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(_app(), ["train-ner", "--corpus", "."])
    assert result.exit_code == 2
    assert TRAIN_FILE in result.output


def test_train_smoke_on_fixture(mini_pubtator: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in (TRAIN_FILE, DEV_FILE):
        shutil.copy(mini_pubtator, corpus / name)
    model = tmp_path / "model"
    args = ["train-ner", "--corpus", str(corpus), "--output", str(model), "--max-steps", "2", "--no-vectors",
            "--set", "components.tok2vec.model.encode.width=32"]
    result = runner.invoke(_app(), [*args, "--work-dir", str(tmp_path / "work")])
    assert result.exit_code == 0, result.output
    assert (model / "meta.json").is_file() and (model / "README.md").is_file()
    meta = json.loads((model / "meta.json").read_text())
    assert meta["name"] == "ner_bc5cdr" and "exact" in meta["pubtator_dev_scores"]
    # one of the three training documents selected the model; the dev set only scored it
    assert meta["training"]["holdout_documents"] == 1 and meta["training"]["train_documents"] == 2
    assert "scored once" in (model / "README.md").read_text()
    config = (model / "config.cfg").read_text()
    assert "train = null" in config
    assert "width = 32" in config  # the --set override reached the trained model


def test_train_rejects_a_malformed_override(tmp_path: Path, mini_pubtator: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in (TRAIN_FILE, DEV_FILE):
        shutil.copy(mini_pubtator, corpus / name)
    result = runner.invoke(_app(), ["train-ner", "--corpus", str(corpus), "--no-vectors", "--set", "width"])
    assert result.exit_code == 2
    assert "KEY=VALUE" in result.output


def test_train_vectors_rejects_a_folder_without_corpora(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(_app(), ["train-vectors", "--corpora", "."])
    assert result.exit_code == 2
    assert "medquad" in result.output


def test_train_keeps_the_variants_section(mini_pubtator: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in (TRAIN_FILE, DEV_FILE):
        shutil.copy(mini_pubtator, corpus / name)
    model = tmp_path / "model"
    model.mkdir()
    (model / "README.md").write_text("# old\n\n## Variants\n\n| a | b |\n\n## Data and attribution\nold\n")
    args = ["train-ner", "--corpus", str(corpus), "--output", str(model), "--max-steps", "1", "--no-vectors",
            "--set", "components.tok2vec.model.encode.width=16", "--work-dir", str(tmp_path / "w")]
    result = runner.invoke(_app(), args)
    assert result.exit_code == 0, result.output
    readme = (model / "README.md").read_text()
    assert "## Variants\n\n| a | b |" in readme and readme.count("## Data and attribution") == 1


def test_train_without_vectors_says_how_to_make_them(mini_pubtator: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text("")  # the project root: no corpus-work/vectors here
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in (TRAIN_FILE, DEV_FILE):
        shutil.copy(mini_pubtator, corpus / name)
    result = runner.invoke(_app(), ["train-ner", "--corpus", "corpus"])
    assert result.exit_code == 2
    assert "train-vectors" in result.output
