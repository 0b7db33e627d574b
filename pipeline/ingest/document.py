"""From a file on disk to an :class:`IngestedDocument` (or a plain-words error).

Text and Markdown sources are read as they are: offsets index the decoded file. Saved web
pages (:mod:`pipeline.ingest.html`) and PDFs (:mod:`pipeline.ingest.pdf`) are converted to
an extracted text with the same blocks, and offsets index that text, which the run
publishes beside the dataset (``IngestedDocument.offsets_refer_to`` says which).
"""
from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path, PurePosixPath
from typing import Literal
from urllib.parse import unquote_to_bytes

from pipeline.ingest.boilerplate import mark_boilerplate
from pipeline.ingest.credibility import assess_credibility
from pipeline.ingest.decode import DecodedSource, SourceError, decode_bytes, read_bytes, sha256_bytes
from pipeline.ingest.metadata import Extracted, SourceMetadata
from pipeline.ingest.structure import Block, split_blocks
from pipeline.settings import SOURCE_SUFFIXES

MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
PDF_SUFFIXES = (".pdf",)
#: A browser's "save page, complete" puts the page's images, scripts and frames in a
#: folder named after the page (``Page_files/`` beside ``Page.html``): not sources.
SAVED_PAGE_FOLDER_SUFFIX = "_files"
CONTENT_KINDS = ("title", "heading", "paragraph", "list_item", "caption")
#: Unicode categories a name may not show as is (control characters, undecodable bytes
#: that ``os.fsdecode`` turned into lone surrogates, line and paragraph separators):
#: they would break JSON/parquet or a terminal, so they are written as ``%XX``.
_UNPRINTABLE = frozenset({"Cc", "Cs", "Zl", "Zp"})


@dataclass(frozen=True)
class SourceFile:
    """A source found by discovery: its path and the ``doc_id`` it is published under.

    Attributes:
        path: Where it is on disk (undecodable bytes as ``surrogateescape`` characters).
        doc_id: Unique, printable id, the same on every run over the same tree.
        rel_path: Printable path relative to the sources folder, safe for JSON and
            parquet (see :func:`printable_name`); :func:`locate_source` turns it back.
        problem: Why discovery already knows it cannot be used (a folder that cannot be
            listed, a name that cannot be told apart); ingesting it gives an error row.
        root: The sources folder it was found in; reading refuses links out of it.
        follow_links: Read files that links lead to outside ``root``.
    """

    path: Path
    doc_id: str
    rel_path: str
    problem: str = ""
    root: Path | None = None
    follow_links: bool = False


SourceFormat = Literal["text", "markdown", "html", "pdf"]


@dataclass(frozen=True)
class IngestedDocument:
    """A decoded source with structure, or an error saying why it could not be used.

    Attributes:
        sha256: Hash of the source file's bytes (the key of incremental reruns, whatever
            the format).
        text: The text every offset of this document refers to: the decoded file for
            text and Markdown, the extracted text for HTML and PDF.
        source_format: ``text``, ``markdown``, ``html`` or ``pdf``.
        offsets_refer_to: ``source`` (offsets index the source file's decoded text) or
            ``extracted`` (they index ``text``, which must be published beside the dataset
            as ``texts/<doc_id>.txt``, see :func:`extracted_text_path`).
        extractor: Library and version that produced an extracted text, else empty.
        author, site_name, published, doi, journal, canonical_url: What a page or PDF
            says about itself (see :class:`~pipeline.ingest.metadata.SourceMetadata`);
            empty for text sources.
    """

    doc_id: str
    source_path: str
    sha256: str = ""
    text: str = ""
    encoding: str = ""
    warnings: tuple[str, ...] = ()
    title: str = ""
    blocks: tuple[Block, ...] = ()
    boilerplate_spans: tuple[Block, ...] = ()
    source_kind: str = "unknown"
    credibility: float = 0.0
    credibility_rule: str = ""
    status: str = "ok"
    error: str = ""
    n_chars: int = 0
    source_format: SourceFormat = "text"
    offsets_refer_to: Literal["source", "extracted"] = "source"
    extractor: str = ""
    author: str = ""
    site_name: str = ""
    published: str = ""
    doi: str = ""
    journal: str = ""
    canonical_url: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def text_path(self) -> str:
        """Where the text the offsets refer to is published, relative to the output
        folder; empty when they refer to the source file itself."""
        return extracted_text_path(self.doc_id) if self.offsets_refer_to == "extracted" and self.ok else ""

    @property
    def text_sha256(self) -> str:
        """sha256 of the published text's bytes (UTF-8), for the manifest; empty for text sources."""
        return sha256_bytes(self.text.encode("utf-8")) if self.text_path else ""


