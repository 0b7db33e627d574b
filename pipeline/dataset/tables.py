"""The dataset's table names and schema version: what a run needs to know of the tables
before it validates any (a no-op rerun checks and republishes a dataset by these alone,
without importing pandera; :mod:`pipeline.dataset.schema` holds the columns)."""
from __future__ import annotations

#: The contract's schema version (``../shared/CONTRACT.md``).
SCHEMA_VERSION = 2
#: Every published table, in the order the dataset lists them.
TABLE_NAMES: tuple[str, ...] = ("documents", "conditions", "drugs", "causes", "doses", "flags", "statements",
                                "treatments", "claims", "cues", "blocks")
