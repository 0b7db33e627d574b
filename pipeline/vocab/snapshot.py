"""Indexes built from the vocabularies, kept on disk so a new process loads them instead.

Building the term tables and the word-trie over the 150,000 vocabulary terms costs a new
process 2-3 seconds (loading their snapshots about 0.4 s), more than extracting one source: a rerun after one edit paid
it every time. A snapshot is the built object pickled under the run's cache folder, named
by a key over everything it is built from (every rule and vocabulary file, the source of
the modules that build it, the package version and the Python version), so an edit to a
vocabulary or to the building code builds and keeps a new one. A snapshot that cannot be
read (truncated, written by another version) is built again and replaced; writing is
atomic, so a process never reads half a file.

The folder is given once per process by whoever knows the cache folder
(:func:`pipeline.nlp.loader.load_nlp`); without one, indexes are built in memory as before.
Pickles run code when loaded: the cache folder must be writable only by whoever runs the
pipeline (as for the extraction cache). A snapshot is never read from anywhere else.
"""
from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from importlib import import_module
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

import pipeline
from pipeline.rules import rules_fingerprint

T = TypeVar("T")

log = logging.getLogger(__name__)

#: Where snapshots are kept in this process (None: build in memory only).
_folder: Path | None = None


#: The snapshots' folder below a run's cache folder.
SNAPSHOT_FOLDER = "vocab"


def keep_below(cache_dir: Path) -> None:
    """Keep snapshots in the run's cache folder ``cache_dir`` from now on in this process:
    what a run does first, so a run that only flags (a review decision changed, no source)
    loads the indexes its flaggers use instead of building them (2-3 s at every such run)."""
    keep_in(Path(cache_dir) / SNAPSHOT_FOLDER)


def keep_in(folder: Path | None) -> None:
    """Keep snapshots in ``folder`` from now on in this process (``None``: do not keep)."""
    global _folder
    _folder = Path(folder).resolve() if folder is not None else None


def snapshot_key(name: str, modules: Iterable[str]) -> str:
    """Key of a snapshot: its name, the rules' fingerprint, the building modules' source,
    the package and Python versions."""
    h = hashlib.sha256()
    for part in (name, rules_fingerprint(), pipeline.__version__, sys.version):
        h.update(part.encode() + b"\0")
    for module in sorted(modules):
        h.update(module.encode() + b"\0" + Path(import_module(module).__file__ or "").read_bytes() + b"\0")
    return h.hexdigest()


def snapshot(name: str, build: Callable[[], T], modules: Iterable[str]) -> T:
    """``build()``, or its snapshot from disk when one with the same key is there.

    Args:
        name: File name stem of the snapshot (one per kind of index).
        build: Builds the object (picklable) from the vocabularies.
        modules: Names of the modules whose code shapes the object; their
            source is part of the key.
    """
    folder = _folder
    if folder is None:
        return build()
    path = folder / f"{name}-{snapshot_key(name, modules)[:20]}.pickle"
    try:
        with path.open("rb") as fh:
            return _load(fh)
    except FileNotFoundError:
        pass
    except Exception as exc:  # noqa: BLE001 (any unreadable snapshot is rebuilt)
        log.warning("vocabulary snapshot %s unreadable (%s); building it again", path, exc)
    built = build()
    _write(folder, path, built, stale=f"{name}-")
    return built


def _load(fh: BinaryIO) -> Any:
    # Hundreds of thousands of new objects would start the cyclic garbage collector again
    # and again over them (three times the cost of reading); none of them is garbage yet.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.load(fh)  # noqa: S301 (the project's own cache folder)
    finally:
        if enabled:
            gc.enable()


def _write(folder: Path, path: Path, obj: object, stale: str) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".snapshot-")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        for old in folder.glob(f"{stale}*.pickle"):  # earlier keys of the same index
            if old != path:
                old.unlink(missing_ok=True)
    except Exception as exc:  # noqa: BLE001 (a read-only or full cache folder, an object that
        # will not pickle: each costs speed, never the run)
        log.warning("cannot keep the vocabulary snapshot in %s: %s", folder, exc)
