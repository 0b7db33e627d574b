"""What every published table and column means: the dataset's own description.

One description feeds three things: the Frictionless Data Package published with every
dataset (``datapackage.json``: types, keys, value lists, licence and sources, so
downstream tools can load and check it), the human data dictionary (``README.md`` in the
output folder, and ``docs/dataset.md`` in the repository), and the tests that validate a
published dataset against it. The column names and types come from
:mod:`pipeline.dataset.schema`; this module adds what they mean and which values they may
take. Value lists that the rules decide (statement predicates, source kinds, rule ids)
are read from the rule files, so they cannot drift from what the pipeline produces.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache

from pipeline.dataset.schema import (CONTRACT_COLUMNS, FLAG_KINDS, ID_COLUMN, PUBLISHABLE, REVIEW_STATUSES,
                                     SCHEMA_VERSION, SEVERITIES, SOURCE_FORMATS, TABLES, DOSE_KINDS)
from pipeline.rules import read_text, rules_root

#: Tables published under curated/ (blocks and cue matches are reviewer material).
CURATED_TABLES = ("documents", "conditions", "drugs", "causes", "doses", "statements", "treatments", "claims",
                  "flags")

TABLE_DESCRIPTIONS: dict[str, str] = {
    "documents": "One row per source file: where it came from, its hash, what kind of source it is, how credible, "
                 "and whether it could be used (status ok) or why not (status error).",
    "conditions": "Condition mentions (diseases, symptoms, findings), one row per mention, normalised to a "
                  "canonical name and a vocabulary concept.",
    "drugs": "Drug mentions, one row per mention, brand names resolved to the generic (INN) name.",
    "causes": "Condition–cause claims, one row per claim: causes, risk factors, complications and a "
              "medicine's side effects (adverse_effect).",
    "doses": "Dose claims, one row per dose: amount, unit, frequency, route, form, duration, who it is for, "
             "linked to the drug mention it belongs to.",
    "statements": "Statements about a condition's curability, treatability, reversibility, need for surgery "
                  "and prognosis.",
    "treatments": "Treatment and efficacy claims: a drug, procedure, remedy or lifestyle change that treats, "
                  "cures, relieves, prevents or improves a condition.",
    "cues": "Sentences that match a cue of dubious health claims (miracle cures, absolute language, "
            "testimonials...); each is also a claim of kind 'assertion' in the claims table.",
    "claims": "The claims layer: every cause, dose, statement, treatment and flagged assertion as "
              "subject–predicate–object with polarity, hedging and context.",
    "flags": "Claims a person should look at: dubious claims, contradictions within and across sources, "
             "unknown drugs, doses out of range; each binds the claims it questions.",
    "blocks": "The structure of each source: title, headings, paragraphs, list items, captions, and the "
              "boilerplate and metadata set aside with the rule that matched.",
}

#: What a column means, by name; ``(table, column)`` entries override the general one.
FIELD_DESCRIPTIONS: dict[str | tuple[str, str], str] = {
    "doc_id": "The source file's name without extension (a path-derived id when names clash).",
    "source_path": "The source file's path relative to the sources folder.",
    "title": "The source's title: its first title or heading block.",
    "sha256": "SHA-256 of the source file's bytes.",
    "n_chars": "Characters of the decoded source text.",
    "source_kind": "What kind of source it is, decided by the first matching rule of rules/credibility.jsonl.",
    "credibility": "0..1, from the source-kind rule (credibility_rule says which).",
    "status": "ok when the source was read and extracted, error when it could not be used.",
    "error": "Why the source could not be used, in plain words; empty when status is ok.",
    "encoding": "The text encoding the source was decoded with.",
    "warnings": "Warnings about the source (e.g. not UTF-8), '; '-separated.",
    "credibility_rule": "Id of the rule in rules/credibility.jsonl that set source_kind and credibility.",
    "n_words": "Words (\\w+ tokens) of the decoded source text.",
    "source_format": "text, markdown, html (a saved web page) or pdf.",
    "offsets_refer_to": "source: offsets index the source file's decoded text; extracted: they index the "
                        "extracted text of a page or PDF, published as text_path.",
    "text_path": "For HTML and PDF sources: the published extracted text (texts/DOC_ID.txt) every offset "
                 "of this document refers to; else empty.",
    "text_sha256": "SHA-256 of the published extracted text (UTF-8), else empty.",
    "text_extractor": "Library and version that extracted the text of a page or PDF, else empty.",
    "author": "Author(s) the page or PDF names ('; '-separated), else empty.",
    "site_name": "The web site's name, when the page says.",
    "published": "Publication date the page or PDF states (ISO 8601), else empty.",
    "doi": "DOI the page or PDF carries, else empty.",
    "journal": "Journal the page or PDF names, else empty.",
    "canonical_url": "The page's canonical URL, else empty.",
    "mention_id": "Stable id of the mention (document, normalised quote, kind, extractor).",
    "claim_id": "Stable id of the claim (document, normalised quote, kind, extractor): it survives reruns "
                "while its quote is unchanged.",
    "flag_id": "Stable id of the flag (kind, category, rule and the normalised quotes of its sides).",
    "name": "Canonical lower-case name (the generic INN for drugs).",
    ("drugs", "name"): "Canonical generic (INN) name in lower case, e.g. meloxicam for 'Movalis'.",
    "concept_id": "VOCAB:ID of the concept (HP:, ORPHA:, OMIM:, ICD10CM:, DRUGBANK:, SUPP:...), empty when none.",
    "text": "The exact surface text in the source: source_text[start:end].",
    ("flags", "text"): "The flagged evidence (the first side of a contradiction).",
    ("blocks", "text"): "The block's text: source_text[start:end].",
    ("cues", "text"): "The sentence that matched the cue: source_text[start:end].",
    "start": "0-based character offset into the decoded source text where the evidence starts.",
    "end": "End-exclusive character offset: source_text[start:end] is the evidence exactly.",
    "sentence": "The sentence the mention is in.",
    "negated": "The source says it is not so ('no fracture', 'is not caused by').",
    "hypothetical": "The source speaks of it as possible or conditional ('may develop', 'if ...').",
    "extractor": "What produced the row: ner, vocab, pattern or abbreviation for mentions; the id of the rule "
                 "for claims.",
    "section": "The heading of the section the mention is in.",
    "review_status": "clean (never flagged), pending, accepted, rejected or corrected: decided by the flags "
                     "that bind the row and the review decisions in annotations/reviews.jsonl.",
    "drug_class": "Pharmacological class of the drug, when known.",
    "known": "False when the name is in no vocabulary the pipeline knows (such names are flagged).",
    "cause": "The cause: a condition, substance, gene, exposure or behaviour (for adverse_effect: the drug).",
    "cause_concept_id": "VOCAB:ID of the cause, empty when none.",
    "condition": "The condition caused (for adverse_effect: the side effect).",
    "condition_concept_id": "VOCAB:ID of the condition, empty when none.",
    "relation": "causes, risk_factor, complication_of (condition is the complication of the cause) or "
                "adverse_effect (a medicine's side effect).",
    "hedged": "The source qualifies the claim (may, can, possibly, is believed to).",
    "evidence": "The sentence or list item the claim was read from: source_text[start:end].",
    "frequency_band": "For side effects: the frequency band the source states.",
    "cause_text": "The cause as written.",
    "condition_text": "The condition as written.",
    "drug": "Canonical generic name of the dose's drug, empty when it could not be linked.",
    "drug_text": "The drug as written where the dose links to it.",
    "drug_mention_id": "The drugs row (mention_id) the dose is linked to; empty when unlinked.",
    "amount": "The amount (lower end of a range).",
    "amount_max": "The upper end of a range ('7.5-15 mg': 15), else empty.",
    "unit": "mg, mcg, g, ml, IU, mg/kg, mg/m2, %, or a count unit (tablet, puff, drop...); per body weight "
            "or surface is kept in the unit.",
    "frequency_per_day": "Times per day (3 for 'three times a day', 0.142857 for weekly), empty when not stated.",
    "frequency_per_day_max": "Upper end of a frequency range ('every 4 to 6 hours': 6), else empty.",
    "frequency_text": "The frequency as written.",
    "route": "oral, intramuscular, intravenous, subcutaneous, nasal, topical, ... or empty.",
    "form": "tablet, capsule, injection, solution, ... or empty.",
    "duration_text": "How long, as written.",
    "dose_kind": "regimen (a dose to take), max (a stated maximum), single (a one-off dose) or cumulative "
                 "(a stated total over a course).",
    "daily_amount": "amount × frequency_per_day in the dose's unit (per day), empty without a frequency.",
    "daily_amount_max": "The upper end of the daily amount (amount_max and frequency_per_day_max).",
    "duration_days": "The duration in days, parsed from duration_text, else empty.",
    "duration_is_limit": "The duration is a cap ('no more than 3 days'), not a course.",
    "purpose": "prevention or treatment, when the sentence says which.",
    "drug_mention_note": "In curated/: why drug_mention_id was emptied (the drug mention it linked to is not "
                         "published: pending or withheld), else empty.",
    "population": "Who the dose is for when the source says (adults, children 6-11 years, under 40 kg...).",
    "timing": "When to take it (in the morning, with meals...), as written.",
    "indication": "The condition the dose is for, when the sentence says.",
    "drug_link": "How the dose's drug was found: in the same sentence, what the amount is 'of', the previous "
                 "dose, the paragraph, a caption, the heading, the document's subject, or ambiguous.",
    "subject": "What the claim is about (a condition, a drug, a treatment).",
    "subject_concept_id": "VOCAB:ID of the subject, empty when none.",
    "predicate": "What the claim says of its subject (see the value list).",
    "object": "What the claim relates its subject to (the condition caused or treated), else empty.",
    "object_concept_id": "VOCAB:ID of the object, empty when none.",
    "polarity": "False when the claim is denied ('is not curable', 'does not cure').",
    "cue": "The words that matched the statement pattern.",
    "rule_id": "Id of the rule (in pipeline/rules/) that produced the row.",
    "kind": "What kind of row it is (see the value list).",
    "dose": "The dose as text (amount, unit, times per day).",
    ("claims", "credibility"): "Credibility of the claim's source (documents.credibility).",
    "treatment": "The treatment: a drug's generic name, or the phrase naming a procedure, remedy or lifestyle change.",
    "treatment_concept_id": "VOCAB:ID of the treatment (drugs), empty when none.",
    "treatment_kind": "drug, procedure, remedy, lifestyle or other.",
    "treatment_text": "The treatment as written.",
    "category": "Finer kind of the row (see the value list or the rule files).",
    ("blocks", "category"): "For boilerplate and metadata blocks: what was set aside (navigation, price, "
                            "testimonial...), else empty.",
    "severity": "low, medium or high: how much a reviewer's attention it needs, weighed by source credibility.",
    "reason": "One plain sentence a reviewer can act on.",
    "other_doc_id": "For a contradiction: the document of the second side.",
    "other_start": "For a contradiction: start offset of the second side in its document.",
    "other_end": "For a contradiction: end offset of the second side in its document.",
    "other_text": "For a contradiction: the second side's evidence.",
    "claim_ids": "';'-separated ids of every claim (claim_id of causes, doses, statements, treatments, cues, "
                 "claims) and mention (mention_id) the flag binds: its decision decides those rows.",
    "reviewer": "Who decided the flag last.",
    "reviewed_at": "When (ISO 8601).",
    "note": "The reviewer's note, or why a decision could not be applied.",
    "unbound_reason": "Why the flag binds no claim (its decision then changes no published row), else empty.",
    "block": "Index of the block in its document (-1 for a boilerplate span inside a block).",
    ("cues", "severity"): "The cue's severity before weighing by the source's credibility.",
    ("cues", "reason"): "What the cue means, for the reviewer.",
    ("cues", "subject"): "The condition the sentence is about (its own, else the paragraph's or page's topic).",
    ("statements", "subject"): "The condition the statement is about.",
}

#: How a mention was found: the statistical NER, a vocabulary term, a drug-name pattern,
#: or an abbreviation defined in the text for one of those.
MENTION_SOURCES = ("ner", "vocab", "pattern", "abbreviation")
_BANDS = ("very common", "common", "uncommon", "rare", "very rare", "not known")
_DRUG_LINKS = ("sentence", "attached", "substance", "previous_dose", "paragraph", "caption", "heading", "subject",
               "ambiguous", "none")


def _rule_values(files: Iterable[str], key: str) -> tuple[str, ...]:
    """Distinct values of ``key`` over the rows of packaged JSON-lines rule files."""
    out: dict[str, None] = {}
    names = {f.name for f in rules_root().iterdir()}
    for name in files:
        if name not in names:
            continue
        for line in read_text(name).splitlines():
            line = line.strip()
            if line and not line.startswith("//"):
                value = json.loads(line).get(key)
                if isinstance(value, str):
                    out[value] = None
    return tuple(out)


def _files(prefix: str) -> tuple[str, ...]:
    return tuple(sorted(f.name for f in rules_root().iterdir() if f.name.startswith(prefix) and f.name.endswith(".jsonl")))


@lru_cache(maxsize=1)
def value_lists() -> dict[tuple[str, str], tuple[str, ...]]:
    """Allowed values of every closed column, by (table, column)."""
    statement_predicates = _rule_values(["statement_patterns.jsonl"], "predicate")
    treatment_predicates = _rule_values(["treatment_patterns.jsonl"], "predicate")
    relations = ("causes", "risk_factor", "complication_of", "adverse_effect")
    cue_categories = _rule_values(["dubious_cues.jsonl"], "category")
    lists: dict[tuple[str, str], tuple[str, ...]] = {
        ("documents", "status"): ("ok", "error"),
        ("documents", "source_format"): SOURCE_FORMATS,
        ("documents", "offsets_refer_to"): ("source", "extracted"),
        ("documents", "source_kind"): tuple(dict.fromkeys((*_rule_values(["credibility.jsonl"], "source_kind"),
                                                           "unknown"))),
        ("conditions", "extractor"): MENTION_SOURCES,
        ("drugs", "extractor"): MENTION_SOURCES,
        ("causes", "relation"): relations,
        ("causes", "frequency_band"): _BANDS,
        ("doses", "dose_kind"): DOSE_KINDS,
        ("doses", "drug_link"): _DRUG_LINKS,
        ("statements", "predicate"): statement_predicates,
        ("treatments", "predicate"): treatment_predicates,
        ("treatments", "treatment_kind"): ("drug", "procedure", "remedy", "lifestyle", "other"),
        ("treatments", "extractor"): _rule_values(["treatment_patterns.jsonl"], "id"),
        ("statements", "rule_id"): _rule_values(["statement_patterns.jsonl"], "id"),
        ("cues", "rule_id"): _rule_values(["dubious_cues.jsonl"], "id"),
        ("cues", "category"): cue_categories,
        ("cues", "severity"): SEVERITIES,
        ("claims", "kind"): ("cause", "dose", "statement", "treatment", "assertion"),
        ("claims", "predicate"): tuple(dict.fromkeys((*relations, "dose", *statement_predicates,
                                                      *treatment_predicates, *cue_categories))),
        ("flags", "kind"): FLAG_KINDS,
        ("flags", "severity"): SEVERITIES,
        ("blocks", "kind"): ("title", "heading", "paragraph", "list_item", "caption", "boilerplate", "meta"),
    }
    for table in TABLES:
        if "review_status" in TABLES[table]:
            lists[(table, "review_status")] = REVIEW_STATUSES
    return lists


def describe_field(table: str, column: str) -> str:
    return FIELD_DESCRIPTIONS.get((table, column)) or FIELD_DESCRIPTIONS.get(column, "")


def primary_key(table: str) -> list[str]:
    if table == "documents":
        return ["doc_id"]
    if table == "blocks":
        return []
    return [ID_COLUMN[table]]


def foreign_keys(table: str) -> list[dict]:
    """Every doc_id refers to documents; a dose's drug_mention_id to the drugs row it is linked to."""
    keys = []
    if table != "documents" and "doc_id" in TABLES[table]:
        keys.append({"fields": ["doc_id"], "reference": {"resource": "{layer}-documents", "fields": ["doc_id"]}})
    if table == "doses":
        keys.append({"fields": ["drug_mention_id"],
                     "reference": {"resource": "{layer}-drugs", "fields": ["mention_id"]}})
    return keys


