"""Smoke test of the benchmark's helpers on a five-answer corpus, without Prefect.

The corpus is synthetic but in MedQuAD's ``answers.jsonl`` format, so the test does not
need ``../shared``. Speed is never asserted: only what the benchmark records and writes.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner


def _load_bench():
    """bench/run_bench.py is a repository tool, not part of the installed package."""
    import importlib.util
    import sys

    path = Path(__file__).resolve().parents[2] / "bench" / "run_bench.py"
    spec = importlib.util.spec_from_file_location("run_bench", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["run_bench"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


bench = _load_bench()

ANSWERS = [
    ("1_CancerGov_QA/0000001_1/0000001_1-1", "Leukemia is a cancer of the blood. Chemotherapy may cause nausea."),
    ("2_GARD_QA/0000002/0000002-1", "Marfan syndrome is caused by mutations in the FBN1 gene."),
    ("2_GARD_QA/0000002/0000002-1", "The same id again: MedQuAD repeats a few ids."),
    ("3_GHR_QA/0000003/0000003-2", "What are the symptoms?\nFever, fatigue and easy bruising.\n"),
    ("5_NIDDK_QA/0000004/0000004-1", "Take metformin 500 mg twice daily with meals for type 2 diabetes."),
    ("9_CDC_QA/0000005/0000005-1", "   "),  # blank: never becomes a source
]


@pytest.fixture
def answers_jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "answers.jsonl"
    lines = [json.dumps({"id": i, "folder": i.split("/")[0], "url": "", "focus": "", "qtype": "information",
                         "question": "?", "answer": text}) for i, text in ANSWERS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def corpus(answers_jsonl: Path, tmp_path: Path) -> bench.CorpusInfo:
    return bench.write_corpus("tiny", bench.sample_answers(answers_jsonl, 5), tmp_path / "corpus")


def test_sampling_skips_blank_answers_and_smaller_corpora_are_prefixes(answers_jsonl: Path):
    five = bench.sample_answers(answers_jsonl, 5, seed=0)
    assert len(five) == 5 and all(a.text.strip() for a in five)
    assert bench.sample_answers(answers_jsonl, 3, seed=0) == five[:3]
    with pytest.raises(ValueError, match="only 5"):
        bench.sample_answers(answers_jsonl, 6)


def test_written_corpus_has_one_safe_uniquely_named_file_per_answer(corpus: bench.CorpusInfo):
    files = sorted(corpus.folder.glob("*.txt"))
    assert corpus.docs == len(files) == 5
    assert all(re.fullmatch(r"[A-Za-z0-9._-]+\.txt", f.name) for f in files)
    assert {"2_GARD_QA__0000002__0000002-1.txt", "2_GARD_QA__0000002__0000002-1-2.txt"} <= {f.name for f in files}
    texts = bench.read_texts(corpus.folder)
    assert corpus.words == bench.count_words(texts) == sum(len(re.findall(r"\w+", t)) for t in texts)
    assert corpus.bytes == sum(f.stat().st_size for f in files)


def test_throughput_and_stage_figures_have_every_key(corpus: bench.CorpusInfo, tmp_path: Path):
    texts = bench.read_texts(corpus.folder)
    keys = {"docs", "words", "tokens", "batch_size", "seconds", "cpu_seconds", "cores_used",
            "words_per_s", "words_per_cpu_s", "docs_per_s"}
    blank = bench.blank_tokenisation(texts)
    assert keys <= set(blank)
    assert (blank["docs"], blank["words"], blank["batch_size"]) == (5, corpus.words, bench.BLANK_BATCH_SIZE)

    stack = bench.nlp_stack(texts, tmp_path / "nlp-cache")
    assert keys | {"load_seconds", "warmup_seconds", "pipe_names"} <= set(stack)
    assert (stack["docs"], stack["words"]) == (5, corpus.words)
    assert "ner_mentions" in stack["pipe_names"]

    nlp, _ = bench.load_stack(tmp_path / "nlp-cache")
    stages = bench.stage_seconds(nlp, corpus.folder)
    assert (stages["docs"], stages["words"]) == (5, corpus.words)
    assert list(stages["seconds"]) == ["ingest", "tokenizer", *nlp.pipe_names, "extractors"]
    assert stages["rows"] > 5  # at least a documents row and blocks per source


def _child(extracted: int, seconds: float) -> dict:
    """A child report as ``child_one_run`` writes it (figures made up)."""
    return {"flow_seconds": seconds - 4, "cpu_seconds": seconds - 5, "import_seconds": 3.0,
            "rss_before_flow_mb": 500.0, "peak_rss_mb": 600.0 + extracted, "server_peak_rss_mb": 190.0,
            "sources": 5, "extracted": extracted, "from_cache": 5 - extracted, "errors": 0,
            "row_counts": {"documents": 5}, "process_seconds": seconds}


def test_results_render_to_json_and_markdown(corpus: bench.CorpusInfo, tmp_path: Path):
    texts = bench.read_texts(corpus.folder)
    small = bench.corpus_entry(corpus, _child(5, 30.0), _child(0, 20.0))
    big_info = bench.CorpusInfo("medquad-50", corpus.folder, 50, corpus.words * 10, 0, 0)
    big = bench.corpus_entry(big_info, _child(50, 100.0), _child(1, 25.0))
    small["name"] = "medquad-5"
    assert small["first_run"]["all_extracted"] and small["noop_rerun"]["nothing_extracted"]
    assert small["first_run"]["docs_per_s"] == round(5 / 30.0, 1)
    assert not big["noop_rerun"]["nothing_extracted"]

    empty = bench.empty_flow_summary([{"process_seconds": s, "flow_seconds": s - 5} for s in (18.0, 20.0, 19.0)])
    assert (empty["process_seconds"], empty["flow_seconds"]) == (19.0, 14.0)
    stages = {"docs": 5, "words": corpus.words, "rows": 10, "seconds": {"ingest": 0.1, "extractors": 0.2}}
    stack = {**bench.pipe_throughput(_Blank(), texts),
             "load_seconds": 1.0, "warmup_seconds": 0.5, "pipe_names": ["ner"]}
    baselines = {"blank_tokenisation": bench.blank_tokenisation(texts), "nlp_stack": stack,
                 "stages": stages, "empty_flow": empty}
    ratios = bench.compute_ratios([small, big], baselines)
    assert set(ratios["noop_over_empty_flow"]) == {"medquad-5", "medquad-50"}
    assert ratios["noop_over_empty_flow"]["medquad-5"]["process"] == round(20.0 / 19.0, 2)
    scaling = ratios["scaling"]
    assert (scaling["small"], scaling["big"], scaling["docs_ratio"]) == ("medquad-5", "medquad-50", 10.0)
    assert scaling["peak_rss_ratio"] == round(650 / 605, 2) and scaling["peak_rss_meets_1_3"]

    results = {"schema_version": bench.SCHEMA_VERSION, "timestamp": "2026-01-01T00:00:00+00:00",
               "duration_seconds": 60.0, "note": "a note", "code": bench.code_version(),
               "machine": bench.machine_info(), "settings": {}, "baselines": baselines,
               "corpora": [small, big], "ratios": ratios}
    bench.write_results(results, tmp_path / "out")
    assert json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8")) == results
    readme = (tmp_path / "out" / "README.md").read_text(encoding="utf-8")
    table = bench.render_markdown(results)
    assert table in readme and "a note" in table
    rows = [line for line in table.splitlines() if line.startswith("| medquad-") and "| temporary |" not in line]
    assert len(rows) == 2 and "re-extracted" in rows[1]
    assert "≤ 1.3 ✔" in table and "≥ 10,000" in table


def test_reruns_in_both_modes_are_reported_against_their_own_empty_flow(corpus: bench.CorpusInfo):
    entry = {**bench.corpus_entry(corpus, _child(5, 30.0), _child(0, 12.0), _child(1, 16.0)), "mode": "temporary"}
    server = bench.corpus_entry(corpus, _child(5, 20.0), _child(0, 3.0), _child(2, 9.0))
    entry["server"] = {k: server[k] for k in ("noop_rerun", "edit_rerun")}  # no first run of its own
    assert entry["edit_rerun"]["one_extracted"] and not entry["server"]["edit_rerun"]["one_extracted"]
    empty = lambda s: bench.empty_flow_summary([{"process_seconds": s, "flow_seconds": s - 1}])  # noqa: E731
    baselines = {"empty_flow": empty(10.0), "empty_flow_server": empty(2.5)}
    ratios = bench.compute_ratios([entry], baselines)
    assert ratios["over_empty_flow"]["tiny"] == {
        "temporary": {"first_run": 3.0, "noop_rerun": 1.2, "edit_rerun": 1.6},
        "server": {"noop_rerun": 1.2, "edit_rerun": 3.6},
    }
    results = {"timestamp": "2026-01-01T00:00:00+00:00", "duration_seconds": 60.0, "code": {},
               "machine": bench.machine_info(), "baselines": baselines, "corpora": [entry], "ratios": ratios}
    table = bench.render_markdown(results)
    assert "| tiny | temporary | 10.0 | 30.0 (3.00) | 12.0 (1.20 ✔) | 16.0 (1.60 ✘) |" in table
    assert "| tiny | running | 2.5 | – | 3.0 (1.20 ✔) | 9.0 (3.60 ✘) ⚠ 2 extracted |" in table


def test_one_edit_appends_to_the_same_middle_source(corpus: bench.CorpusInfo):
    before = {p.name: p.read_text(encoding="utf-8") for p in corpus.folder.glob("*.txt")}
    name = bench.edit_one_source(corpus.folder, 1)
    assert bench.edit_one_source(corpus.folder, 2) == name
    after = {p.name: p.read_text(encoding="utf-8") for p in corpus.folder.glob("*.txt")}
    assert [n for n in after if after[n] != before[n]] == [name]
    assert after[name].startswith(before[name]) and "(edit 2)" in after[name]


def test_repeated_reruns_report_the_median_run_with_every_repeat():
    runs = [{"process_seconds": s, "extracted": 0, "tag": t} for s, t in ((14.0, "a"), (11.0, "b"), (12.5, "c"))]
    chosen = bench.median_run(runs)
    assert chosen["tag"] == "c" and chosen["repeat_seconds"] == [14.0, 11.0, 12.5]
    assert "repeat_seconds" not in bench.median_run(runs[:1])
    assert bench.median_run(runs[:2])["tag"] == "a"  # upper median: never flatters an even count


def test_a_repeat_that_re_extracted_marks_the_rerun_even_when_it_is_not_the_median(corpus: bench.CorpusInfo):
    quick = {"process_seconds": 1.0, "flow_seconds": 0.5, "extracted": 0, "errors": 0, "peak_rss_mb": 1.0}
    noop = bench.median_run([quick, {**quick, "process_seconds": 9.0, "extracted": 7}, quick])
    edit = bench.median_run([{**quick, "extracted": 1}] * 3)
    entry = bench.corpus_entry(corpus, {**quick, "extracted": corpus.docs}, noop, edit)
    assert noop["extracted"] == 0 and not entry["noop_rerun"]["nothing_extracted"]
    assert entry["edit_rerun"]["one_extracted"]


class _Blank:
    """A stand-in pipeline: ``pipe`` yields one 'token' per character."""

    batch_size = 8

    def pipe(self, texts, batch_size=None):
        yield from texts


def test_sizes_and_help():
    assert bench.parse_sizes("10000, 1000,1_000") == [1000, 10000]
    result = CliRunner().invoke(bench.app, ["--help"])
    assert result.exit_code == 0
    for option in ("--sizes", "--quick", "--medquad", "--out", "--keep", "--modes", "--first-run-modes",
                   "--no-baselines", "--rerun-repeats"):
        assert option in result.output
    assert "--one-run" not in result.output  # the child entry point is internal
