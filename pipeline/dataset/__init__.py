"""The published dataset: table schemas, row building, review status, atomic publishing."""
from __future__ import annotations
