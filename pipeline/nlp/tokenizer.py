"""scispaCy's rule tokenizer, registered so a spaCy config can name it.

scispaCy ships ``combined_rule_tokenizer`` as a plain function; spaCy configs need a
registered factory. Training and inference use the same tokenizer through this name.
"""
from __future__ import annotations

import warnings
from typing import Callable

import spacy
from scispacy.custom_tokenizer import combined_rule_tokenizer
from spacy.language import Language
from spacy.tokenizer import Tokenizer


@spacy.registry.tokenizers("pipeline.scispacy_tokenizer.v1")
def create_scispacy_tokenizer() -> Callable[[Language], Tokenizer]:
    """Return a tokenizer factory that builds scispaCy's combined rule tokenizer."""

    def make(nlp: Language) -> Tokenizer:
        # combined_rule_tokenizer reads token_match/url_match from nlp.tokenizer, which
        # does not exist yet while a config is being built: give it spaCy's default first.
        nlp.tokenizer = spacy.registry.tokenizers.get("spacy.Tokenizer.v1")()(nlp)
        with warnings.catch_warnings():
            # scispaCy's prefix regex trips a FutureWarning in `re`; it is harmless.
            warnings.simplefilter("ignore", FutureWarning)
            return combined_rule_tokenizer(nlp)

    return make
