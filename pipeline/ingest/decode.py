"""Read one source file and decode it, or say in plain words why it cannot be used.

Offsets everywhere in the dataset index the text returned here, so decoding never
rewrites the text (no newline or Unicode normalisation); only a byte-order mark is
dropped, as every reader of UTF-8, UTF-16 and UTF-32 does.

Reading is the one place where a source meets the file system, so it is also where a
hostile or careless tree is defused: only regular files are opened (a named pipe, socket
or device would block or never end), the size limit holds while reading (a file's
reported size can lie, ``/proc`` files report 0), and a link leading out of the sources
folder is refused unless the user asked for links to be followed.
"""
from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from charset_normalizer import from_bytes

#: Share of control characters (other than tab/newline/CR/FF) above which a decoded
#: file is treated as binary rather than text.
_MAX_CONTROL_SHARE = 0.01
#: How many leading bytes to inspect for NUL bytes (binary formats show them early).
_SNIFF_BYTES = 8192
#: Byte-order marks that name an encoding outright; UTF-32 first, since the UTF-32 LE
#: mark begins with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
#: How much cleaner (in charset-normalizer's mess ratio, 0 = clean, 1 = noise) a rarer
#: code page must read than the Western one before it is preferred.
_STRONG_EVIDENCE = 0.1
#: Refusal of a link leading out of the sources folder (the CLI option is named so
#: that the message tells the user what to do).
OUTSIDE_LINK = "a link to a file outside the sources folder; pass --follow-links to read it"


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


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _check_regular(mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise SourceError("the path is a folder, not a file")
    if not stat.S_ISREG(mode):
        raise SourceError(f"the path is {_kind(mode)}, not a regular file; only regular files are read")


def _os_error(exc: OSError) -> SourceError:
    if isinstance(exc, FileNotFoundError):
        return SourceError("the file disappeared before it could be read")
    if isinstance(exc, IsADirectoryError):
        return SourceError("the path is a folder, not a file")
    return SourceError(f"the file cannot be read ({exc.strerror or exc})")


def _too_large(max_bytes: int, size: int | None = None) -> SourceError:
    got = f"{size:,} bytes" if size is not None else f"more than {max_bytes:,} bytes"
    return SourceError(f"the file is too large ({got}; the limit is {max_bytes:,} bytes)")


def is_outside(path: Path, root: Path) -> bool:
    """Whether ``path``, with every link resolved, lies outside ``root`` (also resolved)."""
    real = os.path.realpath(path)
    top = _real_root(str(root), _identity(root))
    return not (real == top or real.startswith(top.rstrip(os.sep) + os.sep))


def _identity(path: Path) -> tuple[int, int, int]:
    """What changes when ``path`` is replaced or re-pointed (a link retargeted)."""
    try:
        st = os.lstat(path)
    except OSError:
        return (0, 0, 0)
    return (st.st_dev, st.st_ino, st.st_mtime_ns)


@lru_cache(maxsize=16)
def _real_root(root: str, identity: tuple[int, int, int]) -> str:
    """The sources folder with its links resolved, once per folder (a run checks every
    source against it: resolving it again for each of 10,000 sources took half the hashing)."""
    return os.path.realpath(root)


def read_bytes(path: Path, max_bytes: int, *, root: Path | None = None, follow_links: bool = False) -> bytes:
    """A source's raw bytes, read only if it is a regular file within the limits.

    The file is looked at (``stat``) before it is opened, so a named pipe, socket or
    device is refused without ever blocking on it; it is opened non-blocking all the
    same and checked again on the open descriptor, in case it was swapped in between.
    At most ``max_bytes + 1`` bytes are read, so a file that is larger than it says
    still stops at the limit.

    Args:
        path: The file to read.
        max_bytes: Largest accepted size in bytes.
        root: The sources folder; when given, a path whose links lead outside it is
            refused unless ``follow_links`` is true. Without it no such check is made.
        follow_links: Read files that links lead to outside ``root``.

    Raises:
        SourceError: with a plain-words reason, for every way the file cannot be used.
    """
    if os.path.islink(path) and not os.path.exists(path):
        raise SourceError("the file is a broken link (its target does not exist)")
    if root is not None and not follow_links and is_outside(path, root):
        raise SourceError(OUTSIDE_LINK)
    try:
        info = os.stat(path)
    except OSError as exc:
        raise _os_error(exc) from exc
    _check_regular(info.st_mode)
    if info.st_size > max_bytes:
        raise _too_large(max_bytes, info.st_size)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise _os_error(exc) from exc
    with open(fd, "rb", closefd=True) as fh:
        _check_regular(os.fstat(fd).st_mode)
        try:
            data = fh.read(max_bytes + 1)
        except OSError as exc:
            raise _os_error(exc) from exc
    if len(data) > max_bytes:
        raise _too_large(max_bytes)
    return data


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return bad / len(text)


def _decode_by_bom(data: bytes, digest: str) -> tuple[str, str] | None:
    """Text and encoding of a UTF-16/32 file that says so with a byte-order mark."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise SourceError(
                    f"the file starts with a {encoding.upper()} byte-order mark but is not "
                    f"valid {encoding.upper()} (bad bytes at position {exc.start})",
                    digest,
                ) from exc
    return None


def _decode_legacy(data: bytes) -> tuple[str, str, str] | None:
    """Text, encoding and how it was chosen, for bytes that are not UTF-8.

    Western text (cp1252, or Latin-1 when cp1252 leaves a byte undefined) is preferred,
    because it is by far the likeliest legacy encoding and many code pages decode the
    same bytes without error: charset-normalizer calls a short Latin-1 French sentence
    cp775 on a slightly higher language score. A rarer code page wins only on strong
    evidence: the Western reading is so garbled that charset-normalizer discards it (its
    mess ratio is over 0.2, as for Cyrillic, Greek or CJK bytes), or the rarer reading's
    mess ratio is lower by at least ``_STRONG_EVIDENCE`` (0.1, a tenth of the text
    looking wrong). Language-fit (coherence) differences alone never decide, since on
    short texts they are small and noisy. Central European text in cp1250 thus reads as
    cp1252 (a few letters wrong), which the warning asks the user to check.
    """
    try:
        western, western_text = "cp1252", data.decode("cp1252")
    except UnicodeDecodeError:
        western, western_text = "latin-1", data.decode("latin-1")
    isolated = from_bytes(data, cp_isolation=["cp1252" if western == "cp1252" else "latin_1"]).best()
    best = from_bytes(data).best()
    if best is not None and best.encoding not in {"cp1252", "latin_1", "utf_8", "ascii"}:
        if isolated is None or isolated.chaos - best.chaos >= _STRONG_EVIDENCE:
            try:
                return data.decode(best.encoding), best.encoding, "detected"
            except (UnicodeDecodeError, LookupError):
                return str(best), best.encoding, "detected"
    if isolated is None and (best is None or best.encoding in {"utf_8", "ascii"}):
        return None
    return western_text, western, "the usual Western encoding; no other fits clearly better"


def decode_bytes(data: bytes) -> DecodedSource:
    """Decode raw bytes, in this order: UTF-8 (with or without a byte-order mark), UTF-16
    or UTF-32 named by a byte-order mark, then a legacy code page (see
    :func:`_decode_legacy`) with a warning naming it.

    NUL bytes mean binary unless a UTF-16/32 byte-order mark explains them.

    Raises:
        SourceError: empty, binary, or undecodable input.
    """
    digest = sha256_bytes(data)
    if not data:
        raise SourceError("the file is empty", digest)
    warnings: list[str] = []
    by_bom = _decode_by_bom(data, digest)
    if by_bom is not None:
        text, encoding = by_bom
        warnings.append(f"the file is not UTF-8; decoded as {encoding} (named by its byte-order mark)")
    else:
        if b"\x00" in data[:_SNIFF_BYTES]:
            raise SourceError("the file is binary, not text (it contains NUL bytes)", digest)
        try:
            text = data.decode("utf-8-sig")
            encoding = "utf-8"
        except UnicodeDecodeError as exc:
            legacy = _decode_legacy(data)
            if legacy is None:
                raise SourceError(
                    f"the file is not valid UTF-8 (bad byte at position {exc.start}) "
                    "and no other text encoding fits it",
                    digest,
                ) from exc
            text, encoding, why = legacy
            warnings.append(f"the file is not UTF-8; decoded as {encoding} ({why}), check the text")
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise SourceError("the file is binary, not text (too many control characters)", digest)
    if not text.strip():
        raise SourceError("the file contains only whitespace", digest)
    return DecodedSource(
        text=text, sha256=digest, encoding=encoding, n_bytes=len(data), warnings=tuple(warnings)
    )


def read_source(path: Path, max_bytes: int, *, root: Path | None = None, follow_links: bool = False) -> DecodedSource:
    """THE way to read a source's text: every module that needs one calls this.

    One reader means one size limit and one set of refusals: only regular files, at most
    ``max_bytes`` read (enforced while reading), links out of ``root`` refused unless
    ``follow_links`` (see :func:`read_bytes`), then decoding as :func:`decode_bytes` does.
    Paths may hold any bytes (undecodable names arrive as ``surrogateescape`` strings,
    as :func:`os.fsdecode` gives them).

    Raises:
        SourceError: every failure, with a message to show the user as is.
    """
    return decode_bytes(read_bytes(path, max_bytes, root=root, follow_links=follow_links))
