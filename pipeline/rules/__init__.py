"""Rules as data: patterns, cue lists and reference tables shipped inside the package.

Every file here is loaded through :func:`load_jsonl` / :func:`read_text` (importlib
resources, so it works from a wheel) and validated against a small typed model that
refuses unknown keys, so a typo in a rule file fails loudly instead of being ignored.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

_PACKAGE = "pipeline.rules"

M = TypeVar("M", bound=BaseModel)


class Rule(BaseModel):
    """Base for rule rows: frozen, unknown keys refused, every row has an ``id``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str


class RuleFileError(ValueError):
    """A packaged rule file is malformed; the message names the file and line."""


def rules_root() -> Traversable:
    return files(_PACKAGE)


def read_text(name: str) -> str:
    return (rules_root() / name).read_text(encoding="utf-8")


def load_jsonl(name: str, model: type[M]) -> tuple[M, ...]:
    """Load and validate a JSON-lines rule file; blank lines and ``//`` comments skip."""
    rows: list[M] = []
    seen: set[str] = set()
    for lineno, line in enumerate(read_text(name).splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("//"):
            continue
        try:
            row = model.model_validate(json.loads(stripped))
        except (json.JSONDecodeError, ValidationError) as exc:
            raise RuleFileError(f"{name}:{lineno}: {exc}") from exc
        rid = getattr(row, "id", None)
        if rid is not None:
            if rid in seen:
                raise RuleFileError(f"{name}:{lineno}: duplicate id {rid!r}")
            seen.add(rid)
        rows.append(row)
    return tuple(rows)


def _walk(node: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    out: list[tuple[str, Traversable]] = []
    for child in sorted(node.iterdir(), key=lambda c: c.name):
        rel = f"{prefix}{child.name}"
        if child.is_dir():
            if child.name != "__pycache__":
                out.extend(_walk(child, rel + "/"))
        elif not child.name.endswith((".py", ".pyc")):
            out.append((rel, child))
    return out


@lru_cache(maxsize=1)
def rules_fingerprint() -> str:
    """Hash of every rule/vocabulary file: a change to any of them re-extracts all sources."""
    h = hashlib.sha256()
    for rel, node in _walk(rules_root()):
        h.update(rel.encode())
        h.update(b"\0")
        h.update(node.read_bytes())
        h.update(b"\0")
    return h.hexdigest()
