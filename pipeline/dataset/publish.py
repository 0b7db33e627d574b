"""Publish a complete dataset inside ``output/`` with one atomic link swap, or change nothing.

Each run writes its whole dataset to ``output/.runs/<run_id>/``, then points the link
``output/current`` at it with a single ``os.replace`` of a new link, and removes the
older runs. The contract's paths are relative links through ``current``::

    output/current        -> .runs/<run_id>
    output/extracted      -> current/extracted      (also curated, review, manifest.json,
    output/manifest.json  -> current/manifest.json   datapackage.json, README.md)

so a reader always resolves every path to one complete run, old or new, never a mix and
never nothing. The output folder itself is never renamed: it may be a mount point, where
renaming it fails (EBUSY). A run killed at any point leaves ``current`` on the previous
run; the next run removes what the killed one half-wrote (:func:`recover`). Only one
run may write at a time (:func:`pipeline.runtime.output_lock`).

A folder written by an older version (real ``extracted/``, ``curated/`` ...) is migrated
on first use: its dataset is copied (hard links) into ``.runs/`` and each entry is swapped
for its link, so every path shows the same complete dataset throughout.
"""
from __future__ import annotations

import ctypes
import errno
import json
import os
import re
import shutil
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any


from pipeline.text_store import TextStore

if TYPE_CHECKING:
    import pandas as pd  # imported where frames are made: a no-op rerun never needs it

# Writing a dataset validates and describes it (pandera, the data dictionary): those
# imports live in the functions that write, so a no-op rerun, which only links the
# previous dataset under a new manifest (swap, recover), does not pay for them.

EXTRACTED = "extracted"
CURATED = "curated"

#: Every run's dataset lives in OUTPUT/RUNS/<run_id>/; only the one CURRENT points to is kept.
RUNS = ".runs"
CURRENT = "current"
#: Top-level entries of a dataset written by the older layout (real files and folders).
_LEGACY_ENTRIES = (EXTRACTED, CURATED, "review", "datapackage.json", "README.md", "manifest.json")
#: Written last, so a reader that sees it sees a complete dataset.
_LAST = "manifest.json"
_UNSAFE_ID = re.compile(r"[^A-Za-z0-9._-]")


def _run_name(run_id: str) -> str:
    name = _UNSAFE_ID.sub("_", run_id).lstrip(".")
    return name or "run"


def dataset_folder(output: Path) -> Path:
    """The folder holding the published dataset: the run ``current`` points to, or
    ``output`` itself for a dataset of the older layout (or none yet)."""
    current = output / CURRENT
    return current.resolve() if current.is_symlink() else output


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _link(output: Path, name: str, target: str) -> None:
    """Point ``output/name`` at ``target`` atomically (a new link replaces the old one)."""
    tmp = output / f".{name}.link-tmp"
    _remove(tmp)
    os.symlink(target, tmp)
    os.replace(tmp, output / name)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2(RENAME_EXCHANGE)``); False if unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _replace_with_link(output: Path, name: str) -> None:
    """Turn the real entry ``output/name`` into a link through ``current``, never leaving
    the path missing where the filesystem can swap atomically."""
    path = output / name
    if path.is_symlink() or not path.is_dir():
        _link(output, name, f"{CURRENT}/{name}")
        return
    tmp = output / f".{name}.link-tmp"
    _remove(tmp)
    os.symlink(f"{CURRENT}/{name}", tmp)
    if _exchange(tmp, path):
        shutil.rmtree(tmp)  # now the old folder
        return
    aside = output / f".{name}.legacy"
    os.rename(path, aside)
    os.rename(tmp, path)
    shutil.rmtree(aside)


def _copy_entry(src: Path, dst: Path) -> None:
    """Copy a dataset entry by hard links (instant, no extra space), or bytes if refused."""
    def link_or_copy(a: str, b: str) -> None:
        try:
            os.link(a, b)
        except OSError:
            shutil.copy2(a, b)

    if src.is_dir():
        shutil.copytree(src, dst, copy_function=link_or_copy)
    else:
        link_or_copy(str(src), str(dst))


