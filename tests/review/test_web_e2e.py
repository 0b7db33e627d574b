"""The review app in a real headless Chromium: forms, cookies, CSP and escaping as a browser
sees them; keyboard-first review on a seeds-sized dataset (#16), timed; the same pages with
scripts off. The run writes the README's screenshots to ``docs/images/``.

Needs Debian's ``chromium`` (``make browser`` installs it) and the ``playwright`` package.
"""
from __future__ import annotations

import hashlib
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, sync_playwright

from pipeline.dataset.claims import claim_rows
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
IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"


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


def serve_app(dataset: dict[str, Path], token: str | None = None) -> Iterator[str]:
    """The app on uvicorn on a free port (the socket is bound first: no race for the port);
    yields its address."""
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
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(10)
    sock.close()


@pytest.fixture()
def server(request, tmp_path: Path) -> Iterator[tuple[str, dict[str, Path]]]:
    """The small dataset served; yields the address to open first (with ``?token=`` when
    parametrized with a token)."""
    token = getattr(request, "param", None)
    dataset = write_dataset(tmp_path)
    for base in serve_app(dataset, token):
        yield (f"{base}/?token={token}" if token else f"{base}/"), dataset


@pytest.fixture()
def seeds_server(tmp_path: Path) -> Iterator[tuple[str, dict[str, Path], dict]]:
    """The seeds-sized dataset served as a reviewer serves it — ``pipeline review serve`` in
    its own process (timings are then the app's, not this test process's) — and yields
    (address, folders, what was generated)."""
    dataset, made = write_seeds_sized(tmp_path)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "review", "serve", "--output", str(dataset["output"]),
         "--sources", str(dataset["sources"]), "--annotations", str(dataset["annotations"]),
         "--port", str(port), "--reviewer", "e2e-reviewer"], stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        assert proc.poll() is None, (tmp_path / "serve.log").read_text()
        assert time.monotonic() < deadline, "pipeline review serve did not start"
        try:
            with urllib.request.urlopen(base + "/static/keys.js", timeout=2):
                break
        except OSError:
            time.sleep(0.2)
    yield base, dataset, made
    proc.terminate()
    proc.wait(10)
    log.close()


def decisions(dataset: dict[str, Path]) -> list[dict]:
    path = dataset["annotations"] / "reviews.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []



# --- A seeds-sized dataset: five sources of the seeds' sizes and genres (8,433 words), about
# four flags per 1,000 words as on the seeds, every kind of flag binding its claims, and the
# mentions and claims layer a run publishes around them.
SEED_WORDS = (1766, 382, 2680, 3110, 495)
SEED_DOCS = (  # doc_id, title, source_kind, credibility
    ("s0", "What is osteosclerosis?", "consumer_health", 0.5),
    ("s1", "Osteopetrosis and related osteoclast disorders in adults: a review", "peer_reviewed", 0.9),
    ("s2", "Diffuse osteoporosis: how to identify and what to fight with?", "commercial", 0.3),
    ("s3", "Sclerotic lesions of the spinal endplates <forum digest>", "forum", 0.2),
    ("s4", "What are the different causes of bone calcification?", "consumer_health", 0.5),
)
CONDITIONS = ("osteosclerosis", "osteoporosis", "osteopetrosis", "arthritis", "bone calcification",
              "subchondral sclerosis")
