from __future__ import annotations

import io
import json
import re

from rich.console import Console

from pipeline.review import store
from pipeline.review.queue import load_review_state
from pipeline.review.terminal import review_loop


def state(ds):
    return load_review_state(ds["output"], ds["sources"], ds["annotations"])


def scripted(*answers, prompts=None):
    it = iter(answers)

    def ask(prompt: str) -> str:
        if prompts is not None:
            prompts.append(prompt)
        value = next(it)
        if isinstance(value, BaseException):
            raise value
        return value

    return ask


def lines(ds):
    path = ds["annotations"] / "reviews.jsonl"
    return [json.loads(x) for x in path.read_text().splitlines()] if path.exists() else []


def run(ds, *answers, st=None):
    out, prompts = io.StringIO(), []
    summary = review_loop(st or state(ds), "ann", console=Console(file=out, width=200),
                          ask=scripted(*answers, prompts=prompts))
    return summary, out.getvalue() + "\n".join(prompts)


def test_most_severe_first_and_each_decision_lands_with_anchors(review_dataset):
    summary, text = run(review_dataset, "n", "the other source is a review", "o", "c", "name=ibuprofen", "", "s")
    assert (summary.decided, summary.skipped) == (2, 1)
    first, second = lines(review_dataset)
    assert first["flag_id"] == "f_contra" and first["decision"] == "accept" and first["side"] == "other"
    assert first["note"] == "the other source is a review"
    assert first["quote"] == "Gout is incurable." and first["prefix"].endswith("Gout\n\n") and first["suffix"].startswith(" Take")
    assert set(first) >= {"flag_id", "decision", "reviewer", "at", "note", "quote", "prefix", "suffix", "doc_sha256", "correction"}
    assert second["flag_id"] == "f_unknown" and second["correction"] == {"name": "ibuprofen"} and "side" not in second
    assert "the other side" in text and "Gout can be cured completely" in text  # both sides of the contradiction
    assert "Keep the other side: recorded" in text and "Correct: recorded" in text


def test_choices_are_labelled_by_their_effect(review_dataset):
    _, text = run(review_dataset, "q")
    assert "[t] Keep this side  [o] Keep the other side  [b] Both hold  [x] Neither" in text
    summary, text = run(review_dataset, "s", "w", "q")
    assert "[p] Publish the claim  [w] Withhold the claim  [c] Correct" in text
    assert lines(review_dataset)[-1]["decision"] == "reject" and "Withhold the claim: recorded" in text


def test_a_bad_correction_is_refused_with_a_message_and_asked_again(review_dataset):
    summary, text = run(review_dataset, "s", "c", "start=0", "", "c", "amount 250", "amount=lots", "", "c",
                        "amount=250", "", "q")
    assert "not recorded: 'start' is evidence or an identifier" in text
    assert "'amount 250' is not field=value" in text
    assert "not recorded: 'amount' needs a number, not 'lots'" in text
    assert (summary.decided, summary.refused) == (1, 2)
    (only,) = lines(review_dataset)
    assert only["flag_id"] == "f_unknown" and only["correction"] == {"amount": 250.0}


def test_a_decision_that_did_not_reach_the_disk_is_not_called_recorded(review_dataset, monkeypatch):
    def full(fd, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store.os, "write", full)
    summary, text = run(review_dataset, "t", "q")
    assert "recorded" not in text.replace("NOT recorded", "") and "NOT recorded" in text
    assert summary.decided == 0 and lines(review_dataset) == []


def test_conflicts_come_from_the_log_and_unreadable_lines_are_shown(review_dataset):
    path = review_dataset["annotations"] / "reviews.jsonl"
    path.write_bytes(b'{"flag_id": "f_always", "decision": "accept", "reviewer": "bob", "note": "conflict: not one"}\n'
                     b'{"flag_id": "f_always", "decision": "reject", "reviewer": "cat"}\n'
                     b'{"flag_id": "f_unknown", "decision": "accept", "note": "\xff"}\n')
    _, text = run(review_dataset, "s", "s", "s")
    assert "unreadable review line, not applied: reviews.jsonl:3: not UTF-8 (byte 0xff" in text
    assert "reviewers disagree: bob: accept, cat: reject" in text


def test_ctrl_c_loses_nothing_and_writes_nothing_half_done(review_dataset):
    summary, _ = run(review_dataset, "b", "c", "name=x", KeyboardInterrupt())
    assert summary.interrupted and summary.decided == 1
    (only,) = lines(review_dataset)
    assert only["flag_id"] == "f_contra" and only["decision"] == "accept" and only["side"] == "both"
    # decided flags leave the queue on the next session
    assert "f_contra" not in set(state(review_dataset).pending()["flag_id"])


def test_the_keys_are_those_of_the_browser_and_an_unknown_key_lists_them_one_a_line(review_dataset):
    _, text = run(review_dataset, "z", "q")
    assert "unknown key ('z'); the keys are:\n" in text
    table = text.split("the keys are:\n", 1)[1]
    assert table.startswith("  t  Keep this side\n  o  Keep the other side\n  b  Both hold\n  x  Neither\n"
                            "  n  Note\n  s  Skip\n  u  Undo my last decision\n  j  Next flag\n  k  Previous flag\n"
                            "  q  Quit")
    assert "[u] Undo my last decision" in text and "[j] Next flag  [k] Previous flag" in text


def test_u_takes_back_the_last_decision_and_shows_its_flag_again(review_dataset):
    summary, text = run(review_dataset, "x", "u", "b", "q")
    assert (summary.decided, summary.undone) == (2, 1)
    first, undo, again = lines(review_dataset)
    assert (first["flag_id"], first["decision"]) == ("f_contra", "reject")
    assert undo["undo"] is True and (undo["flag_id"], undo["decision"]) == ("f_contra", "reject")
    assert (again["flag_id"], again["decision"], again["side"]) == ("f_contra", "accept", "both")
    assert "undone: Neither on f_contra" in text
    assert text.count("Curable here, incurable there.") == 2  # the contradiction was shown again
    latest = state(review_dataset).log.latest
    assert latest["f_contra"].side == "both"


def test_u_with_nothing_to_undo_says_so_and_writes_nothing(review_dataset):
    _, text = run(review_dataset, "u", "q")
    assert "nothing to undo" in text and lines(review_dataset) == []


def test_j_and_k_move_through_the_queue_without_deciding(review_dataset):
    summary, text = run(review_dataset, "k", "j", "k", "t", "q")
    assert "this is the first flag" in text
    (only,) = lines(review_dataset)
    assert only["flag_id"] == "f_contra" and only["side"] == "this"
    assert text.index("1/3") < text.index("2/3") < text.rindex("1/3")


def test_each_bound_claim_is_summed_up_on_one_line_and_a_correction_lists_current_values(review_dataset):
    _, text = run(review_dataset, "s", "c", "amount=250", "", "q")
    assert re.search(r"│\s+statement: gout not curable \(this side\)\s+│", text)
    assert re.search(r"│\s+statement: gout curable \(the other side\)\s+│", text)
    assert "dose: zyxoprofen dose; amount=500 unit=mg frequency_per_day=1" in text
    assert "drug mention: zyxoprofen" in text
    listing = text.split("with their current values", 1)[1]
    assert "amount                = 500\n" in listing and "unit                  = mg\n" in listing
    assert "name                  = zyxoprofen" in listing and "evidence" not in listing.split("field=value")[0]
    assert lines(review_dataset)[-1]["correction"] == {"amount": 250.0}