def _migrate(output: Path) -> bool:
    """Move a dataset of the older layout under ``.runs/`` without a moment where any of
    its paths is missing or shows something else (see the module docstring)."""
    legacy = [n for n in _LEGACY_ENTRIES if (output / n).exists() and not (output / n).is_symlink()]
    if not legacy:
        return False
    if not ((output / CURRENT).is_symlink() and dataset_folder(output).is_dir()):
        # Not begun, or killed before its copy was complete: (re)copy the dataset aside.
        try:
            run_id = json.loads((output / _LAST).read_text(encoding="utf-8"))["run_id"]
        except (OSError, ValueError, KeyError, TypeError):
            run_id = "legacy"
        name = _run_name(f"{run_id}-migrated")
        tmp = output / RUNS / f".migrating-{name}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        for entry in legacy:
            _copy_entry(output / entry, tmp / entry)
        final = output / RUNS / name
        shutil.rmtree(final, ignore_errors=True)
        os.rename(tmp, final)
        _link(output, CURRENT, f"{RUNS}/{name}")
    for entry in legacy:  # manifest.json last, as in every publish
        _replace_with_link(output, entry)
    return True


def _link_entries(output: Path) -> None:
    """Make every entry of the current run reachable at ``output/<entry>``, and drop
    links to entries the current run no longer has."""
    names = sorted(os.listdir(output / CURRENT), key=lambda n: (n == _LAST, n))
    for name in names:
        path = output / name
        if path.is_symlink() and os.readlink(path) == f"{CURRENT}/{name}":
            continue
        _replace_with_link(output, name)
    for path in output.iterdir():
        if path.is_symlink() and os.readlink(path).startswith(f"{CURRENT}/") and path.name not in names:
            path.unlink()


def _remove_stale(output: Path) -> bool:
    """Remove every run but the current one, and temporary links a killed run left."""
    keep = dataset_folder(output).name if (output / CURRENT).is_symlink() else None
    removed = False
    runs = output / RUNS
    for path in [*(runs.iterdir() if runs.is_dir() else ()), *output.glob(".*.link-tmp"),
                 *output.glob(".*.legacy")]:
        if path.name != keep:
            _remove(path)
            removed = True
    if runs.is_dir() and keep is None:
        try:
            runs.rmdir()  # nothing published yet: leave the folder as empty as it was
        except OSError:
            pass
    return removed


def _recover_old_swap(output: Path) -> bool:
    """Repair what the older publish (two renames beside ``output/``) left after a crash."""
    backup = output.parent / f".{output.name}.previous"
    restored = False
    if backup.is_dir() and not output.exists():
        backup.rename(output)
        restored = True
    elif backup.is_dir():
        shutil.rmtree(backup)
    for stale in output.parent.glob(f".{output.name}.staging-*"):
        shutil.rmtree(stale, ignore_errors=True)
    return restored


def recover(output: Path) -> bool:
    """Put ``output`` in a state a run can publish into, whatever a crash left behind.

    Migrates a dataset of the older layout, repairs the links of the current run, and
    removes half-written runs. Only the holder of the output lock may call it: a run
    being written by someone else would look half-written. True when it repaired
    something.
    """
    repaired = _recover_old_swap(output)
    if not output.is_dir():
        return repaired
    repaired = _migrate(output) or repaired
    if (output / CURRENT).is_symlink() and dataset_folder(output).is_dir():
        _link_entries(output)
    return _remove_stale(output) or repaired


