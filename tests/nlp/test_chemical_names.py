"""Issue #17: chemicals the stack used to drop although the NER found them.

Code names, systematic names and extracts are kept by their shape (``name_shape`` rules of
``ner_filters.jsonl``); a drug's short form defined in a bracket the tokenizer does not
split ("doxorubicin (DOX)-induced") or that goes on with a dose ("(DES, 8-10 mg)") names
the drug wherever it is used. Sentences are from BC5CDR training abstracts.
"""
from __future__ import annotations

import pytest
import spacy

import pipeline.nlp  # noqa: F401  (tokenizers)
import pipeline.nlp.abbreviation_mentions  # noqa: F401  (factory)
import pipeline.nlp.abbreviations  # noqa: F401  (bounded_abbreviation_detector)
import pipeline.nlp.ner_mentions  # noqa: F401  (factory)
import pipeline.nlp.vocab_mentions  # noqa: F401  (factory)
from pipeline.nlp.abbreviation_mentions import bracket_definitions, spells
from pipeline.nlp.candidates import Candidate, get_candidates
from pipeline.nlp.ner_filters import NerFilters


@pytest.fixture(scope="module")
def filters() -> NerFilters:
    return NerFilters.load()


@pytest.mark.parametrize("name", [
    "FK506", "FK 506", "MK-801", "GR 55562", "Ro 40-5967", "SSR103800", "GNC92H2", "PG-9", "Dup 753",
    "1,2-DMH", "4-DAMP", "gamma-HCH", "N-(2-propylpentanoyl)urea", "(R)-alpha-methylhistamine",
    "3alpha-hydroxy-3beta-methyl-5alpha-pregnan-20-one",
    "IH636 grape seed proanthocyanidin extract", "Daucus carota extract", "tincture of Crataegus",
])
def test_chemical_shapes(filters, name) -> None:
    assert filters.has_chemical_shape(name)


@pytest.mark.parametrize("name", [
    # leaflets: food additives, postal codes, grades; consumer pages: "3-D picture"
    "E171", "E 172", "D-90429 Nuremberg", "S-433 63 S vedalen", "K29", "D14", "Dublin 14", "3-D",
    "N-acetyl-L-", "aspirin", "cholesterol", "oral contraceptives",
])
def test_no_chemical_shape(filters, name) -> None:
    assert not filters.has_chemical_shape(name)


@pytest.fixture(scope="module")
def ner_nlp():
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "pipeline.scispacy_tokenizer.v3"}}})
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("ner_mentions", config={"use_fuzzy": False})
    return nlp


def ner_found(nlp, text: str, phrases: list[str]) -> list[str]:
    """The drugs the component keeps of ``phrases``, tagged CHEMICAL as the NER would."""
    doc = nlp.get_pipe("sentencizer")(nlp.make_doc(text))
    doc.ents = [doc.char_span(text.index(p), text.index(p) + len(p), label="CHEMICAL") for p in phrases]
    doc = nlp.get_pipe("ner_mentions")(doc)
    return [text[c.start:c.end] for c in get_candidates(doc) if c.label == "DRUG"]


def test_a_code_name_is_a_drug_without_a_drug_cue(ner_nlp) -> None:
    text = "FK506 is a potent immunosuppressive agent."  # BC5CDR 1970 s: no dose, no intake verb
    assert ner_found(ner_nlp, text, ["FK506"]) == ["FK506"]


def test_a_systematic_name_inside_an_enzyme_name_or_a_word_is_none(ner_nlp) -> None:
    text = "a deficiency of the enzyme 4-hydroxyphenylpyruvate dioxygenase"
    assert ner_found(ner_nlp, text, ["4-hydroxyphenylpyruvate"]) == []
    text = "signs of glucose-6-phosphate dehydrogenase deficiency"
    assert ner_found(ner_nlp, text, ["6-phosphate"]) == []
    text = "Rats were treated with 1,2-DMH weekly."
    assert ner_found(ner_nlp, text, ["1,2-DMH"]) == ["1,2-DMH"]


