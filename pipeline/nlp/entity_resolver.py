"""Conditions and drugs in a Doc: where the mention components live, for old imports.

Mentions now come from one component per source, then one resolver:

1. ``vocab_mentions`` (:mod:`pipeline.nlp.vocab_mentions`): vocabulary terms, longest match;
2. ``product_mentions`` (:mod:`pipeline.nlp.product_mentions`): "the drug X", "75 mg of X";
3. ``ner_mentions`` (:mod:`pipeline.nlp.ner_mentions`): the statistical NER's spans,
   filtered and normalised (exact lookup, then the fuzzy linker); in ``pipeline.cfg``
   this is the pipe named ``entity_resolver``, right after the NER;
4. ``abbreviation_mentions`` (:mod:`pipeline.nlp.abbreviation_mentions`);
5. ``mention_resolver`` (:mod:`pipeline.nlp.mention_resolver`): the most trusted of
   overlapping candidates becomes ``doc.ents`` and ``doc._.mentions``.

Labels and :func:`is_generic` live in :mod:`pipeline.nlp.labels`; they are re-exported
here until every caller imports them from there. Importing this module registers the
components' factories (the loader imports it).
"""
from __future__ import annotations

from pipeline.nlp import (  # noqa: F401  (registers the factories)
    abbreviation_mentions, mention_resolver, ner_mentions, product_mentions, vocab_mentions,
)
from pipeline.nlp.labels import CONDITION, DRUG, KIND_LABEL, is_generic

__all__ = ["CONDITION", "DRUG", "KIND_LABEL", "is_generic"]
