"""Read PubTator files and turn them into spaCy training data.

PubTator is the exchange format of the BioCreative V CDR and NCBI disease corpora: a
document is ``PMID|t|title`` and ``PMID|a|abstract``, then one tab-separated line per
mention (``PMID start end text type ids [names]``) with character offsets into
``title + " " + abstract``, optional relation lines (``PMID CID chem dis``), and a blank
line. The reader is lenient about what real files contain (Windows line endings, a BOM,
missing abstracts, missing blank lines, missing id columns) and strict about what would
silently corrupt offsets (a mention for another PMID, a non-numeric or out-of-range
offset), which it reports as :class:`PubTatorFormatError` with the line number.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span
from spacy.util import filter_spans

#: Entity labels the model predicts (scispaCy's ``en_ner_bc5cdr_md`` uses the same).
LABELS: tuple[str, ...] = ("CHEMICAL", "DISEASE")


class PubTatorFormatError(ValueError):
    """A PubTator file cannot be read without guessing; the message names the line."""


@dataclass(frozen=True)
class Mention:
    """One annotated mention; ``start``/``end`` are offsets into ``Document.text``."""

    start: int
    end: int
    text: str
    type: str
    ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    """One PubTator document (a PubMed title and abstract) with its gold mentions."""

    pmid: str
    title: str
    abstract: str = ""
    mentions: tuple[Mention, ...] = ()
    relations: tuple[tuple[str, ...], ...] = ()

    @property
    def text(self) -> str:
        """Title and abstract joined by one space, the text PubTator offsets refer to."""
        return f"{self.title} {self.abstract}" if self.abstract else self.title


@dataclass
class ConversionStats:
    """What happened to the gold mentions on the way to token-aligned spans.

    Attributes:
        documents: documents converted.
        mentions: mentions read.
        kept: spans written to the DocBin.
        unmapped: mentions whose type is not in the label map (skipped).
        misaligned: mentions whose offsets cut through a token; they are kept, expanded
            to the enclosing tokens (``alignment_mode="expand"``).
        unalignable: mentions that cover no token at all (whitespace only; skipped).
        overlapping: spans dropped because they overlap a longer (or, at equal length,
            earlier) span; spaCy's NER cannot represent overlapping entities.
        text_mismatch: mentions whose text column differs from ``text[start:end]``; a
            sign of wrong offsets, counted but kept because the offsets are authoritative.
    """

    documents: int = 0
    mentions: int = 0
    kept: int = 0
    unmapped: int = 0
    misaligned: int = 0
    unalignable: int = 0
    overlapping: int = 0
    text_mismatch: int = 0
    unmapped_types: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        """One line for logs and the CLI."""
        return (
            f"{self.documents} docs, {self.mentions} mentions -> {self.kept} spans "
            f"({self.misaligned} expanded to token boundaries, {self.overlapping} "
            f"overlapping dropped, {self.unalignable} unalignable, {self.unmapped} "
            f"unmapped type, {self.text_mismatch} text mismatches)"
        )


def load_label_map(path: Path | None = None) -> dict[str, str]:
    """Load the PubTator-type -> label mapping (default: the packaged ``label_map.json``).

    Keys starting with ``_`` are comments. The mapping lives in data so that another
    corpus (e.g. one with ``Gene`` mentions) is a data change, not a code change.
    """
    if path is None:
        raw = (files("pipeline.ner") / "label_map.json").read_text(encoding="utf-8")
    else:
        raw = Path(path).read_text(encoding="utf-8")
    data = json.loads(raw)
    if not isinstance(data, dict) or not all(isinstance(v, str) for k, v in data.items() if not k.startswith("_")):
        raise ValueError(f"label map {path or 'label_map.json'} must be a JSON object of type -> label strings")
    return {k: v for k, v in data.items() if not k.startswith("_")}


def _split_ids(raw: str) -> tuple[str, ...]:
    # BC5CDR joins composite ids with "|", NCBI with "+" or ","; "-1" means "no id".
    parts = raw.replace("+", "|").replace(",", "|").split("|")
    return tuple(p.strip() for p in parts if p.strip() and p.strip() != "-1")


def parse_pubtator(lines: Iterable[str], source: str = "<lines>") -> Iterator[Document]:
    """Yield documents from PubTator lines (with or without line terminators).

    Args:
        lines: the file's lines; ``\\r\\n`` endings and a leading BOM are tolerated.
        source: name used in error messages.

    Raises:
        PubTatorFormatError: for a line that is neither title, abstract, mention nor
            relation, a mention for another PMID, or offsets outside the text.
    """
    pmid: str | None = None
    title = abstract = ""
    mentions: list[Mention] = []
    relations: list[tuple[str, ...]] = []
    first_line: dict[str, int] = {}

    def finish() -> Document | None:
        if pmid is None:
            return None
        doc = Document(pmid, title, abstract, tuple(mentions), tuple(relations))
        n = len(doc.text)
        for m in doc.mentions:
            if not 0 <= m.start < m.end <= n:
                raise PubTatorFormatError(
                    f"{source}: document {pmid} (line {first_line[pmid]}): mention "
                    f"{m.text!r} has offsets {m.start}-{m.end} outside its text of length {n}"
                )
        return doc

    for lineno, line in enumerate(lines, start=1):
        line = line.rstrip("\r\n").lstrip("\ufeff") if lineno == 1 else line.rstrip("\r\n")
        if not line.strip():
            continue
        head, sep, rest = line.partition("|")
        if sep and rest[:2] in ("t|", "a|") and "\t" not in head:
            kind, body = rest[0], rest[2:]
            if kind == "t" or head != pmid:
                # A title, or an abstract for a new PMID with no title line: new document.
                if (doc := finish()) is not None:
                    yield doc
                pmid, title, abstract, mentions, relations = head.strip(), "", "", [], []
                first_line[pmid] = lineno
            if kind == "t":
                title = body
            else:
                abstract = body
            continue
        cols = line.split("\t")
        if len(cols) < 4:
            raise PubTatorFormatError(
                f"{source}:{lineno}: expected 'PMID|t|title', 'PMID|a|abstract' or a "
                f"tab-separated mention/relation line, got {line[:80]!r}"
            )
        if cols[0].strip() != pmid:
            raise PubTatorFormatError(
                f"{source}:{lineno}: annotation for PMID {cols[0]!r} outside its document "
                f"(current document: {pmid!r})"
            )
        if not cols[1].strip().isdigit():
            relations.append(tuple(c.strip() for c in cols[1:]))
            continue
        if len(cols) < 5 or not cols[2].strip().isdigit():
            raise PubTatorFormatError(
                f"{source}:{lineno}: mention line needs 'PMID start end text type [ids]', got {line[:80]!r}"
            )
        mentions.append(
            Mention(
                start=int(cols[1]),
                end=int(cols[2]),
                text=cols[3],
                type=cols[4].strip(),
                ids=_split_ids(cols[5]) if len(cols) > 5 else (),
            )
        )
    if (doc := finish()) is not None:
        yield doc


def read_pubtator(path: Path) -> list[Document]:
    """Read a whole PubTator file.

    Raises:
        FileNotFoundError: if ``path`` does not exist.
        PubTatorFormatError: if the file is malformed or holds no document.
    """
    path = Path(path)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        docs = list(parse_pubtator(fh, source=str(path)))
    if not docs:
        raise PubTatorFormatError(f"{path}: no PubTator document found (expected 'PMID|t|title' lines)")
    return docs


def tokenizer_config() -> dict[str, Any]:
    """The ``[nlp.tokenizer]`` block of the NER training config (``ner.cfg``).

    Training Docs, the trained model and the NLP pipeline must tokenize alike; the training
    config is the one place that names the tokenizer for training.
    """
    from thinc.api import Config

    text = (files("pipeline.ner") / "ner.cfg").read_text(encoding="utf-8")
    return dict(Config().from_str(text, interpolate=False)["nlp"]["tokenizer"])


def make_tokenizer_nlp() -> Language:
    """A blank English pipeline with the NER's tokenizer, for building training Docs."""
    import pipeline.nlp  # noqa: F401  (registers the tokenizer)

    return spacy.blank("en", config={"nlp": {"tokenizer": tokenizer_config()}})


