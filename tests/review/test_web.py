from __future__ import annotations

import hashlib
import json
import re
import warnings
from pathlib import Path

import pytest
from starlette.exceptions import StarletteDeprecationWarning

from pipeline.dataset.schema import to_frame
from pipeline.review.queue import load_review_state
from pipeline.review.store import append_decision, make_decision
from pipeline.review.web.app import check_bind, create_app, is_loopback, serve

with warnings.catch_warnings():  # it asks for httpx2, which the pinned FastAPI does not bring
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

BASE = "http://127.0.0.1:8765"
HOSTILE = "Buy now! <script>alert(1)</script> cures <img src=x onerror=alert(1)> everything."
TEXTS = {
    "ad": f"Welcome to our shop.\n{HOSTILE}\nOrder today.",
    "trial": "In a trial, aspirin lowered the risk of a second heart attack. Bleeding was rare.",
    "blog": "My uncle says aspirin never helps the heart. He also likes fishing.",
}
OUR_SCRIPT = re.compile(r'<script src="/static/keys\.js\?v=[0-9a-f]{12}" defer></script>')
CONTRACT_FIELDS = {"flag_id", "decision", "reviewer", "at", "note", "quote", "prefix", "suffix", "doc_sha256",
                   "correction"}


def span(doc: str, text: str) -> dict:
    start = TEXTS[doc].index(text)
    return {"doc_id": doc, "start": start, "end": start + len(text), "text": text}


def other(doc: str, text: str) -> dict:
    s = span(doc, text)
    return {"other_doc_id": doc, "other_start": s["start"], "other_end": s["end"], "other_text": text}