def test_spells() -> None:
    assert spells("DOX", "doxorubicin")
    assert spells("5-FU", "5-fluorouracil")
    assert spells("atorva", "atorvastatin")
    assert spells("ZDV", "zidovudine")
    assert not spells("alone", "methotrexate")  # "methotrexate (alone)"
    assert not spells("P", "prednisone")  # one letter is too weak to name every later "P"
    assert not spells("XDO", "doxorubicin")


def test_bracket_definitions_on_characters() -> None:
    text = "doxorubicin (DOX)-induced cardiotoxicity; diethylstilbestrol (DES, 8-10 mg) implanted"
    drugs = [Candidate(0, 11, "DRUG", None, "doxorubicin", "vocab"),
             Candidate(42, 60, "DRUG", None, "diethylstilbestrol", "vocab")]
    found = bracket_definitions(text, drugs)
    assert {short: text[c.start:c.end] for short, c in found.items()} == {
        "DOX": "doxorubicin", "DES": "diethylstilbestrol"}


@pytest.fixture(scope="module")
def abbr_nlp():
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "pipeline.scispacy_tokenizer.v3"}}})
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("bounded_abbreviation_detector", config={"make_serializable": False})
    nlp.add_pipe("vocab_mentions")
    nlp.add_pipe("abbreviation_mentions")
    return nlp


def test_a_short_form_glued_to_its_bracket_names_the_drug_later(abbr_nlp) -> None:
    # BC5CDR 11334364 / 12589964: "(DOX)-induced" is one token, which scispaCy cannot pair
    text = ("Doxorubicin (DOX)-induced cardiotoxicity was studied in mice. "
            "DOX (20 mg/kg) was given once. DOX-treated mice lost weight.")
    doc = abbr_nlp(text)
    found = [(text[c.start:c.end], c.name) for c in get_candidates(doc, ("abbreviation",))]
    assert found == [("DOX", "doxorubicin"), ("DOX", "doxorubicin")]


def test_a_short_form_before_a_dose_in_its_bracket(abbr_nlp) -> None:
    # BC5CDR 7881871
    text = ("Nephrosis was induced by single intraperitoneal injection of puromycin aminonucleoside "
            "(PAN, 20 mg/100g BW). Tissues were analyzed at 0, 5 and 7 days after PAN injection.")
    doc = abbr_nlp(text)
    found = [(text[c.start:c.end], c.name) for c in get_candidates(doc, ("abbreviation",))]
    assert found == [("PAN", "puromycin aminonucleoside"), ("PAN", "puromycin aminonucleoside")]


def test_a_bracket_that_is_no_short_form_names_nothing(abbr_nlp) -> None:
    text = "Methotrexate (alone) was given. The patient was alone. Prednisone (P) was added; P < 0.05."
    doc = abbr_nlp(text)
    assert get_candidates(doc, ("abbreviation",)) == []


def test_salt_variants(filters) -> None:
    assert filters.salt_variants("Leucovorin calcium") == ["Leucovorin"]
    assert filters.salt_variants("desipramine HCl") == ["desipramine"]
    assert filters.salt_variants("calcium levofolinate") == ["levofolinate", "levofolinic acid"]
    assert filters.salt_variants("Diazepam-") == []
    assert filters.salt_variants("calcium") == []  # a salt word alone names no drug
    assert filters.salt_variants("aspirin") == []


def test_a_salt_form_names_its_drug_and_takes_the_vocabularys_pieces(ner_nlp) -> None:
    from pipeline.nlp.candidates import put_candidates
    from pipeline.vocab.lexicon import lookup

    def run(text: str, ner: str, vocab: list[str]) -> list[tuple[str, str, str]]:
        doc = ner_nlp.get_pipe("sentencizer")(ner_nlp.make_doc(text))
        put_candidates(doc, "vocab", [
            Candidate(text.index(v), text.index(v) + len(v), "DRUG", lookup(v, "drug"), v.lower(), "vocab")
            for v in vocab])
        doc.ents = [doc.char_span(text.index(ner), text.index(ner) + len(ner), label="CHEMICAL")]
        doc = ner_nlp.get_pipe("ner_mentions")(doc)
        return [(text[c.start:c.end], c.name, c.source) for c in get_candidates(doc) if c.label == "DRUG"]

    # a case-report dose of folinic acid: the dose used to go to "calcium"
    assert run("Leucovorin calcium 200 mg/m2 was given on day 1.", "Leucovorin calcium",
               ["Leucovorin", "calcium"]) == [("Leucovorin calcium", "leucovorin", "ner")]
    assert run("She received calcium levofolinate 100 mg/m2.", "calcium levofolinate",
               ["calcium"]) == [("calcium levofolinate", "levoleucovorin", "ner")]
    # no salt word at the edge of the NER's span: the vocabulary's term stays
    assert run("Diazepam-treated rats slept.", "Diazepam-", ["Diazepam"])[0] == ("Diazepam", "diazepam", "vocab")


