"""Side effects that gave no row (issue #17, session 12): an item that opens with its effect and
its band in brackets, lists behind advice that announces "the following side effects", one
effect per paragraph after a lead-in without a colon; and rows in document order."""
from __future__ import annotations

from .conftest import LEAFLET_HEAD, LEAFLET_TAIL
from pipeline.extract.side_effects import side_effect_rows


def _by_text(rows):
    return {r["condition_text"]: r for r in rows}


def test_an_item_opening_with_its_effect_and_band_in_brackets_gives_that_effect_and_band(section4_rows):
    # zomarist, givlaari: "Effect (band: may affect …): prose about it"
    body = ("Tell your doctor straight away if you experience the following side effects:\n\n"
            "- Lactic acidosis (very rare: may affect up to 1 in 10 000 people): Brufex may cause a very rare, but very "
            "serious side effect called lactic acidosis. If this happens you must stop taking Brufex.\n"
            "- Angioedema (rare: may affect up to 1 in 1 000 people): Symptoms include swollen face, difficulty "
            "swallowing, difficulty breathing.\n")
    rows = section4_rows(body)
    lactic = [r for r in rows if r["condition"] == "lactic acidosis"]
    assert len(lactic) == 1 and lactic[0]["frequency_band"] == "very rare"
    by = {r["condition"]: r["frequency_band"] for r in rows}
    assert by.get("angioedema") == "rare" and by.get("dysphagia") == "rare"  # its signs take its band


def test_a_band_in_brackets_after_the_effect_names_its_band(section4_rows):
    # adempas "(common side effect, may affect …)", forxiga ", seen very rarely (may affect …)"
    body = ("The most serious side effects are:\n\n"
            "- coughing up blood (haemoptysis) (common side effect, may affect up to 1 in 10 people),\n"
            "- headache\n\n"
            "angioedema, seen very rarely (may affect up to 1 in 10,000 people). These are signs of angioedema:\n\n"
            "- difficulties swallowing\n")
    by = _by_text(section4_rows(body))
    assert by["coughing up blood (haemoptysis)"]["frequency_band"] == "common"
    assert by["angioedema"]["frequency_band"] == "very rare"


def test_a_band_heading_in_brackets_is_no_effect(section4_rows):
    body = ("The following side effects were also reported:\n\n"
            "- with a common frequency (may affect up to 1 in 10 people): abnormal Pap smear, weight fluctuations;\n")
    texts = set(_by_text(section4_rows(body)))
    assert "with a common frequency" not in texts and "weight fluctuations" in texts


def test_advice_that_announces_the_following_side_effects_opens_a_list_of_them(section4_rows):
    body = ("You should stop taking Brufex and see your doctor immediately if you experience the following side effects:\n\n"
            "- Stiff neck\n"
            "- Swelling of the tongue\n")
    assert {"Stiff neck", "Swelling of the tongue"} <= set(_by_text(section4_rows(body)))


def test_paragraphs_after_a_lead_in_without_colon_are_one_effect_each(section4_rows):
    # xeljanz: "Signs of serious infections (common) include" glued to prose, then one effect per paragraph
    body = ("If you notice any of the following serious side effects you need to tell a doctor straight away. "
            "Signs of serious infections (common) include\n\n"
            "fever and chills\n\ncough\n\nskin blisters\n\n"
            "persistent headaches Signs of ulcers or holes (perforations) in your stomach (uncommon) include\n\n"
            "blood in the stool\n")
    rows = section4_rows(body)
    texts = set(_by_text(rows))
    assert {"cough", "skin blisters", "persistent headaches", "blood in the stool"} <= texts
    assert not any("Signs of" in t for t in texts)  # the glued lead-in is no effect


def test_paragraphs_after_any_of_the_following_full_stop_are_one_effect_each(section4_rows):
    # tysabri: "Speak to your doctor … if you notice any of the following." then one effect per paragraph
    body = ("Speak to your doctor or nurse immediately if you notice any of the following.\n\n"
            "Stiff neck\n\nExtreme sensitivity to bright light\n\n"
            "These symptoms may be caused by an infection of the brain.\n")
    assert {"Stiff neck", "Extreme sensitivity to bright light"} <= set(_by_text(section4_rows(body)))


def test_rows_come_in_document_order(view):
    # section 4 is read first; section 2's statement comes first in the text (and in a gold file)
    text = LEAFLET_HEAD.replace(
        "4. Possible side effects",
        "2. What you need to know before you take Brufex\n\nBrufex may cause headache.\n\n4. Possible side effects")
    text += "Common (may affect up to 1 in 10 people)\n\n- headache\n- nausea\n" + LEAFLET_TAIL
    rows = side_effect_rows(view(text))
    starts = [r["start"] for r in rows]
    assert len(rows) >= 3 and starts == sorted(starts)
    assert [r["frequency_band"] for r in rows if r["condition"] == "headache"] == ["", "common"]


def test_treatment_with_the_medicine_can_often_cause_names_its_effects(section4_rows):
    # mepact: "Treatment with X can often cause stomach problems such as nausea, …"
    body = "Treatment with Brufex can often cause stomach problems such as nausea, vomiting and loss of appetite.\n"
    assert {"nausea", "vomiting", "decreased appetite"} <= {r["condition"] for r in section4_rows(body)}


