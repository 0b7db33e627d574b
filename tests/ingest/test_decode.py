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