NEUTRAL = (
    "{c} changes the structure of the bone over many years.",
    "Doctors confirm {c} with an X-ray or a bone density scan.",
    "In adults, {c} is often found by chance on an image taken for another reason.",
    "The course of {c} differs from one patient to the next.",
    "Physiotherapy helps many people with {c} to stay mobile and independent.",
    "Calcium and vitamin D are part of most treatment plans for {c}.",
    "Regular check-ups show whether {c} is progressing or stable.",
    "Pain in the lower back can be an early sign of {c}.",
    "A specialist in bone metabolism usually leads the treatment of {c}.",
    "Blood tests rule out other causes of changes like those of {c}.",
    "Weight-bearing exercise strengthens bones affected by {c}.",
    "Fractures are the most feared complication of {c}, especially of the hip.",
)
# (doc, kind, sentence, extra): every sentence is placed in its document and flagged there.
SPECIAL = (
    ("s0", "absolute", "This diet cures osteosclerosis completely and forever.", {}),
    ("s0", "absolute", "Our method is completely safe and has no side effects at all.", {}),
    ("s0", "unknown", "Some clinics now prescribe Ossivextra for the bone pain.", {"drug": "Ossivextra"}),
    ("s0", "unknown", "A newer option is Calcibrin, taken with meals.", {"drug": "Calcibrin"}),
    ("s0", "unlinked", "The usual dose is 70 mg once a week.", {"amount": 70.0, "unit": "mg", "per_day": 1 / 7}),
    ("s0", "remedy", "Take 3 tablespoons of apple cider vinegar twice a day to dissolve the deposits.",
     {"drug": "apple cider vinegar", "amount": 3.0, "unit": "tablespoon", "per_day": 2.0}),
    ("s0", "stmt", "Osteosclerosis can be cured completely with the right diet.", {"id": "c_diet", "pred": "curable", "pol": True}),
    ("s0", "stmt", "Osteoporosis is reversible within a few months.", {"id": "c_rev", "pred": "reversible", "pol": True}),
    ("s1", "stmt", "Osteosclerosis cannot be cured; treatment aims at the complications.", {"id": "c_nocure", "pred": "curable", "pol": False}),
    ("s1", "stmt", "Bone loss in osteoporosis is not reversible.", {"id": "c_norev", "pred": "reversible", "pol": False}),
    ("s1", "high_dose", "Adults were given 4000 mg of ibuprofen three times a day.",
     {"drug": "ibuprofen", "amount": 4000.0, "unit": "mg", "per_day": 3.0}),
    ("s2", "testimonial", "My mother tried these capsules and her back pain vanished in a week.", {}),
    ("s2", "testimonial", "I stopped my tablets and feel twenty years younger.", {}),
    ("s2", "testimonial", "A customer from Leeds swears the powder rebuilt her spine.", {}),
    ("s2", "testimonial", "My doctor was amazed when he saw my new X-ray.", {}),
    ("s2", "testimonial", "It worked for my whole family within days.", {}),
    ("s2", "absolute", "Osteoporosis disappears for good with our programme.", {}),
    ("s2", "absolute", "The capsules are 100% natural and totally harmless.", {}),
    ("s2", "absolute", "Every patient recovers completely, guaranteed.", {}),
    ("s2", "remedy", "Drink 2 cups of horsetail tea three times a day.",
     {"drug": "horsetail tea", "amount": 2.0, "unit": "cup", "per_day": 3.0}),
    ("s2", "remedy", "Rub 10 drops of comfrey oil into the spine every evening.",
     {"drug": "comfrey oil", "amount": 10.0, "unit": "drop", "per_day": 1.0}),
    ("s2", "high_dose", "Take 5000 mg of calcium carbonate four times a day.",
     {"drug": "calcium carbonate", "amount": 5000.0, "unit": "mg", "per_day": 4.0}),
    ("s2", "high_dose", "Use 100 mg of alendronate every day for the first month.",
     {"drug": "alendronate", "amount": 100.0, "unit": "mg", "per_day": 1.0}),
    ("s2", "stmt", "Osteopetrosis is easily curable at home.", {"id": "c_home", "pred": "curable", "pol": True}),
    ("s3", "testimonial", "I had the same lesions and yoga fixed them for me.", {}),
    ("s3", "testimonial", "My sister swears by the magnet bracelet for her spine.", {}),
    ("s3", "testimonial", "After two weeks of the drops my pain was gone.", {}),
    ("s3", "unknown", "Someone on the forum recommended Spondylex gel.", {"drug": "Spondylex"}),
    ("s3", "unknown", "Ask your pharmacist for Vertebrin forte.", {"drug": "Vertebrin"}),
    ("s3", "absolute", "Surgery always fixes endplate sclerosis.", {}),
    ("s3", "absolute", "Nobody needs painkillers once they start the exercises.", {}),
    ("s3", "unlinked", "Two tablets three times a day were enough.", {"amount": 2.0, "unit": "tablet", "per_day": 3.0}),
    ("s3", "stmt", "Osteopetrosis is a lifelong condition with no cure.", {"id": "c_life", "pred": "curable", "pol": False}),
    ("s4", "remedy", "Soak the joint in 500 ml of warm salt water twice a day.",
     {"drug": "salt water", "amount": 500.0, "unit": "ml", "per_day": 2.0}),
    ("s4", "absolute", "Calcium deposits melt away completely with this tea.", {}),
)
CONTRADICTIONS = (("c_diet", "c_nocure"), ("c_rev", "c_norev"), ("c_home", "c_life"))
RULES = {  # kind of special sentence -> flag kind, category, severity, rule, reason
    "absolute": ("dubious", "absolute_language", "medium", "flag.absolute_language",
                 "Promises a complete or permanent cure; check that the source supports it."),
    "testimonial": ("dubious", "testimonial", "low", "flag.testimonial",
                    "A personal testimonial, not evidence of an effect."),
    "unknown": ("unknown_drug", "unknown_drug", "medium", "flag.unknown_drug", "A drug name no vocabulary knows."),
    "unlinked": ("dose_unlinked", "dose_link_none", "medium", "flag.dose_unlinked",
                 "A dose without the drug it is for."),
    "remedy": ("dubious", "folk_remedy", "medium", "flag.remedy_dose", "A folk or home remedy given a dose."),
    "high_dose": ("dose_out_of_range", "dose_out_of_range", "high", "flag.dose_out_of_range",
                  "Above the usual daily maximum for this drug."),
}


