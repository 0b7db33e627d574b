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


# --- #11: linear in the size of the text -------------------------------------------------------

import time  # noqa: E402

import pytest  # noqa: E402


def _growth(build, small: int, factor: int = 8, markdown: bool = False) -> float:
    """CPU-time ratio of splitting ``build(small * factor)`` to ``build(small)`` (best of three)."""
    def best(n: int) -> float:
        text = build(n)
        times = []
        for _ in range(3):
            start = time.process_time()
            split_blocks(text, markdown=markdown)
            times.append(time.process_time() - start)
        return max(min(times), 1e-4)
    best(small)
    return best(small * factor) / best(small)


@pytest.mark.parametrize(("build", "markdown"), [
    (lambda n: "".join(f"- item {k} of the list\n" for k in range(n)), False),   # one-line list items
    (lambda n: "Gout is a kind of arthritis, " * n, False),                        # one line, no break
    (lambda n: "Gout\n" + "\n" * (20 * n), False),                                 # many blank lines
    (lambda n: "# Gout\n\n" + "a wrapped paragraph line\n" * n, True),             # one long Markdown paragraph
    (lambda n: "1-" * (10 * n), False),
])
def test_splitting_is_linear(build, markdown):
    assert _growth(build, 500, markdown=markdown) < 8 * 3


def test_ten_thousand_list_items_are_ten_thousand_blocks():
    text = "Causes\n" + "".join(f"- cause {k}\n" for k in range(10_000))
    blocks = split_blocks(text)
    assert len(blocks) == 10_001 and {b.kind for b in blocks[1:]} == {"list_item"}
    assert all(b.section == 0 for b in blocks[1:])
