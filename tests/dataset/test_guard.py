"""--output never points at the user's work: sources, decisions, cache, project, other files."""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.dataset.guard import UnsafeOutputError, check_output
from pipeline.dataset.publish import output_readme


@pytest.fixture()
def tree(tmp_path: Path, monkeypatch) -> dict[str, Path]:
    monkeypatch.chdir(tmp_path)  # no pyproject.toml here: only the checkout counts as a project
    folders = {name: tmp_path / name for name in ("src", "ann", "cache")}
    for folder in folders.values():
        folder.mkdir()
    (folders["src"] / "a.txt").write_text("Osteoporosis is common.", encoding="utf-8")
    (folders["ann"] / "reviews.jsonl").write_text('{"flag_id": "f"}\n', encoding="utf-8")
    return folders


def check(out: Path, tree: dict[str, Path]) -> None:
    check_output(out, sources=tree["src"], annotations=tree["ann"], cache_dir=tree["cache"])


@pytest.mark.parametrize("target, words", [
    ("ann", "is the annotations folder"),
    ("src", "is the sources folder"),
    ("cache", "is the cache folder"),
    ("src/sub", "lies inside the sources folder"),
    ("ann/out", "lies inside the annotations folder"),
    (".", "contains the sources folder"),
])
def test_protected_folders_are_refused(tree, target, words):
    with pytest.raises(UnsafeOutputError, match=words):
        check(Path(target), tree)


def test_a_foreign_non_empty_folder_is_refused(tree, tmp_path):
    other = tmp_path / "photos"
    other.mkdir()
    (other / "holiday.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(UnsafeOutputError, match="not empty and holds no previous dataset"):
        check(other, tree)


def test_a_file_is_refused(tree, tmp_path):
    (tmp_path / "out").write_text("x")
    with pytest.raises(UnsafeOutputError, match="is a file"):
        check(tmp_path / "out", tree)


def test_new_empty_previous_dataset_and_checkout_placeholder_are_accepted(tree, tmp_path):
    check(tmp_path / "new", tree)
    (tmp_path / "empty").mkdir()
    check(tmp_path / "empty", tree)
    previous = tmp_path / "previous"
    previous.mkdir()
    (previous / "manifest.json").write_text("{}")
    (previous / "extracted").mkdir()
    check(previous, tree)
    placeholder = tmp_path / "fresh"
    placeholder.mkdir()
    (placeholder / "README.md").write_text(output_readme(), encoding="utf-8")
    check(placeholder, tree)
    (placeholder / "README.md").write_text("# My notes\n", encoding="utf-8")
    with pytest.raises(UnsafeOutputError):
        check(placeholder, tree)


def test_the_project_checkout_is_refused(tree, project_root):
    with pytest.raises(UnsafeOutputError, match="project folder"):
        check(project_root, tree)
    with pytest.raises(UnsafeOutputError, match="project folder"):
        check(project_root.parent, tree)


def test_the_command_exits_2_and_deletes_nothing(tree):
    result = CliRunner().invoke(app, ["run", "--sources", "src", "--annotations", "ann", "--cache-dir", "cache",
                                      "--output", "ann"])
    assert result.exit_code == 2
    assert "annotations folder" in result.output
    assert (tree["ann"] / "reviews.jsonl").read_text(encoding="utf-8") == '{"flag_id": "f"}\n'
    result = CliRunner().invoke(app, ["run", "--sources", "src", "--annotations", "ann", "--cache-dir", "cache",
                                      "--output", "src"])
    assert result.exit_code == 2 and (tree["src"] / "a.txt").is_file()
