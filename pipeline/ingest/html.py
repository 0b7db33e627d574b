"""Saved web pages: the main text with its structure, page furniture set aside by rule.

The page is parsed with lxml and walked in document order into the units a reader sees:
the title, headings, paragraphs, list items, table rows (cells joined by `` | ``, so a dose
keeps its row's "who" and "how often"), figure captions and image alt text (where drug
names often hide). Those units become the extracted text, one per paragraph, and the blocks
that point into it, exactly as a ``.txt`` source's lines do.

Which units are the page's main text is decided twice, and both decisions are recorded:

1. ``rules/html_boilerplate.jsonl`` marks furniture by element, ARIA role and class/id
   (``html.nav``, ``html.cookie``, ``html.share``, ``html.comments``, ``html.related``,
   ``html.footer``...): the element and everything in it become ``boilerplate`` blocks with
   that rule's id and category.
2. Everything else is content when trafilatura (the main-text extractor) keeps it;
   what it leaves out is set aside as ``trafilatura.not_main_text`` (or
   ``trafilatura.comments`` for what it recognises as reader comments). Captions and alt
   text inside the main text's region stay content, since trafilatura drops figure captions.

Nothing is deleted: furniture stays in the extracted text, so reviewers can see what was
set aside and why.
"""
from __future__ import annotations

import codecs
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.metadata import version
from typing import Any, Literal

import lxml.html
import trafilatura
from lxml import etree

from pipeline.ingest.decode import DecodedSource, SourceError, decode_bytes
from pipeline.ingest.metadata import Extracted, SourceMetadata, metadata_from
from pipeline.ingest.structure import Piece, assemble
from pipeline.rules import Rule, load_jsonl

#: Elements never shown as text (scripts, styles, form fields, embedded media).
_SKIP = frozenset({"head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object",
                   "embed", "canvas", "select", "option", "textarea", "input", "video", "audio", "map",
                   "datalist", "meta", "link"})
#: Elements that hold one unit of text, and the block kind their text becomes.
_LEAF_KIND = {"p": "paragraph", "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading",
              "h5": "heading", "h6": "heading", "li": "list_item", "dt": "paragraph", "dd": "paragraph",
              "figcaption": "caption", "caption": "caption", "blockquote": "paragraph", "pre": "paragraph",
              "address": "paragraph", "summary": "heading", "legend": "heading"}
#: Elements that hold other blocks: their own loose text is a paragraph.
_CONTAINERS = frozenset({"html", "body", "div", "section", "article", "main", "header", "footer", "nav",
                         "aside", "figure", "ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "tr", "td",
                         "th", "form", "fieldset", "details", "center", "hgroup", "menu", "dialog", "hr"})
_BLOCKY = frozenset(_LEAF_KIND) | _CONTAINERS
#: Invisible characters a browser does not show (soft hyphen, zero-width marks).
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_SPACE = re.compile(r"\s+")
_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
#: Units shorter than this must match a trafilatura element exactly to count as main text
#: ("Home" is a substring of many sentences); longer ones may be part of one.
_MIN_SUBSTRING_MATCH = 25

Kind = Literal["title", "heading", "paragraph", "list_item", "caption"]


class HtmlRule(Rule):
    category: str
    tags: list[str]
    roles: list[str]
    attr_pattern: str
    outside: list[str]
    exempt_tags: list[str]


@lru_cache(maxsize=1)
def html_rules() -> tuple[tuple[HtmlRule, re.Pattern[str] | None], ...]:
    return tuple((r, re.compile(r.attr_pattern) if r.attr_pattern else None)
                 for r in load_jsonl("html_boilerplate.jsonl", HtmlRule))


#: The rules that matched the elements around a unit, outermost first, each with the
#: element it matched.
Matches = tuple[tuple[HtmlRule, Any], ...]


@dataclass
class _Unit:
    kind: Kind
    text: str
    element: Any
    rules: Matches
    rule_id: str = ""
    cells: tuple[str, ...] = ()
    main: bool = False
    set_aside: tuple[str, str] | None = None  # (category, rule_id) when not content


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text.translate(_INVISIBLE)).strip()


