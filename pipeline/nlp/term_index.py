"""A word-trie index over vocabulary terms, matched against raw text with exact offsets.

Matching works on the text, not on spaCy tokens, so it is independent of the tokenizer
(our scispaCy tokenizer and a swapped-in model's agree on nothing about hyphens), and the
index builds in about a second from the compiled vocabularies instead of tokenising every
term. Words are lower-cased with dashes and quotes unified, character for character, so
offsets into the normalised text are offsets into the source.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

_WORD = re.compile(r"\w+|[^\s\w]")
_FOLD = str.maketrans({
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"',
    "\u00a0": " ",
})
#: Punctuation a term may contain; other punctuation in text never starts or joins a term.
_TERM_PUNCT = frozenset("'/.+,&()")


def fold(text: str) -> str:
    """Lower-case and unify dashes/quotes without changing the length of the text."""
    lowered = text.lower()
    if len(lowered) != len(text):  # rare characters whose lower case is longer ("İ")
        lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return lowered.translate(_FOLD)


def words_of(term: str) -> tuple[str, ...]:
    """Index key of a term: its words; hyphens are dropped so "anti-inflammatory" and
    "anti inflammatory" meet."""
    return tuple(w for w in _WORD.findall(fold(term)) if w != "-")


def singular_forms(word: str) -> Iterator[str]:
    """English plural endings to try when a word is not in the index as written."""
    if len(word) <= 3 or not word.isalpha():
        return
    if word.endswith("ses"):
        yield word[:-2] + "is"  # Greek plurals: osteoporoses, diagnoses
    if word.endswith("ies"):
        yield word[:-3] + "y"
    if word.endswith(("ses", "xes", "zes", "ches", "shes")):
        yield word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        yield word[:-1]


def _inside_compound(text: str, start: int, end: int) -> bool:
    """True when a match is only part of a hyphenated compound word."""
    after = text[end : end + 2]
    before = text[max(0, start - 2) : start]
    return (len(after) == 2 and after[0] == "-" and after[1].isalpha()) or (
        len(before) == 2 and before[1] == "-" and before[0].isalpha()
    )


@dataclass(frozen=True)
class TermHit:
    """A vocabulary match: character span and the payloads of the matched term."""

    start: int
    end: int
    payloads: tuple[object, ...]


class TermIndex:
    """Longest-match dictionary lookup of multi-word terms.

    Args:
        entries: (term, payload) pairs; a term may carry several payloads.
        max_words: Longest term, in words, that is indexed.
    """

    def __init__(self, entries: Iterable[tuple[str, object]], max_words: int = 10) -> None:
        self._terms: dict[tuple[str, ...], list[object]] = {}
        self._prefixes: set[tuple[str, ...]] = set()
        self._singulars: dict[str, tuple[str, ...]] = {}
        self.max_words = max_words
        for term, payload in entries:
            key = words_of(term)
            if not key or len(key) > max_words or key[0] in _TERM_PUNCT:
                continue
            bucket = self._terms.setdefault(key, [])
            if payload not in bucket:
                bucket.append(payload)
            for n in range(1, len(key)):
                self._prefixes.add(key[:n])
        #: First words of terms: a text word that is none of these (nor their plural) is
        #: skipped with one set lookup, which is what most words of a text get.
        self._starts = frozenset(key[0] for key in self._terms)

    def __len__(self) -> int:
        return len(self._terms)

    def _singular(self, word: str) -> tuple[str, ...]:
        forms = self._singulars.get(word)
        if forms is None:
            if len(self._singulars) > 200_000:
                self._singulars.clear()
            forms = self._singulars[word] = tuple(singular_forms(word))
        return forms

    def _singular_may_start(self, word: str) -> bool:
        return any(alt in self._starts for alt in self._singular(word))

    def _lookup(self, key: tuple[str, ...]) -> list[object] | None:
        found = self._terms.get(key)
        if found is None:
            for alt in self._singular(key[-1]):
                found = self._terms.get(key[:-1] + (alt,))
                if found is not None:
                    break
        return found

    def find(self, text: str) -> list[TermHit]:
        """Non-overlapping longest matches, left to right."""
        folded = fold(text)
        tokens = [(word, *m.span()) for m in _WORD.finditer(folded) if (word := m.group()) != "-"]
        hits: list[TermHit] = []
        starts = self._starts  # most words start no term: one set lookup, no call
        i = 0
        n = len(tokens)
        while i < n:
            if tokens[i][0] not in starts and not self._singular_may_start(tokens[i][0]):
                i += 1
                continue
            best: tuple[int, list[object]] | None = None
            key: tuple[str, ...] = ()
            for j in range(i, min(n, i + self.max_words)):
                if j > i and (
                    tokens[j][1] - tokens[j - 1][2] > 2 or "\n" in folded[tokens[j - 1][2] : tokens[j][1]]
                ):
                    break  # terms never span a line break or a gap of several spaces
                key = key + (tokens[j][0],)
                found = self._lookup(key)
                if found is not None and tokens[j][0] not in _TERM_PUNCT:
                    best = (j, found)
                if key not in self._prefixes:
                    break
            if best is None:
                i += 1
                continue
            j, payloads = best
            start, end = tokens[i][1], tokens[j][2]
            if _inside_compound(folded, start, end):
                i += 1  # "shock" in "shock-absorbing" is not the condition shock
                continue
            hits.append(TermHit(start, end, tuple(payloads)))
            i = j + 1
        return hits
