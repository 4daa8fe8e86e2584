# Entry points of the package. Everything runs in .venv, built from the pinned lock file.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FUZZ_RUNS ?= 500
FUZZ_SEED ?= 1

.PHONY: help validate metadata metadata-check test lint format format-code release serve site bench fuzz clean

## help: list these targets (the default)
help:
	@sed -n 's/^## //p' $(firstword $(MAKEFILE_LIST))

# requirements-nodeps.lock holds packages used only for a file they ship (see its header).
$(VENV)/.installed: requirements.lock requirements-nodeps.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -r requirements-nodeps.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

## validate: canonical form of the data files, then every rule (both always run)
validate: $(VENV)/.installed
	$(BIN)/python scripts/format.py --check; status=$$?; \
	$(BIN)/python scripts/validate.py && exit $$status

## metadata: rewrite derived files (row schemas, enums, bytes/hash, sources, README sections)
metadata: $(VENV)/.installed
	$(BIN)/python scripts/build_metadata.py

## metadata-check: report stale derived files and stamps only
metadata-check: $(VENV)/.installed
	$(BIN)/python scripts/build_metadata.py --check

## test: lint, then the test suite (on every core: pytest-xdist)
test: lint
	$(BIN)/python -m pytest -n auto

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## format: rewrite the data files in canonical form
format: $(VENV)/.installed
	$(BIN)/python scripts/format.py

## format-code: fix lint and format the Python code
format-code: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## bench: benchmark the validator against frictionless on synthetic packages (takes minutes)
bench: $(VENV)/.installed
	$(BIN)/python scripts/benchmark.py

## fuzz: one random corruption per run must never crash the validator (FUZZ_RUNS=500, FUZZ_SEED=1)
fuzz: $(VENV)/.installed
	$(BIN)/python scripts/fuzz.py --runs $(FUZZ_RUNS) --seed $(FUZZ_SEED)

## release: build dist/ (zip, SQLite, Parquet, Datasette metadata, SHA256SUMS), then verify it;
##          refused while CHANGELOG.md lists [Unreleased] changes
release: $(VENV)/.installed
	$(BIN)/python scripts/release.py --dist dist
	cd dist && sha256sum -c --quiet SHA256SUMS

## serve: browse the SQLite export with Datasette on http://127.0.0.1:8001
serve: release
	$(BIN)/datasette serve dist/*.sqlite --metadata dist/datasette-metadata.json --host 127.0.0.1 --port 8001

## site: build the static evidence browser into site/ (open site/index.html)
site: $(VENV)/.installed
	$(BIN)/python scripts/build_site.py --out site

clean:
	rm -rf dist site $(VENV) .pytest_cache .ruff_cache build src/*.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
