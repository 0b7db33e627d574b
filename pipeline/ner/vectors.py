"""Train in-domain static vectors for the embedded NER from raw corpus text.

scispaCy's NER models owe much of their lead to vectors learned from PubMed. We cannot
download those, but ``../shared/corpora/`` holds some 33 MB of in-domain text (consumer
health answers, medicine leaflets, PubMed abstracts). :func:`train_vectors` tokenizes it
with the NER's own tokenizer (vectors are looked up by token text, so training and use
must split words alike), trains floret vectors on it and writes a spaCy pipeline folder
whose vocab holds them, ready for ``pipeline train-ner --vectors``.

floret is fastText with its subword n-grams and words hashed into one fixed table, so
the table's size is chosen, not grown with the vocabulary, and an unseen word still gets
a vector from its n-grams (``-cillin``, ``-itis``). Only raw text is read: PubTator
mention lines and labels never reach the vectors.
"""
from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

#: Raw-text parts of ``../shared/corpora/`` read by default: name -> (reader, path or glob).
#: Readers: ``jsonl-answer`` (the ``answer`` field of each line), ``text`` (whole files),
#: ``pubtator`` (title and abstract of each document, no mentions).
DEFAULT_SOURCES: Mapping[str, tuple[str, str]] = {
    "medquad": ("jsonl-answer", "medquad/answers.jsonl"),
    "epi_leaflets": ("text", "epi_leaflets/*.txt"),
    "bc5cdr": ("pubtator", "bc5cdr/CDR_*Set.PubTator.txt"),
    "ncbi_disease": ("pubtator", "ncbi_disease/NCBI*_corpus.txt"),
}


@dataclass(frozen=True)
class FloretSettings:
    """floret training settings; the defaults were chosen for a ≤ 20 MB table.

    Attributes:
        dim: vector width.
        bucket: rows of the hashed table (words and n-grams share them); the shipped size
            is ``bucket * dim * 4`` bytes.
        minn: shortest character n-gram.
        maxn: longest character n-gram.
        hash_count: rows each word or n-gram is hashed to (floret's Bloom-style trick that
            lets a small table hold many keys).
        epoch: passes over the text.
        min_count: words seen fewer times get no word row of their own (n-grams only).
        model: ``skipgram`` (better for rare words) or ``cbow``.
        ws: context window.
        neg: negative samples.
        lr: learning rate.
        thread: training threads; 1 keeps the result reproducible.
    """

    dim: int = 100
    bucket: int = 50000
    minn: int = 4
    maxn: int = 5
    hash_count: int = 2
    epoch: int = 5
    min_count: int = 3
    model: str = "skipgram"
    ws: int = 5
    neg: int = 5
    lr: float = 0.05
    thread: int = 1


