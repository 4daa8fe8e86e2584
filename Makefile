# Entry points of the package. Everything runs in .venv, built from the pinned lock file.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: validate metadata metadata-check test lint format clean

$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

## validate: check the whole package (including staleness of derived files)
validate: $(VENV)/.installed
	$(BIN)/python scripts/validate.py

## metadata: rewrite derived files (row schemas, enums, bytes/hash, sources, README sections)
metadata: $(VENV)/.installed
	$(BIN)/python scripts/build_metadata.py

## metadata-check: report stale derived files and stamps only
metadata-check: $(VENV)/.installed
	$(BIN)/python scripts/build_metadata.py --check

## test: lint, then the test suite
test: lint
	$(BIN)/python -m pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build src/*.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
