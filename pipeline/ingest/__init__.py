"""Ingestion: bytes on disk to decoded text with structure, boilerplate and offsets."""
from __future__ import annotations
