"""Shared fixtures: project paths, one Prefect test harness, the loaded NLP pipeline."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
os.environ.setdefault("DO_NOT_TRACK", "1")
if os.environ.get("PREFECT_HOME"):
    Path(os.environ["PREFECT_HOME"]).mkdir(parents=True, exist_ok=True)


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return ROOT / "seeds"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the project")
    return SHARED


@pytest.fixture(scope="session")
def prefect_harness():
    """One local Prefect server for every flow test (it takes ~10-30 s to start)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture(scope="session")
def nlp_cache_dir(tmp_path_factory) -> Path:
    """The cache folder the session's NLP pipeline was loaded with (its vocabulary snapshots)."""
    return tmp_path_factory.mktemp("nlp-cache")


@pytest.fixture(scope="session")
def nlp(nlp_cache_dir):
    """The full configured NLP pipeline, loaded once per test session."""
    from pipeline.nlp.loader import load_nlp

    return load_nlp(None, None, nlp_cache_dir)