def _read_jsonl_answers(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                answer = json.loads(line).get("answer") or ""
                if answer.strip():
                    yield answer


def _read_text(path: Path) -> Iterator[str]:
    text = path.read_text(encoding="utf-8")
    yield from (part for part in text.split("\n\n") if part.strip())


def _read_pubtator(path: Path) -> Iterator[str]:
    from pipeline.ner.pubtator import read_pubtator

    yield from (doc.text for doc in read_pubtator(path))


_READERS = {"jsonl-answer": _read_jsonl_answers, "text": _read_text, "pubtator": _read_pubtator}


def source_files(corpus_root: Path, sources: Mapping[str, tuple[str, str]] = DEFAULT_SOURCES) -> dict[str, list[Path]]:
    """The files of each source, sorted; a source that matches nothing is an error."""
    found: dict[str, list[Path]] = {}
    for name, (reader, pattern) in sources.items():
        if reader not in _READERS:
            raise ValueError(f"source {name!r}: unknown reader {reader!r} (known: {', '.join(_READERS)})")
        files = sorted(p for p in Path(corpus_root).glob(pattern) if p.is_file())
        if not files:
            raise FileNotFoundError(f"source {name!r}: nothing matches {Path(corpus_root) / pattern}")
        found[name] = files
    return found


def iter_texts(corpus_root: Path, sources: Mapping[str, tuple[str, str]] = DEFAULT_SOURCES) -> Iterator[str]:
    """Every raw text of every source, in a fixed order (sources, then sorted files)."""
    for name, files in source_files(corpus_root, sources).items():
        reader = _READERS[sources[name][0]]
        for path in files:
            yield from reader(path)


def write_training_text(texts: Iterable[str], output: Path, *, batch_size: int = 64) -> dict[str, int]:
    """Tokenize ``texts`` with the NER's tokenizer, one text a line, tokens spaced.

    Newlines inside a text become line breaks too (a leaflet's headings and list items
    are not one sentence). Returns ``{"texts", "lines", "tokens"}``.
    """
    from pipeline.ner.pubtator import make_tokenizer_nlp

    nlp = make_tokenizer_nlp()
    counts = {"texts": 0, "lines": 0, "tokens": 0}
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", encoding="utf-8") as out:
        for doc in nlp.pipe(texts, batch_size=batch_size):
            counts["texts"] += 1
            line: list[str] = []
            for token in doc:
                if token.is_space:
                    if "\n" in token.text and line:
                        out.write(" ".join(line) + "\n")
                        counts["lines"] += 1
                        line = []
                    continue
                line.append(token.text)
                counts["tokens"] += 1
            if line:
                out.write(" ".join(line) + "\n")
                counts["lines"] += 1
    return counts


def train_vectors(
    corpus_root: Path,
    output_dir: Path,
    *,
    settings: FloretSettings = FloretSettings(),
    sources: Mapping[str, tuple[str, str]] = DEFAULT_SOURCES,
    work_dir: Path | None = None,
) -> dict[str, Any]:
    """Train floret vectors on the corpora's raw text and save them as a spaCy pipeline.

    Args:
        corpus_root: the shared corpora folder (``../shared/corpora``).
        output_dir: folder to write (a blank English pipeline whose vocab holds the
            vectors); pass it to ``pipeline train-ner --vectors``.
        settings: floret settings (see :class:`FloretSettings`).
        sources: which raw texts to read (see :data:`DEFAULT_SOURCES`).
        work_dir: where the tokenized text and the raw ``.floret`` table go; defaults to
            ``output_dir``'s parent.

    Returns:
        The record also written to ``output_dir/meta.json`` under ``"floret"``: settings,
        sources with their files, text/line/token counts, table shape and timings.
    """
    import floret
    import spacy
    from spacy.training.initialize import convert_vectors

    corpus_root, output_dir = Path(corpus_root), Path(output_dir)
    work = Path(work_dir) if work_dir is not None else output_dir.parent
    work.mkdir(parents=True, exist_ok=True)
    files = source_files(corpus_root, sources)
    text_path = work / "vectors-text.txt"
    started = time.monotonic()
    counts = write_training_text(iter_texts(corpus_root, sources), text_path)
    tokenize_seconds = time.monotonic() - started
    logger.info("tokenized %s texts, %s tokens -> %s", counts["texts"], counts["tokens"], text_path)
    started, cpu_started = time.monotonic(), time.process_time()
    model = floret.train_unsupervised(
        str(text_path),
        model=settings.model,
        mode="floret",
        dim=settings.dim,
        bucket=settings.bucket,
        minn=settings.minn,
        maxn=settings.maxn,
        hashCount=settings.hash_count,
        epoch=settings.epoch,
        minCount=settings.min_count,
        ws=settings.ws,
        neg=settings.neg,
        lr=settings.lr,
        thread=settings.thread,
        verbose=0,
    )
    train_seconds, train_cpu = time.monotonic() - started, time.process_time() - cpu_started
    floret_path = work / "vectors.floret"
    model.save_floret_vectors(str(floret_path))
    nlp = spacy.blank("en")
    convert_vectors(nlp, floret_path, truncate=0, prune=-1, mode="floret")
    nlp.vocab.vectors.name = f"ner_floret_{settings.dim}x{settings.bucket}"
    nlp.to_disk(output_dir)
    record: dict[str, Any] = {
        "name": nlp.vocab.vectors.name,
        "settings": asdict(settings),
        "sources": list(files),
        "files": {name: [p.name for p in paths] for name, paths in files.items()},
        **counts,
        "words_in_dictionary": len(model.words),
        "rows": nlp.vocab.vectors.shape[0],
        "dim": nlp.vocab.vectors.shape[1],
        "tokenize_seconds": round(tokenize_seconds, 1),
        "train_seconds": round(train_seconds, 1),
        "train_cpu_seconds": round(train_cpu, 1),
        "date": date.today().isoformat(),
    }
    meta_path = output_dir / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update({"name": "ner_floret_vectors", "floret": record})
    meta_path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return record
