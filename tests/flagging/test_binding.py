"""A flag binds every claim its evidence overlaps (both sides), and says why when none."""
from __future__ import annotations

from pipeline.dataset.schema import to_frame
from pipeline.flagging.base import make_flag
from pipeline.flagging.binding import bind_claims


def tables(**rows):
    names = ("causes", "doses", "statements", "treatments", "cues", "blocks")
    return {name: to_frame(name, rows.get(name, [])) for name in names}


def claim(claim_id, doc_id, start, end):
    return {"claim_id": claim_id, "doc_id": doc_id, "start": start, "end": end, "review_status": "clean"}


def test_overlapping_claims_on_both_sides_are_bound_and_others_are_not():
    t = tables(statements=[claim("s1", "a", 0, 40), claim("s2", "a", 100, 140)],
               treatments=[claim("t1", "b", 10, 50)], causes=[claim("c1", "a", 38, 60)])
    flag = make_flag(kind="contradiction", category="curable", severity="high", reason="r", rule_id="x",
                     doc_id="a", start=0, end=40, text="t", other_doc_id="b", other_start=20, other_end=30,
                     other_text="u")
    [bound] = bind_claims([flag], t)
    assert bound["claim_ids"] == "c1;s1;t1"
    assert bound["unbound_reason"] == ""


def test_a_page_flag_binds_claims_in_its_blocks_or_says_why_it_binds_none():
    blocks = [{"doc_id": "a", "block": 7, "kind": "boilerplate", "category": "testimonial", "start": 200,
               "end": 300, "section": -1, "text": "x"}]
    flag = make_flag(kind="dubious", category="testimonial", severity="low", reason="r", rule_id="flag.testimonial",
                     doc_id="a", start=200, end=300, text="x")
    [empty] = bind_claims([flag], tables(blocks=blocks))
    assert empty["claim_ids"] == "" and "whole page" in empty["unbound_reason"]
    [bound] = bind_claims([flag], tables(blocks=blocks, doses=[claim("d1", "a", 250, 260)]))
    assert bound["claim_ids"] == "d1"


def test_a_mention_flag_keeps_its_mention():
    flag = make_flag(kind="unknown_drug", category="unknown_drug", severity="medium", reason="r",
                     rule_id="flag.unknown_drug", doc_id="a", start=5, end=10, text="Ossin", claim_ids=["m1"])
    [bound] = bind_claims([flag], tables())
    assert bound["claim_ids"] == "m1"
