"""What each review decision does to curated/, on the seeds, through two real runs.

A first run publishes every flag pending; decisions of every kind are recorded on
different flags; a second run applies them. Each test then checks the exact rows of
curated/ that the decision bound, before and after (contract version 2: "accept"
publishes, "reject" withholds, "correct" publishes corrected values, "side" settles a
contradiction, a claim under several flags waits for all of them).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from pipeline.dataset.schema import REVIEWED_TABLES
from pipeline.review.corrections import CLAIM_TABLES
from pipeline.settings import Settings

pytestmark = pytest.mark.flow

#: Tables read for claim statuses: the claims layer holds every claim (cue matches as
#: assertions), the mention tables the mentions.
LAYER_TABLES = [t for t in REVIEWED_TABLES if t not in ("flags", "cues")]


def _read(output: Path, layer: str, table: str) -> pd.DataFrame:
    return pd.read_parquet(output / layer / f"{table}.parquet")


def _ids(flag) -> list[str]:
    return [c for c in str(flag["claim_ids"]).split(";") if c]


def _status_of(output: Path, layer: str) -> dict[str, str]:
    """review_status of every claim and mention id published in ``layer``."""
    out: dict[str, str] = {}
    for table in LAYER_TABLES:
        frame = _read(output, layer, table)
        key = "mention_id" if "mention_id" in frame.columns else "claim_id"
        out.update(zip(frame[key], frame["review_status"]))
    return out


class Runs:
    def __init__(self, settings: Settings, before: dict, flags: pd.DataFrame) -> None:
        self.settings, self.before, self.flags = settings, before, flags
        self.chosen: dict[str, dict] = {}
        self.after: dict[str, str] = {}
        self.after_extracted: dict[str, str] = {}


@pytest.fixture(scope="module")
def runs(tmp_path_factory, seeds_dir: Path, prefect_harness) -> Runs:
    from pipeline.flows.curate import curate
    from pipeline.review.store import append_decision, make_decision

    root = tmp_path_factory.mktemp("decisions")
    shutil.copytree(seeds_dir, root / "sources")
    (root / "annotations").mkdir()
    settings = Settings(sources=root / "sources", output=root / "output", annotations=root / "annotations",
                        cache_dir=root / "cache")
    curate(settings)
    flags = _read(settings.output, "extracted", "flags")
    result = Runs(settings, _status_of(settings.output, "curated"), flags)

    claims = _read(settings.output, "extracted", "claims").set_index("claim_id")

    def _side_ids_of(flag: dict, which: str) -> set[str]:
        return _side_ids_in(claims, flag, which)

    used: set[str] = set()
    claim_flags: dict[str, list[str]] = {}
    for f in flags.itertuples(index=False):
        for cid in _ids(f._asdict()):
            claim_flags.setdefault(cid, []).append(f.flag_id)

    def pick(name: str, condition) -> dict:
        for f in flags.to_dict("records"):
            if f["flag_id"] not in used and _ids(f) and condition(f):
                used.add(f["flag_id"])
                result.chosen[name] = f
                return f
        raise AssertionError(f"the seeds have no flag for {name}")

    # a claim bound by exactly two flags: one accepted, one rejected -> the claim is rejected
    kind_of = dict(zip(flags["flag_id"], flags["kind"]))
    shared = next(c for c, fs in claim_flags.items()
                  if len(fs) == 2 and not c.startswith("m") and all(kind_of[f] == "dubious" for f in fs))
    first, second = (flags.set_index("flag_id").loc[f].to_dict() | {"flag_id": f} for f in claim_flags[shared])
    used.update({first["flag_id"], second["flag_id"]})
    result.chosen["shared_accept"], result.chosen["shared_reject"] = first, second
    result.chosen["shared_claim"] = {"claim_id": shared}

    sole = {c for c, fs in claim_flags.items() if len(fs) == 1}
    only_mine = lambda f: all(c in sole for c in _ids(f))  # noqa: E731
    taken: set[str] = set(_ids(first)) | set(_ids(second))

    def apart(f: dict) -> bool:
        """Binds no claim an already chosen flag binds (so each decision is seen alone)."""
        return not (set(_ids(f)) & taken)

    def choose(name: str, condition) -> None:
        f = pick(name, lambda f: condition(f) and apart(f))
        taken.update(_ids(f))

    for side in ("this", "other", "both", "neither"):
        choose(side, lambda f: f["kind"] == "contradiction" and _side_ids_of(f, "this") and _side_ids_of(f, "other"))
    choose("reject", lambda f: f["kind"] == "dubious" and only_mine(f))
    choose("publish", lambda f: f["kind"] == "dubious" and only_mine(f))
    choose("correct", lambda f: f["kind"] == "dose_unlinked" and only_mine(f))
    # other flags that bind the chosen contradictions' claims are decided "both hold", so
    # that only the chosen decision decides those claims
    contradiction_claims = {c for n in ("this", "other", "both", "neither") for c in _ids(result.chosen[n])}
    bystanders = [f for f in flags.to_dict("records") if f["flag_id"] not in used
                  and set(_ids(f)) & contradiction_claims]

    reviews = settings.reviews_path

    def decide(flag: dict, decision: str, **kw) -> None:
        tables = [t for t in CLAIM_TABLES if t == "doses"] if decision == "correct" else []
        append_decision(reviews, make_decision(flag=flag, source_text=None, decision=decision, reviewer="tester",
                                               claim_tables=tables, **kw))

    decide(result.chosen["reject"], "reject")
    decide(result.chosen["publish"], "accept")
    decide(result.chosen["correct"], "correct", correction={"drug": "salmon calcitonin"})
    decide(result.chosen["this"], "accept", side="this")
    decide(result.chosen["other"], "accept", side="other")
    decide(result.chosen["both"], "accept", side="both")
    decide(result.chosen["neither"], "reject")
    decide(first, "accept")
    decide(second, "reject")
    for f in bystanders:
        decide(f, "accept", side="both") if f["kind"] == "contradiction" else decide(f, "accept")
    curate(settings)
    result.after = _status_of(settings.output, "curated")
    result.after_extracted = _status_of(settings.output, "extracted")
    return result


def _side_ids(runs: Runs, flag: dict, which: str) -> set[str]:
    """The bound claims whose evidence lies on one side of a contradiction."""
    return _side_ids_in(_read(runs.settings.output, "extracted", "claims").set_index("claim_id"), flag, which)


def _side_ids_in(claims: pd.DataFrame, flag: dict, which: str) -> set[str]:
    doc, start, end = ((flag["doc_id"], flag["start"], flag["end"]) if which == "this"
                       else (flag["other_doc_id"], flag["other_start"], flag["other_end"]))
    out = set()
    for cid in _ids(flag):
        if cid in claims.index:
            row = claims.loc[cid]
            if row["doc_id"] == doc and row["start"] < end and start < row["end"]:
                out.add(cid)
    return out


def test_before_any_decision_no_flagged_claim_is_published(runs):
    for name, flag in runs.chosen.items():
        for cid in _ids(flag) if "claim_ids" in flag else [flag["claim_id"]]:
            assert cid not in runs.before, (name, cid)


def test_withhold_keeps_the_claims_out_and_marks_them_rejected(runs):
    for cid in _ids(runs.chosen["reject"]):
        assert cid not in runs.after
        assert runs.after_extracted[cid] == "rejected"


def test_publish_puts_the_claims_in_curated_as_accepted(runs):
    for cid in _ids(runs.chosen["publish"]):
        assert runs.after[cid] == "accepted"


def test_correct_publishes_the_reviewers_values(runs):
    doses = _read(runs.settings.output, "curated", "doses").set_index("claim_id")
    for cid in _ids(runs.chosen["correct"]):
        assert doses.loc[cid, "review_status"] == "corrected"
        assert doses.loc[cid, "drug"] == "salmon calcitonin"


@pytest.mark.parametrize("side, kept, dropped", [("this", "this", "other"), ("other", "other", "this")])
def test_keeping_one_side_publishes_it_and_rejects_the_other(runs, side, kept, dropped):
    flag = runs.chosen[side]
    keep, drop = _side_ids(runs, flag, kept), _side_ids(runs, flag, dropped)
    assert keep and drop
    assert all(runs.after[c] == "accepted" for c in keep)
    assert all(c not in runs.after and runs.after_extracted[c] == "rejected" for c in drop)


def test_both_hold_publishes_both_sides_and_neither_publishes_none(runs):
    both, neither = runs.chosen["both"], runs.chosen["neither"]
    assert all(runs.after[c] == "accepted" for c in _ids(both))
    assert all(c not in runs.after and runs.after_extracted[c] == "rejected" for c in _ids(neither))


def test_a_claim_under_two_flags_is_rejected_when_either_rejects_it(runs):
    cid = runs.chosen["shared_claim"]["claim_id"]
    assert cid not in runs.before
    assert cid not in runs.after and runs.after_extracted[cid] == "rejected"
