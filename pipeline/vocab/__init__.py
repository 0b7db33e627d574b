"""Condition and drug vocabularies: compiled from installed packages, looked up at runtime.

- :mod:`pipeline.vocab.build` compiles ``rules/vocab/*.jsonl`` from HPO, Orphanet/OMIM
  names, ICD-10-CM and the drug-named-entity-recognition dictionary.
- :mod:`pipeline.vocab.lexicon` loads them (plus ``rules/vocab_supplement.csv``) and
  answers exact lookups; :mod:`pipeline.vocab.linker` answers fuzzy ones.

Nothing is loaded on import.
"""
from __future__ import annotations
