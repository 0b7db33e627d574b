"""Flags on single rows: unknown drug names and doses without a drug."""
from __future__ import annotations

import pandas as pd
import pytest

from pipeline.flagging.base import make_flag, weigh
from pipeline.flagging.mentions import unknown_drug_flags, unlinked_dose_flags


def _drugs(*rows: tuple[str, str, bool]) -> pd.DataFrame:
    return pd.DataFrame([
        {"mention_id": mid, "doc_id": "leaflet", "start": 10 * k, "end": 10 * k + len(text), "text": text, "known": known}
        for k, (mid, text, known) in enumerate(rows)
    ])


def _doses(*rows: tuple[str, str, str]) -> pd.DataFrame:
    return pd.DataFrame([
        {"claim_id": cid, "doc_id": "case", "start": 0, "end": 20, "amount": 1500.0, "unit": "mg/m2",
         "drug": drug, "drug_link": link, "evidence": "1500 mg/m2 was given on day 1"}
        for cid, drug, link in rows
    ])


def test_only_a_drug_no_vocabulary_knows_is_flagged_and_the_flag_binds_its_mention():
    flags = unknown_drug_flags(_drugs(("m1", "ibuprofen", True), ("m2", "Zyntrelix", False)))
    assert [f["text"] for f in flags] == ["Zyntrelix"]
    assert flags[0]["claim_ids"] == "m2"
    assert flags[0]["kind"] == "unknown_drug" and "no drug vocabulary" in flags[0]["reason"]


def test_a_dose_without_a_drug_says_why_it_was_not_linked():
    flags = unlinked_dose_flags(_doses(("d1", "methotrexate", "sentence"), ("d2", "", "ambiguous"), ("d3", "", "")))
    assert [f["claim_ids"] for f in flags] == ["d2", "d3"]
    assert "two or more drugs" in flags[0]["reason"] and flags[0]["category"] == "dose_link_ambiguous"
    assert "no drug is named" in flags[1]["reason"] and flags[1]["category"] == "dose_link_none"
    assert "1500 mg/m2" in flags[0]["reason"]  # the unit as written, per body surface


def test_a_flag_id_survives_a_move_but_not_a_change_of_what_is_flagged():
    a = make_flag(kind="unknown_drug", category="unknown_drug", severity="medium", reason="r", rule_id="x",
                  doc_id="d", start=5, end=14, text="Zyntrelix")
    moved = make_flag(kind="unknown_drug", category="unknown_drug", severity="medium", reason="r", rule_id="x",
                      doc_id="d", start=105, end=114, text="Zyntrelix")
    other = make_flag(kind="unknown_drug", category="unknown_drug", severity="medium", reason="r", rule_id="x",
                      doc_id="d", start=5, end=14, text="Zyntralix")
    assert a["flag_id"] == moved["flag_id"] != other["flag_id"]


def test_an_unknown_flag_kind_is_refused():
    with pytest.raises(ValueError, match="FLAG_KINDS"):
        make_flag(kind="gossip", category="c", severity="low", reason="r", rule_id="x", doc_id="d",
                  start=0, end=1, text="t")


def test_severity_rises_on_a_commercial_page_and_falls_on_a_peer_reviewed_one():
    assert weigh("medium", 0.2) == "high"
    assert weigh("medium", 0.95) == "low"
    assert weigh("high", 0.2) == "high" and weigh("low", 0.95) == "low"
    assert weigh("medium", 0.6) == "medium"
