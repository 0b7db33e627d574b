"""Keyboard-first review in the browser (#16), as plain HTTP: keys declared on what they
work, the next flag after each decision, undo, bulk, the decided list, filters and
progress. A test client runs no script, so every test here is also a page working with
scripts off."""
from __future__ import annotations

import json
import os
import re
import warnings
from pathlib import Path

import pytest
from starlette.exceptions import StarletteDeprecationWarning

from pipeline.dataset.schema import to_frame
from pipeline.review.corrections import correctable_fields
from pipeline.review.decisions import ACTION, Decision
from pipeline.review.queue import load_review_state
from pipeline.review.store import append_decision
from pipeline.review.web.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

BASE = "http://127.0.0.1:8765"
FORUM = ("Arthritis forum\n\nI tried it and my pain vanished. My neighbour swears it cured her arthritis. "
         "It worked for me within days. Ginger cures arthritis completely.\n")
LEAFLET = "Ibuprofen leaflet\n\nTake 2000 mg of ibuprofen three times a day. Arthritis cannot be cured.\n"
TEXTS = {"forum": FORUM, "leaflet": LEAFLET}
TESTIMONIALS = ("I tried it and my pain vanished.", "My neighbour swears it cured her arthritis.",
                "It worked for me within days.")


def at(doc: str, quote: str) -> dict:
    start = TEXTS[doc].index(quote)
    return {"doc_id": doc, "start": start, "end": start + len(quote), "text": quote}


def other(doc: str, quote: str) -> dict:
    s = at(doc, quote)
    return {"other_doc_id": doc, "other_start": s["start"], "other_end": s["end"], "other_text": quote}


@pytest.fixture()
def dataset(tmp_path: Path) -> dict[str, Path]:
    """Two sources, three testimonial flags of one rule, a contradiction and a dose flag."""
    output, sources, annotations = tmp_path / "output", tmp_path / "seeds", tmp_path / "annotations"
    (output / "extracted").mkdir(parents=True)
    sources.mkdir()
    annotations.mkdir()
    for doc, text in TEXTS.items():
        (sources / f"{doc}.txt").write_text(text, encoding="utf-8")
    to_frame("documents", [
        {"doc_id": "forum", "source_path": "forum.txt", "title": "Arthritis <b>forum</b>", "source_kind": "forum",
         "credibility": 0.2, "status": "ok", "n_chars": len(FORUM), "n_words": 1, "sha256": "x"},
        {"doc_id": "leaflet", "source_path": "leaflet.txt", "title": "Ibuprofen leaflet", "source_kind": "leaflet",
         "credibility": 0.8, "status": "ok", "n_chars": len(LEAFLET), "n_words": 1, "sha256": "y"},
    ]).to_parquet(output / "extracted" / "documents.parquet")
    cure, never = "Ginger cures arthritis completely.", "Arthritis cannot be cured."
    dose = "Take 2000 mg of ibuprofen three times a day."
    flags = [
        {"flag_id": f"f_t{i}", "kind": "dubious", "category": "testimonial", "severity": "low",
         "reason": "A personal testimonial, not evidence.", "rule_id": "flag.testimonial", **at("forum", quote),
         "claim_ids": f"q{i}"}
        for i, quote in enumerate(TESTIMONIALS, start=1)
    ] + [
        {"flag_id": "f_contra", "kind": "contradiction", "category": "contradiction_curable", "severity": "high",
         "reason": "Curable here, incurable there.", "rule_id": "flag.contradiction.curable",
         **at("forum", cure), **other("leaflet", never), "claim_ids": "s_cure;s_never"},
        {"flag_id": "f_dose", "kind": "dose_out_of_range", "category": "dose_out_of_range", "severity": "medium",
         "reason": "Above the usual daily maximum.", "rule_id": "flag.dose_out_of_range", **at("leaflet", dose),
         "claim_ids": "d1"},
    ]
    to_frame("flags", [{"review_status": "pending", **f} for f in flags]).to_parquet(
        output / "extracted" / "flags.parquet")
    to_frame("cues", [
        {"claim_id": f"q{i}", "doc_id": "forum", "rule_id": "dub.testimonial", "category": "testimonial",
         "severity": "low", "reason": "", "subject": "arthritis", "hedged": False, "review_status": "pending",
         **at("forum", quote)} for i, quote in enumerate(TESTIMONIALS, start=1)
    ]).to_parquet(output / "extracted" / "cues.parquet")
    to_frame("statements", [
        {"claim_id": "s_cure", "doc_id": "forum", "subject": "arthritis", "predicate": "curable", "polarity": True,
         "hedged": False, "evidence": cure, "review_status": "pending", **at("forum", cure)},
        {"claim_id": "s_never", "doc_id": "leaflet", "subject": "arthritis", "predicate": "curable", "polarity": False,
         "hedged": False, "evidence": never, "review_status": "pending", **at("leaflet", never)},
    ]).to_parquet(output / "extracted" / "statements.parquet")
    to_frame("doses", [
        {"claim_id": "d1", "doc_id": "leaflet", "drug": "ibuprofen", "drug_text": "ibuprofen", "amount": 2000.0,
         "unit": "mg", "frequency_per_day": 3.0, "route": "oral", "evidence": dose, "review_status": "pending",
         **at("leaflet", dose)},
    ]).to_parquet(output / "extracted" / "doses.parquet")
    return {"output": output, "sources": sources, "annotations": annotations}