def _tag(el: Any) -> str | None:
    return el.tag.lower() if isinstance(el.tag, str) else None


def _rule_for(el: Any, tag: str) -> HtmlRule | None:
    role = (el.get("role") or "").strip().lower()
    tokens = [t for t in (el.get("class") or "").split() if t]
    if el.get("id"):
        tokens.append(el.get("id"))
    for rule, pattern in html_rules():
        hit = tag in rule.tags or (role and role in rule.roles)
        if not hit and pattern is not None and tag not in rule.exempt_tags:
            hit = any(pattern.search(t) for t in tokens)
        if hit and not (rule.outside and any(_tag(a) in rule.outside for a in el.iterancestors())):
            return rule
    return None


def _inline_text(el: Any) -> Iterator[str]:
    """Text of an element as a reader sees it (skipped elements left out, alt text not)."""
    if el.text:
        yield el.text
    for child in el:
        tag = _tag(child)
        if tag is not None and tag not in _SKIP:
            if tag == "br":
                yield " "
            yield from _inline_text(child)
            if tag in _BLOCKY:
                yield " "
        if child.tail:
            yield child.tail


class _Walker:
    """Document-order walk that cuts the page into units of text."""

    def __init__(self) -> None:
        self.units: list[_Unit] = []
        self.buffer: list[str] = []

    def flush(self, kind: Kind, element: Any, rules: Matches) -> None:
        text = _norm("".join(self.buffer))
        self.buffer = []
        if text:
            self.units.append(_Unit(kind, text, element, rules))

    def walk(self, el: Any, kind: Kind, holder: Any, rules: Matches) -> None:
        """Add ``el``'s text; ``kind``/``holder``/``rules`` say which block loose text
        belongs to and which furniture rules hold it."""
        tag = _tag(el)
        if tag is None or tag in _SKIP:
            return
        rule = _rule_for(el, tag)
        inner = (*rules, (rule, el)) if rule is not None else rules
        # An inline element a rule marks (a "Buy now" link) is a unit of its own.
        blocky = tag in _BLOCKY or rule is not None
        if blocky:
            self.flush(kind, holder, rules)
            kind, holder = _LEAF_KIND.get(tag, kind if tag not in _CONTAINERS else "paragraph"), el
            if tag == "tr" and self._row(el, inner):
                return
        elif tag == "br":
            self.flush(kind, holder, rules)
        elif tag == "img":
            alt = _norm(el.get("alt") or "")
            if alt:
                self.flush(kind, holder, rules)
                self.units.append(_Unit("caption", alt, el, inner, "html.img_alt"))
        if el.text:
            self.buffer.append(el.text)
        for child in el:
            self.walk(child, kind, holder, inner)
            if child.tail:
                self.buffer.append(child.tail)
        if blocky:
            self.flush(kind, holder, inner)

    def _row(self, tr: Any, rules: Matches) -> bool:
        """A table row of plain cells becomes one unit; layout tables are walked instead."""
        cells = [c for c in tr if _tag(c) in ("td", "th")]
        if not cells or any(_tag(d) in _BLOCKY - {"br"} for c in cells for d in c.iterdescendants()):
            return False
        texts = tuple(_norm("".join(_inline_text(c))) for c in cells)
        if any(texts):
            self.units.append(_Unit("paragraph", " | ".join(texts), tr, rules, "html.table_row",
                                    tuple(t for t in texts if t)))
        return True


@dataclass
class _MainText:
    """What trafilatura kept: element texts, their concatenation, and reader comments."""

    exact: set[str] = field(default_factory=set)
    joined: str = ""
    comments: set[str] = field(default_factory=set)
    comments_joined: str = ""
    found: bool = False

    def has(self, text: str) -> bool:
        return text in self.exact or (len(text) >= _MIN_SUBSTRING_MATCH and text in self.joined)

    def in_comments(self, text: str) -> bool:
        return text in self.comments or (len(text) >= _MIN_SUBSTRING_MATCH and text in self.comments_joined)


