"""The review app in a real headless Chromium: forms, cookies, CSP and escaping as a browser sees them.

Needs Debian's ``chromium`` (``make browser`` installs it) and the ``playwright`` package.
"""
from __future__ import annotations

import hashlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, sync_playwright

from pipeline.dataset.schema import to_frame
from pipeline.review.queue import load_review_state
from pipeline.review.web.app import create_app

CHROMIUM = "/usr/bin/chromium"
# Without these, Chromium on an offline machine stalls on background network fetches.
# --disable-dev-shm-usage: containers often have a tiny /dev/shm, and Debian's launcher
# check for it (/etc/chromium.d/dev-shm) can fail to decide.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
HOSTILE = "Buy now! <script>alert(1)</script> cures <img src=x onerror=alert(1)> everything."
AD = f"Welcome to our shop.\n{HOSTILE}\nOrder today."
TRIAL = "In a trial, aspirin lowered the risk of a second heart attack at 75 mg a day."
TOKEN = "e2e-token-" + "x" * 20


def write_dataset(root: Path) -> dict[str, Path]:
    output, sources, annotations = root / "output", root / "seeds", root / "annotations"
    (output / "extracted").mkdir(parents=True)
    sources.mkdir()
    annotations.mkdir()
    docs = {"ad": (AD, "Miracle shop", "commercial", 0.3), "trial": (TRIAL, "Aspirin trial", "peer_reviewed", 0.9)}
    for doc_id, (text, *_rest) in docs.items():
        (sources / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    to_frame("documents", [
        {"doc_id": d, "source_path": f"{d}.txt", "title": title, "sha256": hashlib.sha256(text.encode()).hexdigest(),
         "n_chars": len(text), "n_words": len(text.split()), "source_kind": kind, "credibility": cred,
         "status": "ok"}
        for d, (text, title, kind, cred) in docs.items()
    ]).to_parquet(output / "extracted" / "documents.parquet")
    dose = "75 mg a day"
    to_frame("flags", [
        {"flag_id": "f_ad", "kind": "dubious", "category": "advertising", "severity": "high",
         "reason": "Sells a cure.", "doc_id": "ad", "start": AD.index(HOSTILE),
         "end": AD.index(HOSTILE) + len(HOSTILE), "text": HOSTILE, "review_status": "pending"},
        {"flag_id": "f_dose", "kind": "dose_unlinked", "category": "dose_link_ambiguous", "severity": "low",
         "reason": "Which drug is this dose for?", "doc_id": "trial", "start": TRIAL.index(dose),
         "end": TRIAL.index(dose) + len(dose), "text": dose, "claim_ids": "d1", "review_status": "pending"},
    ]).to_parquet(output / "extracted" / "flags.parquet")
    to_frame("doses", [
        {"claim_id": "d1", "doc_id": "trial", "amount": 75.0, "unit": "mg", "start": TRIAL.index(dose),
         "end": TRIAL.index(dose) + len(dose), "evidence": dose, "review_status": "pending"},
    ]).to_parquet(output / "extracted" / "doses.parquet")
    return {"output": output, "sources": sources, "annotations": annotations}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run 'make browser' (apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def server(request, tmp_path: Path) -> Iterator[tuple[str, dict[str, Path]]]:
    """The app served by uvicorn on a free port (the socket is bound first: no race for the port).

    Yields the address to open first (with ``?token=`` when parametrized with a token).
    """
    token = getattr(request, "param", None)
    dataset = write_dataset(tmp_path)
    app = create_app(lambda: load_review_state(**dataset), "e2e-reviewer", token)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    yield (f"{base}/?token={token}" if token else f"{base}/"), dataset
    server.should_exit = True
    thread.join(10)
    sock.close()


def decisions(dataset: dict[str, Path]) -> list[dict]:
    path = dataset["annotations"] / "reviews.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


@pytest.mark.parametrize("server", [None, TOKEN], ids=["loopback", "token"], indirect=True)
def test_reject_a_flag_in_the_browser(browser: Browser, server):
    start, dataset = server
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    assert page.goto(start).status == 200
    assert page.locator("tr#row-f_ad").count() == 1
    page.click("tr#row-f_ad a")
    assert "/flag/f_ad" in page.url
    evidence = page.locator(".context mark")
    assert evidence.inner_text() == HOSTILE  # shown as text, not run as markup
    assert page.locator(".context img, .context script").count() == 0

    page.fill("#note", "an advert, not evidence")
    page.click("button[value=reject]")
    page.wait_for_url("**/?done=f_ad")
    assert "Recorded Withhold the claim" in page.locator(".notice").inner_text()
    assert page.locator("tr#row-f_ad").count() == 0
    assert page.locator("tr#row-f_dose").count() == 1

    (line,) = decisions(dataset)
    assert line["flag_id"] == "f_ad" and line["decision"] == "reject" and line["reviewer"] == "e2e-reviewer"
    assert line["note"] == "an advert, not evidence" and line["quote"] == HOSTILE
    assert dialogs == []  # no alert() ran anywhere
    context.close()


def test_correct_a_flag_in_the_browser(browser: Browser, server):
    start, dataset = server
    context = browser.new_context()
    page = context.new_page()
    page.goto(start)
    page.click("tr#row-f_dose a")
    page.click("summary")  # <details> opens the correction fields without any script
    page.fill("input[name=field_1]", "drug")
    page.fill("input[name=value_1]", "aspirin")
    page.fill("input[name=field_2]", "amount")
    page.fill("input[name=value_2]", "75")
    page.click("button[value=correct]")
    page.wait_for_url("**/?done=f_dose")
    assert page.locator("tr#row-f_dose").count() == 0
    (line,) = decisions(dataset)
    assert line["decision"] == "correct" and line["correction"] == {"drug": "aspirin", "amount": 75.0}

    page.goto(start.split("?")[0] + "source/trial?flag=f_dose")
    assert page.locator("mark#evidence").inner_text() == "75 mg a day"
    context.close()
