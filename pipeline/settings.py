"""One settings object from which every path and limit in a run derives.

The CLI builds it from options, tests build it directly; tasks receive it and never
invent paths of their own.
"""
from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

#: Source files the pipeline reads, by extension (lower case, with the dot); saved web
#: pages and PDFs are converted to text (pipeline.ingest.html, pipeline.ingest.pdf).
SOURCE_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".markdown", ".html", ".htm", ".xhtml", ".pdf")


class Settings(BaseModel):
    """Paths, limits and switches for one run of the curate flow.

    Attributes:
        sources: Folder of source texts (read-only input; searched recursively).
        output: Folder the curated dataset is published to (replaced atomically).
        annotations: Folder of human work: ``reviews.jsonl`` and ``gold/``.
        cache_dir: Per-document extraction cache that makes reruns incremental.
        max_bytes: Sources larger than this are rejected with a clear error.
        batch_size: Documents per ingest/extract task (bounds memory on big corpora).
        full: Ignore the cache and re-extract every source.
        nlp_config: Optional spaCy config overriding the packaged ``pipeline.cfg``.
        ner_model: Optional path or installed package name of an NER model (for
            example a scispaCy ``en_ner_bc5cdr_md``) replacing the embedded one.
        runner: ``default`` runs batches one after another in this process; ``dask``
            spreads them over a Dask cluster (prefect-dask's ``DaskTaskRunner``).
        dask_address: Scheduler of an existing Dask cluster (``tcp://host:8786``); without
            one, ``runner=dask`` starts a local cluster of ``dask_workers`` processes.
        dask_workers: Worker processes of a local Dask cluster.
        cache_max_bytes: The extraction cache's size bound; least recently used entries
            go first.
        time_budget: Seconds one document may take for NLP and extraction together; a
            document over it becomes an error row and the run goes on.
        follow_links: Read files that links in the sources folder point to outside it
            (refused by default: a link to ``/etc/passwd`` is not a health text).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    sources: Path = Path("seeds")
    output: Path = Path("output")
    annotations: Path = Path("annotations")
    cache_dir: Path = Path(".cache/pipeline")
    max_bytes: int = Field(default=20 * 1024 * 1024, gt=0)
    batch_size: int = Field(default=64, gt=0)
    full: bool = False
    nlp_config: Path | None = None
    ner_model: str | None = None
    runner: Literal["default", "dask"] = "default"
    dask_address: str | None = None
    dask_workers: int = Field(default=2, gt=0)
    follow_links: bool = False
    time_budget: float = Field(default=300.0, gt=0)
    cache_max_bytes: int = Field(default=1 << 30, gt=0)

    @property
    def reviews_path(self) -> Path:
        return self.annotations / "reviews.jsonl"
