"""scispaCy's rule tokenizer, registered so a spaCy config can name it.

scispaCy ships ``combined_rule_tokenizer`` as a plain function; spaCy configs need a
registered factory. Training and inference use the same tokenizer through this name.

Three versions are registered:

* ``pipeline.scispacy_tokenizer.v1`` is scispaCy's tokenizer unchanged. It keeps a hyphen
  or slash between words inside one token ("cocaine-induced", "nausea/vomiting").
* ``pipeline.scispacy_tokenizer.v2`` also splits a hyphen or slash that
  joins a word to a word or number. Biomedical corpora annotate "cocaine" in
  "cocaine-induced" and "urticaria" in "urticaria/angioedema"; with v1 about 10% of
  BC5CDR mentions end inside a token and no model can predict them exactly, with v2 about
  1%. Hyphens between two numbers were already split by scispaCy ("2-3"); hyphenated
  chemical names stay recoverable because an entity may span several tokens.
* ``pipeline.scispacy_tokenizer.v3`` (the default) is v2 with a bound on the work one
  chunk of text (a run without spaces) can cost; see :class:`BoundedTokenizer`.
"""
from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from typing import Any, Callable

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


#: v2's special cases and affix searches by language, made once per process: reading them
#: off scispaCy's tokenizer builds two tokenizers (spaCy's and scispaCy's), and each loads
#: over a thousand special cases (about a second in all, paid again by a sourced NER
#: model's own tokenizer). Tokenizers only read these.
_V2_PARTS: dict[str, dict[str, Any]] = {}


def _v2_parts(nlp: Language) -> dict[str, Any]:
    parts = _V2_PARTS.get(nlp.lang)
    if parts is None:
        rules = _scispacy_tokenizer(nlp)
        pattern = rules.infix_finditer.__self__.pattern  # type: ignore[attr-defined]
        parts = _V2_PARTS[nlp.lang] = {
            "rules": rules.rules,
            "prefix_search": rules.prefix_search,
            "suffix_search": rules.suffix_search,
            "infix_finditer": re.compile("|".join((pattern, *WORD_JOINER_INFIXES))).finditer,
            "token_match": rules.token_match,
            "url_match": rules.url_match,
        }
    return parts


@spacy.registry.tokenizers("pipeline.scispacy_tokenizer.v2")
def create_word_splitting_tokenizer() -> Callable[[Language], Tokenizer]:
    """scispaCy's tokenizer that also splits hyphens and slashes joining words."""

    def make(nlp: Language) -> Tokenizer:
        return TextKeepingTokenizer(nlp.vocab, **_v2_parts(nlp))

    return make


#: A chunk whose leading and trailing punctuation runs, times its length, exceed this is
#: cut before tokenizing (see BoundedTokenizer).
MAX_AFFIX_WORK = 4096
#: Length of the pieces an over-long punctuation run is cut into.
AFFIX_PIECE = 16
#: Chunks this long or longer may exceed MAX_AFFIX_WORK (the runs are at most the chunk).
_MIN_LONG = int(MAX_AFFIX_WORK**0.5) + 1
_LONG_CHUNK = re.compile(rf"(?<!\S)\S{{{_MIN_LONG},}}")
_PUNCT_RUN = re.compile(r"[\W_]*")


def affix_cuts(text: str) -> Iterator[int]:
    """Offsets at which to cut ``text`` so no chunk's affix stripping turns quadratic.

    spaCy's tokenizer strips a chunk's prefixes and suffixes one at a time and searches
    the rest of the chunk again after each: a chunk of n brackets costs n² (8,000 "(":
    five seconds). A chunk whose leading and trailing punctuation runs ``a`` and ``z`` give
    ``(a + z) * len > MAX_AFFIX_WORK`` is cut at both runs' inner edges and every
    ``AFFIX_PIECE`` characters inside them; its core (from its first to its last letter or
    digit) stays whole, so words keep their tokens. Real text never has such a chunk.
    """
    for m in _LONG_CHUNK.finditer(text):
        start, end = m.span()
        chunk = m.group()
        lead = _PUNCT_RUN.match(chunk).end()  # type: ignore[union-attr]
        trail = _PUNCT_RUN.match(chunk[::-1]).end() if lead < len(chunk) else 0  # type: ignore[union-attr]
        if (lead + trail) * len(chunk) <= MAX_AFFIX_WORK:
            continue
        yield from range(start + AFFIX_PIECE, start + lead, AFFIX_PIECE)
        if 0 < lead < len(chunk):
            yield start + lead
        if trail:
            yield end - trail
            yield from range(end - trail + AFFIX_PIECE, end, AFFIX_PIECE)


_PUNCT_ONLY = re.compile(r"[^\w\s]+")


class BoundedTokenizer(TextKeepingTokenizer):
    """v2's tokenizer that tokenizes a pathological chunk in pieces (see affix_cuts).

    A piece cut from inside a punctuation run is one token: it is not language, and as
    one token per character a 60 KB run of brackets cost the NER six times as much as
    60 KB of prose.
    """

    def __call__(self, text: str) -> Doc:
        cuts = list(affix_cuts(text))
        if not cuts:
            return super().__call__(text)
        bounds = [0, *cuts, len(text)]
        parts = []
        for a, b in zip(bounds, bounds[1:]):
            piece = text[a:b]
            if 0 < a and b < len(text) and _PUNCT_ONLY.fullmatch(piece):
                parts.append(Doc(self.vocab, words=[piece], spaces=[False]))
            elif piece:
                parts.append(Tokenizer.__call__(self, piece))
        doc = Doc.from_docs(parts, ensure_whitespace=False)
        remember_text(doc, text)
        return doc


@spacy.registry.tokenizers("pipeline.scispacy_tokenizer.v3")
def create_bounded_tokenizer() -> Callable[[Language], Tokenizer]:
    """v2, with the work any one run of text without spaces can cost bounded."""

    def make(nlp: Language) -> Tokenizer:
        return BoundedTokenizer(nlp.vocab, **_v2_parts(nlp))

    return make