def make_client(dataset: dict[str, Path], calls: list[int] | None = None) -> TestClient:
    def loader():
        if calls is not None:
            calls.append(1)
        return load_review_state(**dataset)

    return TestClient(create_app(loader, "ann", None), base_url=BASE)


@pytest.fixture()
def client(dataset) -> TestClient:
    return make_client(dataset)


def reviews(dataset) -> list[dict]:
    path = dataset["annotations"] / "reviews.jsonl"
    return [json.loads(x) for x in path.read_text().splitlines()] if path.exists() else []


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def shortcuts(html: str) -> dict[str, str]:
    """Every key a page declares -> the opening tag that declares it (each key once)."""
    out: dict[str, str] = {}
    for tag in re.findall(r"<[a-z]+ [^>]*aria-keyshortcuts=\"[^\"]*\"[^>]*>", html):
        for key in re.search(r'aria-keyshortcuts="([^"]*)"', tag).group(1).split():
            assert key not in out, f"{key} declared twice: {out[key]} and {tag}"
            out[key] = tag
    return out


def decide(client: TestClient, flag_id: str, choice: str, query: str = "", **form) -> object:
    page = client.get(f"/flag/{flag_id}{query}").text
    hidden = dict(re.findall(r'<input type="hidden" name="(kind|severity|doc|rule)" value="([^"]*)">', page))
    return client.post(f"/flag/{flag_id}/decide", data={"csrf": csrf_of(page), "choice": choice, **hidden, **form},
                       follow_redirects=False)


def test_every_decision_and_move_declares_one_key_on_the_button_that_does_it(client):
    keys = shortcuts(client.get("/flag/f_t2").text)
    assert re.search(r'<button [^>]*value="accept"[^>]*aria-keyshortcuts="p"', keys["p"])
    assert re.search(r'<button [^>]*value="reject"[^>]*aria-keyshortcuts="w"', keys["w"])
    assert keys["c"].startswith("<summary") and keys["n"].startswith('<textarea id="note"')
    assert keys["s"].startswith('<a href="/flag/f_t3"')  # skip: the next open flag
    assert keys["j"] == keys["ArrowDown"] == keys["ArrowRight"] and 'href="/flag/f_t3"' in keys["j"]
    assert keys["k"] == keys["ArrowUp"] == keys["ArrowLeft"] and 'href="/flag/f_t1"' in keys["k"]
    page = client.get("/flag/f_t2").text
    for key, label in (("p", "Publish the claim"), ("w", "Withhold the claim"), ("s", "Skip")):
        assert f"<kbd>{key}</kbd> {label}" in page  # shown on the button, not only declared
    contra = shortcuts(client.get("/flag/f_contra").text)
    for key, value in (("t", "this"), ("o", "other"), ("b", "both"), ("x", "neither")):
        assert f'value="{value}"' in contra[key]
    assert not {"p", "w", "c"} & set(contra)  # a contradiction is settled by sides
    assert "k" not in contra  # the first flag of the queue has none before it
    assert set(shortcuts(client.get("/").text)) == {"j", "ArrowDown", "ArrowRight"}  # opens the first flag


