"""scispaCy's rule tokenizer, registered so a spaCy config can name it.

scispaCy ships ``combined_rule_tokenizer`` as a plain function; spaCy configs need a
registered factory. Training and inference use the same tokenizer through this name.

Two versions are registered:

* ``pipeline.scispacy_tokenizer.v1`` is scispaCy's tokenizer unchanged. It keeps a hyphen
  or slash between words inside one token ("cocaine-induced", "nausea/vomiting").
* ``pipeline.scispacy_tokenizer.v2`` (the default) also splits a hyphen or slash that
  joins a word to a word or number. Biomedical corpora annotate "cocaine" in
  "cocaine-induced" and "urticaria" in "urticaria/angioedema"; with v1 about 10% of
  BC5CDR mentions end inside a token and no model can predict them exactly, with v2 about
  1%. Hyphens between two numbers were already split by scispaCy ("2-3"); hyphenated
  chemical names stay recoverable because an entity may span several tokens.
"""
from __future__ import annotations

import re
import warnings
from typing import Callable

import spacy
from scispacy.custom_tokenizer import combined_rule_tokenizer
from spacy.lang.char_classes import ALPHA
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from pipeline.nlp.sentences import remember_text

# scispaCy's prefix regex trips a FutureWarning in `re` ("Possible set union") whenever it
# is compiled, including when a saved or pickled tokenizer is restored; it is harmless.
warnings.filterwarnings("ignore", message="Possible set union", category=FutureWarning)

#: Infixes v2 adds to scispaCy's: a hyphen after a letter or digit and before a letter,
#: a hyphen between a letter and a digit, a slash between letters or digits.
WORD_JOINER_INFIXES = (
    rf"(?<=[{ALPHA}0-9])-(?=[{ALPHA}])",
    rf"(?<=[{ALPHA}])-(?=[0-9])",
    rf"(?<=[{ALPHA}0-9])/(?=[{ALPHA}0-9])",
)


def _scispacy_tokenizer(nlp: Language) -> Tokenizer:
    # combined_rule_tokenizer reads token_match/url_match from nlp.tokenizer, which
    # does not exist yet while a config is being built: give it spaCy's default first.
    nlp.tokenizer = spacy.registry.tokenizers.get("spacy.Tokenizer.v1")()(nlp)
    return combined_rule_tokenizer(nlp)


@spacy.registry.tokenizers("pipeline.scispacy_tokenizer.v1")
def create_scispacy_tokenizer() -> Callable[[Language], Tokenizer]:
    """Return a tokenizer factory that builds scispaCy's combined rule tokenizer."""
    return _scispacy_tokenizer


class TextKeepingTokenizer(Tokenizer):
    """A spaCy tokenizer that remembers the text of each Doc it makes.

    ``Doc.text`` re-joins every token on each read, which costs the pipeline's components
    more than some of them cost; with the text recorded here, :func:`doc_text` is free.
    """

    def __call__(self, text: str) -> Doc:
        doc = super().__call__(text)
        remember_text(doc, text)
        return doc


@spacy.registry.tokenizers("pipeline.scispacy_tokenizer.v2")
def create_word_splitting_tokenizer() -> Callable[[Language], Tokenizer]:
    """scispaCy's tokenizer that also splits hyphens and slashes joining words."""

    def make(nlp: Language) -> Tokenizer:
        rules = _scispacy_tokenizer(nlp)
        pattern = rules.infix_finditer.__self__.pattern  # type: ignore[attr-defined]
        return TextKeepingTokenizer(
            nlp.vocab,
            rules=rules.rules,
            prefix_search=rules.prefix_search,
            suffix_search=rules.suffix_search,
            infix_finditer=re.compile("|".join((pattern, *WORD_JOINER_INFIXES))).finditer,
            token_match=rules.token_match,
            url_match=rules.url_match,
        )

    return make
