"""PDFs with a text layer: text in reading order with its structure, page furniture set aside.

pdfminer.six's layout analysis groups characters into lines and text boxes and orders
the boxes in reading order, so a two-column leaflet reads column by column. Inside a box,
lines are grouped into paragraphs by their style: a line set larger than the body text
(or bold throughout) is a heading, the largest heading on the first page is the title, a
line that starts with a bullet or number (``rules/structure.jsonl``) opens a list item.
A paragraph cut by a column or page break (no end punctuation, next part in lower case)
is joined again. Page numbers and running headers in the page margins
(``rules/pdf_furniture.jsonl``) stay in the text as boilerplate.

Lines are joined with a space (a hyphen at a line end is kept, without the space), and
ligature characters (``ﬁ``, ``ﬀ``) are written as their letters, so words are searchable;
the result is the extracted text every offset of the source refers to.

A PDF whose pages are images (a scan), one protected by a password, and one that is
damaged are refused with a plain reason; nothing here raises anything else.
"""
from __future__ import annotations

import io
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from typing import Any, Literal

from lxml import etree
from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LAParams, LTChar, LTFigure, LTImage, LTTextBox, LTTextLine
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1
from pdfminer.utils import decode_text

from pipeline.ingest.decode import SourceError
from pipeline.ingest.metadata import Extracted, metadata_from
from pipeline.ingest.structure import HEADING_MAX_WORDS, Piece, assemble, classify_line
from pipeline.rules import Rule, load_jsonl

#: A line whose characters are at least this much larger than the body text is a heading.
HEADING_SIZE_RATIO = 1.15
#: Share of ``(cid:N)`` placeholders above which a PDF's fonts cannot be mapped to text.
_MAX_UNMAPPED_SHARE = 0.05
_LIGATURES = re.compile("[\ufb00-\ufb06]")
_CID = re.compile(r"\(cid:\d+\)")
_SPACE = re.compile(r"\s+")
_END = (".", "!", "?", ":", ";")
_BOLD = re.compile(r"(?i)bold|black|heavy|semibold|demi")

Style = Literal["title", "heading", "body"]


class FurnitureRule(Rule):
    category: str
    pattern: str
    margin: float
    repeated: bool
    min_pages: int


@lru_cache(maxsize=1)
def furniture_rules() -> tuple[tuple[FurnitureRule, re.Pattern[str] | None], ...]:
    return tuple((r, re.compile(r.pattern) if r.pattern else None)
                 for r in load_jsonl("pdf_furniture.jsonl", FurnitureRule))


@dataclass
class _Line:
    text: str
    size: float
    bold: bool
    n_chars: int


@dataclass
class _Box:
    page: int
    lines: list[_Line]
    top: float  # share of the page height above the box (0 = top edge)
    bottom: float  # share below it
    furniture: tuple[str, str] | None = None

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)


@dataclass
class _Para:
    kind: str
    text: str
    skip: int = 0
    rule_id: str = ""
    set_aside: tuple[str, str] | None = None
    page: int = 0


def _clean(text: str) -> str:
    text = _LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    return _SPACE.sub(" ", text).strip()


def _line(line: LTTextLine) -> _Line | None:
    chars = [c for c in line if isinstance(c, LTChar)]
    text = _clean(line.get_text())
    if not text or not chars:
        return None
    size = statistics.median(round(c.size, 1) for c in chars)
    bold = sum(1 for c in chars if _BOLD.search(c.fontname or "")) * 2 > len(chars)
    return _Line(text, size, bold, len(chars))


def _has_image(item: Any) -> bool:
    if isinstance(item, LTImage):
        return True
    return isinstance(item, LTFigure) and any(_has_image(child) for child in item)


