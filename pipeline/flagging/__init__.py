"""Flags for a human reviewer: dubious claims and contradictions, with reason and evidence."""
from __future__ import annotations