_FRICTIONLESS_TYPE = {"str": "string", "int": "integer", "Int64": "integer", "float": "number", "bool": "boolean"}


def table_schema(table: str, layer: str) -> dict:
    """The Frictionless Table Schema of one table of one layer."""
    lists = value_lists()
    fields = []
    for column, dtype in TABLES[table].items():
        field: dict = {"name": column, "type": _FRICTIONLESS_TYPE[dtype],
                       "description": describe_field(table, column)}
        constraints: dict = {}
        if (table, column) in lists:
            constraints["enum"] = list(lists[(table, column)])
        if column in primary_key(table) or column in ("start", "end") and dtype == "int":
            constraints["required"] = True
        if dtype == "int" and column in ("start", "end", "n_chars", "n_words"):
            constraints["minimum"] = 0
        if column == "credibility":
            constraints.update(minimum=0, maximum=1)
        if constraints:
            field["constraints"] = constraints
        if table in CONTRACT_COLUMNS and column in CONTRACT_COLUMNS[table]:
            field["contract"] = True
        fields.append(field)
    schema: dict = {"fields": fields, "missingValues": [""]}
    if primary_key(table):
        schema["primaryKey"] = primary_key(table)
    fks = [json.loads(json.dumps(k).replace("{layer}", layer)) for k in foreign_keys(table)]
    if fks:
        schema["foreignKeys"] = fks
    return schema


