"""The genre gold's documents, written out as plain source files the pipeline can run on.

``annotations/gold/genres/split.jsonl`` (and a part's own ``<genre>_<part>/sources.jsonl``,
for gold whose documents were chosen in pairs) names each gold document by its ``origin`` in the
shared public corpora (``../shared/corpora``), which the project must never copy into its
repository. Evaluation therefore *materialises* the chosen documents into a scratch
folder, one ``<doc_id>.txt`` each, and runs the normal pipeline on that folder. Origins:

- ``medquad/answers.jsonl#<id>``: the MedQuAD record with that ``id``; the text is its
  ``answer`` field exactly as stored;
- ``bc5cdr/<file>.PubTator.txt#<pmid>``: that PubMed document; the text is title + " " +
  abstract, the text PubTator offsets refer to;
- ``epi_leaflets/<name>.txt``: the whole file.

The text is written byte-for-byte as decoded (UTF-8, no newline translation), so the gold's
quotes and the pipeline's offsets refer to the same characters.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.ner.pubtator import Document, read_pubtator
from pipeline.settings import SOURCE_SUFFIXES

#: The field of a JSON Lines corpus record (MedQuAD) that holds the document text.
JSONL_TEXT_FIELD = "answer"
#: The field of a JSON Lines corpus record that an origin's ``#key`` names.
JSONL_KEY_FIELD = "id"

# A sentence ends at ., ! or ? followed by space and a capital, digit or bracket; good
# enough for drafting evidence that a person then checks (abbreviations such as "i.p.)"
# are followed by lower case or punctuation in abstracts, so they do not split).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\[])")


#: Parts of the genre gold: ``dev`` (tuned on), ``heldout`` (split off before tuning,
#: scored only) and ``unseen`` (chosen and annotated later by someone who tunes nothing,
#: documents no developer has read).
PARTS = ("dev", "heldout", "unseen")


class CorpusError(FileNotFoundError):
    """A corpus, a corpus file or a document the split names cannot be found."""


@dataclass(frozen=True)
class Choice:
    """One gold document as ``split.jsonl`` names it."""

    doc_id: str
    genre: str
    part: str
    origin: str
    #: The gold tables written for this document (``doses``, ``causes``, ...); ``None``
    #: when every table of its genre is. A measure scores only documents golded for it.
    tables: tuple[str, ...] | None = None

    @property
    def path(self) -> str:
        """The corpus file, relative to the corpora folder."""
        return self.origin.partition("#")[0]

    @property
    def key(self) -> str:
        """The record id or PMID inside the file, ``""`` for a whole file."""
        return self.origin.partition("#")[2]


def read_split(split_file: Path) -> list[Choice]:
    """Every document of the split file, in file order.

    Raises:
        FileNotFoundError: when the split file does not exist.
        ValueError: for a line without ``doc_id``, ``genre``, ``part`` or ``origin``,
            or a ``doc_id`` listed twice.
    """
    choices: list[Choice] = []
    seen: set[str] = set()
    for n, line in enumerate(Path(split_file).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        missing = [k for k in ("doc_id", "genre", "part", "origin") if not row.get(k)]
        if missing:
            raise ValueError(f"{split_file}:{n}: missing {', '.join(missing)}")
        if row["doc_id"] in seen:
            raise ValueError(f"{split_file}:{n}: doc_id {row['doc_id']!r} listed twice")
        seen.add(row["doc_id"])
        if row["part"] not in PARTS:
            raise ValueError(f"{split_file}:{n}: part {row['part']!r} is not one of {', '.join(PARTS)}")
        tables = row.get("tables")
        choices.append(Choice(row["doc_id"], row["genre"], row["part"], row["origin"],
                              tuple(tables) if tables is not None else None))
    return choices


#: A genre part's own list of documents (``<genre>_<part>/sources.jsonl``), for gold whose
#: documents are chosen together (the contradiction pairs) rather than in ``split.jsonl``.
PART_SOURCES_FILE = "sources.jsonl"


def read_part_sources(genres_dir: Path) -> list[Choice]:
    """The documents every ``<genre>_<part>/sources.jsonl`` under ``genres_dir`` names
    (``{"doc_id", "origin"}`` a line; genre and part come from the folder's name).

    Raises:
        ValueError: for a line without ``doc_id`` or ``origin``.
    """
    choices: list[Choice] = []
    folder = Path(genres_dir)
    if not folder.is_dir():
        return choices
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
        genre, _, part = sub.name.rpartition("_")
        path = sub / PART_SOURCES_FILE
        if not genre or part not in PARTS or not path.is_file():
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            missing = [k for k in ("doc_id", "origin") if not row.get(k)]
            if missing:
                raise ValueError(f"{path}:{n}: missing {', '.join(missing)}")
            choices.append(Choice(row["doc_id"], genre, part, row["origin"]))
    return choices


def all_choices(split_file: Path) -> list[Choice]:
    """``split.jsonl``'s documents, then those the parts' own ``sources.jsonl`` add.

    Raises:
        ValueError: when two lists give one ``doc_id`` different origins or parts.
    """
    choices = read_split(split_file)
    known = {c.doc_id: c for c in choices}
    for c in read_part_sources(Path(split_file).parent):
        first = known.get(c.doc_id)
        if first is None:
            known[c.doc_id] = c
            choices.append(c)
        elif (first.origin, first.genre, first.part) != (c.origin, c.genre, c.part):
            raise ValueError(f"doc_id {c.doc_id!r} is listed twice with different origins or parts")
    return choices


def select(choices: Iterable[Choice], genres: Iterable[str] | None = None, parts: Iterable[str] | None = None) -> list[Choice]:
    """The choices of the given genres and parts (``None`` keeps all)."""
    g = set(genres) if genres else None
    p = set(parts) if parts else None
    return [c for c in choices if (g is None or c.genre in g) and (p is None or c.part in p)]


class _Corpora:
    """Reads each corpus file at most once, whatever the number of documents it serves."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._jsonl: dict[str, dict[str, str]] = {}
        self._pubtator: dict[str, dict[str, Document]] = {}

    def _file(self, rel: str) -> Path:
        path = self.root / rel
        if not path.is_file():
            raise CorpusError(f"corpus file not found: {path} (named by the gold split; is {self.root} complete?)")
        return path

    def pubtator(self, rel: str, pmid: str) -> Document:
        if rel not in self._pubtator:
            self._pubtator[rel] = {d.pmid: d for d in read_pubtator(self._file(rel))}
        try:
            return self._pubtator[rel][pmid]
        except KeyError:
            raise CorpusError(f"PMID {pmid} is not in {self.root / rel}") from None

    def text(self, choice: Choice) -> str:
        if not choice.key:
            return self._file(choice.path).read_bytes().decode("utf-8")
        if choice.path.endswith(".jsonl"):
            if choice.path not in self._jsonl:
                with self._file(choice.path).open(encoding="utf-8") as fh:
                    self._jsonl[choice.path] = {
                        rec[JSONL_KEY_FIELD]: rec[JSONL_TEXT_FIELD] for rec in map(json.loads, fh) if rec.get(JSONL_KEY_FIELD)
                    }
            try:
                return self._jsonl[choice.path][choice.key]
            except KeyError:
                raise CorpusError(f"record {choice.key!r} is not in {self.root / choice.path}") from None
        return self.pubtator(choice.path, choice.key).text


def _check_corpora(corpora_dir: Path) -> None:
    if not Path(corpora_dir).is_dir():
        raise CorpusError(
            f"corpora folder not found: {corpora_dir}. The genre gold's documents are read from the "
            "shared public corpora (../shared/corpora beside the project); point to that folder."
        )


def document_texts(choices: Iterable[Choice], corpora_dir: Path) -> dict[str, str]:
    """Each chosen document's exact text, by ``doc_id``."""
    _check_corpora(corpora_dir)
    corpora = _Corpora(corpora_dir)
    return {c.doc_id: corpora.text(c) for c in choices}


def materialize(
    split_file: Path,
    corpora_dir: Path,
    dest: Path,
    genres: Iterable[str] | None = None,
    parts: Iterable[str] | None = None,
) -> dict[str, dict[str, Any]]:
    """Write each chosen document to ``dest/<doc_id>.txt``; return its metadata by doc_id.

    Args:
        split_file: ``annotations/gold/genres/split.jsonl``; the parts' ``sources.jsonl``
            beside it add their documents.
        corpora_dir: the shared corpora folder (``../shared/corpora``).
        dest: folder to write into (created). It may hold an earlier materialisation of
            the same documents, but no other source files, which the pipeline would
            otherwise read and score as if they were gold documents.
        genres: genres to keep (default: all).
        parts: parts to keep, of :data:`PARTS` (default: all).

    Returns:
        ``{doc_id: {"genre", "part", "origin", "n_chars", "path"}}``.

    Raises:
        CorpusError: when the corpora folder, a corpus file or a named document is missing.
        ValueError: when ``dest`` holds source files of other documents, or the selection
            is empty.
    """
    chosen = select(all_choices(split_file), genres, parts)
    if not chosen:
        raise ValueError(f"no document of genres {sorted(genres or [])} and parts {sorted(parts or [])} in {split_file}")
    texts = document_texts(chosen, corpora_dir)
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    wanted = {c.doc_id for c in chosen}
    foreign = sorted(p.name for p in dest.rglob("*") if p.suffix.lower() in SOURCE_SUFFIXES and p.stem not in wanted)
    if foreign:
        raise ValueError(f"{dest} already holds other source files ({', '.join(foreign[:3])}...); use an empty folder")
    meta: dict[str, dict[str, Any]] = {}
    for c in chosen:
        path = dest / f"{c.doc_id}.txt"
        with path.open("w", encoding="utf-8", newline="") as fh:
            fh.write(texts[c.doc_id])
        meta[c.doc_id] = {"genre": c.genre, "part": c.part, "origin": c.origin, "n_chars": len(texts[c.doc_id]),
                          "path": str(path)}
    return meta


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: a light splitter for drafting evidence."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def cid_drafts(doc: Document, doc_id: str, medicines: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Draft ``causes`` gold rows from a PubTator document's CID relations.

    A starting point that an annotator then corrects by reading the abstract (see
    ``annotations/gold/genres/GUIDELINES_genres.md``): cause and condition are the first
    mention of the chemical and the disease, lower-cased; the relation is ``adverse_effect``
    for chemicals whose MeSH id is in ``medicines`` (drugs given to the subject), else
    ``causes``; the evidence is the first sentence mentioning both, or ``""``.
    """
    medicines = set(medicines)
    text = doc.text
    first: dict[str, Any] = {}
    for m in sorted(doc.mentions, key=lambda m: m.start):
        for i in m.ids:
            first.setdefault(i, m)
    sentences = sentence_spans(text)
    rows = []
    for rel in doc.relations:
        if len(rel) < 3 or rel[0] != "CID":
            continue
        chem, dis = rel[1], rel[2]
        if chem not in first or dis not in first:
            continue
        c_ids = {(m.start, m.end) for m in doc.mentions if chem in m.ids}
        d_ids = {(m.start, m.end) for m in doc.mentions if dis in m.ids}
        evidence, quote_cause, quote_condition = "", first[chem].text, first[dis].text
        for s, e in sentences:
            cs = [m for m in c_ids if s <= m[0] and m[1] <= e]
            ds = [m for m in d_ids if s <= m[0] and m[1] <= e]
            if cs and ds:
                evidence = text[s:e]
                quote_cause = text[slice(*min(cs))]
                quote_condition = text[slice(*min(ds))]
                break
        rows.append({
            "doc_id": doc_id, "cause": first[chem].text.lower(), "condition": first[dis].text.lower(),
            "relation": "adverse_effect" if chem in medicines else "causes", "negated": False, "hedged": False,
            "frequency_band": "", "evidence": evidence, "quote_cause": quote_cause, "quote_condition": quote_condition,
        })
    return rows