def test_the_most_common_side_effects_with_the_medicine_are_its_effects(section4_rows):
    # orencia: "The most common side effects with X are …, headache and nausea, as listed below."
    body = ("The most common side effects with Brufex are infections of the upper airway, headache and nausea, "
            "as listed below.\n")
    rows = section4_rows(body)
    assert {"headache", "nausea"} <= {r["condition"] for r in rows}
    assert not any("listed" in r["condition_text"] for r in rows)


def test_effects_that_are_the_most_common_side_effects_take_the_band_of_the_bracket(section4_rows):
    # neorecormon: "- X, Y and headaches are the most common side effects (very common may affect …)."
    body = ("Side effects which can affect any patient\n\n"
            "- Increase in blood pressure and headaches are the most common side effects (very common may affect "
            "more than 1 in 10 people). Your doctor will regularly check your blood pressure.\n")
    by = {r["condition"]: r["frequency_band"] for r in section4_rows(body)}
    assert by.get("headache") == "very common" and by.get("hypertension") == "very common"


def test_a_cross_reference_does_not_make_an_item_a_sentence_about_side_effects(section4_rows):
    # truvada "- Lactic acidosis (see Possible serious side effects)"
    body = "Common (may affect up to 1 in 10 people)\n\n- Lactic acidosis (see Possible serious side effects)\n- headache\n"
    by = {r["condition"]: r for r in section4_rows(body)}
    assert by["lactic acidosis"]["frequency_band"] == "common" and not by["lactic acidosis"]["hedged"]


def test_infections_on_their_own_are_an_item_of_a_list(section4_rows):
    # zydelig, nepexto, ruxience: "- infections" under a band heading
    body = "Very common side effects (may affect more than 1 in 10 people)\n\n- diarrhoea\n- infections\n- rash\n"
    assert {"infection", "rash"} <= {r["condition"] for r in section4_rows(body)}


def test_advice_after_a_comma_ends_the_effects_of_an_if_clause(section4_rows):
    # truvada: "If you notice … symptoms of inflammation or infection, get medical help immediately."
    body = "If you notice any symptoms of inflammation or infection, get medical help immediately.\n"
    assert not any("medical help" in r["condition_text"] for r in section4_rows(body))


def test_a_list_goes_on_after_a_qualifier_of_time_or_cause(section4_rows):
    # orencia "burning sensation during urination, painful skin rash, …, coughing";
    # levodopa/carbidopa/entacapone "fainting due to low blood pressure, high blood pressure"
    body = ("Common (may affect up to 1 in 10 people)\n\n"
            "- dental problems, burning sensation during urination, painful skin rash, coughing\n"
            "- light-headedness or fainting due to low blood pressure, high blood pressure\n"
            "- pain during urination, sexual intercourse or ejaculation\n")
    rows = section4_rows(body)
    names = {r["condition"] for r in rows}
    assert {"cough", "hypertension", "syncope"} <= names
    assert not any("intercourse" in r["condition_text"] for r in rows)  # objects of the qualifier, no effect


def test_a_glued_list_line_after_prose_is_read_as_a_list(section4_rows):
    # tysabri: the converter glued one effect per line into one paragraph, led by "Signs of …"
    body = ("Speak to your doctor or nurse immediately if you notice any of the following.\n\n"
            "Signs of other serious infections An unexplained fever Severe diarrhoea Shortness of breath "
            "Prolonged dizziness Headache Weight loss\n\n"
            "These are most likely during or shortly after the infusion.\n")
    rows = section4_rows(body)
    assert {"Shortness of breath", "Headache", "Weight loss"} <= {r["condition_text"] for r in rows}
    assert not any(r["condition_text"].startswith("Signs of") for r in rows)


def test_footnote_marks_do_not_glue_two_items(section4_rows):
    # foclivia: "Bruising of the skin at the injection site* Aching muscles Headache …"
    body = ("Very common (may affect more than 1 in 10 people):\n\n"
            "Injection site swelling Bruising of the skin at the injection site* Aching muscles Headache Fatigue "
            "Sweating* Nausea* Diarrhoea\n")
    texts = {r["condition_text"] for r in section4_rows(body)}
    assert {"Aching muscles", "Nausea"} <= texts


def test_a_band_in_brackets_with_a_dash_or_that_clause_names_the_items_band(section4_rows):
    # plegridy "Liver problems (common - may affect …) If you get …"; olanzapine "(a common side effect that may affect …)"
    body = ("Tell your doctor if you notice:\n\n"
            "- Seizures (uncommon - may affect up to 1 in 100 people) If you have a seizure or a fit\n"
            "- unusual movement (a common side effect that may affect up to 1 in 10 people) mainly of the face or tongue;\n")
    by = {r["condition_text"]: r["frequency_band"] for r in section4_rows(body)}
    assert by.get("Seizures") == "uncommon" and by.get("unusual movement") == "common"


def test_an_item_written_as_a_sentence_is_read_as_one(section4_rows):
    # pirfenidone, alunbrig: "- blood tests may show increased levels of liver enzymes"
    body = ("Common (may affect up to 1 in 10 people)\n\n"
            "- blood tests may show increased levels of liver enzymes\n- headache\n")
    by = {r["condition"]: r["frequency_band"] for r in section4_rows(body)}
    assert by.get("liver enzymes increased") == "common" and by.get("headache") == "common"