def _seed_text(doc_id: str, title: str, words: int, special: list[str], rng: random.Random) -> str:
    """A source of about ``words`` words: paragraphs of plain sentences with ``special`` spread through."""
    sentences: list[str] = []
    n_words = len(title.split()) + sum(len(x.split()) for x in special)
    while n_words < words:
        c = rng.choice(CONDITIONS)
        sentence = rng.choice(NEUTRAL).format(c=c)
        sentence = sentence[0].upper() + sentence[1:]
        sentences.append(sentence)
        n_words += len(sentence.split())
    for k, sentence in enumerate(special):
        sentences.insert(min(len(sentences), (k + 1) * len(sentences) // (len(special) + 1)), sentence)
    paragraphs = [" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5)]
    return title + "\n\n" + "\n\n".join(paragraphs) + "\n"


def write_seeds_sized(root: Path) -> tuple[dict[str, Path], dict]:
    """Write the seeds-sized dataset under ``root``; return its folders and what it holds."""
    output, sources, annotations = root / "output", root / "seeds", root / "annotations"
    (output / "extracted").mkdir(parents=True)
    sources.mkdir()
    annotations.mkdir()
    rng = random.Random(16)
    texts: dict[str, str] = {}
    documents = []
    for (doc_id, title, kind, cred), words in zip(SEED_DOCS, SEED_WORDS):
        text = _seed_text(doc_id, title, words, [s for d, _k, s, _e in SPECIAL if d == doc_id], rng)
        texts[doc_id] = text
        (sources / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        documents.append({"doc_id": doc_id, "source_path": f"{doc_id}.txt", "title": title, "source_kind": kind,
                          "credibility": cred, "status": "ok", "n_chars": len(text), "n_words": len(text.split()),
                          "sha256": hashlib.sha256(text.encode()).hexdigest()})

    def at(doc_id: str, quote: str) -> dict:
        start = texts[doc_id].index(quote)
        return {"doc_id": doc_id, "start": start, "end": start + len(quote)}

    flags, cues, drugs, doses, statements = [], [], [], [], []
    where: dict[str, tuple[str, str]] = {}
    for n, (doc_id, kind, sentence, extra) in enumerate(SPECIAL):
        span = at(doc_id, sentence)
        if kind == "stmt":
            statements.append({"claim_id": extra["id"], "subject": sentence.split()[0].lower(), "predicate": extra["pred"],
                               "polarity": extra["pol"], "hedged": False, "evidence": sentence, "cue": "",
                               "review_status": "pending", **span})
            where[extra["id"]] = (doc_id, sentence)
            continue
        fkind, category, severity, rule, reason = RULES[kind]
        claim_id = f"k{n:03d}"
        if kind in ("absolute", "testimonial"):
            cues.append({"claim_id": claim_id, "rule_id": f"dub.{category}", "category": category, "severity": severity,
                         "reason": reason, "subject": rng.choice(CONDITIONS), "hedged": False, "text": sentence,
                         "review_status": "pending", **span})
        elif kind == "unknown":
            start = texts[doc_id].index(extra["drug"], span["start"])
            drugs.append({"mention_id": claim_id, "doc_id": doc_id, "name": extra["drug"].lower(), "text": extra["drug"],
                          "known": False, "start": start, "end": start + len(extra["drug"]), "sentence": sentence,
                          "review_status": "pending"})
        else:
            doses.append({"claim_id": claim_id, "drug": extra.get("drug", ""), "drug_text": extra.get("drug", ""),
                          "amount": extra["amount"], "unit": extra["unit"], "frequency_per_day": extra["per_day"],
                          "route": "oral" if kind != "remedy" else "", "evidence": sentence,
                          "drug_link": "" if kind == "unlinked" else "sentence", "review_status": "pending", **span})
        flags.append({"flag_id": f"f{n:03d}", "kind": fkind, "category": category, "severity": severity, "reason": reason,
                      "rule_id": rule, **span, "text": sentence, "claim_ids": claim_id, "review_status": "pending"})
    for a, b in CONTRADICTIONS:
        (doc_a, text_a), (doc_b, text_b) = where[a], where[b]
        other = at(doc_b, text_b)
        flags.append({"flag_id": f"fc_{a}", "kind": "contradiction", "category": "contradiction_curable",
                      "severity": "high", "reason": "One source says it can be cured or reversed, the other that it cannot.",
                      "rule_id": "flag.contradiction.curable", **at(doc_a, text_a), "text": text_a,
                      "other_doc_id": doc_b, "other_start": other["start"], "other_end": other["end"],
                      "other_text": text_b, "claim_ids": f"{a};{b}", "review_status": "pending"})
    conditions = [
        {"mention_id": f"m{i:04d}", "doc_id": doc_id, "name": m.group(0).lower(), "text": m.group(0),
         "start": m.start(), "end": m.end(), "sentence": "", "review_status": "clean"}
        for i, (doc_id, m) in enumerate((d, m) for d, t in texts.items()
                                        for m in re.finditer("|".join(CONDITIONS), t, re.I))
    ]
    tables = {"documents": to_frame("documents", documents), "flags": to_frame("flags", flags),
              "cues": to_frame("cues", cues), "drugs": to_frame("drugs", drugs), "doses": to_frame("doses", doses),
              "statements": to_frame("statements", statements), "conditions": to_frame("conditions", conditions),
              "causes": to_frame("causes", []), "treatments": to_frame("treatments", [])}
    tables["claims"] = to_frame("claims", claim_rows(tables))
    for name, frame in tables.items():
        frame.to_parquet(output / "extracted" / f"{name}.parquet")
    made = {"words": sum(len(t.split()) for t in texts.values()), "flags": len(flags),
            "contradictions": len(CONTRADICTIONS), "conditions": len(conditions)}
    return {"output": output, "sources": sources, "annotations": annotations}, made


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
    page.wait_for_url("**/flag/f_dose?done=f_ad")  # the next open flag
    assert "Recorded Withhold the claim" in page.locator(".notice").inner_text()
    page.click("text=queue")
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
    assert page.input_value("input[name=set_amount]") == "75"  # pre-filled with the current value
    page.fill("input[name=set_drug]", "aspirin")
    page.fill("input[name=set_amount]", "80")
    page.click("button[value=correct]")
    page.wait_for_url("**/?done=f_dose")
    assert page.locator("tr#row-f_dose").count() == 0
    (line,) = decisions(dataset)
    assert line["decision"] == "correct" and line["correction"] == {"drug": "aspirin", "amount": 80.0}

    page.goto(start.split("?")[0] + "source/trial?flag=f_dose")
    assert page.locator("mark#evidence").inner_text() == "75 mg a day"
    context.close()


def shown_flag(page) -> str:
    return page.locator("article#flag").get_attribute("data-flag-id")


# Timestamps taken inside the browser, outside the app (its CSP does not apply to them): the
# key press (the keydown event's own time) and the first paint of the page that follows.
TIMING_PROBE = """
document.addEventListener("keydown", e => sessionStorage.setItem("pressed", String(performance.timeOrigin + e.timeStamp)),
                          true);
new PerformanceObserver(list => {
  for (const e of list.getEntries())
    if (e.name === "first-contentful-paint") window.__shown = performance.timeOrigin + e.startTime;
}).observe({type: "paint", buffered: true});
"""


def test_twenty_flags_decided_by_keyboard_alone_one_key_each(browser: Browser, seeds_server):
    """Each decision is one key press; the next flag shows at once (median time reported)."""
    base, dataset, made = seeds_server
    assert 8000 < made["words"] < 9000 and made["flags"] >= 30  # the seeds' size: ~4 flags per 1,000 words
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(TIMING_PROBE)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base + "/")
    page.keyboard.press("j")  # the first flag of the queue
    page.wait_for_selector("article#flag")
    cycle = {"claim": ["p", "w"], "sides": ["t", "o", "b", "x"]}
    expected = {"p": ("accept", None), "w": ("reject", None), "t": ("accept", "this"), "o": ("accept", "other"),
                "b": ("accept", "both"), "x": ("reject", None)}
    in_browser, server, wall, seen = [], [], [], []
    for n in range(20):
        flag_id = shown_flag(page)
        sided = page.locator("button[value=this]").count() == 1
        key = cycle["sides" if sided else "claim"][n % (4 if sided else 2)]
        assert page.locator(f'button[aria-keyshortcuts="{key}"]').count() == 1  # the key is on its button
        before = len(decisions(dataset))
        t0 = time.perf_counter()
        page.keyboard.press(key)  # the one key press of this decision
        page.wait_for_function("id => { const a = document.querySelector('article#flag');"
                               " return a && a.dataset.flagId !== id && window.__shown; }", arg=flag_id)
        wall.append((time.perf_counter() - t0) * 1000)
        in_browser.append(page.evaluate("window.__shown - Number(sessionStorage.getItem('pressed'))"))
        server.append(page.evaluate("(n => n.responseEnd - n.redirectStart)(performance.getEntriesByType('navigation')[0])"))
        lines = decisions(dataset)
        assert len(lines) == before + 1, f"decision {n + 1}: one key press, one line"
        assert lines[-1]["flag_id"] == flag_id and (lines[-1]["decision"], lines[-1].get("side")) == expected[key]
        assert lines[-1]["reviewer"] == "e2e-reviewer" and lines[-1]["quote"]
        seen.append(flag_id)
    assert len(set(seen)) == 20 and errors == []
    assert any(s.startswith("fc_") for s in seen)  # contradictions were among them, settled by side
    state = load_review_state(**dataset)
    assert sum(state.flags["review_status"] != "pending") == 20
    report = {"median_ms": round(statistics.median(in_browser), 1), "max_ms": round(max(in_browser), 1),
              "min_ms": round(min(in_browser), 1), "median_wall_ms_with_test_harness": round(statistics.median(wall), 1),
              "median_post_redirect_get_ms": round(statistics.median(server), 1),
              "measured": "keydown event -> first contentful paint of the next flag's page, in Chromium; "
                          "post_redirect_get: the decision's POST, its redirect and the next page's GET",
              "flags": made["flags"], "words": made["words"], "load_average": os.getloadavg()[0], "cpus": os.cpu_count()}
    print(f"\nkey press -> next flag shown, 20 decisions on a seeds-sized dataset: {report}")
    # The number is a measurement, not a test: it is written beside the screenshots only
    # when asked (REVIEW_LATENCY_OUT=docs/images/review-latency.json), never asserted, and a
    # test run leaves the repository as it was.
    if os.environ.get("REVIEW_LATENCY_OUT"):
        Path(os.environ["REVIEW_LATENCY_OUT"]).write_text(json.dumps(report, indent=1) + "\n")
    # u undoes the last decision: a new line supersedes it, and its flag shows again
    last = seen[-1]
    page.keyboard.press("u")
    page.wait_for_url(f"**/flag/{last}?undone={last}")
    lines = decisions(dataset)
    assert len(lines) == 21 and lines[-1]["undo"] is True and lines[-1]["flag_id"] == last
    assert load_review_state(**dataset).flag(last)["review_status"] == "pending"
    context.close()


def test_screenshots_of_the_queue_and_of_a_contradiction(browser: Browser, seeds_server):
    base, dataset, _made = seeds_server
    IMAGES.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base + "/")
    assert page.locator("tr[id^=row-]").count() >= 30
    page.screenshot(path=str(IMAGES / "review-queue.png"))
    page.goto(base + "/flag/fc_c_diet")
    assert page.locator("section.side").count() == 2 and page.locator("button[aria-keyshortcuts=t]").count() == 1
    page.screenshot(path=str(IMAGES / "review-contradiction.png"), full_page=True)
    for name in ("review-queue.png", "review-contradiction.png"):
        assert (IMAGES / name).stat().st_size > 10_000
    context.close()


def test_every_page_works_with_scripts_off(browser: Browser, seeds_server):
    base, dataset, _made = seeds_server
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "/")
    page.keyboard.press("j")  # no script: a key does nothing
    assert "/flag/" not in page.url
    page.click("text=Review the first flag")
    first = shown_flag(page)
    page.click("button[value=this]" if first.startswith("fc_") else "button[value=reject]")
    page.wait_for_function("true")
    second = shown_flag(page)
    assert second != first and decisions(dataset)[-1]["flag_id"] == first
    page.click("text=Next flag")
    assert shown_flag(page) not in (first, second)
    page.click("header .undo button")  # undo is a plain form too
    assert shown_flag(page) == first and "undone=" in page.url
    assert decisions(dataset)[-1]["undo"] is True
    # a correction through <details> and a plain form
    page.goto(base + "/flag/f010")
    page.click("summary")
    page.fill("input[name=set_amount]", "400")
    page.click("button[value=correct]")
    assert decisions(dataset)[-1]["correction"] == {"amount": 400.0}
    # bulk: filter by a rule and a source, tick, decide
    page.goto(base + "/?rule=flag.testimonial&doc=s2")
    boxes = page.locator("input[name=flag]")
    assert boxes.count() == 5
    boxes.nth(0).check()
    boxes.nth(2).check()
    page.click("form.bulk button[value=reject]")
    assert "on 2 flags, one line each" in page.locator(".notice").inner_text()
    assert [x["decision"] for x in decisions(dataset)[-2:]] == ["reject", "reject"]
    page.goto(base + "/decided?who=all&decision=reject")
    assert page.locator("tr[id^=decided-]").count() == 2  # the first rejected flag was undone
    page.click("tr[id^=decided-] a >> nth=0")
    assert page.locator("article#flag").count() == 1
    context.close()