def _open(data: bytes) -> tuple[PDFDocument, list[str]]:
    if b"%PDF-" not in data[:1024]:
        raise SourceError("the file is not a PDF (it does not start with a %PDF header)")
    warnings: list[str] = []
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
    except PDFPasswordIncorrect as exc:
        raise SourceError("the PDF is protected by a password; save a copy without the password "
                          "and add that instead") from exc
    except PDFEncryptionError as exc:
        raise SourceError(f"the PDF is encrypted in a way that cannot be read ({exc})") from exc
    except Exception as exc:  # noqa: BLE001 - a third-party parser on untrusted input
        raise SourceError(f"the PDF is damaged and cannot be read ({type(exc).__name__})") from exc
    if document.encryption is not None:
        warnings.append("the PDF is encrypted but opens without a password (its owner restricted "
                        "copying or printing); its text was read all the same")
    return document, warnings


def _pages(document: PDFDocument, warnings: list[str]) -> tuple[list[_Box], list[int]]:
    """Text boxes of every page in reading order, and the pages that are only images."""
    manager = PDFResourceManager()
    device = PDFPageAggregator(manager, laparams=LAParams())
    interpreter = PDFPageInterpreter(manager, device)
    boxes: list[_Box] = []
    image_pages: list[int] = []
    try:
        pages = list(PDFPage.create_pages(document))
    except Exception as exc:  # noqa: BLE001
        raise SourceError(f"the PDF is damaged and cannot be read ({type(exc).__name__})") from exc
    for number, page in enumerate(pages, start=1):
        try:
            interpreter.process_page(page)
            layout = device.get_result()
        except Exception as exc:  # noqa: BLE001
            warnings.append(f"page {number} of the PDF cannot be read ({type(exc).__name__}); it is left out")
            continue
        height = max(layout.height, 1.0)
        found = False
        for item in layout:
            if isinstance(item, LTTextBox):
                lines = [ln for ln in (_line(x) for x in item if isinstance(x, LTTextLine)) if ln]
                if lines:
                    found = True
                    boxes.append(_Box(number, lines, (layout.y1 - item.y1) / height, (item.y0 - layout.y0) / height))
        if not found and any(_has_image(item) for item in layout):
            image_pages.append(number)
    return boxes, image_pages


def _mark_furniture(boxes: list[_Box]) -> None:
    def key(box: _Box) -> str:
        return re.sub(r"\d+", "#", box.text.casefold())

    for rule, pattern in furniture_rules():
        in_margin = [b for b in boxes if b.furniture is None and min(b.top, b.bottom) < rule.margin]
        pages_of: dict[str, set[int]] = {}
        for box in in_margin:
            pages_of.setdefault(key(box), set()).add(box.page)
        for box in in_margin:
            if pattern is not None and not pattern.search(box.text):
                continue
            if rule.repeated and len(pages_of[key(box)]) < rule.min_pages:
                continue
            box.furniture = (rule.category, rule.id)


def _style(line: _Line, body: float, title_size: float | None) -> Style:
    if title_size is not None and line.size >= title_size:
        return "title"
    if line.size >= body * HEADING_SIZE_RATIO:
        return "heading"
    if line.bold and len(line.text.split()) <= HEADING_MAX_WORDS and not line.text.endswith("."):
        return "heading"
    return "body"


def _join(parts: list[str]) -> str:
    out = parts[0]
    for part in parts[1:]:
        out += part if out.endswith("-") and out[-2:-1].isalpha() else " " + part
    return out


def _paragraphs(boxes: list[_Box]) -> list[_Para]:
    sizes: Counter[float] = Counter()
    for box in boxes:
        if box.furniture is None:
            for line in box.lines:
                sizes[line.size] += line.n_chars
    body = sizes.most_common(1)[0][0] if sizes else 0.0
    first_page = [ln for b in boxes if b.page == boxes[0].page and b.furniture is None for ln in b.lines] if boxes else []
    top = max((ln.size for ln in first_page), default=0.0)
    title_size = top if top >= body * HEADING_SIZE_RATIO else None
    paras: list[_Para] = []
    for box in boxes:
        if box.furniture is not None:
            paras.append(_Para("boilerplate", box.text, set_aside=box.furniture, page=box.page))
            continue
        group: list[str] = []
        group_style: Style | None = None

        def close() -> None:
            if group:
                paras.append(_para(_join(group), group_style or "body", box.page))
                group.clear()

        for line in box.lines:
            style = _style(line, body, title_size if box.page == boxes[0].page else None)
            opens_item = style == "body" and classify_line(line.text, first=False)[0] == "list_item"
            if style != group_style or opens_item:
                close()
                group_style = style
            group.append(line.text)
        close()
    titles = [p for p in paras if p.kind == "title"]
    for extra in titles[1:]:
        extra.kind = "heading"
    return _merge_broken(paras)