def _texts_of(body: Any) -> tuple[set[str], str]:
    exact: set[str] = set()
    pieces: list[str] = []
    if body is None:
        return exact, ""
    for el in body.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag == "graphic":
            text = _norm(el.get("alt") or "")
        elif el.tag in ("head", "p", "item", "cell", "quote", "code"):
            text = _norm("".join(el.itertext()))
        else:
            continue
        if text:
            exact.add(text)
            pieces.append(text)
    return exact, "\n".join(pieces)


def _main_text(html: str) -> tuple[_MainText, SourceMetadata, list[str]]:
    warnings: list[str] = []
    try:
        doc = trafilatura.bare_extraction(html, include_tables=True, include_images=True, include_comments=True,
                                          with_metadata=True, deduplicate=False)
    except Exception as exc:  # noqa: BLE001 - a third-party parser on untrusted input
        doc = None
        warnings.append(f"the main-text extractor failed on this page ({type(exc).__name__})")
    if doc is None:
        return _MainText(), SourceMetadata(), warnings
    exact, joined = _texts_of(doc.body)
    comments, comments_joined = _texts_of(doc.commentsbody)
    meta = SourceMetadata(title=_norm(doc.title or ""), author=_norm(doc.author or ""),
                          site_name=_norm(doc.sitename or ""), published=doc.date or "",
                          canonical_url=doc.url or "", page_type=doc.pagetype or "")
    return _MainText(exact, joined, comments, comments_joined, bool(exact)), meta, warnings


def _meta_values(root: Any) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for el in root.iter():
        if not isinstance(el.tag, str) or el.get("content") is None:
            continue
        for attr in ("name", "property", "itemprop"):
            key = (el.get(attr) or "").strip().lower()
            if key:
                values.setdefault(key, []).append(el.get("content"))
    return values


def _ancestors(el: Any) -> list[Any]:
    return [el, *el.iterancestors()]


def _region(units: list[_Unit]) -> Any:
    """The innermost element holding every unit trafilatura kept (the article)."""
    common: list[Any] | None = None
    for unit in units:
        if unit.main:
            chain = _ancestors(unit.element)[::-1]
            if common is None:
                common = chain
            else:
                n = 0
                while n < min(len(common), len(chain)) and common[n] is chain[n]:
                    n += 1
                common = common[:n]
    return common[-1] if common else None


def _kept(unit: _Unit, main: _MainText) -> bool:
    if unit.cells:
        return sum(main.has(c) for c in unit.cells) * 2 >= len(unit.cells)
    return main.has(unit.text)


def _overreaching(units: list[_Unit], main: _MainText) -> dict[int, str]:
    """Rule matches whose element holds most of the main text (a page wrapper whose class
    says ``with-comments``): not furniture, whatever its class says. By ``id`` of the
    element, with the warning to give."""
    if not main.found:
        return {}
    kept = [u for u in units if _kept(u, main)]
    counts: Counter[int] = Counter(id(el) for u in kept for _, el in u.rules)
    out: dict[int, str] = {}
    for unit in kept:
        for rule, el in unit.rules:
            if id(el) not in out and counts[id(el)] * 2 > len(kept):
                label = " ".join(f'{a}="{el.get(a)}"' for a in ("id", "class", "role") if el.get(a))
                out[id(el)] = (f"rule {rule.id} matched <{_tag(el)} {label}> but that holds most of the "
                               "page's main text, so it was not applied")
    return out


def _classify(units: list[_Unit], main: _MainText) -> list[str]:
    """Decide each unit: furniture by the outermost rule that applies, else content when
    trafilatura kept it (everything when it found nothing). Returns warnings."""
    ignored = _overreaching(units, main)
    for unit in units:
        rule = next((r for r, el in unit.rules if id(el) not in ignored), None)
        if rule is not None:
            unit.set_aside = (rule.category, rule.id)
        else:
            unit.main = not main.found or _kept(unit, main)
    region = _region(units) if main.found else None
    for unit in units:
        if unit.set_aside is not None or unit.main:
            continue
        if unit.kind == "caption" and region is not None and any(a is region for a in _ancestors(unit.element)):
            unit.main = True
        elif main.in_comments(unit.text):
            unit.set_aside = ("comments", "trafilatura.comments")
        else:
            unit.set_aside = ("not_main_text", "trafilatura.not_main_text")
    return list(ignored.values())