LICENSE = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
           "title": "Creative Commons Attribution 4.0 (the derived data; each source keeps its own terms)"}


def datapackage(layers: dict[str, Iterable[str]], sources: list[dict]) -> dict:
    """The ``datapackage.json`` of a dataset with the given tables per layer."""
    resources = []
    for layer, tables in layers.items():
        for table in tables:
            resources.append({
                "name": f"{layer}-{table}", "path": f"{layer}/{table}.csv", "format": "csv",
                "mediatype": "text/csv", "encoding": "utf-8", "profile": "tabular-data-resource",
                "title": f"{table} ({layer})", "description": TABLE_DESCRIPTIONS[table]
                + (" Only publishable rows: review_status in " + ", ".join(PUBLISHABLE) + "." if layer == "curated"
                   and "review_status" in TABLES[table] else ""),
                "parquet_path": f"{layer}/{table}.parquet",
                "schema": table_schema(table, layer),
            })
    return {
        "profile": "tabular-data-package",
        "name": "curated-health-claims",
        "title": "Curated health claims: conditions, drugs, causes, doses and flags with evidence",
        "description": "Extracted from health texts by the curation pipeline; extracted/ holds everything with its "
                       "review status, curated/ only publishable rows. Offsets are character offsets into each "
                       "source's decoded text. The Parquet file beside each CSV holds the same rows.",
        "version": str(SCHEMA_VERSION),
        "schema_version": SCHEMA_VERSION,
        "licenses": [LICENSE],
        "sources": sources,
        "resources": resources,
    }


