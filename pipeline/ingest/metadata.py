"""What a saved page or PDF says about itself, and the text extracted from it.

HTML and PDF sources are not read as text: :mod:`pipeline.ingest.html` and
:mod:`pipeline.ingest.pdf` turn them into an :class:`Extracted` text with blocks, the
coordinate system of every offset for such a source. Metadata (DOI, journal, author,
date...) comes from the names in ``rules/document_metadata.jsonl`` and feeds the
``documents`` table and the credibility rules (``meta:`` signals).
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from typing import Literal

from pipeline.ingest.structure import Block
from pipeline.rules import Rule, load_jsonl

MetadataField = Literal["title", "author", "site_name", "published", "doi", "journal", "price", "page_type",
                        "doi_in_text"]


class MetadataRule(Rule):
    field: MetadataField
    names: list[str]
    value_pattern: str
    source: str


@dataclass(frozen=True)
class SourceMetadata:
    """Metadata a source states about itself; empty strings when it does not say.

    Attributes:
        title: The page's or PDF's own title (``citation_title``, ``og:title``, ``<title>``,
            PDF ``/Title``).
        author: Author(s) as stated, ``; ``-separated when several.
        site_name: The site or publisher (``og:site_name``, ``citation_publisher``).
        published: Publication date as stated (ISO ``YYYY-MM-DD`` when the library
            normalised it).
        doi: The DOI (``10.xxxx/...``) from the metadata or, failing that, the text.
        journal: Journal title (``citation_journal_title``, PRISM).
        canonical_url: The page's canonical address (``<link rel=canonical>``, ``og:url``).
        page_type: Open Graph type (``article``, ``product``...).
        price: A product price the page states in its metadata.
    """

    title: str = ""
    author: str = ""
    site_name: str = ""
    published: str = ""
    doi: str = ""
    journal: str = ""
    canonical_url: str = ""
    page_type: str = ""
    price: str = ""

    def signals(self) -> frozenset[str]:
        """Credibility signals (``meta:...``, see ``rules/credibility.jsonl``)."""
        out = {f"meta:{f}" for f in ("doi", "journal", "price") if getattr(self, f)}
        if self.page_type:
            out.add(f"meta:type:{self.page_type.lower()}")
        return frozenset(out)


@dataclass(frozen=True)
class Extracted:
    """A source converted to plain text with structure: what offsets of HTML/PDF refer to.

    Attributes:
        text: The extracted text (published beside the dataset).
        blocks: Blocks in text order, with exact offsets; boilerplate already marked by the
            format's own rules (``html.*``, ``pdf.*``); text rules are applied later.
        metadata: What the source says about itself.
        warnings: Plain-words notes (a PDF page without text, a page the main-text
            extractor found nothing in...).
        extractor: Library and version that decided the main text (``trafilatura 2.3.1``).
    """

    text: str
    blocks: tuple[Block, ...]
    metadata: SourceMetadata
    warnings: tuple[str, ...] = ()
    extractor: str = ""


@lru_cache(maxsize=1)
def metadata_rules() -> tuple[tuple[MetadataRule, re.Pattern[str] | None], ...]:
    return tuple((r, re.compile(r.value_pattern) if r.value_pattern else None)
                 for r in load_jsonl("document_metadata.jsonl", MetadataRule))


def _clean(value: str) -> str:
    return " ".join(value.split())


def _value(pattern: re.Pattern[str] | None, raw: str) -> str:
    raw = _clean(raw)
    if pattern is None or not raw:
        return raw
    m = pattern.search(raw)
    if not m:
        return ""
    return m.group(1) if m.groups() else m.group(0)


def metadata_from(values: Mapping[str, Sequence[str]], *, text: str = "",
                  fallback: SourceMetadata | None = None, prefer: Sequence[str] = ()) -> SourceMetadata:
    """Metadata from named values (``<meta>`` tags, PDF info/XMP keys, lower case).

    Each field takes the first rule (file order) whose names give a value matching its
    pattern; several authors are joined with ``; ``. Fields no rule fills keep the
    ``fallback``'s value (what trafilatura found), as do the fields in ``prefer`` (a date
    trafilatura normalised beats ``2021/03/05``), and a DOI written in ``text`` is used
    when the metadata names none.
    """
    found: dict[str, str] = {}
    for rule, pattern in metadata_rules():
        if rule.field in found or rule.field == "doi_in_text":
            continue
        for name in rule.names:
            got = [v for v in (_value(pattern, raw) for raw in values.get(name, ())) if v]
            if got:
                if rule.field == "author":
                    found[rule.field] = "; ".join(dict.fromkeys(got))
                else:
                    found[rule.field] = got[0]
                break
    base = fallback or SourceMetadata()
    merged = {}
    for f in fields(SourceMetadata):
        first, second = found.get(f.name, ""), getattr(base, f.name)
        merged[f.name] = (second or first) if f.name in prefer else (first or second)
    if not merged["doi"] and text:
        merged["doi"] = doi_in_text(text)
    return replace(base, **merged)


def doi_in_text(text: str) -> str:
    """The first DOI written in ``text`` with its ``doi:`` or ``doi.org/`` prefix."""
    for rule, pattern in metadata_rules():
        if rule.field == "doi_in_text" and pattern is not None:
            m = pattern.search(text)
            if m:
                return m.group(1)
    return ""
