"""The review queue in a browser: ``pipeline review serve`` (see :mod:`.app`)."""
from __future__ import annotations