@pytest.fixture()
def dataset(tmp_path: Path) -> dict[str, Path]:
    """A published dataset of three sources (one hostile), four flags, a conflict and a stale decision."""
    output, sources, annotations = tmp_path / "output", tmp_path / "seeds", tmp_path / "annotations"
    (output / "extracted").mkdir(parents=True)
    sources.mkdir()
    annotations.mkdir()
    documents = []
    for doc_id, text, title, kind, cred in [
        ("ad", TEXTS["ad"], "<i>Miracle</i> shop", "commercial", 0.3),
        ("trial", TEXTS["trial"], "Aspirin trial", "peer_reviewed", 0.9),
        ("blog", TEXTS["blog"], "Uncle's blog", "personal", 0.2),
    ]:
        (sources / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        documents.append({"doc_id": doc_id, "source_path": f"{doc_id}.txt", "title": title, "n_chars": len(text),
                          "sha256": hashlib.sha256(text.encode()).hexdigest(), "source_kind": kind,
                          "credibility": cred, "status": "ok", "encoding": "utf-8",
                          "n_words": len(text.split())})
    flags = [
        {"flag_id": "f_ad", "kind": "dubious", "category": "advertising", "severity": "high",
         "reason": "Sells a <b>cure</b>.", **span("ad", HOSTILE), "rule_id": "flag.ad"},
        {"flag_id": "f_contra", "kind": "contradiction", "category": "contradiction_effect", "severity": "medium",
         "reason": "Aspirin helps the heart here and never there.",
         **span("trial", "aspirin lowered the risk of a second heart attack"),
         **other("blog", "aspirin never helps the heart")},
        {"flag_id": "f_low", "kind": "dubious", "category": "vague_magnitude", "severity": "low",
         "reason": "Rare is vague.", **span("trial", "Bleeding was rare")},
        {"flag_id": "f_conflict", "kind": "dubious", "category": "testimonial", "severity": "low",
         "reason": "A relative's opinion.", **span("blog", "My uncle says")},
    ]
    to_frame("documents", documents).to_parquet(output / "extracted" / "documents.parquet")
    to_frame("flags", [{"claim_ids": "c_bleed" if f["flag_id"] == "f_low" else "", "review_status": "pending", **f}
                       for f in flags]).to_parquet(output / "extracted" / "flags.parquet")
    to_frame("causes", [{"claim_id": "c_bleed", "doc_id": "trial", "cause": "aspirin", "condition": "bleeding",
                         "relation": "adverse_effect", **span("trial", "Bleeding was rare"),
                         "evidence": "Bleeding was rare", "review_status": "pending"}]).to_parquet(
        output / "extracted" / "causes.parquet")
    lines = [
        {"flag_id": "f_conflict", "decision": "accept", "reviewer": "ann", "at": "2026-01-01T00:00:00+00:00"},
        {"flag_id": "f_conflict", "decision": "reject", "reviewer": "bob", "at": "2026-01-02T00:00:00+00:00"},
        {"flag_id": "f_gone", "decision": "reject", "reviewer": "cat", "at": "2026-01-03T00:00:00+00:00",
         "quote": "cures <b>all</b> ills"},
    ]
    (annotations / "reviews.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    return {"output": output, "sources": sources, "annotations": annotations}


def make_client(dataset: dict[str, Path], token: str | None = None, base_url: str = BASE) -> TestClient:
    app = create_app(lambda: load_review_state(**dataset), "ann", token)
    return TestClient(app, base_url=base_url)


@pytest.fixture()
def client(dataset: dict[str, Path]) -> TestClient:
    return make_client(dataset)


def reviews(dataset: dict[str, Path]) -> list[dict]:
    return [json.loads(x) for x in (dataset["annotations"] / "reviews.jsonl").read_text().splitlines()]


def assert_script_policy(csp: str) -> None:
    """Scripts only from the app itself: no inline script, no eval, no other origin."""
    directives = dict((d.strip().split(" ", 1) + [""])[:2] for d in csp.split(";"))
    assert directives["script-src"] == "'self'" and directives["default-src"] == "'self'"
    assert "unsafe" not in csp and "http" not in csp and "*" not in csp


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def queue_ids(client: TestClient, query: str = "") -> list[str]:
    return re.findall(r'<tr id="row-([^"]+)"', client.get("/" + query).text)


def test_queue_is_most_severe_first_with_source_and_credibility(client: TestClient):
    page = client.get("/")
    assert page.status_code == 200
    assert queue_ids(client) == ["f_ad", "f_contra", "f_low", "f_conflict"]
    assert "&lt;i&gt;Miracle&lt;/i&gt; shop" in page.text and "commercial, credibility 0.3" in page.text
    assert "Sells a &lt;b&gt;cure&lt;/b&gt;." in page.text and "<b>cure" not in page.text
    assert "advertising" in page.text


def test_queue_filters_by_kind_severity_and_source(client: TestClient):
    assert queue_ids(client, "?kind=contradiction") == ["f_contra"]
    assert queue_ids(client, "?severity=low") == ["f_low", "f_conflict"]
    assert queue_ids(client, "?doc=blog") == ["f_contra", "f_conflict"]  # either side of a contradiction


def test_hostile_source_text_renders_escaped(client: TestClient):
    for url in ("/flag/f_ad", "/source/ad?flag=f_ad", "/", "/?rule=flag.ad&select=all"):  # the queue's snippets too
        page = client.get(url)
        assert page.status_code == 200
        assert "<mark" in page.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
        assert "&lt;img src=x onerror=alert(1)&gt;" in page.text
        assert "<img" not in page.text and "<i>Miracle" not in page.text
        (script,) = re.findall(r"<script[^>]*>.*?</script>", page.text, re.S)
        assert OUR_SCRIPT.fullmatch(script)  # the app's own file only
    marked = re.search(r'<mark id="evidence">(.*?)</mark>', client.get("/source/ad?flag=f_ad").text, re.S).group(1)
    assert marked == "Buy now! &lt;script&gt;alert(1)&lt;/script&gt; cures &lt;img src=x onerror=alert(1)&gt; everything."
    snippet = re.search(r'<tr id="row-f_ad">.*?<mark>(.*?)</mark>', client.get("/").text, re.S).group(1)
    assert snippet == marked
    token = csrf_of(client.get("/flag/f_ad").text)
    client.post("/flag/f_ad/decide", data={"csrf": token, "choice": "reject", "note": "<script>alert(2)</script>"})
    for url in ("/decided", "/flag/f_contra"):  # the decision's note and the undo button quote the flag
        page = client.get(url).text
        assert "<i>Miracle" not in page and "alert(2)</script>" not in page and "<b>cure" not in page
        assert len(re.findall(r"<script", page)) == 1
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in client.get("/decided").text


def test_every_response_carries_the_security_headers(client: TestClient):
    first = client.get("/")
    assert re.fullmatch(r"review_csrf=[\w-]{40,}; HttpOnly; Path=/; SameSite=strict", first.headers["set-cookie"])
    token = csrf_of(client.get("/flag/f_ad").text)
    many = {f"x{i}": "1" for i in range(150)} | {"csrf": token, "choice": "reject"}
    too_many = client.post("/flag/f_ad/decide", data=many)
    assert too_many.status_code == 413 and "more than 100 fields" in too_many.text
    for response in (first, client.get("/flag/nope"), client.post("/flag/f_ad/decide", data={}), too_many,
                     client.get("/static/style.css"), client.get("/static/nope.css")):
        assert_script_policy(response.headers["content-security-policy"])
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
    assert "set-cookie" not in client.get("/").headers  # one CSRF token per browser session
    # pages (source text) are never cached; the app's own static files are, by a versioned URL
    assert first.headers["cache-control"] == "no-store" and client.get("/static/nope.css").headers["cache-control"] == "no-store"
    assert client.get("/static/keys.js").headers["cache-control"] == "private, max-age=31536000, immutable"


def test_an_unexpected_error_still_carries_the_security_headers(dataset):
    def broken():
        raise RuntimeError("boom")

    client = TestClient(create_app(broken, "ann", None), base_url=BASE, raise_server_exceptions=False)
    response = client.get("/")
    assert response.status_code == 500
    assert_script_policy(response.headers["content-security-policy"])
    assert response.headers["x-frame-options"] == "DENY"


def test_a_byte_that_is_not_utf8_in_the_decisions_is_shown_not_a_500(client: TestClient, dataset):
    path = dataset["annotations"] / "reviews.jsonl"
    path.write_bytes(path.read_bytes() + b'{"flag_id": "f_ad", "decision": "reject", "note": "\xff"}\n')
    for url in ("/", "/flag/f_ad", "/stale"):
        page = client.get(url)
        assert page.status_code == 200
        assert "Unreadable line in the decisions file, not applied: reviews.jsonl:4: not UTF-8 (byte 0xff" in page.text
    assert "f_conflict" in queue_ids(client)  # the readable lines still count


@pytest.mark.parametrize("form", [
    {"choice": "reject"},                               # no token
    {"choice": "reject", "csrf": "forged-" + "x" * 40},  # wrong token
])
def test_post_without_the_right_csrf_token_is_refused(client: TestClient, dataset, form):
    before = reviews(dataset)
    client.get("/flag/f_ad")  # the browser has a CSRF cookie
    response = client.post("/flag/f_ad/decide", data=form, follow_redirects=False)
    assert response.status_code == 403
    assert reviews(dataset) == before


def test_post_from_a_fresh_browser_or_another_site_is_refused(client: TestClient, dataset):
    before = reviews(dataset)
    token = csrf_of(client.get("/flag/f_ad").text)
    stranger = make_client(dataset)  # has the field value (somehow) but not the cookie
    assert stranger.post("/flag/f_ad/decide", data={"csrf": token, "choice": "reject"}).status_code == 403
    evil = client.post("/flag/f_ad/decide", data={"csrf": token, "choice": "reject"},
                       headers={"Origin": "http://evil.example"}, follow_redirects=False)
    assert evil.status_code == 403
    assert client.get("/flag/f_ad/decide").status_code == 405  # no state change by GET
    assert reviews(dataset) == before


def test_a_decision_appends_one_contract_line_and_leaves_the_queue(client: TestClient, dataset):
    before = reviews(dataset)
    token = csrf_of(client.get("/flag/f_ad?severity=high").text)
    response = client.post("/flag/f_ad/decide", follow_redirects=False, headers={"Origin": BASE},
                           data={"csrf": token, "choice": "reject", "note": "an advert", "severity": "high"})
    assert response.status_code == 303 and response.headers["location"] == "/?severity=high&done=f_ad"
    after = reviews(dataset)
    assert after[:-1] == before and len(after) == len(before) + 1
    line = after[-1]
    assert CONTRACT_FIELDS <= set(line)
    assert line["flag_id"] == "f_ad" and line["decision"] == "reject" and line["reviewer"] == "ann"
    assert line["note"] == "an advert" and line["correction"] is None and line["at"]
    assert line["quote"] == HOSTILE and line["prefix"] == "Welcome to our shop.\n" and line["suffix"] == "\nOrder today."
    assert line["doc_sha256"] == hashlib.sha256(TEXTS["ad"].encode()).hexdigest()
    assert "f_ad" not in queue_ids(client)
    assert "Recorded <strong>Withhold the claim</strong>" in client.get(response.headers["location"]).text


def test_a_correction_is_stored_typed_and_bad_ones_are_refused(client: TestClient, dataset):
    page = client.get("/flag/f_low").text
    row = re.search(r'<table class="claims">.*?<tbody>(.*?)</tbody>', page, re.S).group(1)
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
    assert cells == ["cause c_bleed", "aspirin", "adverse_effect", "bleeding", "affirmed", "certain", ""]
    # the form has the fields of a cause only, each pre-filled with its current value
    assert re.findall(r'name="set_(\w+)"', page) == ["cause", "cause_concept_id", "condition", "condition_concept_id",
                                                    "relation", "negated", "hedged", "frequency_band"]
    assert '<input id="set_condition" name="set_condition" value="bleeding">' in page
    assert re.search(r'name="set_negated">.*?<option value="no" selected>no</option>', page, re.S)
    token = csrf_of(page)
    form = {"csrf": token, "choice": "correct", "note": "", "set_cause": "aspirin", "set_condition": "haemorrhage",
            "set_negated": "yes", "set_relation": "adverse_effect", "set_hedged": "no"}
    assert client.post("/flag/f_low/decide", data=form, follow_redirects=False).status_code == 303
    assert reviews(dataset)[-1]["correction"] == {"condition": "haemorrhage", "negated": True}  # the changed ones
    again = client.get("/flag/f_low").text  # revisited: the correction in force fills the form
    assert '<input id="set_condition" name="set_condition" value="haemorrhage">' in again
    assert "correction in force: condition = <code>haemorrhage</code>, negated = <code>yes</code>" in again
    n = len(reviews(dataset))
    for bad, message in (({"set_negated": "lots"}, "needs yes or no"),
                         ({"set_colour": "red"}, "not a field of a cause"),
                         ({"set_amount": "5"}, "not a field of a cause"),
                         ({"set_evidence": "HACKED"}, "evidence or an identifier"),
                         ({"set_start": "0"}, "evidence or an identifier"),
                         ({"set_condition": "haemorrhage"}, "at least one field"),  # nothing changed
                         ({}, "at least one field")):
        response = client.post("/flag/f_low/decide", data={"csrf": token, "choice": "correct", **bad})
        assert response.status_code == 400 and message in response.text
    response = client.post("/flag/f_ad/decide", data={"csrf": token, "choice": "correct", "set_cause": "x"})
    assert response.status_code == 400 and "binds no claim" in response.text
    assert len(reviews(dataset)) == n and "f_ad" in queue_ids(client)


def test_a_contradiction_is_settled_by_choosing_a_side(client: TestClient, dataset):
    page = client.get("/flag/f_contra").text
    buttons = re.findall(r'<button type="submit" name="choice" value="(\w+)"[^>]*aria-keyshortcuts="(\w)">'
                         r'<kbd>(\w)</kbd> ([^<]+)</button>', page)
    assert buttons == [("this", "t", "t", "Keep this side"), ("other", "o", "o", "Keep the other side"),
                       ("both", "b", "b", "Both hold"), ("neither", "x", "x", "Neither")]
    assert "Publish the claim" in client.get("/flag/f_ad").text
    token = csrf_of(page)
    assert client.post("/flag/f_contra/decide", data={"csrf": token, "choice": "reject"}).status_code == 400
    response = client.post("/flag/f_contra/decide", data={"csrf": token, "choice": "other"}, follow_redirects=False)
    assert response.status_code == 303
    line = reviews(dataset)[-1]
    assert (line["flag_id"], line["decision"], line["side"]) == ("f_contra", "accept", "other")
    assert "Recorded <strong>Keep the other side</strong>" in client.get(response.headers["location"]).text
    client.post("/flag/f_conflict/decide", data={"csrf": token, "choice": "accept"})
    assert "side" not in reviews(dataset)[-1]


def test_a_contradiction_shows_both_sides_with_their_sources(client: TestClient):
    page = client.get("/flag/f_contra").text
    sides = re.findall(r'<section class="side">(.*?)</section>', page, re.S)
    assert len(sides) == 2
    assert "Aspirin trial" in sides[0] and "peer_reviewed, credibility 0.9" in sides[0]
    assert "<mark>aspirin lowered the risk of a second heart attack</mark>" in sides[0]
    assert "Uncle&#39;s blog" in sides[1] and "personal, credibility 0.2" in sides[1]
    assert "<mark>aspirin never helps the heart</mark>" in sides[1]
    assert 'href="/source/blog?flag=f_contra#evidence"' in sides[1]


def test_conflicts_and_stale_decisions_are_shown(client: TestClient):
    expected = "ann: accept, bob: reject \u2014 a third reviewer decides"
    assert expected in client.get("/").text
    assert expected in client.get("/flag/f_conflict").text
    assert '<a href="/stale">1 stale decision</a>' in client.get("/").text
    stale = client.get("/stale").text
    assert "f_gone" in stale and "cat" in stale and "cures &lt;b&gt;all&lt;/b&gt; ills" in stale


def test_decisions_from_elsewhere_show_without_a_restart(client: TestClient, dataset):
    assert "f_low" in queue_ids(client)
    state = load_review_state(**dataset)
    flag = state.flag("f_low")
    append_decision(state.reviews_path, make_decision(flag=flag, source_text=TEXTS["trial"], decision="accept",
                                                      reviewer="terminal-user"))
    assert "f_low" not in queue_ids(client)


def test_unknown_flags_and_sources_are_404_and_never_paths(client: TestClient):
    assert client.get("/flag/nope").status_code == 404
    assert client.get("/source/nope").status_code == 404
    assert client.get("/source/..%2F..%2Fetc%2Fpasswd").status_code == 404


def test_without_a_token_only_loopback_host_names_are_served(dataset):
    assert make_client(dataset, base_url="http://localhost:8765").get("/").status_code == 200
    assert make_client(dataset, base_url="http://[::1]:8765").get("/").status_code == 200
    # a DNS-rebinding page reaches 127.0.0.1 under its own name
    assert make_client(dataset, base_url="http://attacker.example:8765").get("/").status_code == 400


def test_binding_beyond_loopback_needs_a_token():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("[::1]") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5") and not is_loopback("example.org")
    check_bind("127.0.0.1", None)
    check_bind("0.0.0.0", "a" * 32)
    for host, token in (("0.0.0.0", None), ("192.168.1.5", None), ("::", None), ("0.0.0.0", ""), ("127.0.0.1", "short")):
        with pytest.raises(ValueError):
            check_bind(host, token)


def test_serve_refuses_a_weak_token_before_listening(dataset):
    with pytest.raises(ValueError, match="at least"):
        serve(**dataset, host="0.0.0.0", port=1, token="short")


def test_with_a_token_every_request_needs_it(dataset):
    token = "s3cret-" + "x" * 20
    client = make_client(dataset, token=token, base_url="http://192.168.1.5:8765")
    assert client.get("/").status_code == 401
    assert client.get("/static/style.css").status_code == 401
    assert client.get("/?token=wrong-token-of-some-length").status_code == 401
    assert client.get("/", headers={"X-Review-Token": token}).status_code == 200
    first = client.get(f"/?kind=dubious&token={token}", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/?kind=dubious"  # not left in the address bar
    assert "review_token" in client.cookies
    assert client.get("/").status_code == 200
    fresh = make_client(dataset, token=token, base_url="http://192.168.1.5:8765")
    assert fresh.post("/flag/f_ad/decide", data={"choice": "reject"}).status_code == 401
