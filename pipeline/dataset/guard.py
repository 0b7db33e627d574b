"""Refuse an output folder whose replacement would destroy the user's work.

Publishing replaces the output folder's dataset. Pointed by mistake at the sources, the
annotations (human review decisions), the cache or the project, that would delete them;
pointed at any other non-empty folder, it would delete whatever that folder held. Every
run checks its output folder here first and stops with a plain message instead.
"""
from __future__ import annotations

from pathlib import Path

#: The file every published dataset has; a non-empty folder without it is not ours to replace.
MANIFEST = "manifest.json"


class UnsafeOutputError(ValueError):
    """The output folder would overwrite or delete something that is not a dataset."""


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _only_dataset_readme(folder: Path) -> bool:
    """True for an empty folder, or one holding only the dataset's own README.

    A clean checkout has ``output/README.md`` (the data dictionary, committed so it can be
    read on the web) and nothing else; that placeholder is ours to replace.
    """
    from pipeline.dataset.publish import RUNS, output_readme

    # a first publish killed before its swap leaves only its half-written run folder
    entries = [e for e in folder.iterdir() if e.name != RUNS]
    if not entries:
        return True
    if [e.name for e in entries] != ["README.md"] or not entries[0].is_file():
        return False

    first = output_readme().partition("\n")[0]
    try:
        return entries[0].read_text(encoding="utf-8").partition("\n")[0] == first
    except (OSError, UnicodeDecodeError):
        return False


def project_roots() -> list[Path]:
    """Folders that hold this project: the current directory and the package's checkout.

    Either counts only when it has a ``pyproject.toml`` (an installed copy in
    site-packages has none and needs no protection from ``--output``).
    """
    here = Path(__file__).resolve().parents[2]
    roots = []
    for candidate in (Path.cwd().resolve(), here):
        if (candidate / "pyproject.toml").is_file() and candidate not in roots:
            roots.append(candidate)
    return roots


def check_output(output: Path, *, sources: Path, annotations: Path, cache_dir: Path) -> None:
    """Raise :class:`UnsafeOutputError` unless ``output`` is safe to publish into.

    Safe means: not the same as, inside, or containing the sources, annotations or cache
    folders; not a project folder or a folder containing one; and either missing, empty,
    or a previous dataset (it has ``manifest.json``).
    """
    out = output.expanduser().resolve()
    protected = {
        "sources": sources, "annotations": annotations, "cache": cache_dir,
    }
    for what, folder in protected.items():
        folder = folder.expanduser().resolve()
        if _inside(out, folder) or _inside(folder, out):
            relation = ("is" if out == folder else "lies inside" if _inside(out, folder) else "contains")
            raise UnsafeOutputError(
                f"refusing to publish to {output}: it {relation} the {what} folder ({folder}), "
                "whose files a run would replace. Choose a folder of its own, e.g. --output output"
            )
    for root in project_roots():
        if _inside(root, out):
            raise UnsafeOutputError(
                f"refusing to publish to {output}: it {'is' if out == root else 'contains'} the project "
                f"folder ({root}). Choose a folder of its own, e.g. --output output"
            )
    if out.exists() and not out.is_dir():
        raise UnsafeOutputError(f"refusing to publish to {output}: it is a file, not a folder")
    if out.is_dir() and not (out / MANIFEST).is_file() and not _only_dataset_readme(out):
        raise UnsafeOutputError(
            f"refusing to publish to {output}: the folder is not empty and holds no previous dataset "
            f"({MANIFEST} is missing), so publishing would delete its files. Use an empty or new folder"
        )
