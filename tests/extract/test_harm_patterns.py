"""How abstracts and leaflets write a harm a medicine brought on, and what they write that
is no harm (issue #14: the harm side of harm-vs-recommendation contradictions). Cause
patterns are data (``rules/cause_patterns.jsonl``); these check them on sentences as the
corpora write them."""
from __future__ import annotations

from pipeline.extract.causes import cause_rows


def _causes(rows):
    return {(r["cause"], r["condition"]) for r in rows if not r["negated"]}


def test_what_a_treatment_led_to_the_resolution_of_is_no_harm(view):
    text = ("In both cases, discontinuation of FK506 and treatment with plasma exchange, corticosteroids, aspirin, "
            "and dipyridamole led to resolution of MAHA. Cisplatin led to severe nephrotoxicity in two patients.\n")
    rows = cause_rows(view(text))
    assert not any("dipyridamole" in r["cause"] for r in rows)
    assert any(r["cause"] == "cisplatin" for r in rows)


def test_a_harm_after_a_route_or_manner_of_giving(view):
    rows = cause_rows(view("Angioedema following the intravenous administration of metoprolol. "
                           "Fatal aplastic anemia following topical administration of ophthalmic chloramphenicol.\n"))
    causes = _causes(rows)
    assert ("metoprolol", "angioedema") in causes
    assert any("chloramphenicol" in c and e == "aplastic anemia" for c, e in causes)


def test_a_population_before_after_is_no_effect(view):
    text = ("L-DOPA-induced dyskinesia (LID) is among the motor complications that arise in Parkinson's disease (PD) "
            "patients after a prolonged treatment with L-DOPA.\n")
    causes = _causes(cause_rows(view(text)))
    assert ("levodopa", "dyskinesia") in causes
    assert not any("parkinson" in e for _, e in causes)


def test_a_harm_as_a_complication_of_a_medicines_treatment(view):
    causes = _causes(cause_rows(view("Arterial hypertension as a complication of prolonged ketoconazole treatment.\n")))
    assert ("ketoconazole", "hypertension") in causes
    text = "Peripheral neuropathy has been noted as a complication of therapy with perhexiline maleate, a drug used in France.\n"
    assert ("perhexiline", "peripheral neuropathy") in _causes(cause_rows(view(text)))


def test_a_harm_observed_in_patients_treated_with_a_medicine(view):
    text = "Light chain proteinuria was found in 9 of 17 tuberculosis patients treated with rifampin.\n"
    assert ("rifampin", "proteinuria") in _causes(cause_rows(view(text)))
    text = "Fewer infections were observed in patients treated with cefazolin.\n"
    assert not any(c == "cefazolin" for c, _ in _causes(cause_rows(view(text))))
