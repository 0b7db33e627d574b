from __future__ import annotations

from pipeline.ingest.boilerplate import is_testimonial, mark_boilerplate
from pipeline.ingest.structure import split_blocks

PAGE = """Knee pain

Knee pain is common in older adults. See healthfaqs for Joint Basics. Rest helps.

Consultation with an orthopedistFrom 1,500 rub.
Knee massageFrom $40
*Prices in different regions may vary; ask the center manager.

Reviews

I had terrible knee pain for years and my doctor could not help me. Then I came here.

( 3 ratings, average 4.7 out of 5 )
Did you like the article? Share with friends:
For any suggestions regarding the site: [email protected]

Author: J. Smith, MD
"""


def classify(text):
    blocks, spans = mark_boilerplate(text, split_blocks(text))
    return {text[b.start : b.end]: (b.kind, b.category) for b in blocks}, [
        (text[s.start : s.end], s.category) for s in spans
    ]


def test_furniture_is_recorded_as_boilerplate_with_its_category():
    blocks, spans = classify(PAGE)
    assert blocks["Knee pain is common in older adults. See healthfaqs for Joint Basics. Rest helps."] == ("paragraph", "")
    assert blocks["Consultation with an orthopedistFrom 1,500 rub."] == ("boilerplate", "price")
    assert blocks["Knee massageFrom $40"] == ("boilerplate", "price")
    assert blocks["*Prices in different regions may vary; ask the center manager."] == ("boilerplate", "price")
    assert blocks["( 3 ratings, average 4.7 out of 5 )"] == ("boilerplate", "rating")
    assert blocks["Did you like the article? Share with friends:"] == ("boilerplate", "share_prompt")
    assert blocks["For any suggestions regarding the site: [email protected]"] == ("boilerplate", "footer")
    assert ("See healthfaqs for Joint Basics.", "navigation") in spans


def test_reviews_section_and_first_person_stories_are_testimonials():
    blocks, _ = classify(PAGE)
    story = "I had terrible knee pain for years and my doctor could not help me. Then I came here."
    assert blocks[story] == ("boilerplate", "testimonial")
    assert is_testimonial(story)
    assert not is_testimonial("Patients should consult a doctor if the pain lasts more than a week.")


def test_journal_metadata_is_meta_not_content():
    text = "A review of gout\n\nResearch output: Contribution to journal\nJournalRheumatology\nPublication statusPublished - 2024\nCite this\n"
    blocks, _ = classify(text)
    assert blocks["JournalRheumatology"] == ("meta", "publication_meta")
    assert blocks["Cite this"] == ("meta", "cite")


# --- #11: linear in the length of a line ------------------------------------------------------

import time  # noqa: E402

import pytest  # noqa: E402

from pipeline.ingest.boilerplate import MAX_FURNITURE_CHARS, boilerplate_rules  # noqa: E402


def _growth(run, small: int, factor: int = 8) -> float:
    """CPU-time ratio of ``run(small * factor)`` to ``run(small)`` (best of three each)."""
    def best(n: int) -> float:
        return min(_timed(run, n) for _ in range(3))
    run(small)
    return best(small * factor) / max(best(small), 1e-4)


def _timed(run, n: int) -> float:
    start = time.process_time()
    run(n)
    return time.process_time() - start


def test_a_line_longer_than_furniture_is_content():
    footer = "For suggestions regarding the site write to us."
    long_line = "Gout is a kind of arthritis; " * (MAX_FURNITURE_CHARS // 29) + footer
    blocks, _ = classify(f"Gout\n\n{footer}\n\n{long_line}\n")
    assert blocks[footer] == ("boilerplate", "footer")
    assert blocks[long_line] == ("paragraph", "")


@pytest.mark.parametrize("unit", ["1 ", "1,", "enter ", "See x ", "Author: x ", "sign up for a "])
def test_one_long_line_takes_linear_time(unit):
    # a 20 MB line of digits and spaces took 175 s in one price rule (quadratic backtracking)
    def run(n: int) -> None:
        text = f"Gout\n\n{(unit * n)[:n]}\n"
        mark_boilerplate(text, split_blocks(text))
    assert _growth(run, 4000) < 8 * 3


@pytest.mark.parametrize("unit", [
    "1 ", "1,",
    "1.", "enter ",
    "from ", "$1", "(", "See x ", "Author: x ",
])
def test_every_rule_is_linear_on_furniture_sized_lines(unit):
    for rule, pattern in boilerplate_rules():
        def run(n: int) -> None:
            line = (unit * n)[:n]
            for _ in range(3):
                pattern.match(line) if rule.scope == "section" else list(pattern.finditer(line))
        assert _growth(run, 150) < 8 * 3, rule.id
