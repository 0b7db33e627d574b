from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.dataset.schema import to_frame
from pipeline.evaluation.corpus import all_choices, read_part_sources
from pipeline.evaluation.gold import genre_documents, score_genre_contradictions

HARM = "Heparin-induced thrombocytopenia, thrombosis, and hemorrhage. Sixty-two patients are reported."
REC = "Warfarin and heparin are two blood thinners used to treat DVT. Heparin acts quickly."
OTHER = "There is no cure for MS, but medicines may slow it down."
TEXTS = {"cdr": HARM, "mq": REC, "mplus": OTHER}
GOLD = [{"doc_id": "cdr", "quote": "Heparin-induced thrombocytopenia, thrombosis, and hemorrhage.", "other_doc_id": "mq",
         "other_quote": "Warfarin and heparin are two blood thinners used to treat DVT.", "category": "harm_vs_recommendation"}]


def flag(doc, start, end, other, o_start, o_end, category="contradiction_harm_recommendation", fid="f"):
    return {"flag_id": fid, "kind": "contradiction", "category": category, "severity": "high", "reason": "r",
            "doc_id": doc, "start": start, "end": end, "text": "t", "other_doc_id": other, "other_start": o_start,
            "other_end": o_end, "other_text": "t", "claim_ids": "", "review_status": "pending"}


def test_a_flag_matches_a_pair_either_way_round_and_strays_are_false_alarms():
    rec_end = REC.index("Heparin acts")
    flags = to_frame("flags", [
        flag("mq", 0, rec_end, "cdr", 0, 20, fid="f1"),                      # reversed sides: real
        flag("mq", rec_end, len(REC), "cdr", 30, 40, fid="f2"),               # same pair, other sentences: real, no recall
        flag("mplus", 0, 10, "mq", 0, 10, category="contradiction_untreatable", fid="f3"),  # not a gold pair
        flag("cdr", 0, 10, "elsewhere", 0, 10, fid="f4"),                     # other side outside the part: not scored
    ])
    s = score_genre_contradictions(flags, GOLD, TEXTS, set(TEXTS))
    assert (s["n_pred"], s["n_gold"], s["recall"]) == (3, 1, 1.0)
    assert s["precision"] == pytest.approx(2 / 3, abs=1e-3)
    assert s["by_category"]["contradiction_untreatable"] == {"predicted": 1, "real": 0}


def test_a_parts_own_sources_join_the_split(tmp_path: Path):
    genres = tmp_path / "genres"
    (genres / "contradictions_dev").mkdir(parents=True)
    (genres / "split.jsonl").write_text(json.dumps({"doc_id": "leaf", "genre": "leaflet", "part": "dev",
                                                    "origin": "epi_leaflets/a.txt"}) + "\n")
    (genres / "contradictions_dev" / "sources.jsonl").write_text(
        json.dumps({"doc_id": "cdr", "origin": "bc5cdr/x.txt#1"}) + "\n" + json.dumps({"doc_id": "leaf", "origin": "epi_leaflets/a.txt"}) + "\n")
    assert [(c.doc_id, c.genre, c.part) for c in read_part_sources(genres)] == [
        ("cdr", "contradictions", "dev"), ("leaf", "contradictions", "dev")]
    # a document listed in the split and by a part with another genre is a mistake
    with pytest.raises(ValueError, match="listed twice"):
        all_choices(genres / "split.jsonl")
    (genres / "contradictions_dev" / "sources.jsonl").write_text(json.dumps({"doc_id": "cdr", "origin": "bc5cdr/x.txt#1"}) + "\n")
    assert [c.doc_id for c in all_choices(genres / "split.jsonl")] == ["leaf", "cdr"]
    assert genre_documents(tmp_path)[("contradictions", "dev")] == {"cdr"}


def test_a_missed_pair_is_told_by_what_each_side_read():
    """Held-out contradiction recall is read in totals only: the kinds say which stage lost
    a pair (the harm, the use, or the flagger) without reading the pair."""
    harm_end, use_end = HARM.index(" Sixty"), REC.index(" Heparin acts")

    def tables(causes=(), treatments=()):
        return {"causes": to_frame("causes", list(causes)), "treatments": to_frame("treatments", list(treatments)),
                "doses": to_frame("doses", [])}

    harm = {"doc_id": "cdr", "start": 0, "end": harm_end, "cause": "heparin", "condition": "thrombosis",
            "relation": "adverse_effect", "negated": False}
    use = {"doc_id": "mq", "start": 0, "end": use_end, "treatment": "heparin", "condition": "dvt", "negated": False}
    none = to_frame("flags", [])
    for given, kind in ((tables(), "neither side read"), (tables(causes=[harm]), "use not read"),
                        (tables(treatments=[use]), "harm not read"),
                        (tables(causes=[harm], treatments=[use]), "both read, not flagged"),
                        (tables(causes=[{**harm, "negated": True}], treatments=[use]), "harm not read")):
        assert score_genre_contradictions(none, GOLD, TEXTS, set(TEXTS), given)["misses"] == {kind: 1}
    # without the tables, no kinds (as before)
    assert "misses" not in score_genre_contradictions(none, GOLD, TEXTS, set(TEXTS))
