"""Human review: decisions in ``annotations/reviews.jsonl`` applied to each run's flags."""
from __future__ import annotations
