"""The embedded statistical NER: PubTator corpora, training, and evaluation.

``pubtator`` reads PubTator files and turns them into spaCy training data, ``train``
trains the DISEASE/CHEMICAL model shipped in ``pipeline/models/ner_bc5cdr``, and
``evaluate`` scores any predictor (ours, or scispaCy's ``en_ner_bc5cdr_md``) against gold
PubTator annotations. Nothing is loaded on import.
"""
from __future__ import annotations