def _drop_repeated_alt(units: list[_Unit]) -> list[_Unit]:
    """An image's alt text that repeats the caption beside it is said once."""
    out: list[_Unit] = []
    for i, unit in enumerate(units):
        if unit.rule_id == "html.img_alt":
            near = [u.text for u in (units[i - 1] if i else None, units[i + 1] if i + 1 < len(units) else None) if u]
            if unit.text in near:
                continue
        out.append(unit)
    return out


def _title(units: list[_Unit], title: str) -> list[_Unit]:
    """The page's title as the first block: its main ``<h1>`` when that says the same."""
    for unit in units:
        if unit.main and unit.kind == "heading" and _tag(unit.element) == "h1":
            if not title or unit.text.casefold() == title.casefold():
                unit.kind = "title"
                return units
            break
    if not title:
        return units
    return [_Unit("title", title, None, (), "html.meta_title", main=True), *units]


def _pieces(units: list[_Unit]) -> list[Piece]:
    """Units as pieces of the text: list items behind "- ", list items and table rows
    joined by single line breaks."""
    pieces = []
    for k, unit in enumerate(units):
        prev = units[k - 1] if k else None
        tight = prev is not None and ((unit.kind == prev.kind == "list_item") or bool(unit.cells and prev.cells))
        pieces.append(Piece(unit.kind, unit.text, unit.rule_id, unit.set_aside,
                            marker="- " if unit.kind == "list_item" else "", tight=tight))
    return pieces


def decode_page(data: bytes) -> DecodedSource:
    """A page's text: as :func:`decode_bytes` reads it, unless that had to guess a legacy
    encoding and the page declares its own ``<meta charset>``, which then wins."""
    decoded = decode_bytes(data)
    if decoded.encoding.startswith("utf") or not decoded.warnings:
        return decoded
    m = _CHARSET.search(data[:4096])
    if not m:
        return decoded
    name = m.group(1).decode("ascii", "replace")
    try:
        text = data.decode(codecs.lookup(name).name)
    except (LookupError, UnicodeDecodeError):
        return decoded
    note = f"the file is not UTF-8; decoded as {name} (declared by the page)"
    return DecodedSource(text, decoded.sha256, name, decoded.n_bytes, (note,))


def extract_html(html: str) -> Extracted:
    """The extracted text, blocks and metadata of one saved page.

    Raises:
        SourceError: the page has no text, or nothing but page furniture.
    """
    parser = lxml.html.HTMLParser(encoding="utf-8")
    try:
        root = lxml.html.document_fromstring(html.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise SourceError("the page has no text (the HTML is empty or cannot be parsed)") from exc
    # libxml2 stops at 256 nested elements (and so does this walk's recursion budget).
    too_deep = any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)
    walker = _Walker()
    body = root.find("body")
    walker.walk(body if body is not None else root, "paragraph", root, ())
    units = _drop_repeated_alt(walker.units)
    if not units:
        if too_deep:
            raise SourceError("the page nests its elements too deeply (more than 256 levels) to be read")
        raise SourceError("the page has no text (the HTML is empty or holds only markup)")
    main, found_meta, warnings = _main_text(html)
    if too_deep:
        warnings.append("the page nests its elements more than 256 levels deep; text below that depth is left out")
    page_title = _norm(root.findtext(".//title") or "")
    fallback = SourceMetadata(**{**found_meta.__dict__, "title": found_meta.title or page_title})
    warnings += _classify(units, main)
    if not main.found:
        warnings.append("the main-text extractor found no main text; every block outside the "
                        "page-furniture rules is kept as content")
    if not any(u.set_aside is None for u in units):
        raise SourceError("the page has no main text: everything on it is page furniture "
                          "(navigation, banners, comments, footers)")
    plain = "\n".join(u.text for u in units if u.set_aside is None)
    meta = metadata_from(_meta_values(root), text=plain, fallback=fallback, prefer=("published",))
    units = _title(units, meta.title)
    text, blocks = assemble(_pieces(units))
    return Extracted(text, tuple(blocks), meta, tuple(warnings), f"trafilatura {version('trafilatura')}")