def data_dictionary(layers: dict[str, Iterable[str]]) -> str:
    """The human data dictionary (Markdown) made from the same description."""
    lists = value_lists()
    lines = [
        "# The dataset: tables and columns",
        "",
        "Generated from `pipeline/dataset/describe.py` (the same description as `datapackage.json`); do not "
        "edit by hand. The contract this dataset meets is `CONTRACT.md`, schema version "
        f"{SCHEMA_VERSION}; columns it requires are marked ●, the rest are this project's additions.",
        "",
        "| layer | tables |",
        "|---|---|",
    ]
    lines += [f"| `{layer}/` | {', '.join(f'`{t}`' for t in tables)} |" for layer, tables in layers.items()]
    lines += ["", "Every table is written as Parquet (canonical) and CSV with the same rows. `start`/`end` are "
              "0-based, end-exclusive character offsets into the source's decoded text: "
              "`source_text[start:end]` is the evidence exactly. Keys: every `doc_id` refers to `documents`; "
              "`doses.drug_mention_id` to `drugs.mention_id`; `flags.claim_ids` lists the ids of the rows a flag "
              "binds.", ""]
    for table in TABLES:
        lines += [f"## `{table}`", "", TABLE_DESCRIPTIONS[table], ""]
        key = primary_key(table)
        if key:
            lines += [f"Key: `{key[0]}`.", ""]
        lines += ["| column | type | meaning | values |", "|---|---|---|---|"]
        for column, dtype in TABLES[table].items():
            mark = " ●" if column in CONTRACT_COLUMNS.get(table, ()) else ""
            values = ", ".join(f"`{v}`" for v in lists.get((table, column), ()))
            meaning = describe_field(table, column).replace("|", "\\|")
            lines.append(f"| `{column}`{mark} | {_FRICTIONLESS_TYPE[dtype]} | {meaning} | {values} |")
        lines.append("")
    return "\n".join(lines)


def layers(tables: Iterable[str] | None = None) -> dict[str, list[str]]:
    """Tables of each layer: every table extracted, the publishable ones curated."""
    names = list(tables or TABLES)
    return {"extracted": names, "curated": [t for t in CURATED_TABLES if t in names]}


def write_data_dictionary(path: str) -> None:
    """Write the data dictionary for the repository (``make docs``)."""
    from pathlib import Path

    Path(path).write_text(data_dictionary(layers()) + "\n", encoding="utf-8")
