"""Discovery and ingestion over hostile or careless source trees (issue #11)."""
from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from pipeline.ingest.decode import SourceError
from pipeline.ingest.document import (
    discover_sources,
    ingest,
    locate_source,
    printable_name,
    read_source_bytes,
)


def _tree(root: Path, names: list[str], text: str = "Osteoporosis weakens bones.\n") -> Path:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _ingest_all(folder: Path, **kwargs) -> dict[str, object]:
    """doc_id -> IngestedDocument, each ingest in a thread so a hang fails the test."""
    out: dict[str, object] = {}
    for source in discover_sources(folder, **kwargs):
        thread = threading.Thread(target=lambda s=source: out.__setitem__(s.doc_id, ingest(s, 10_000)), daemon=True)
        thread.start()
        thread.join(5)
        if thread.is_alive():
            if source.path.is_fifo():
                os.close(os.open(source.path, os.O_WRONLY | os.O_NONBLOCK))
            pytest.fail(f"ingesting {source.rel_path} did not return")
    return out


def test_a_fifo_becomes_an_error_row_and_the_others_are_read(tmp_path: Path):
    _tree(tmp_path, ["good.txt"])
    os.mkfifo(tmp_path / "x.txt")
    docs = _ingest_all(tmp_path)
    assert docs["good"].ok
    assert docs["x"].status == "error" and "named pipe (FIFO), not a regular file" in docs["x"].error


def test_links_out_of_the_sources_folder_are_refused_unless_followed(tmp_path: Path):
    sources = _tree(tmp_path / "sources", ["inside.txt"])
    _tree(tmp_path / "elsewhere", ["secret.txt"], text="root:x:0:0\n")
    (sources / "passwd.txt").symlink_to(tmp_path / "elsewhere" / "secret.txt")
    (sources / "zero.txt").symlink_to("/dev/zero")
    (sources / "alias.txt").symlink_to("inside.txt")
    docs = _ingest_all(sources)
    refusal = "a link to a file outside the sources folder; pass --follow-links to read it"
    assert docs["passwd"].error == refusal and docs["zero"].error == refusal
    assert docs["alias"].ok and docs["inside"].ok
    followed = _ingest_all(sources, follow_links=True)
    assert followed["passwd"].ok and followed["passwd"].text == "root:x:0:0\n"
    assert "a device, not a regular file" in followed["zero"].error


def test_a_file_name_that_is_not_utf8_is_a_usable_source_with_a_printable_id(tmp_path: Path):
    root = os.fsencode(tmp_path)
    for name in (b"bad\xff.txt", b"bad\xfe.txt", b"tab\tand\x1bescape.txt"):
        with open(root + b"/" + name, "wb") as fh:
            fh.write(b"Bones.\n")
    sources = discover_sources(tmp_path)
    assert [s.doc_id for s in sources] == ["bad%FE", "bad%FF", "tab%09and%1Bescape"]
    assert [s.rel_path for s in sources] == ["bad%FE.txt", "bad%FF.txt", "tab%09and%1Bescape.txt"]
    for source in sources:
        doc = ingest(source, 10_000)
        assert doc.ok and doc.text == "Bones.\n"
        assert doc.source_path.isprintable() and doc.doc_id.isprintable()
        json.dumps({"doc_id": doc.doc_id, "source_path": doc.source_path}, ensure_ascii=False).encode("utf-8")
        assert locate_source(tmp_path, doc.source_path) == source.path
    import pyarrow as pa

    pa.table({"source_path": [s.rel_path for s in sources]})  # raises on lone surrogates


def test_a_printable_form_that_names_another_file_is_an_error_not_a_mix_up(tmp_path: Path):
    with open(os.fsencode(tmp_path) + b"/bad\xff.txt", "wb") as fh:
        fh.write(b"Undecodable name.\n")
    (tmp_path / "bad%FF.txt").write_text("Literal name.\n")
    sources = {s.path.name: s for s in discover_sources(tmp_path)}
    literal, odd = sources["bad%FF.txt"], sources[os.fsdecode(b"bad\xff.txt")]
    assert literal.doc_id != odd.doc_id
    assert ingest(literal, 10_000).text == "Literal name.\n"
    assert locate_source(tmp_path, literal.rel_path) == literal.path
    assert "names another file" in ingest(odd, 10_000).error


def test_printable_names_are_unchanged_and_percent_is_escaped_only_with_them():
    assert printable_name("100% é µg.txt") == "100% é µg.txt"
    assert printable_name("100%\udcff.txt") == "100%25%FF.txt"
    assert printable_name("a\u2028b") == "a%E2%80%A8b"