def test_after_a_decision_the_next_open_flag_opens_with_what_was_recorded(client, dataset):
    response = decide(client, "f_contra", "neither")
    assert response.status_code == 303 and response.headers["location"] == "/flag/f_dose?done=f_contra"
    page = client.get(response.headers["location"]).text
    assert 'data-flag-id="f_dose"' in page
    assert "Recorded <strong>Neither</strong> on &ldquo;Curable here, incurable there.&rdquo;" in page
    # filters are kept: within one rule, the next flag of that rule
    response = decide(client, "f_t1", "reject", "?rule=flag.testimonial")
    assert response.headers["location"] == "/flag/f_t2?rule=flag.testimonial&done=f_t1"
    decide(client, "f_t2", "reject", "?rule=flag.testimonial")
    response = decide(client, "f_t3", "accept", "?rule=flag.testimonial")
    assert response.headers["location"] == "/?rule=flag.testimonial&done=f_t3"  # none left: the queue
    assert "Nothing left to review for these filters" in client.get(response.headers["location"]).text
    assert [(r["flag_id"], r["decision"]) for r in reviews(dataset)] == [
        ("f_contra", "reject"), ("f_t1", "reject"), ("f_t2", "reject"), ("f_t3", "accept")]


def test_u_undoes_the_last_decision_with_a_line_that_supersedes_it(client, dataset):
    assert "/undo" not in client.get("/").text  # nothing to undo yet
    decide(client, "f_t1", "reject", note="an anecdote")
    page = client.get("/flag/f_t2").text
    button = shortcuts(page)["u"]
    assert button.startswith('<button type="submit"')
    assert "Undo <span class=\"what\">Withhold the claim: A personal testimonial, not evidence.</span>" in page
    response = client.post("/undo", data={"csrf": csrf_of(page), "rule": "flag.testimonial"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/flag/f_t1?rule=flag.testimonial&undone=f_t1"
    first, undo = reviews(dataset)
    assert undo["undo"] is True and (undo["flag_id"], undo["decision"], undo["reviewer"]) == ("f_t1", "reject", "ann")
    assert first["note"] == "an anecdote"  # the decision's own line is never rewritten
    page = client.get(response.headers["location"]).text
    assert "status <strong>pending</strong>" in page and "Undone" in page
    assert re.findall(r'<tr id="row-([^"]+)"', client.get("/?rule=flag.testimonial").text) == ["f_t1", "f_t2", "f_t3"]
    nothing = client.post("/undo", data={"csrf": csrf_of(page)})
    assert nothing.status_code == 409 and "Nothing to undo" in nothing.text
    assert client.post("/undo", data={"csrf": "forged-" + "x" * 40}).status_code == 403
    assert len(reviews(dataset)) == 2


def test_queue_rows_show_the_evidence_marked_its_source_severity_kind_and_claims(client):
    page = client.get("/").text
    rows = dict(re.findall(r'<tr id="row-([^"]+)">(.*?)</tr>', page, re.S))
    assert list(rows) == ["f_contra", "f_dose", "f_t1", "f_t2", "f_t3"]
    t2 = rows["f_t2"]
    assert "<mark>My neighbour swears it cured her arthritis.</mark>" in t2
    assert "I tried it and my pain vanished. <mark>" in t2  # the words around it
    assert "Arthritis &lt;b&gt;forum&lt;/b&gt;" in t2 and "sev-low" in t2 and "testimonial" in t2
    assert "cue: arthritis testimonial" in t2  # the claim it binds
    assert "dose: ibuprofen dose; amount=2000 unit=mg frequency_per_day=3 route=oral" in rows["f_dose"]
    contra = rows["f_contra"]
    assert "<mark>Ginger cures arthritis completely.</mark>" in contra and "<mark>Arthritis cannot be cured.</mark>" in contra
    assert "statement: arthritis curable" in contra and "statement: arthritis not curable" in contra


def test_filters_by_kind_severity_source_and_rule_with_progress_for_the_filter(client, dataset):
    def ids(query):
        return re.findall(r'<tr id="row-([^"]+)"', client.get("/" + query).text)

    assert ids("?rule=flag.testimonial") == ["f_t1", "f_t2", "f_t3"]
    assert ids("?doc=leaflet") == ["f_contra", "f_dose"] and ids("?severity=medium") == ["f_dose"]
    assert ids("?kind=contradiction&doc=forum") == ["f_contra"]
    assert '<option value="flag.testimonial" selected>' in client.get("/?rule=flag.testimonial").text
    decide(client, "f_t1", "reject")
    progress = re.compile(r"decided <strong>(\d+)</strong> of <strong>(\d+)</strong>")
    assert progress.search(client.get("/?rule=flag.testimonial").text).groups() == ("1", "3")
    assert progress.search(client.get("/").text).groups() == ("1", "5")
    assert progress.search(client.get("/flag/f_t2?rule=flag.testimonial").text).groups() == ("1", "3")
    assert progress.search(client.get("/?doc=leaflet").text).groups() == ("0", "2")


def test_flag_page_shows_the_bound_claims_as_a_table_and_a_form_of_their_fields(client):
    page = client.get("/flag/f_dose").text
    row = re.search(r'<table class="claims">.*?<tbody>(.*?)</tbody>', page, re.S).group(1)
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
    assert cells[:6] == ["dose d1", "ibuprofen", "dose", "", "", ""]
    assert cells[6] == "amount = 2000, unit = mg, frequency_per_day = 3, route = oral"
    fields = dict(re.findall(r'name="set_(\w+)"(?: value="([^"]*)")?', page))
    assert list(fields) == list(correctable_fields("doses"))  # a dose's fields, and only those
    assert "evidence" not in fields and "start" not in fields and "drug_text" not in fields
    assert {k: fields[k] for k in ("drug", "amount", "amount_max", "unit", "frequency_per_day", "route")} == {
        "drug": "ibuprofen", "amount": "2000", "amount_max": "", "unit": "mg", "frequency_per_day": "3",
        "route": "oral"}
    response = decide(client, "f_dose", "correct", set_amount="200", set_unit="mg", set_drug="ibuprofen")
    assert response.status_code == 303
    contra = client.get("/flag/f_contra").text
    rows = re.findall(r"<tr><td>statement <code>(\w+)</code><br><small>([^<]+)</small>", contra)
    assert rows == [("s_cure", "this side"), ("s_never", "the other side")]  # what t and o keep


def test_bulk_decides_ticked_flags_of_one_rule_each_on_its_own_line(client, dataset):
    assert 'action="/bulk"' not in client.get("/").text  # a rule first
    page = client.get("/?rule=flag.testimonial&doc=forum").text
    assert 'action="/bulk"' in page and re.findall(r'name="flag" value="(\w+)"', page) == ["f_t1", "f_t2", "f_t3"]
    assert "checked" not in page and page.count(" checked>") == 0
    assert client.get("/?rule=flag.testimonial&doc=forum&select=all").text.count(" checked>") == 3
    bulk_buttons = re.findall(r'<button type="submit" name="choice" value="(\w+)"', page.split('action="/bulk"')[1])
    assert bulk_buttons[:2] == ["accept", "reject"] and "correct" not in bulk_buttons
    token = csrf_of(page)
    response = client.post("/bulk", data={"csrf": token, "choice": "reject", "flag": ["f_t1", "f_t3"],
                                          "rule": "flag.testimonial", "doc": "forum", "note": "anecdotes"},
                           follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/?doc=forum&rule=flag.testimonial&batch=")
    lines = reviews(dataset)
    assert [(x["flag_id"], x["decision"], x["note"]) for x in lines] == [("f_t1", "reject", "anecdotes"),
                                                                         ("f_t3", "reject", "anecdotes")]
    assert lines[0]["batch"] == lines[1]["batch"] and lines[0]["quote"] == TESTIMONIALS[0]
    assert "Recorded <strong>Withhold the claim</strong> on 2 flags, one line each." in client.get(
        response.headers["location"]).text
    for form, why in (({"flag": ["f_t2", "f_dose"], "choice": "reject"}, "flags of one rule"),
                      ({"flag": ["f_t2"], "choice": "correct"}, "not a choice for several flags"),
                      ({"choice": "reject"}, "tick at least one flag"),
                      ({"flag": ["nope"], "choice": "reject"}, "There is no flag nope")):
        refused = client.post("/bulk", data={"csrf": token, **form})
        assert refused.status_code in (400, 404) and why in refused.text
    assert client.post("/bulk", data={"choice": "reject", "flag": ["f_t2"]}).status_code == 403
    assert len(reviews(dataset)) == 2
    # one undo takes the whole bulk decision back
    client.post("/undo", data={"csrf": token})
    assert len(reviews(dataset)) == 4 and load_review_state(**dataset).log.latest == {}


def test_the_decided_list_filters_by_reviewer_and_decision_and_links_back_to_change_it(client, dataset):
    decide(client, "f_t1", "reject")
    decide(client, "f_contra", "this")
    state = load_review_state(**dataset)
    append_decision(state.reviews_path, Decision(flag_id="f_dose", decision="accept", reviewer="bob",
                                                 at="2099-01-01T00:00:00+00:00"))

    def listed(query=""):
        page = client.get("/decided" + query).text
        return dict(re.findall(r'<tr id="decided-([^"]+)">\s*<td class="\w+">([^<]+)</td>', page))

    assert listed() == {"f_t1": "Withhold the claim", "f_contra": "Keep this side"}  # mine by default
    assert listed("?who=all") == {"f_dose": "Publish the claim", "f_t1": "Withhold the claim",
                                  "f_contra": "Keep this side"}
    assert listed("?who=all&decision=accept") == {"f_dose": "Publish the claim", "f_contra": "Keep this side"}
    assert listed("?who=all&decision=reject&rule=flag.testimonial") == {"f_t1": "Withhold the claim"}
    assert 'href="/flag/f_t1"' in client.get("/decided").text
    page = client.get("/flag/f_t1").text
    assert "status <strong>rejected</strong>: Withhold the claim by ann" in page
    decide(client, "f_t1", "accept")  # revisit and change
    assert listed() == {"f_t1": "Publish the claim", "f_contra": "Keep this side"}


def test_decisions_are_applied_again_without_rereading_the_dataset(dataset):
    calls: list[int] = []
    client = make_client(dataset, calls)
    client.get("/")
    decide(client, "f_t1", "reject")
    assert "f_t1" not in re.findall(r'<tr id="row-([^"]+)"', client.get("/").text)
    assert len(calls) == 1  # the dataset was read once; the decision was applied to it in memory
    flags = dataset["output"] / "extracted" / "flags.parquet"
    os.utime(flags, ns=(flags.stat().st_atime_ns, flags.stat().st_mtime_ns + 10**9))  # republished
    client.get("/")
    assert len(calls) == 2


def test_the_keys_script_is_the_apps_own_file_and_every_form_posts_without_it(client):
    script = client.get("/static/keys.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert "aria-keyshortcuts" in script.text and "fetch(" not in script.text and "innerHTML" not in script.text
    for url in ("/", "/flag/f_t1", "/flag/f_contra", "/decided", "/stale", "/source/forum?flag=f_t1",
                "/?rule=flag.testimonial"):
        page = client.get(url).text
        (script,) = re.findall(r"<script[^>]*>.*?</script>", page, re.S)
        assert re.fullmatch(r'<script src="/static/keys\.js\?v=[0-9a-f]{12}" defer></script>', script)
        assert not re.search(r"<[^>]+ on[a-z]+=", page)  # no inline handlers
        for form in re.findall(r"<form [^>]*>", page):
            assert 'method="post"' in form or 'method="get"' in form


def test_every_key_of_the_terminal_is_the_key_of_the_browser():
    assert ACTION["undo"].key == "u" and ACTION["next"].key == "j" and ACTION["previous"].key == "k"
    assert ACTION["skip"].key == "s" and ACTION["note"].key == "n"
