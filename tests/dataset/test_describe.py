"""The dataset describes itself: a Frictionless Data Package that validates, a dictionary."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.dataset.describe import data_dictionary, datapackage, layers, value_lists
from pipeline.dataset.schema import TABLES, validate

LAYERS = layers()


@pytest.fixture(scope="module")
def seeds_tables(nlp, seeds_dir):
    from pipeline.evaluation.run import extract_tables

    tables, _ = extract_tables(seeds_dir, nlp)
    return tables


def write_package(folder: Path, tables) -> Path:
    from pipeline.dataset.publish import _write_table, curated_frame

    for layer, names in LAYERS.items():
        (folder / layer).mkdir(parents=True)
        for name in names:
            frame = validate(name, tables[name])
            if layer == "curated":
                frame = curated_frame(name, frame)
            _write_table(folder / layer, name, frame)  # the CSV exactly as publishing writes it
    path = folder / "datapackage.json"
    path.write_text(json.dumps(datapackage(LAYERS, [{"title": "seeds"}]), indent=2), encoding="utf-8")
    return path


def errors(report) -> list:
    return report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])


def test_the_seeds_dataset_validates_against_its_own_package(tmp_path, seeds_tables):
    import frictionless

    report = frictionless.validate(write_package(tmp_path, seeds_tables))
    assert report.valid, errors(report)[:10]


def test_a_value_outside_its_list_or_a_dangling_key_fails(tmp_path, seeds_tables):
    import frictionless

    tables = {name: frame.copy() for name, frame in seeds_tables.items()}
    tables["statements"].loc[0, "predicate"] = "teleports"
    path = write_package(tmp_path / "bad-value", tables)
    assert any(e[3] == "constraint-error" for e in errors(frictionless.validate(path)))
    tables = {name: frame.copy() for name, frame in seeds_tables.items()}
    tables["doses"].loc[0, "drug_mention_id"] = "m_does_not_exist"
    path = write_package(tmp_path / "bad-key", tables)
    assert any(e[3] == "foreign-key" for e in errors(frictionless.validate(path)))


def test_every_column_is_described_and_value_lists_come_from_the_rules():
    lists = value_lists()
    for table, columns in TABLES.items():
        for column in columns:
            assert column in data_dictionary(LAYERS), (table, column)
    assert "curable" in lists[("statements", "predicate")]
    assert "adverse_effect" in lists[("causes", "relation")]


def test_the_committed_data_dictionary_is_current(project_root):
    committed = (project_root / "docs" / "dataset.md").read_text(encoding="utf-8")
    assert committed == data_dictionary(LAYERS) + "\n", "regenerate docs/dataset.md: make docs"