@pytest.fixture(scope="module")
def vocab_nlp():
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "pipeline.scispacy_tokenizer.v3"}}})
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("vocab_mentions")
    return nlp


def vocab_drugs(nlp, text: str) -> list[str]:
    return [text[c.start:c.end] for c in get_candidates(nlp(text), ("vocab",)) if c.label == "DRUG"]


@pytest.mark.parametrize("text, drug", [
    # BC5CDR training titles and sentences: no dose, no intake verb, yet the words around
    # the substance say it was given
    ("Myasthenia gravis presenting as weakness after magnesium administration.", "magnesium"),
    ("These infants will likely need oxygen therapy for some time.", "oxygen"),
    ("We studied the effect of prior administration of calcium on the block.", "calcium"),
])
def test_a_substance_marked_as_given_is_a_drug(vocab_nlp, text, drug) -> None:
    assert vocab_drugs(vocab_nlp, text) == [drug]


def test_a_substance_the_ner_reads_before_induced_is_a_drug(ner_nlp) -> None:
    # the vocabulary's term match stops at the hyphen; the NER reads "lithium" (BC5CDR training)
    text = "Rats with lithium-induced nephropathy were subjected to high protein feeding."
    assert ner_found(ner_nlp, text, ["lithium"]) == ["lithium"]
    assert ner_found(ner_nlp, "Serum lithium was measured.", ["lithium"]) == []


@pytest.mark.parametrize("text", [
    "Lithium levels rose.", "Calcium is found in milk.", "Oxygen saturation fell to 85%.",
])
def test_a_substance_without_a_mark_stays_no_drug(vocab_nlp, text) -> None:
    assert vocab_drugs(vocab_nlp, text) == []


def test_a_one_letter_code_name_needs_a_drug_cue(ner_nlp) -> None:
    # case-report gold names the code name itself (GUIDELINES_genres.md: a-86929)
    text = "A-86929 (0.03 to 1.0 mg/kg) was given subcutaneously to the monkeys."
    assert ner_found(ner_nlp, text, ["A-86929"]) == ["A-86929"]
    # a leaflet's address list: the same shape without a drug cue
    assert ner_found(ner_nlp, "Emil-Barell-Strasse 1 D-79639 Grenzach-Wyhlen Germany", ["D-79639"]) == []
    # a food additive in a list of ingredients has a cue ("capsule") but no hyphen
    assert ner_found(ner_nlp, "The capsule shell contains titanium dioxide (E171).", ["E171"]) == []


def test_bracket_short_forms_take_linear_time(blank_v3) -> None:
    """#11: a page defining thousands of short forms costs time linear in its length."""
    import itertools
    import string

    from pipeline.nlp.abbreviation_mentions import _uses
    from tests.nlp.conftest import growth

    codes = ["".join(p) for p in itertools.product(string.ascii_lowercase, repeat=3)]

    def make(n: int):
        parts, drugs, at = [], [], 0
        for code in codes[:n]:
            long = f"d{code}zz"
            piece = f"{long} (D{code.upper()}) and D{code.upper()} again. "
            drugs.append(Candidate(at, at + len(long), "DRUG", None, long, "vocab"))
            parts.append(piece)
            at += len(piece)
        text = "".join(parts)
        doc = blank_v3.make_doc(text)

        def run():
            shorts = bracket_definitions(text, drugs)
            assert len(_uses(doc, text, shorts)) == 2 * n
        return run

    assert growth(make, 200) < 8 * 3


