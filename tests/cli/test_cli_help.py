"""What ``--help`` says and how usage mistakes are reported, for every command."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()


def words(output: str) -> str:
    """The output's words in one line, without the error box's borders (it wraps long paths)."""
    return " ".join(re.sub("[│╭╮╰╯─]", " ", output).split())


def _help_text(path: tuple[str, ...]) -> str:
    """A command's --help as one line of words: rich wraps help text inside a box."""
    return " ".join(runner.invoke(app, [*path, "--help"]).output.replace("│", " ").split())


def _commands(group: typer.Typer | None = None, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path of the CLI, groups included (read from the Typer app itself)."""
    group = group or app
    paths = [prefix]
    for info in group.registered_commands:
        paths.append((*prefix, info.name or info.callback.__name__.replace("_", "-")))
    for sub in group.registered_groups:
        paths.extend(_commands(sub.typer_instance, (*prefix, sub.name)))
    return paths


def test_every_command_is_listed():
    names = {path[-1] for path in _commands() if path}
    assert {"run", "watch", "status", "server", "review", "export", "import", "serve", "gold", "train-ner"} <= names


@pytest.mark.parametrize("path", _commands(), ids=lambda p: " ".join(p) or "pipeline")
def test_switches_show_no_value_type_and_options_do(path: tuple[str, ...]):
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "<bool>" not in result.output
    help_line = next(line for line in result.output.splitlines() if "--help" in line and "Show this message" in line)
    assert "<" not in help_line


def test_options_that_take_a_value_still_show_its_type():
    out = runner.invoke(app, ["run", "--help"]).output
    sources = next(line for line in out.splitlines() if "--sources" in line)
    full = next(line for line in out.splitlines() if "--full" in line)
    assert "<path>" in sources and "<" not in full.split("Ignore")[0]


@pytest.mark.parametrize("path", [("status",), ("review",), ("review", "export"), ("review", "import"),
                                  ("review", "serve")])
def test_output_of_commands_that_read_a_dataset_is_described_as_such(path: tuple[str, ...]):
    out = _help_text(path)
    assert "Folder of a published dataset" in out
    assert "replaced atomically" not in out


@pytest.mark.parametrize("path", [("run",), ("watch",)])
def test_output_of_commands_that_publish_says_it_is_replaced(path: tuple[str, ...]):
    out = _help_text(path)
    assert "Folder to publish the dataset to; replaced atomically" in out


def test_review_export_into_a_missing_folder_is_a_usage_error(tmp_path: Path):
    result = runner.invoke(app, ["review", "export", "--out", str(tmp_path / "nope" / "tasks.json"),
                                 "--output", str(tmp_path / "dataset")])
    assert result.exit_code == 2
    assert "folder not found" in words(result.output) and "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_review_export_onto_a_folder_is_a_usage_error(tmp_path: Path):
    result = runner.invoke(app, ["review", "export", "--out", str(tmp_path), "--output", str(tmp_path / "dataset")])
    assert result.exit_code == 2
    assert "is a folder" in words(result.output)


def test_watch_refuses_a_missing_sources_folder_and_an_unsafe_output(tmp_path: Path):
    missing = runner.invoke(app, ["watch", "--sources", str(tmp_path / "nope")])
    assert missing.exit_code == 2 and "source folder not found" in words(missing.output)
    sources = tmp_path / "src"
    sources.mkdir()
    unsafe = runner.invoke(app, ["watch", "--sources", str(sources), "--output", str(sources / "out"),
                                 "--annotations", str(tmp_path / "ann"), "--cache-dir", str(tmp_path / "cache")])
    assert unsafe.exit_code == 2 and "refusing to publish" in words(unsafe.output)
    dask = runner.invoke(app, ["watch", "--sources", str(sources), "--address", "tcp://h:1"])
    assert dask.exit_code == 2 and "--address needs --runner dask" in words(dask.output)
