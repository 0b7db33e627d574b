"""Reading the previous run's manifest and comparing sources against it."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

CHANGE_KINDS = ("added", "modified", "removed", "unchanged")


def read_manifest(output: Path) -> dict[str, Any] | None:
    try:
        return json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def source_hashes(manifest: dict[str, Any] | None) -> dict[str, str]:
    return {s["doc_id"]: s["sha256"] for s in (manifest or {}).get("sources", [])}


def diff_sources(before: dict[str, str], current: dict[str, str]) -> dict[str, list[str]]:
    """doc_ids added, modified, removed and unchanged between two {doc_id: sha256} maps."""
    return {
        "added": sorted(d for d in current if d not in before),
        "modified": sorted(d for d in current if d in before and before[d] != current[d]),
        "removed": sorted(d for d in before if d not in current),
        "unchanged": sorted(d for d in current if d in before and before[d] == current[d]),
    }
