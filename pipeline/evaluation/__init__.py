"""Quality measurement against our own gold annotations of the seeds."""
from __future__ import annotations
