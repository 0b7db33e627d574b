"""Prefect flows. Flows orchestrate; the work is in small typed tasks."""
from __future__ import annotations
