"""Extractors: from a processed document to rows of the per-document tables."""
from __future__ import annotations
