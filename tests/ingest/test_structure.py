from __future__ import annotations

from pipeline.ingest.structure import split_blocks

PAGE = """Bone health: what to know

Osteoporosis thins the bones. It is common after menopause.

Causes

The main causes of the problem are the following:
  1. Older age.
  2. Low calcium intake.
  • smoking;
  - heavy drinking;

The drug Movalis in the form of a solution for intramuscular administration

When should you see a doctor?
"""


def kinds(text, **kw):
    return [(b.kind, text[b.start : b.end]) for b in split_blocks(text, **kw)]


def test_blocks_keep_exact_offsets_and_kinds():
    got = kinds(PAGE)
    assert got[0] == ("title", "Bone health: what to know")
    assert ("heading", "Causes") in got
    assert ("paragraph", "The main causes of the problem are the following:") in got
    items = [t for k, t in got if k == "list_item"]
    assert items == ["Older age.", "Low calcium intake.", "smoking;", "heavy drinking;"]
    assert ("caption", "The drug Movalis in the form of a solution for intramuscular administration") in got
    assert ("heading", "When should you see a doctor?") in got


def test_list_items_know_their_section_heading():
    blocks = split_blocks(PAGE)
    item = next(b for b in blocks if b.kind == "list_item")
    heading = blocks[item.section]
    assert PAGE[heading.start : heading.end] == "Causes"


def test_a_long_punctuated_first_line_is_a_lead_paragraph_not_a_title():
    text = ("Osteosclerosis describes a hardening of the bones due to various causes, which leads "
            "to an excessive increase in bone substance and impaired stability.\n\nWhat is it?\n")
    got = kinds(text)
    assert got[0][0] == "paragraph"
    assert got[1] == ("heading", "What is it?")


def test_markdown_headings_and_wrapped_paragraphs():
    text = "# Gout\n\nGout is a form of\narthritis caused by urate.\n\n## Treatment\n\n* colchicine\n"
    got = kinds(text, markdown=True)
    assert got[0] == ("heading", "Gout")
    assert ("paragraph", "Gout is a form of\narthritis caused by urate.") in got
    assert ("heading", "Treatment") in got
    assert ("list_item", "colchicine") in got
