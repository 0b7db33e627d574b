"""Rule files named in a component's config, as spaCy's ``SpanRuler`` takes its patterns.

A config names a rule file by its name under ``pipeline/rules/`` (the packaged default,
e.g. ``"drug_context.jsonl"``) or by an absolute path, so a project can swap one file
without editing the package. Either way the rows are validated by the same typed model.
"""
from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from pipeline.rules import RuleFileError, load_jsonl, rules_root

M = TypeVar("M", bound=BaseModel)


def load_rule_file(ref: str, model: type[M]) -> tuple[M, ...]:
    """Rows of the rule file ``ref``: a name relative to ``pipeline/rules/`` or an absolute path.

    Raises:
        RuleFileError: the file is missing or a row does not fit ``model``.
    """
    path = Path(ref)
    if path.is_absolute():
        # load_jsonl joins the name to the rules folder; an absolute name replaces it
        # when that folder is a real directory (always, for an installed checkout).
        if not isinstance(rules_root(), Path):
            raise RuleFileError(f"{ref}: absolute rule paths need the rules on disk")
        if not path.is_file():
            raise RuleFileError(f"{ref}: no such rule file")
    elif not (rules_root() / ref).is_file():
        raise RuleFileError(f"{ref}: no such rule file in pipeline/rules/")
    return load_jsonl(ref, model)