def extracted_text_path(doc_id: str) -> str:
    """``texts/<doc_id>.txt``: where the extracted text of an HTML or PDF source is
    published, relative to the output folder (written as UTF-8, exactly ``text``)."""
    return f"texts/{doc_id}.txt"


def source_format(path: Path | str) -> SourceFormat:
    """The format a source is read as, by its extension."""
    suffix = PurePosixPath(str(path)).suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in PDF_SUFFIXES:
        return "pdf"
    return "markdown" if suffix in MARKDOWN_SUFFIXES else "text"


#: The libraries that turn HTML (:mod:`pipeline.ingest.html`) and PDF
#: (:mod:`pipeline.ingest.pdf`) sources into text.
TEXT_EXTRACTORS = ("trafilatura", "lxml", "pdfminer.six")


def ingest_fingerprint() -> dict[str, str]:
    """Versions of the libraries that turn HTML and PDF sources into text: a new version
    may cut the text differently, so it must re-extract those sources (part of the run
    fingerprint). Read from the installed packages' metadata, without importing them
    (importing trafilatura alone took 0.7 s of every run)."""
    return {name: version(name) for name in TEXT_EXTRACTORS}


def printable_name(name: str) -> str:
    """``name`` as printable text: unchanged when it is, else with every unprintable
    character's bytes (an undecodable byte is itself) and every ``%`` written ``%XX``.

    Names that are already printable keep their published form; the others become
    reversible (see :func:`locate_source`).
    """
    if name.isprintable() or not any(unicodedata.category(ch) in _UNPRINTABLE for ch in name):
        return name  # isprintable(): no character of any C or Z category but the space
    out = []
    for ch in name:
        if ch == "%" or unicodedata.category(ch) in _UNPRINTABLE:
            try:
                raw = ch.encode("utf-8", "surrogateescape")
            except UnicodeEncodeError:
                raw = ch.encode("utf-8", "surrogatepass")
            out.append("".join(f"%{b:02X}" for b in raw))
        else:
            out.append(ch)
    return "".join(out)


def locate_source(root: Path, rel_path: str) -> Path:
    """The file a published ``source_path`` names: as written, or, when no such path
    exists, with the ``%XX`` of :func:`printable_name` turned back into bytes."""
    plain = root / rel_path
    if "%" not in rel_path or os.path.lexists(plain):
        return plain
    return root / os.fsdecode(unquote_to_bytes(rel_path))


