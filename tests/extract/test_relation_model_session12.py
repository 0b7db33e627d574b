"""Session 12: the relation model reads more reports of research (``rules/research_report.jsonl``).

A quarter of BC5CDR abstracts carried none of the first cues ('we report', 'P < 0.05',
'mg/kg' ...): they say what was studied in the passive, in animals, or count their
patients, and the model never read them. Sentences below are from BC5CDR training
abstracts (in no gold) and MedQuAD answers."""
from __future__ import annotations

import pytest

from pipeline.extract.relation_model import relation_rows, reports_research


@pytest.mark.parametrize("sentence", [
    # BC5CDR training abstracts 1378968, 2951327, 1601297, 6773726, 2304736, 7265370, 2549018, 9660111, 6103707
    "Effects of uninephrectomy and high protein feeding on lithium-induced chronic renal failure in rats.",
    "Inhibition of sympathoadrenal activity by atrial natriuretic factor in dogs.",
    "The electrocardiograms (ECG) of 99 cocaine-abusing patients were compared with the ECGs of 50 schizophrenic controls.",
    "The effect of nitroglycerin on heart rate and systolic blood pressure was compared in 5 normal subjects.",
    "A case of genuine stress incontinence due to prazosin, a common antihypertensive drug, is presented.",
    "A case of triamterene nephrolithiasis is reported in a man after 4 years of hydrochlorothiazide-triamterene therapy.",
    "Five patients receiving fluoxetine for the treatment of obsessive compulsive disorder or major depression developed akathisia.",
    "TRI was given to male Wistar rats and male Albino Swiss mice perorally twice daily for 14 days.",
    "Flunitrazepam 0.5, 1.0 or 2.0 mg was given by the oral or i.m. routes to groups of volunteers.",
    # BC5CDR development abstracts 2980315 and 12013711 (in no gold)
    "Frequencies of ventricular fibrillation were significantly lower (p less than 0.05) after iopentol.",
    "In twenty beagle dogs selective injections were made into the left coronary artery.",
    "Two schizophrenic patients, who had a prior history of LSD abuse, were successfully treated with risperidone.",
])
def test_abstracts_that_report_research_without_the_first_cues(sentence):
    assert reports_research(sentence)


@pytest.mark.parametrize("sentence", [
    # MedQuAD answers (GARD, MedlinePlus, Cancer.gov): the same words, not a report of research
    "The bacteria are found mainly in rats and in the fleas that feed on them.",
    "The second number is the total number of people who were examined in one study.",
    "The decrease in risk begins 10 to 20 years after patients start taking aspirin.",
    "Abnormalities of the brain and spinal cord have been reported in at least two cases of this condition.",
    "Young children and owners of dogs and cats have a higher chance of becoming infected.",
    "Patients treated for Ewing sarcoma have an increased risk of acute myeloid leukemia.",
])
def test_consumer_pages_with_the_same_words_are_not_reports(sentence):
    assert not reports_research(sentence)


def test_a_case_report_marked_only_by_the_new_cues_is_read(view):
    # shaped on BC5CDR case reports ('A case of lithium-induced diabetes insipidus is reported.'):
    # before session 12 no cue marked it, and the model added no row
    text = ("Cisplatin-induced nephrotoxicity in a child. A case of cisplatin-induced nephrotoxicity is reported.\n")
    assert reports_research(text)
    rows = relation_rows(view(text))
    assert ("cisplatin", "nephrotoxicity") in {(r["cause"], r["condition"]) for r in rows}
