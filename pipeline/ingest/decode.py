"""Read one source file and decode it, or say in plain words why it cannot be used.

Offsets everywhere in the dataset index the text returned here, so decoding never
rewrites the text (no newline or Unicode normalisation); only a UTF-8 byte-order mark
is dropped, as every UTF-8 reader does.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from charset_normalizer import from_bytes

#: Share of control characters (other than tab/newline/CR/FF) above which a decoded
#: file is treated as binary rather than text.
_MAX_CONTROL_SHARE = 0.01
#: How many leading bytes to inspect for NUL bytes (binary formats show them early).
_SNIFF_BYTES = 8192


@dataclass(frozen=True)
class DecodedSource:
    """A source that could be read.

    Attributes:
        text: The decoded text; the coordinate system for every offset.
        sha256: Hash of the raw bytes (identity for incremental reruns).
        encoding: Encoding used to decode (``utf-8`` unless detected otherwise).
        warnings: Plain-words notes about the decoding (for example a guessed encoding).
    """

    text: str
    sha256: str
    encoding: str
    n_bytes: int
    warnings: tuple[str, ...] = field(default_factory=tuple)


class SourceError(Exception):
    """A source that cannot be used; the message is shown to users as is."""

    def __init__(self, message: str, sha256: str = "") -> None:
        super().__init__(message)
        self.sha256 = sha256


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """Read a file's bytes, refusing ones over the size limit before reading them."""
    if path.is_symlink() and not path.exists():
        raise SourceError("the file is a broken link (its target does not exist)")
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise SourceError("the file disappeared before it could be read") from exc
    except OSError as exc:
        raise SourceError(f"the file cannot be read ({exc.strerror or exc})") from exc
    if size > max_bytes:
        raise SourceError(
            f"the file is too large ({size:,} bytes; the limit is {max_bytes:,} bytes)"
        )
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise SourceError("the file disappeared before it could be read") from exc
    except IsADirectoryError as exc:
        raise SourceError("the path is a folder, not a file") from exc
    except OSError as exc:
        raise SourceError(f"the file cannot be read ({exc.strerror or exc})") from exc


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return bad / len(text)


def decode_bytes(data: bytes) -> DecodedSource:
    """Decode raw bytes as UTF-8, falling back to a detected encoding with a warning.

    Raises:
        SourceError: empty, binary, or undecodable input.
    """
    digest = sha256_bytes(data)
    if not data:
        raise SourceError("the file is empty", digest)
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise SourceError("the file is binary, not text (it contains NUL bytes)", digest)
    warnings: list[str] = []
    try:
        text = data.decode("utf-8-sig")
        encoding = "utf-8"
    except UnicodeDecodeError as exc:
        best = from_bytes(data).best()
        if best is None or best.encoding in {"utf_8", "utf-8"}:
            raise SourceError(
                f"the file is not valid UTF-8 (bad byte at position {exc.start}) "
                "and no other text encoding fits it",
                digest,
            ) from exc
        encoding = best.encoding
        text = str(best)
        warnings.append(
            f"the file is not UTF-8; decoded as {encoding} (detected), check the text"
        )
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise SourceError("the file is binary, not text (too many control characters)", digest)
    if not text.strip():
        raise SourceError("the file contains only whitespace", digest)
    return DecodedSource(
        text=text, sha256=digest, encoding=encoding, n_bytes=len(data), warnings=tuple(warnings)
    )


def read_source(path: Path, max_bytes: int) -> DecodedSource:
    """Read and decode ``path``; every failure is a :class:`SourceError`."""
    return decode_bytes(read_bytes(path, max_bytes))