def _para(text: str, style: Style, page: int) -> _Para:
    if style in ("title", "heading"):
        return _Para(style, text, page=page)
    kind, rule_id, skip = classify_line(text, first=False)
    if kind == "list_item":
        return _Para("list_item", text, skip, rule_id, page=page)
    return _Para("paragraph", text, page=page)


def _merge_broken(paras: list[_Para]) -> list[_Para]:
    """Join a paragraph that a column or page break cut in two (``...three times`` /
    ``a day.``), skipping the page furniture between the parts."""
    out: list[_Para] = []
    last_text: _Para | None = None
    for para in paras:
        if (para.kind == "paragraph" and last_text is not None and last_text.kind in ("paragraph", "list_item")
                and not last_text.text.endswith(_END) and para.text[:1].islower()):
            last_text.text = _join([last_text.text, para.text])
            continue
        out.append(para)
        if para.set_aside is None:
            last_text = para
    return out


def _pieces(paras: list[_Para]) -> list[Piece]:
    """Paragraphs as pieces of the text: consecutive list items joined by single line breaks."""
    return [Piece(p.kind, p.text, p.rule_id, p.set_aside, skip=p.skip,
                  tight=k > 0 and p.kind == paras[k - 1].kind == "list_item")
            for k, p in enumerate(paras)]


def _info_values(document: PDFDocument) -> dict[str, list[str]]:
    """Document-info entries (lower-case keys) and XMP properties (``prefix:name``)."""
    values: dict[str, list[str]] = {}
    for info in document.info:
        for key, raw in info.items():
            value = resolve1(raw)
            if isinstance(value, bytes):
                value = decode_text(value)
            if isinstance(value, str) and value.strip():
                values.setdefault(str(key).lower(), []).append(value.strip())
    try:
        stream = resolve1(document.catalog.get("Metadata"))
        xml = stream.get_data() if stream is not None else b""
        if xml:
            parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
            root = etree.fromstring(xml, parser)
            for el in root.iter() if root is not None else ():
                if isinstance(el.tag, str) and el.prefix:
                    text = " ".join(t.strip() for t in el.itertext() if t.strip())
                    if text:
                        values.setdefault(f"{el.prefix}:{etree.QName(el).localname}".lower(), []).append(text)
    except Exception:  # noqa: BLE001 - metadata is optional; a broken XMP stream is ignored
        pass
    return values


def extract_pdf(data: bytes) -> Extracted:
    """The extracted text, blocks and metadata of one PDF.

    Raises:
        SourceError: not a PDF, password-protected, damaged, or without a text layer.
    """
    document, warnings = _open(data)
    boxes, image_pages = _pages(document, warnings)
    if not boxes:
        if image_pages:
            raise SourceError("the PDF has no text layer: its pages are images (a scan?); run OCR on it "
                              "(for example with ocrmypdf) and add the result")
        raise SourceError("the PDF has no text")
    text_all = " ".join(b.text for b in boxes)
    if sum(len(m) for m in _CID.findall(text_all)) > len(text_all) * _MAX_UNMAPPED_SHARE:
        raise SourceError("the PDF's fonts do not say which letters they draw, so its text cannot be "
                          "extracted; run OCR on it and add the result")
    for number in image_pages:
        warnings.append(f"page {number} of the PDF has no text layer (a scanned page?); its content is missing")
    _mark_furniture(boxes)
    paras = _paragraphs(boxes)
    if not any(p.set_aside is None for p in paras):
        raise SourceError("the PDF has no text besides page numbers and running headers")
    text, blocks = assemble(_pieces(paras))
    meta = metadata_from(_info_values(document), text=text)
    return Extracted(text, tuple(blocks), meta, tuple(warnings), f"pdfminer.six {version('pdfminer.six')}")