@pytest.mark.parametrize("text, name, kept", [
    # BC5CDR 16867021: a dose right after the name gives it as a drug
    ("Thioperamide (THP) (15 mg/kg i.p.) per se did not modify the response.", "THP", True),
    # EMA leaflet (kengrexal): "treated with" before a brand no vocabulary knows
    ("Tell your doctor if you are treated with Kengrexal.", "Kengrexal", True),
    # a laboratory concentration is no dose; "therapy" after an unknown name is no mark
    ("Serum bilirubin 4 mg/dl was measured.", "bilirubin", False),
    ("She had salt deficiency due to diuretic therapy (water tablets).", "diuretic", False),
])
def test_an_unknown_chemical_given_as_a_drug(ner_nlp, text, name, kept) -> None:
    assert ner_found(ner_nlp, text, [name]) == ([name] if kept else [])


def test_an_unknown_short_form_the_ner_reads_takes_its_definitions_concept() -> None:
    # case-report dev (BC5CDR 16820346): "treated with atorva 30 mg/kg/day" is atorvastatin's dose
    from pipeline.nlp.abbreviation_mentions import AbbreviationMentions
    from pipeline.nlp.candidates import put_candidates
    from pipeline.vocab.lexicon import lookup

    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "pipeline.scispacy_tokenizer.v3"}}})
    text = "The effects of atorvastatin (atorva) were studied. Rats were treated with atorva 30 mg/kg/day."
    doc = nlp(text)
    statin = lookup("atorvastatin", "drug")
    put_candidates(doc, "vocab", [Candidate(15, 27, "DRUG", statin, statin.name, "vocab")])
    use = text.rindex("atorva")
    put_candidates(doc, "ner", [Candidate(use, use + 6, "DRUG", None, "atorva", "ner")])
    doc = AbbreviationMentions()(doc)
    assert [(text[c.start:c.end], c.name) for c in get_candidates(doc, ("ner",))] == [("atorva", "atorvastatin")]


def test_a_dose_after_a_food_additive_in_brackets_is_the_tablets(ner_nlp) -> None:
    # EMA leaflet (ontozry): the strength that follows names the next tablets, not E171
    text = "talc (E553b), titanium dioxide (E171)  50 mg film-coated tablets: iron oxide"
    assert ner_found(ner_nlp, text, ["E171"]) == []


@pytest.mark.parametrize("text, drug", [
    # BC5CDR training: a route before, a dose form after
    ("Clinical studies of people using transdermal nicotine support the idea.", "nicotine"),
    ("We compared the safety profiles of the nicotine lozenge and gum in smokers.", "nicotine"),
])
def test_a_route_or_a_dose_form_gives_a_substance_as_a_drug(vocab_nlp, text, drug) -> None:
    assert vocab_drugs(vocab_nlp, text) == [drug]


def test_an_undefined_standard_short_form_given_as_a_drug_names_it(abbr_nlp) -> None:
    # BC5CDR 3187073: "5-FU" is never defined in the abstract, and the NER misses it there
    text = ("In the present study, cis-platin (80-120 mg/m2BSA) and 5-FU (1000 mg/m2BSA daily as a continuous "
            "infusion during 5 days) were given to 76 patients before radiotherapy and surgery.")
    doc = abbr_nlp(text)
    found = [(text[c.start:c.end], c.name) for c in get_candidates(doc, ("abbreviation",))]
    assert found == [("5-FU", "fluorouracil")]


def test_a_short_form_without_a_drug_context_or_defined_otherwise_is_left_alone(abbr_nlp) -> None:
    text = ("The GBP exchange rate fell. Patients with LTG were followed. "
            "Methotrexate (MTX) was stopped. MTX levels were measured.")
    doc = abbr_nlp(text)
    names = {(text[c.start:c.end], c.name) for c in get_candidates(doc, ("abbreviation",))}
    assert ("GBP", "gabapentin") not in names and ("LTG", "lamotrigine") not in names
    assert all(name == "methotrexate" for short, name in names if short == "MTX")
