from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest.decode import SourceError, decode_bytes, read_source


def test_utf8_text_is_decoded_unchanged():
    text = "Osteoporosis\r\nthins bones — µg doses.\n"
    decoded = decode_bytes(text.encode("utf-8"))
    assert decoded.text == text  # no newline or Unicode normalisation: offsets stay exact
    assert decoded.encoding == "utf-8"
    assert decoded.warnings == ()


def test_bom_is_dropped():
    assert decode_bytes("\ufeffTitle".encode("utf-8")).text == "Title"


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"  \n\t\n", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (bytes(range(1, 32)) * 20, "binary"),
    ],
)
def test_unusable_bytes_raise_plain_errors(data, message):
    with pytest.raises(SourceError, match=message):
        decode_bytes(data)


def test_non_utf8_is_decoded_with_a_detected_encoding_and_a_warning():
    text = "Les patients atteints d'ostéoporose reçoivent du calcium et de la vitamine D. " * 5
    decoded = decode_bytes(text.encode("cp1252"))
    assert "ostéoporose" in decoded.text
    assert decoded.encoding != "utf-8"
    assert "not UTF-8" in decoded.warnings[0]


def test_sha256_is_of_the_raw_bytes():
    import hashlib

    data = "abc".encode()
    assert decode_bytes(data).sha256 == hashlib.sha256(data).hexdigest()


def test_read_source_refuses_large_files(tmp_path: Path):
    path = tmp_path / "big.txt"
    path.write_text("x" * 2000)
    with pytest.raises(SourceError, match="too large"):
        read_source(path, max_bytes=1000)


def test_read_source_missing_directory_and_broken_link(tmp_path: Path):
    with pytest.raises(SourceError, match="disappeared"):
        read_source(tmp_path / "gone.txt", 10_000)
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(SourceError, match="folder"):
        read_source(tmp_path / "folder.txt", 10_000)
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "nowhere.txt")
    with pytest.raises(SourceError, match="broken link"):
        read_source(link, 10_000)


# --- Encodings: UTF-8, then UTF-16/32 by byte-order mark, then Western before rarer pages


@pytest.mark.parametrize("encoding, bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
                                           ("utf-32-le", b"\xff\xfe\x00\x00")])
def test_utf16_and_utf32_with_a_byte_order_mark_are_text(encoding, bom):
    text = "Osteoporosis — 500 µg daily.\nSecond line.\n"
    decoded = decode_bytes(bom + text.encode(encoding))
    assert decoded.text == text
    assert decoded.encoding == encoding[:6]
    assert "not UTF-8" in decoded.warnings[0] and encoding[:6] in decoded.warnings[0]


def test_utf16_without_a_byte_order_mark_is_still_binary():
    with pytest.raises(SourceError, match="NUL bytes"):
        decode_bytes("Osteoporosis weakens bones.".encode("utf-16-le"))


def test_a_truncated_utf16_file_says_so():
    with pytest.raises(SourceError, match="UTF-16 byte-order mark but is not valid"):
        decode_bytes(b"\xff\xfe" + "Bone\n".encode("utf-16-le") + b"\x00\xd8")


@pytest.mark.parametrize("text", [
    "Ostéoporose: traitement à vie.",  # charset-normalizer alone calls this cp775
    "Die Patienten erhalten täglich 500 mg Calcium. Übelkeit und Schwindel sind häufig.",
])
def test_latin1_text_is_read_as_western_not_a_rarer_code_page(text):
    decoded = decode_bytes((text * 3).encode("latin-1"))
    assert decoded.text == text * 3
    assert decoded.encoding == "cp1252"
    assert "decoded as cp1252" in decoded.warnings[0]


def test_latin1_with_a_byte_cp1252_leaves_undefined_falls_back_to_latin1():
    text = "Les patients atteints d'ostéoporose reçoivent du calcium et de la vitamine D. " * 3
    data = text.encode("latin-1") + b"\x81 fin."
    decoded = decode_bytes(data)
    assert decoded.encoding == "latin-1" and decoded.text == data.decode("latin-1")


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r"])
def test_a_rarer_code_page_wins_on_strong_evidence(encoding):
    text = "Пациенты с остеопорозом получают кальций и витамин D. Часто назначают длительное лечение."
    decoded = decode_bytes(text.encode(encoding))
    assert decoded.text == text
    assert decoded.encoding.replace("_", "-") == encoding
    assert "detected" in decoded.warnings[0]


# --- Only regular files, the size limit held while reading, links out of the folder refused


def _read_in_thread(path: Path, **kwargs):
    """read_source in a thread, so a test that would hang fails instead."""
    import threading

    result: dict = {}

    def target():
        try:
            result["value"] = read_source(path, 10_000, **kwargs)
        except Exception as exc:  # noqa: BLE001 - the test inspects it
            result["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(5)
    return thread, result


def test_a_fifo_is_refused_without_blocking(tmp_path: Path):
    import os

    fifo = tmp_path / "x.txt"
    os.mkfifo(fifo)
    thread, result = _read_in_thread(fifo)
    if thread.is_alive():  # unblock the reader before failing
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(5)
        pytest.fail("reading a FIFO blocked")
    assert isinstance(result.get("error"), SourceError)
    assert "named pipe" in str(result["error"]) and "regular file" in str(result["error"])


def test_a_socket_is_refused(tmp_path: Path):
    import socket

    path = tmp_path / "s.txt"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        with pytest.raises(SourceError, match="a socket, not a regular file"):
            read_source(path, 10_000)


def test_a_device_behind_a_link_is_refused_even_when_links_are_followed(tmp_path: Path):
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    thread, result = _read_in_thread(link, root=tmp_path, follow_links=True)
    assert not thread.is_alive(), "reading /dev/zero did not stop"
    assert "a device, not a regular file" in str(result.get("error"))


def test_the_size_limit_holds_while_reading_when_the_reported_size_lies(tmp_path: Path):
    proc = Path("/proc/self/status")
    if not proc.exists() or proc.stat().st_size != 0:
        pytest.skip("needs a /proc file that reports size 0")
    link = tmp_path / "status.txt"
    link.symlink_to(proc)
    assert len(read_source(link, 100_000, root=tmp_path, follow_links=True).text) > 100
    with pytest.raises(SourceError, match="too large \\(more than 100 bytes"):
        read_source(link, 100, root=tmp_path, follow_links=True)


def test_a_link_outside_the_sources_folder_is_refused_unless_links_are_followed(tmp_path: Path):
    sources, elsewhere = tmp_path / "sources", tmp_path / "elsewhere"
    sources.mkdir(), elsewhere.mkdir()
    (elsewhere / "secret.txt").write_text("not a source\n")
    (sources / "inside.txt").write_text("a source\n")
    (sources / "out.txt").symlink_to(elsewhere / "secret.txt")
    (sources / "in.txt").symlink_to(sources / "inside.txt")
    with pytest.raises(SourceError, match="outside the sources folder; pass --follow-links"):
        read_source(sources / "out.txt", 10_000, root=sources)
    assert read_source(sources / "out.txt", 10_000, root=sources, follow_links=True).text == "not a source\n"
    assert read_source(sources / "in.txt", 10_000, root=sources).text == "a source\n"


def test_a_file_name_that_is_not_utf8_can_be_read(tmp_path: Path):
    import os

    raw = os.fsencode(tmp_path) + b"/bad\xff.txt"
    with open(raw, "wb") as fh:
        fh.write(b"Bones.\n")
    assert read_source(Path(os.fsdecode(raw)), 10_000, root=tmp_path).text == "Bones.\n"
