from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from pipeline.ner.evaluate import evaluate_pubtator, format_report, score_spans, spacy_predictor
from pipeline.ner.pubtator import load_label_map, read_pubtator

GOLD = [[(0, 8, "CHEMICAL"), (20, 30, "DISEASE"), (40, 50, "DISEASE")]]
PRED = [
    [
        (0, 8, "CHEMICAL"),  # exact
        (18, 30, "DISEASE"),  # overlaps gold (20, 30) only
        (60, 70, "DISEASE"),  # false positive
        (40, 50, "CHEMICAL"),  # right boundaries, wrong label: wrong under both criteria
    ]
]


def test_exact_match_hand_computed() -> None:
    exact = score_spans(GOLD, PRED)["exact"]
    assert exact["CHEMICAL"]["precision"] == pytest.approx(1 / 2)
    assert exact["CHEMICAL"]["recall"] == pytest.approx(1.0)
    assert exact["CHEMICAL"]["f1"] == pytest.approx(2 / 3)
    assert exact["DISEASE"]["f1"] == 0.0
    assert (exact["micro"]["n_pred"], exact["micro"]["n_gold"], exact["micro"]["tp_gold"]) == (4, 3, 1)
    assert exact["micro"]["precision"] == pytest.approx(1 / 4)
    assert exact["micro"]["recall"] == pytest.approx(1 / 3)
    assert exact["micro"]["f1"] == pytest.approx(2 / 7)


def test_overlap_match_hand_computed() -> None:
    overlap = score_spans(GOLD, PRED)["overlap"]
    assert overlap["DISEASE"]["precision"] == pytest.approx(1 / 2)
    assert overlap["DISEASE"]["recall"] == pytest.approx(1 / 2)
    assert overlap["CHEMICAL"]["precision"] == pytest.approx(1 / 2)
    assert overlap["micro"]["precision"] == pytest.approx(2 / 4)
    assert overlap["micro"]["recall"] == pytest.approx(2 / 3)
    assert overlap["micro"]["f1"] == pytest.approx(4 / 7)


def test_overlap_counts_predictions_and_gold_separately() -> None:
    gold = [[(0, 5, "DISEASE"), (6, 10, "DISEASE")]]
    pred = [[(0, 10, "DISEASE")]]
    scores = score_spans(gold, pred)
    assert scores["exact"]["DISEASE"]["f1"] == 0.0
    assert scores["overlap"]["DISEASE"]["precision"] == 1.0
    assert scores["overlap"]["DISEASE"]["recall"] == 1.0
    # Touching is not overlapping: end offsets are exclusive.
    assert score_spans([[(0, 5, "DISEASE")]], [[(5, 9, "DISEASE")]])["overlap"]["micro"]["f1"] == 0.0


def test_score_spans_rejects_misaligned_inputs() -> None:
    with pytest.raises(ValueError):
        score_spans([[]], [[], []])


def test_evaluate_pubtator_oracle_and_empty(mini_pubtator: Path) -> None:
    label_map = load_label_map()
    documents = read_pubtator(mini_pubtator)
    gold = {d.text: [(m.start, m.end, label_map[m.type]) for m in d.mentions] for d in documents}
    perfect = evaluate_pubtator(lambda texts: [gold[t] for t in texts], mini_pubtator, label_map)
    assert perfect["exact"]["micro"]["f1"] == 1.0
    assert set(perfect["exact"]) == {"CHEMICAL", "DISEASE", "micro"}
    assert perfect["exact"]["micro"]["n_gold"] == 13
    silent = evaluate_pubtator(lambda texts: [[] for _ in texts], mini_pubtator, label_map)
    assert silent["exact"]["micro"]["recall"] == 0.0
    assert silent["documents"] == 3


def test_spacy_predictor_and_report(mini_pubtator: Path) -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "DRUG", "pattern": "naloxone"}, {"label": "DRUG", "pattern": "Naloxone"}])
    predict = spacy_predictor(nlp, {"DRUG": "CHEMICAL"}, batch_size=2)
    assert predict(["Give naloxone now."]) == [[(5, 13, "CHEMICAL")]]
    metrics = evaluate_pubtator(predict, mini_pubtator, load_label_map())
    assert metrics["exact"]["CHEMICAL"]["precision"] == 1.0
    assert metrics["exact"]["CHEMICAL"]["tp_gold"] == 2
    report = format_report(metrics)
    assert "exact" in report and "overlap" in report and "CHEMICAL" in report
    assert "1.000" in report


def test_labels_absent_from_gold_are_not_scored(mini_pubtator: Path) -> None:
    only_ncbi_types = {"SpecificDisease": "DISEASE", "DiseaseClass": "DISEASE"}
    documents = read_pubtator(mini_pubtator)
    ncbi_text = documents[1].text
    predict = lambda texts: [[(0, 8, "CHEMICAL")] if t == ncbi_text else [] for t in texts]  # noqa: E731
    metrics = evaluate_pubtator(predict, mini_pubtator, only_ncbi_types)
    assert set(metrics["exact"]) == {"DISEASE", "micro"}
    assert metrics["exact"]["micro"]["n_pred"] == 0
    forced = evaluate_pubtator(predict, mini_pubtator, only_ncbi_types, labels=["CHEMICAL", "DISEASE"])
    assert forced["exact"]["CHEMICAL"]["n_pred"] == 1