def test_the_usual_ids_are_kept(tmp_path: Path):
    _tree(tmp_path, ["a.md", "a.txt", "sub/a.txt", "sub/deeper/a.TXT", "c.tar.txt", "x y é.txt",
                     ".git/d.txt", "sub/.hidden/c.txt", "notes.rst"])
    assert [(s.doc_id, s.rel_path) for s in discover_sources(tmp_path)] == [
        ("a", "a.md"), ("a__txt", "a.txt"), ("c.tar", "c.tar.txt"), ("sub__a__txt", "sub/a.txt"),
        ("sub__deeper__a__txt", "sub/deeper/a.TXT"), ("x y é", "x y é.txt"),
    ]


@pytest.mark.parametrize("names", [
    ["b.txt", "q/z__b.md", "z/b.txt", "z__b.txt"],  # z/b.txt and z__b.txt: same long form
    ["x.txt", "x.md", "a/x.md", "sub/x.txt", "sub/x.TXT"],  # the extension is lower-cased
    ["a/b.txt", "a__b.txt", "b.md", "a__b__txt.md", "A/b.TXT", "a/b.TXT"],
])
def test_names_that_map_to_the_same_id_get_distinct_ids_on_every_run(tmp_path: Path, names):
    _tree(tmp_path, names)
    first = [(s.rel_path, s.doc_id) for s in discover_sources(tmp_path)]
    assert len(first) == len(names)
    assert len({doc_id for _, doc_id in first}) == len(first), first
    assert first == [(s.rel_path, s.doc_id) for s in discover_sources(tmp_path)]


def test_every_tree_of_clashing_names_gets_unique_ids(tmp_path: Path):
    import itertools

    parts = ["a", "b", "a__b", "a__b__txt"]
    names = sorted({f"{d}/{f}.{e}" if d else f"{f}.{e}"
                    for d, f, e in itertools.product(["", "a", "a__b"], parts, ["txt", "md", "TXT"])})
    _tree(tmp_path, names)
    ids = [s.doc_id for s in discover_sources(tmp_path)]
    assert len(ids) == len(names) == len(set(ids))


def test_a_tree_a_thousand_folders_deep_is_walked(tmp_path: Path):
    chain = [tmp_path]
    try:
        for _ in range(1000):  # Path.mkdir(parents=True) would recurse too
            chain.append(chain[-1] / "d")
            chain[-1].mkdir()
        (chain[-1] / "bottom.txt").write_text("Found.\n")
        (tmp_path / "top.txt").write_text("Top.\n")
        sources = discover_sources(tmp_path)
        assert [s.doc_id for s in sources] == ["bottom", "top"]
        assert ingest(sources[0], 10_000).text == "Found.\n"
    finally:  # pytest's clean-up (shutil.rmtree) recurses, so remove the chain bottom-up
        for folder in reversed(chain[1:]):
            for child in folder.iterdir():
                if not child.is_dir():
                    child.unlink()
            folder.rmdir()


def test_an_unreadable_folder_becomes_an_error_row(tmp_path: Path, monkeypatch):
    _tree(tmp_path, ["a.txt", "locked/a.txt", "open/b.txt"])
    real = os.scandir
    locked = str(tmp_path / "locked")

    def scandir(path="."):
        if os.fspath(path) == locked:  # root reads anything, so the refusal is simulated
            raise PermissionError(13, "Permission denied", locked)
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    sources = discover_sources(tmp_path)
    assert [(s.doc_id, s.rel_path) for s in sources] == [("a", "a.txt"), ("b", "open/b.txt"), ("locked", "locked/")]
    doc = ingest(sources[-1], 10_000)
    assert doc.status == "error" and doc.error == "the folder cannot be read (permission denied)"
    assert doc.source_path == "locked/"
    with pytest.raises(SourceError, match="permission denied"):
        read_source_bytes(sources[-1], 10_000)


def test_an_unreadable_sources_folder_stops_discovery_with_a_clear_error(tmp_path: Path, monkeypatch):
    def scandir(path="."):
        raise PermissionError(13, "Permission denied", os.fspath(path))

    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.raises(PermissionError, match="the sources folder cannot be read"):
        discover_sources(tmp_path)


def test_read_source_bytes_is_read_bytes_with_the_discovery_choices(tmp_path: Path):
    sources = _tree(tmp_path / "s", ["a.txt"])
    _tree(tmp_path / "o", ["b.txt"], text="outside\n")
    (sources / "b.txt").symlink_to(tmp_path / "o" / "b.txt")
    by_id = {s.doc_id: s for s in discover_sources(sources)}
    assert read_source_bytes(by_id["a"], 100) == b"Osteoporosis weakens bones.\n"
    with pytest.raises(SourceError, match="outside the sources folder"):
        read_source_bytes(by_id["b"], 100)
    by_id = {s.doc_id: s for s in discover_sources(sources, follow_links=True)}
    assert read_source_bytes(by_id["b"], 100) == b"outside\n"