def curated_mask(table: str, frame: pd.DataFrame) -> Any:
    """Which rows of an extracted table ``curated/`` publishes (a boolean array), or
    ``None`` when it publishes them all."""
    from pipeline.dataset.schema import PUBLISHABLE, REVIEWED_TABLES

    if table in REVIEWED_TABLES:
        return frame["review_status"].isin(PUBLISHABLE).to_numpy()
    if table == "documents":
        return (frame["status"] == "ok").to_numpy()
    return None


def curated_frame(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of an extracted table that ``curated/`` publishes."""
    mask = curated_mask(table, frame)
    return frame if mask is None else frame[mask].reset_index(drop=True)


def unlink_unpublished_drugs(doses: pd.DataFrame, drugs: pd.DataFrame) -> pd.DataFrame:
    """Curated doses never point at a drug mention curated/ lacks: such a link is emptied
    and ``drug_mention_note`` says why (the dose itself may still be published: its drug
    name is there; the mention it was read from awaits or failed review)."""
    dangling = (doses["drug_mention_id"] != "") & ~doses["drug_mention_id"].isin(set(drugs["mention_id"]))
    if not dangling.any():
        return doses
    out = doses.copy()
    out.loc[dangling, "drug_mention_note"] = [
        f"linked drug mention {m} is not published (its review is pending or it was withheld)"
        for m in out.loc[dangling, "drug_mention_id"]]
    out.loc[dangling, "drug_mention_id"] = ""
    return out


def _write_table(folder: Path, name: str, frame: pd.DataFrame | None = None, table: Any = None) -> Any:
    """``NAME.parquet`` and ``NAME.csv`` from one Arrow table (``table``, else made from
    ``frame``); returns that table.

    pandas' CSV writer formats every cell in Python (at 10,000 sources it was two thirds
    of publishing: 8 of 12 s); Arrow's writes the same rows in a tenth of the time from
    the table the Parquet file is written from anyway.
    """
    import pyarrow as pa
    import pyarrow.csv as pa_csv
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    if table is None:
        table = pa.Table.from_pandas(frame, preserve_index=False)
    pq.write_table(table, folder / f"{name}.parquet")  # as DataFrame.to_parquet writes it (snappy)
    pa_csv.write_csv(csv_table(table), folder / f"{name}.csv")
    return table


def csv_table(table: Any) -> Any:
    """``table`` with its cells as the CSV shows them: booleans ``True``/``False`` and
    floats as Python prints them (``1.0``, not ``1``), as pandas' CSV writer spelled them.

    Arrow's writer quotes every string cell, and these become strings, so booleans and
    floats are quoted too (``"True"``, ``"1.0"``); integers and empty (null) cells are not.
    Readers that infer types from the text (pandas, Frictionless with the package's field
    types) read the same values and types as from the Parquet file; a reader that takes
    every quoted cell for text should use ``datapackage.json``'s types."""
    import pyarrow as pa
    import pyarrow.compute as pc

    columns = []
    for field, column in zip(table.schema, table.columns):
        if pa.types.is_boolean(field.type):
            column = pc.if_else(column, "True", "False")
        elif pa.types.is_floating(field.type):
            column = pa.array([None if v is None or v != v else repr(v) for v in column.to_pylist()], pa.string())
        columns.append(column)
    return pa.table(columns, names=table.column_names)


def output_readme() -> str:
    """The dataset's README: what the output folder holds, then the data dictionary."""
    from pipeline.dataset.describe import data_dictionary, layers

    intro = (files("pipeline.dataset") / "OUTPUT_README.md").read_text(encoding="utf-8")
    return intro.rstrip("\n") + "\n\n" + data_dictionary(layers()) + "\n"


def package_descriptor(manifest: dict[str, Any]) -> dict[str, Any]:
    """``datapackage.json``: every table of both layers with types, keys and value lists."""
    from pipeline.dataset.describe import datapackage, layers

    sources = [{"title": s["doc_id"], "path": s.get("source_path", ""), "sha256": s.get("sha256", "")}
               for s in manifest.get("sources", [])]
    return datapackage(layers(), sources)


