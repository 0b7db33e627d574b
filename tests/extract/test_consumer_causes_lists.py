"""Issue #17, session 9: lists after a lead that claims what a class causes (NHLBI and
NIDDK "causes" answers: "Examples of lung infections that can lead to bronchiectasis
include:" + one paragraph or short line per item; "Conditions that … also can lead to X.
Examples of such conditions include:" + items). Sentences written the way these pages
write them."""
from __future__ import annotations

from pipeline.extract.causes import cause_rows


def _pairs(rows):
    return {(r["cause"].lower(), r["condition"].lower(), r["relation"]) for r in rows}


LEAD_IS_A_CLAIM = """Damage to the walls of the airways usually is the cause of bronchiectasis. Examples of lung infections that can lead to bronchiectasis include:

Severe pneumonia (nu-MO-ne-ah)

Whooping cough or measles (uncommon in the United States due to vaccination)

Tuberculosis

Conditions that damage the airways also can lead to bronchiectasis. Examples of such conditions include:

Cystic fibrosis. This disease leads to many of the cases of bronchiectasis.

Connective tissue diseases, such as rheumatoid arthritis and Crohns disease.

Other conditions, such as an airway blockage, also can lead to bronchiectasis.
"""


def test_items_after_a_lead_that_claims_what_a_class_causes(view):
    rows = cause_rows(view(LEAD_IS_A_CLAIM))
    listed = [r for r in rows if r["extractor"] == "cause.listed_after_claim"]
    causes = {r["cause"].lower() for r in listed}
    assert {"severe pneumonia", "whooping cough", "measles", "tuberculosis"} <= causes
    assert {"cystic fibrosis", "connective tissue diseases", "rheumatoid arthritis"} <= causes
    assert {r["condition"] for r in listed} == {"bronchiectasis"}
    assert all(r["hedged"] for r in listed)  # the lead says "can"
    # the next lead ends the first list; a sentence with its own verb ends the second
    assert not any("conditions that damage" in c for c in causes)
    assert not any("airway blockage" in c for c in causes)


def test_short_items_taken_for_headings_do_not_name_the_page(view):
    rows = cause_rows(view(LEAD_IS_A_CLAIM))
    # "Tuberculosis" on its own line is a list item, not the heading of the text after it
    assert ("damage to the walls of the airways", "bronchiectasis", "causes") in _pairs(rows)
    assert not any(r["condition"] == "tuberculosis" for r in rows)


def test_a_lead_whose_cause_is_one_thing_lists_no_causes(view):
    text = "Diabetes can cause eye problems, such as:\n\n- Cataracts\n\n- Glaucoma\n"
    rows = cause_rows(view(text))
    assert not any(r["extractor"] == "cause.listed_after_claim" for r in rows)


def test_pointers_and_sentences_among_items_are_no_causes(view):
    text = ("Certain medicines can cause urinary retention. Examples of such medicines include:\n\n"
            "- antihistamines to treat allergies\n\n- Some people incorrectly believe that stress can cause it\n\n"
            "- For more information about these medicines, see the list\n")
    causes = {r["cause"].lower() for r in cause_rows(view(text)) if r["extractor"] == "cause.listed_after_claim"}
    assert causes == {"antihistamines to treat allergies"}


def test_an_apposition_defining_an_item_is_not_a_cause(view):
    text = ("Some diseases can cause short bowel syndrome. These include:\n\n"
            "- Crohn's disease, a disorder that causes inflammation, or swelling, and irritation of the digestive tract\n")
    causes = {r["cause"].lower() for r in cause_rows(view(text))}
    assert "crohn disease" in causes or "crohn's disease" in causes
    assert not any("inflammation" in c or "irritation" in c for c in causes)


def test_an_adverb_between_items_is_no_item(view):
    text = ("Examples of conditions that can lead to bronchiectasis include:\n\n"
            "Immunodeficiency disorders, such as common variable immunodeficiency and, less often, HIV and AIDS.\n")
    causes = {r["cause"].lower() for r in cause_rows(view(text))}
    assert {"hiv", "aids"} <= causes
    assert not any(c.startswith("less") for c in causes)


def test_an_item_with_an_apposition_is_one_cause(view):
    text = "Some medications can cause hypothyroidism. Examples include:\n\n- lithium, a bipolar disorder medication\n\n- amiodarone, a heart medication\n"
    causes = {r["cause"].lower() for r in cause_rows(view(text))}
    assert causes == {"lithium", "amiodarone"}


def test_a_generic_class_claim_gives_its_examples(view):
    text = "Certain medicines can cause a chronic cough. Examples of these medicines are ACE inhibitors and beta blockers.\n"
    pairs = _pairs(cause_rows(view(text)))
    assert {("ace inhibitors", "chronic cough", "causes"), ("beta blockers", "chronic cough", "causes")} <= pairs
