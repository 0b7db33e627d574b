"""spaCy components and the loader that builds the NLP pipeline from its config.

Importing this package registers the project's factories and registered functions
(tokenizer, components) with spaCy, so configs and saved models that name them load.
"""
from __future__ import annotations

from pipeline.nlp import tokenizer  # noqa: F401  (registers pipeline.scispacy_tokenizer.v1)
