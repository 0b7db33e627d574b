"""Pure term helpers: the comparison forms every vocabulary and extractor agrees on.

Kept apart from the lexicon (which loads vocabulary files) and the curation rules (which
read rule files), so both can use them without importing each other.
"""
from __future__ import annotations

import re
import unicodedata

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00ad"), "-")
_QUOTES = dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032\u02bc`\u00b4"), "'")
_DQUOTES = dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f\u2033"), '"')
_POSSESSIVE = re.compile(r"(?<=\w)'s\b|(?<=s)'(?=\s|$)")
_SPACES = re.compile(r"\s+")
#: An eponym whose apostrophe was lost in conversion ("Parkinson s disease", "Crohn s
#: disease", "Cushing s syndrome": 67 of the 400 EMA leaflets of the shared corpora write
#: them so; "Sjögren s syndrome", "Tourette s" too). Only after a capitalised word and
#: before a lower-case one or the end, so "Protein S deficiency" and "vitamin S" stay.
_LOST_APOSTROPHE = re.compile(r"(?<!\w)(?!(?:Protein|Vitamin|Type|Factor|Group|Phase|Class|Grade|Stage)\b)"
                              r"([^\W\d_][^\W\d_]{2,}) s(?= [a-z]|$)")
_EDGE_PUNCT = " \t\n.,;:!?\"'"
_BRACKETS = {"(": ")", "[": "]", "{": "}"}


def normalise_term(text: str) -> str:
    """Canonical comparison form of a surface term.

    Lower-cases, applies NFKC, unifies dashes and quotes, strips possessives
    ("Paget's" → "paget", also when conversion lost the apostrophe: "Paget s disease"), collapses whitespace and trims edge punctuation, so that a
    term from running text and one from a vocabulary compare equal when a reader
    would say they are the same words.
    """
    text = unicodedata.normalize("NFKC", text).translate(_DASHES).translate(_QUOTES).translate(_DQUOTES)
    text = _LOST_APOSTROPHE.sub(lambda m: m.group(1) if m.group(1)[0].isupper() and m.group(1)[1:].islower()
                                else m.group(0), text)
    text = _POSSESSIVE.sub("", text.lower())
    text = _strip_unbalanced(_SPACES.sub(" ", text).strip(_EDGE_PUNCT))
    return text.replace(" - ", "-").replace("- ", "-").replace(" -", "-")


def _strip_unbalanced(text: str) -> str:
    """Drop edge brackets only when unbalanced: "(osteoporosis" yes, "vitamin d (d3)" no."""
    while text and text[0] in _BRACKETS and text.count(text[0]) > text.count(_BRACKETS[text[0]]):
        text = text[1:].strip(_EDGE_PUNCT)
    while text and text[-1] in _BRACKETS.values():
        opener = next(o for o, c in _BRACKETS.items() if c == text[-1])
        if text.count(text[-1]) <= text.count(opener):
            break
        text = text[:-1].strip(_EDGE_PUNCT)
    return text


def _singular(word: str) -> str:
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def fold_term(normalised: str) -> str:
    """Spelling-insensitive key: hyphens as spaces, British ae/oe as e, last word singular."""
    text = normalised.replace("-", " ").replace("ae", "e").replace("oe", "e")
    words = text.split()
    if not words:
        return ""
    words[-1] = _singular(words[-1])
    return " ".join(words)


def compact_term(normalised: str) -> str:
    """The folded key with no spaces at all: "osteo-arthritis" meets "osteoarthritis"."""
    return fold_term(normalised).replace(" ", "")
