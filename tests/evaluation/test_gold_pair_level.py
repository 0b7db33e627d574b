"""Case-report cause gold keeps one row per (document, cause, condition) pair, as BC5CDR's
chemical-induced-disease relations are document-level: repeats of a found pair in other
sentences count neither right nor wrong, and repeated wrong pairs count once."""
from pipeline.evaluation.gold import PAIR_LEVEL_GENRES, score_adverse_effects, score_genre_causes
from pipeline.dataset.schema import to_frame


def _cause(doc, cause, condition, relation="adverse_effect", evidence="e"):
    return {"claim_id": f"{doc}{cause}{condition}{evidence}", "doc_id": doc, "cause": cause, "cause_concept_id": "",
            "condition": condition, "condition_concept_id": "", "relation": relation, "negated": False,
            "hedged": False, "start": 0, "end": 1, "evidence": evidence, "review_status": "clean",
            "frequency_band": "", "cause_text": cause, "condition_text": condition, "extractor": "t"}


GOLD = [{"doc_id": "c", "cause": "cocaine", "condition": "myocardial infarction", "relation": "adverse_effect"},
        {"doc_id": "c", "cause": "cocaine", "condition": "stroke", "relation": "adverse_effect"}]


def _pred():
    return to_frame("causes", [
        _cause("c", "cocaine", "myocardial infarction", evidence="title"),
        _cause("c", "cocaine", "myocardial infarction", evidence="abstract"),  # the same pair again
        _cause("c", "heparin", "bleeding", evidence="one"),
        _cause("c", "heparin", "bleeding", evidence="two"),  # the same wrong pair again
    ])


def test_row_level_counts_every_row():
    s = score_adverse_effects(_pred(), GOLD)
    assert (s["n_pred"], s["precision"], s["recall"]) == (4, 0.25, 0.5)
    assert "rows_precision" not in s


def test_pair_level_counts_each_pair_once():
    for score in (score_adverse_effects, score_genre_causes):
        s = score(_pred(), GOLD, pair_level=True)
        assert (s["n_pred"], s["precision"], s["recall"]) == (2, 0.5, 0.5)
        assert (s["rows_n_pred"], s["rows_precision"]) == (4, 0.25)


def test_case_reports_are_scored_by_pair():
    assert "case_report" in PAIR_LEVEL_GENRES and "leaflet" not in PAIR_LEVEL_GENRES