def document_to_doc(
    document: Document, nlp: Language, label_map: Mapping[str, str], stats: ConversionStats | None = None
) -> Doc:
    """Tokenize one document and set its gold mentions as token-aligned entities.

    Mentions cutting through a token are expanded to whole tokens and counted; of
    overlapping spans the longest (then earliest) is kept, so the result is deterministic.
    """
    stats = stats if stats is not None else ConversionStats()
    text = document.text
    doc = nlp.make_doc(text)
    spans: list[Span] = []
    for m in document.mentions:
        stats.mentions += 1
        if text[m.start : m.end] != m.text:
            stats.text_mismatch += 1
        label = label_map.get(m.type)
        if label is None:
            stats.unmapped += 1
            stats.unmapped_types[m.type] = stats.unmapped_types.get(m.type, 0) + 1
            continue
        span = doc.char_span(m.start, m.end, label=label)
        if span is None:
            span = doc.char_span(m.start, m.end, label=label, alignment_mode="expand")
            if span is None or len(span) == 0:
                stats.unalignable += 1
                continue
            stats.misaligned += 1
        spans.append(span)
    unique = {(s.start, s.end, s.label_): s for s in spans}  # exact duplicates are not conflicts
    kept = filter_spans(sorted(unique.values(), key=lambda s: (s.start, s.end, s.label_)))
    stats.overlapping += len(spans) - len(kept)
    stats.kept += len(kept)
    stats.documents += 1
    doc.ents = kept
    return doc


def to_docbin(
    documents: Iterable[Document], nlp: Language, label_map: Mapping[str, str]
) -> tuple[DocBin, ConversionStats]:
    """Convert documents to a DocBin of entity-annotated Docs, with alignment statistics."""
    stats = ConversionStats()
    db = DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE"], store_user_data=False)
    for document in documents:
        db.add(document_to_doc(document, nlp, label_map, stats))
    return db, stats


def convert_pubtator(
    path: Path, output: Path, *, nlp: Language | None = None, label_map: Mapping[str, str] | None = None
) -> ConversionStats:
    """Convert a PubTator file to a ``.spacy`` DocBin file at ``output``."""
    nlp = nlp if nlp is not None else make_tokenizer_nlp()
    label_map = label_map if label_map is not None else load_label_map()
    db, stats = to_docbin(read_pubtator(path), nlp, label_map)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(output)
    return stats