def write_texts(folder: Path, documents: pd.DataFrame, texts: TextStore | None) -> None:
    """``texts/DOC_ID.txt`` for every web page or PDF: the text its offsets refer to,
    checked against ``documents.text_sha256``.

    Raises:
        FileNotFoundError, ValueError: a text is missing from the store or altered; the
            dataset would not be complete, so nothing is published.
    """
    for doc_id, text_path, sha in zip(documents["doc_id"], documents["text_path"], documents["text_sha256"]):
        if not text_path:
            continue
        if texts is None:
            raise FileNotFoundError(f"no extracted text for {doc_id}: publishing needs the text store")
        target = folder / text_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(texts.read(sha))


def write_dataset(folder: Path, tables: dict[str, pd.DataFrame], manifest: dict[str, Any],
                  texts: TextStore | None = None) -> None:
    """Write every table (extracted + curated), the review queue, manifest, README and
    the Frictionless descriptor ``datapackage.json``."""
    from pipeline.dataset.describe import CURATED_TABLES
    from pipeline.dataset.queue import review_queue
    from pipeline.dataset.schema import TABLES, validate

    import pyarrow as pa
    import pyarrow.csv as pa_csv

    curated: dict[str, tuple[pd.DataFrame, Any]] = {}
    for name in TABLES:
        frame = validate(name, tables[name])
        table = _write_table(folder / EXTRACTED, name, frame)
        if name in CURATED_TABLES:
            mask = curated_mask(name, frame)
            curated[name] = ((frame, table) if mask is None
                             else (frame[mask].reset_index(drop=True), table.filter(pa.array(mask))))
    # A curated table is a row subset of its validated extracted table, which no check of
    # a row, a column's values or a key's uniqueness can fail; only doses are edited here.
    doses = validate("doses", unlink_unpublished_drugs(curated["doses"][0], curated["drugs"][0]))
    curated["doses"] = (doses, None)
    for name, (frame, table) in curated.items():
        _write_table(folder / CURATED, name, frame, table)
    (folder / "review").mkdir(parents=True, exist_ok=True)
    queue = pa.Table.from_pandas(review_queue(tables["flags"], tables["documents"]), preserve_index=False)
    pa_csv.write_csv(csv_table(queue), folder / "review" / "queue.csv")  # as every table's CSV
    (folder / "README.md").write_text(output_readme(), encoding="utf-8")
    write_texts(folder, tables["documents"], texts)
    (folder / "datapackage.json").write_text(json.dumps(package_descriptor(manifest), indent=2) + "\n",
                                             encoding="utf-8")
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=False) + "\n", encoding="utf-8")


def publish(output: Path, tables: dict[str, pd.DataFrame], manifest: dict[str, Any],
            texts: TextStore | None = None) -> Path:
    """Write the dataset to ``output/.runs/<run_id>``, then swap ``output/current`` to it.

    The previous dataset stays whole and readable until the swap, and is removed after
    it; a failure or a signal before the swap leaves it as it was.
    """
    output = output.resolve()
    output.mkdir(parents=True, exist_ok=True)
    recover(output)
    name = base = _run_name(str(manifest["run_id"]))
    n = 1
    while (output / RUNS / name).exists():  # the same run_id again: never overwrite the current run
        n += 1
        name = f"{base}-{n}"
    run = output / RUNS / name
    try:
        run.mkdir(parents=True)
        write_dataset(run, tables, manifest, texts)
    except BaseException:
        shutil.rmtree(run, ignore_errors=True)
        _remove_stale(output)  # a first run that failed leaves the folder as it found it
        raise
    swap(output, name)
    _link_entries(output)
    _remove_stale(output)
    return output


def swap(output: Path, name: str) -> None:
    """The moment of publishing: ``output/current`` now points at run ``name``."""
    _link(output, CURRENT, f"{RUNS}/{name}")
