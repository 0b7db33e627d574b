"""From a file on disk to an :class:`IngestedDocument` (or a plain-words error)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.ingest.boilerplate import mark_boilerplate
from pipeline.ingest.credibility import assess_credibility
from pipeline.ingest.decode import DecodedSource, SourceError, read_source
from pipeline.ingest.structure import Block, split_blocks
from pipeline.settings import SOURCE_SUFFIXES

MARKDOWN_SUFFIXES = (".md", ".markdown")
CONTENT_KINDS = ("title", "heading", "paragraph", "list_item", "caption")


@dataclass(frozen=True)
class SourceFile:
    """A source found by discovery: its path and the ``doc_id`` it is published under."""

    path: Path
    doc_id: str
    rel_path: str


@dataclass(frozen=True)
class IngestedDocument:
    """A decoded source with structure, or an error saying why it could not be used."""

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

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def discover_sources(folder: Path) -> list[SourceFile]:
    """Every source file below ``folder`` in a stable order, with unique ``doc_id``s.

    ``doc_id`` is the file name without extension; when two files share a stem (in
    different sub-folders or with different extensions) the later ones are told apart by
    their relative path, so no document silently replaces another.
    """
    if not folder.is_dir():
        raise FileNotFoundError(f"source folder not found: {folder}")
    found = sorted(
        p for p in folder.rglob("*")
        if p.suffix.lower() in SOURCE_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
    used: set[str] = set()
    out: list[SourceFile] = []
    for path in found:
        rel = path.relative_to(folder).as_posix()
        doc_id = path.stem
        if doc_id in used:
            doc_id = rel.rsplit(".", 1)[0].replace("/", "__") + "__" + path.suffix.lower().lstrip(".")
        used.add(doc_id)
        out.append(SourceFile(path=path, doc_id=doc_id, rel_path=rel))
    return out


def ingest(source: SourceFile, max_bytes: int) -> IngestedDocument:
    """Read, decode and structure one source; never raises for a bad file."""
    try:
        decoded = read_source(source.path, max_bytes)
    except SourceError as exc:
        return IngestedDocument(
            doc_id=source.doc_id, source_path=source.rel_path, sha256=exc.sha256,
            status="error", error=str(exc),
        )
    return structure(source, decoded)


def structure(source: SourceFile, decoded: DecodedSource) -> IngestedDocument:
    """Blocks, boilerplate, title and credibility of a decoded source."""
    text = decoded.text
    blocks = split_blocks(text, markdown=source.path.suffix.lower() in MARKDOWN_SUFFIXES)
    blocks, spans = mark_boilerplate(text, blocks)
    cred = assess_credibility(text, blocks, spans)
    title = next((text[b.start : b.end] for b in blocks if b.kind in ("title", "heading")), "")
    return IngestedDocument(
        doc_id=source.doc_id,
        source_path=source.rel_path,
        sha256=decoded.sha256,
        text=text,
        encoding=decoded.encoding,
        warnings=decoded.warnings,
        title=title,
        blocks=tuple(blocks),
        boilerplate_spans=tuple(spans),
        source_kind=cred.source_kind,
        credibility=cred.credibility,
        credibility_rule=cred.rule_id,
        n_chars=len(text),
    )
