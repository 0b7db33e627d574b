"""Harms a study reports of its title's drug in sentences that name no drug (pipeline.extract.study_harms)."""
from __future__ import annotations

from pipeline.extract.study_harms import EXTRACTOR, study_harm_rows

#: The shape of a BC5CDR trial abstract: the drug in the title, then results without it.
TRIAL = ("Phase I trial of ifosfamide in patients with advanced breast cancer.\n"
         "METHODS: Twenty patients received escalating doses. RESULTS: Four patients developed transient "
         "microscopic hematuria. Grade 3-4 neutropenia occurred in 30% of patients.\n")


def _pairs(rows):
    return {(r["cause"], r["condition"]) for r in rows}


def test_effects_of_the_studys_patients_are_the_title_drugs(view):
    rows = study_harm_rows(view(TRIAL))
    assert {c for _, c in _pairs(rows)} >= {"neutropenia"}
    assert {d for d, _ in _pairs(rows)} == {"ifosfamide"}
    assert any("hematuria" in c for _, c in _pairs(rows))
    row = next(r for r in rows if r["condition"] == "neutropenia")
    assert row["relation"] == "adverse_effect" and row["extractor"] == EXTRACTOR and not row["negated"]
    assert row["evidence"] == "Grade 3-4 neutropenia occurred in 30% of patients."
    assert row["cause_text"] == "ifosfamide"
    # the population's disease is no harm of the drug
    assert not any("breast cancer" in c for _, c in _pairs(rows))


def test_a_pair_the_document_already_states_is_not_added_again(view):
    given = [{"cause": "ifosfamide", "condition": "neutropenia"}]
    assert ("ifosfamide", "neutropenia") not in _pairs(study_harm_rows(view(TRIAL), given))


def test_benefit_baseline_and_negated_sentences_report_no_harm(view):
    text = ("Telmisartan in hypertension: a randomized trial.\n"
            "RESULTS: The treatment significantly reduced the incidence of stroke. "
            "Patients with a history of gout developed no new symptoms. "
            "No patient developed angioedema. "
            "Peripheral edema was reported in 8.5% of patients.\n")
    pairs = _pairs(study_harm_rows(view(text)))
    assert all(c not in {"stroke", "gout", "angioedema", "hypertension"} for _, c in pairs)
    assert any("edema" in c for _, c in pairs)


def test_a_sentence_naming_a_drug_is_left_to_the_other_extractors(view):
    text = ("Ifosfamide in sarcoma: a phase II study.\n"
            "RESULTS: Four patients developed nausea despite ondansetron.\n")
    assert study_harm_rows(view(text)) == []


def test_no_title_drug_or_a_consumer_page_gives_nothing(view, monkeypatch):
    no_drug = ("Outcomes of a surgical series.\nRESULTS: Four patients developed wound infection.\n")
    assert study_harm_rows(view(no_drug)) == []
    # a consumer page whose first sentence names a drug: only the register keeps it out
    page = ("Allopurinol and gout\n\nMany people with gout take allopurinol. Four women developed nausea and headache.\n")
    assert study_harm_rows(view(page)) == []
    monkeypatch.setattr("pipeline.extract.study_harms.reports_research", lambda text: True)
    assert study_harm_rows(view(page)) != []


def test_review_r1_placebo_background_tumours_and_generic_shared_words(view):
    """Review R1's made-up sentences: a placebo arm's events, a disease's background, tumour
    names, and a word like 'acute' shared with the disease studied."""
    def pairs(text):
        return _pairs(study_harm_rows(view(text)))

    assert pairs("Ondansetron and dexamethasone for chemotherapy nausea.\n"
                 "RESULTS: Headache occurred in 30% of patients given placebo.\n") == set()
    assert pairs("Metformin and glipizide in type 2 diabetes.\n"
                 "BACKGROUND: Complications of diabetes include nephropathy, retinopathy and neuropathy. "
                 "The incidence of osteoporosis rises steeply after the menopause.\n") == set()
    assert pairs("Temozolomide and radiotherapy in brain tumours.\n"
                 "RESULTS: 12 patients had grade 3 astrocytoma and 28 developed grade 4 glioblastoma.\n") == set()
    got = pairs("Cisplatin and etoposide in patients with acute myeloid leukemia.\n"
                "RESULTS: Acute renal failure occurred in 4 patients. Two patients developed progressive "
                "multifocal leukoencephalopathy.\n")
    assert {d for d, _ in got} == {"cisplatin", "etoposide"}
    assert any("renal" in c or "kidney" in c for _, c in got)
    assert any("leukoencephalopathy" in c for _, c in got)


def test_a_titles_named_harm_decides_its_cause_and_the_disease_studied_is_no_harm(view):
    """Non-gold audit: mesna given against ifosfamide's cystitis is no cause of it; a child
    of a study of adenovirus infection who develops adenovirus pneumonia has the disease
    studied; a tumour's grade is no toxicity grade."""
    text = ("Continuous subcutaneous administration of mesna to prevent ifosfamide-induced hemorrhagic cystitis.\n"
            "RESULTS: Nearly all patients developed gross haematuria.\n")
    assert {d for d, _ in _pairs(study_harm_rows(view(text)))} == {"ifosfamide"}
    text = ("Ribavirin for adenovirus infection in children.\n"
            "RESULTS: An additional 3 children developed adenovirus pneumonia. Two children developed anemia.\n")
    pairs = _pairs(study_harm_rows(view(text)))
    assert not any("adenovirus" in c or "pneumonia" in c for _, c in pairs)
    assert any("anemia" in c or "anaemia" in c for _, c in pairs)
    text = ("Cyclophosphamide and bladder cancer in rats.\n"
            "RESULTS: All tumors were grade 3 or 4 transitional cell carcinoma.\n")
    assert study_harm_rows(view(text)) == []