def _folder_problem(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "the folder disappeared while it was being listed"
    if isinstance(exc, PermissionError):
        return "the folder cannot be read (permission denied)"
    return f"the folder cannot be read ({(exc.strerror or str(exc)).lower()})"


def _walk(folder: Path) -> tuple[list[tuple[str, ...]], list[tuple[tuple[str, ...], str]]]:
    """Relative parts of every candidate source and of every folder that could not be
    listed, without recursion (a tree 1,000 folders deep is fine) and without following
    links to folders (no loops). Hidden names (leading ``.``) are skipped at any depth, and
    so is the ``Page_files/`` folder a browser saves beside ``Page.html``.
    """
    found: list[tuple[str, ...]] = []
    problems: list[tuple[tuple[str, ...], str]] = []
    stack: list[tuple[str, ...]] = [()]
    while stack:
        parts = stack.pop()
        try:
            with os.scandir(folder.joinpath(*parts)) as it:
                entries = list(it)
        except OSError as exc:
            if not parts:
                raise OSError(exc.errno, f"the sources folder cannot be read: {folder}") from exc
            problems.append((parts, _folder_problem(exc)))
            continue
        pages = {os.path.splitext(e.name)[0] for e in entries if _suffix(e.name) in HTML_SUFFIXES}
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.name.endswith(SAVED_PAGE_FOLDER_SUFFIX) and entry.name[: -len(SAVED_PAGE_FOLDER_SUFFIX)] in pages:
                continue
            rel = (*parts, entry.name)
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(rel)
            except OSError:
                pass
            if _suffix(entry.name) in SOURCE_SUFFIXES:
                found.append(rel)
    return sorted(found), sorted(problems)


def _suffix(name: str) -> str:
    """A file name's extension, lower case with its dot, as ``PurePosixPath.suffix`` gives
    it for every name that has one (without building a path: discovery calls this for
    each of 10,000 names)."""
    return os.path.splitext(name)[1].lower()


class _Ids:
    """Unique ``doc_id``s handed out in a fixed order, so every run gives the same."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, first: str, fallback: str) -> str:
        doc_id = first if first not in self.used else fallback
        n = 2
        while doc_id in self.used:
            doc_id = f"{fallback}__{n}"
            n += 1
        self.used.add(doc_id)
        return doc_id


def discover_sources(folder: Path, *, follow_links: bool = False) -> list[SourceFile]:
    """Every source file below ``folder`` in a stable order, with unique ``doc_id``s,
    plus an entry with a ``problem`` for every folder that could not be listed.

    ``doc_id`` is the file name without extension; when two files share a stem (in
    different sub-folders or with different extensions) the later ones (in sorted path
    order) are told apart by their relative path with ``/`` written ``__`` and the
    extension appended (``sub/a.txt`` → ``sub__a__txt``), so no document silently
    replaces another. Should even that be taken (``z/b.txt`` and ``z__b.txt``), ``__2``,
    ``__3``… follow. Folders that cannot be listed get ids after every file, so they
    never move a file's id. Names that are not printable text (bytes that are not
    UTF-8, control characters) appear as ``%XX`` in ``doc_id`` and ``rel_path``.

    Args:
        folder: The sources folder, searched recursively (hidden names skipped; links to
            folders are not entered).
        follow_links: Read files that links lead to outside ``folder``; by default such
            a link becomes an error row when it is read.

    Raises:
        FileNotFoundError: ``folder`` is not a folder.
        OSError: ``folder`` itself cannot be listed.
    """
    if not folder.is_dir():
        raise FileNotFoundError(f"source folder not found: {folder}")
    found, problems = _walk(folder)
    ids = _Ids()
    out: list[SourceFile] = []
    for parts in found:
        rel = "/".join(printable_name(p) for p in parts)
        path = folder.joinpath(*parts)
        suffix = _suffix(parts[-1]).lstrip(".")
        stem = os.path.splitext(rel.rpartition("/")[2])[0]
        doc_id = ids.take(stem, rel.rsplit(".", 1)[0].replace("/", "__") + "__" + suffix)
        problem = ""
        if rel != "/".join(parts) and os.path.lexists(folder / rel):
            problem = (f"the file name is not printable text and its printable form {rel!r} "
                       "names another file; rename one of them")
        out.append(SourceFile(path, doc_id, rel, problem, folder, follow_links))
    for parts, problem in problems:
        rel = "/".join(printable_name(p) for p in parts)
        doc_id = ids.take(rel.replace("/", "__"), rel.replace("/", "__"))
        out.append(SourceFile(folder.joinpath(*parts), doc_id, rel + "/", problem, folder, follow_links))
    return out


def read_source_bytes(source: SourceFile, max_bytes: int) -> bytes:
    """A discovered source's raw bytes, under the rules of
    :func:`~pipeline.ingest.decode.read_bytes` and the links choice made at discovery;
    for callers that hash before decoding (the run's cache)."""
    if source.problem:
        raise SourceError(source.problem)
    return read_bytes(source.path, max_bytes, root=source.root, follow_links=source.follow_links)


def ingest(source: SourceFile, max_bytes: int) -> IngestedDocument:
    """Read, decode and structure one source; never raises for a bad file."""
    try:
        data = read_source_bytes(source, max_bytes)
    except SourceError as exc:
        return error_document(source, exc)
    return ingest_bytes(source, data)


def error_document(source: SourceFile, exc: SourceError) -> IngestedDocument:
    """The error row of a source that cannot be used, with the reason in plain words."""
    return IngestedDocument(
        doc_id=source.doc_id, source_path=source.rel_path, sha256=exc.sha256,
        status="error", error=str(exc), source_format=source_format(source.path),
    )


def ingest_bytes(source: SourceFile, data: bytes) -> IngestedDocument:
    """Structure a source's raw bytes by its format; never raises for a bad file.

    What the run calls after hashing the bytes for its cache (``stages.ingest``): text and
    Markdown are decoded and split into lines, HTML and PDF are converted to an extracted
    text first. An unusable file (binary, empty, a scanned PDF, a password-protected PDF,
    a page with no text) gives an error document whose ``sha256`` is still the bytes'.
    """
    try:
        return structure_bytes(source, data)
    except SourceError as exc:
        exc.sha256 = exc.sha256 or sha256_bytes(data)
        return error_document(source, exc)


def structure_bytes(source: SourceFile, data: bytes) -> IngestedDocument:
    """:func:`ingest_bytes` that raises :class:`SourceError` for an unusable file."""
    fmt = source_format(source.path)
    # The converters load lxml, trafilatura and pdfminer; they are imported when a page or
    # PDF is read, so text-only runs and every CLI command start without them.
    if fmt == "html":
        from pipeline.ingest import html as html_source

        decoded = html_source.decode_page(data)
        return from_extracted(source, decoded, html_source.extract_html(decoded.text), fmt)
    if fmt == "pdf":
        from pipeline.ingest import pdf as pdf_source

        digest = sha256_bytes(data)
        try:
            extracted = pdf_source.extract_pdf(data)
        except SourceError as exc:
            exc.sha256 = digest
            raise
        decoded = DecodedSource(extracted.text, digest, "", len(data))
        return from_extracted(source, decoded, extracted, fmt)
    return structure(source, decode_bytes(data))


def document_text(source: SourceFile, max_bytes: int) -> str:
    """The text a document's offsets refer to, read afresh from its source file: the decoded
    file, or the extracted text of a page or PDF (what review apps show evidence from
    when the published ``texts/`` copy is not at hand).

    Raises:
        SourceError: the source cannot be read or used.
    """
    return structure_bytes(source, read_source_bytes(source, max_bytes)).text


def structure(source: SourceFile, decoded: DecodedSource) -> IngestedDocument:
    """Blocks, boilerplate, title and credibility of a decoded source."""
    text = decoded.text
    blocks = split_blocks(text, markdown=source.path.suffix.lower() in MARKDOWN_SUFFIXES)
    return _document(source, decoded, text, blocks, source_format(source.path))


def from_extracted(source: SourceFile, decoded: DecodedSource, extracted: Extracted,
                   fmt: SourceFormat) -> IngestedDocument:
    """An HTML or PDF source's document: the same text rules as a ``.txt`` source (prices,
    share prompts, testimonials) over the extracted blocks, credibility with the metadata's
    signals, and the metadata itself. ``decoded`` holds the bytes' hash and encoding."""
    return _document(source, decoded, extracted.text, list(extracted.blocks), fmt,
                     metadata=extracted.metadata, warnings=extracted.warnings,
                     offsets_refer_to="extracted", extractor=extracted.extractor)


def _document(source: SourceFile, decoded: DecodedSource, text: str, blocks: list[Block],
              fmt: SourceFormat, metadata: SourceMetadata | None = None, warnings: tuple[str, ...] = (),
              offsets_refer_to: Literal["source", "extracted"] = "source",
              extractor: str = "") -> IngestedDocument:
    """The document of a text and its blocks: boilerplate marked by the text rules, the
    title (the metadata's, else the first heading), credibility from text and metadata."""
    blocks, spans = mark_boilerplate(text, blocks)
    meta = metadata or SourceMetadata()
    cred = assess_credibility(text, blocks, spans, meta.signals())
    first = next((text[b.start : b.end] for b in blocks if b.kind in ("title", "heading")), "")
    return IngestedDocument(
        doc_id=source.doc_id,
        source_path=source.rel_path,
        sha256=decoded.sha256,
        text=text,
        encoding=decoded.encoding,
        warnings=(*decoded.warnings, *warnings),
        title=meta.title or first,
        blocks=tuple(blocks),
        boilerplate_spans=tuple(spans),
        source_kind=cred.source_kind,
        credibility=cred.credibility,
        credibility_rule=cred.rule_id,
        n_chars=len(text),
        source_format=fmt,
        offsets_refer_to=offsets_refer_to,
        extractor=extractor,
        author=meta.author,
        site_name=meta.site_name,
        published=meta.published,
        doi=meta.doi,
        journal=meta.journal,
        canonical_url=meta.canonical_url,
    )
