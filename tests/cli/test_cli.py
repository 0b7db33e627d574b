from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app, exit_code

runner = CliRunner()


def test_help_explains_every_command_and_option():
    top = runner.invoke(app, ["--help"])
    assert top.exit_code == 0
    for command in ("run", "status", "vocab", "evaluate", "train-ner"):
        assert command in top.output
    run_help = runner.invoke(app, ["run", "--help"])
    for option in ("--sources", "--output", "--annotations", "--full", "--strict", "--max-bytes", "--ner-model"):
        assert option in run_help.output


def test_missing_source_folder_is_a_clear_usage_error(tmp_path: Path):
    result = runner.invoke(app, ["run", "--sources", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "source folder not found" in result.output


def test_evaluate_gold_scores_every_table(tmp_path: Path, project_root: Path):
    out = tmp_path / "scores.json"
    result = runner.invoke(app, [
        "evaluate", "gold", "--sources", str(project_root / "seeds"),
        "--gold", str(project_root / "annotations" / "gold"), "--ner-model", "none", "--json", str(out),
    ])
    assert result.exit_code == 0, result.output
    scores = json.loads(out.read_text())
    for measure in ("conditions (overlap)", "drugs (overlap)", "causes", "doses", "flags"):
        assert measure in result.output and scores[measure]["n_gold"] > 0
    assert scores["conditions (overlap)"]["precision"] > 0.5  # vocabularies alone still find conditions


def test_evaluate_gold_missing_folder_is_a_usage_error(tmp_path: Path):
    result = runner.invoke(app, ["evaluate", "gold", "--sources", str(tmp_path / "nope")])
    assert result.exit_code == 2 and "folder not found" in result.output


@pytest.mark.parametrize("n, errors, strict, code", [
    (3, 0, False, 0), (3, 1, False, 0), (3, 1, True, 1), (3, 3, False, 1), (0, 0, False, 0),
])
def test_exit_code_rule(n, errors, strict, code):
    assert exit_code(n, errors, strict) == code


@pytest.mark.flow
def test_run_and_status_from_the_command_line(tmp_path: Path):
    """The installed command, as a user runs it: a bad source fails only under --strict."""
    sources = tmp_path / "src"
    sources.mkdir()
    (sources / "bad.txt").write_bytes(b"")
    (sources / "good.txt").write_text("Gout\n\nGout is a painful form of arthritis.\n", encoding="utf-8")
    exe = str(Path(sys.executable).with_name("pipeline"))
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect")}
    common = ["--sources", str(sources), "--output", str(tmp_path / "out"), "--annotations",
              str(tmp_path / "ann"), "--cache-dir", str(tmp_path / "cache"), "--ner-model", "none"]
    done = subprocess.run([exe, "run", "--strict", *common], capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "bad: the file is empty" in done.stderr
    assert "Dataset published to" in done.stdout
    assert (tmp_path / "out" / "curated" / "conditions.parquet").exists()

    status = runner.invoke(app, ["status", "--sources", str(sources), "--output", str(tmp_path / "out")])
    assert status.exit_code == 0
    assert "nothing changed since the last run" in status.output
    (sources / "new.txt").write_text("Rickets\n\nRickets softens bones.\n", encoding="utf-8")
    status = runner.invoke(app, ["status", "--sources", str(sources), "--output", str(tmp_path / "out")])
    assert "new" in status.output
    assert "re-extract 1 sources" in status.output


def test_a_running_prefect_server_is_used_and_a_missing_one_is_not(monkeypatch):
    """`pipeline run` talks to a long-running server when one answers, else starts its own."""
    import http.server
    import threading

    from pipeline import cli

    class Health(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            self.send_response(200 if self.path == "/api/health" else 404)
            self.end_headers()
            self.wfile.write(b"true")

        def log_message(self, *args):
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Health)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_port}"
    try:
        monkeypatch.delenv("PREFECT_API_URL", raising=False)
        monkeypatch.setattr(cli, "DEFAULT_SERVER", url)
        cli._prefect_env()
        assert os.environ["PREFECT_API_URL"] == f"{url}/api"
    finally:
        httpd.shutdown()
        httpd.server_close()
    monkeypatch.delenv("PREFECT_API_URL")
    cli._prefect_env()  # nothing answers any more
    assert "PREFECT_API_URL" not in os.environ


def test_a_run_that_fails_before_its_flow_starts_stops_the_server_it_launched(tmp_path: Path, monkeypatch):
    """The temporary server is launched before the flow's imports: an error there (not a
    signal) still stops it instead of leaving it running after the run."""
    import pipeline.flows.warmup as warmup
    from pipeline import runtime

    events: list[str] = []

    class FakeServer:
        external = False
        stopped_leftovers: list[int] = []
        url, pid = "http://127.0.0.1:1/api", 1

        def launch(self):
            events.append("launch")
            return self

        def stop(self):
            events.append("stop")

    class NoWarmup:
        def __init__(self, settings):
            pass

        def start(self):
            pass

    monkeypatch.setattr(runtime, "PrefectServer", FakeServer)
    monkeypatch.setattr(warmup, "Warmup", NoWarmup)
    monkeypatch.setitem(sys.modules, "pipeline.flows.curate", None)  # its import fails
    (tmp_path / "src").mkdir()
    result = runner.invoke(app, ["run", "--sources", str(tmp_path / "src"), "--output", str(tmp_path / "out"),
                                 "--cache-dir", str(tmp_path / "cache"), "--annotations", str(tmp_path / "ann")])
    assert isinstance(result.exception, ImportError)
    assert events == ["launch", "stop"]
