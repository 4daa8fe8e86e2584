# Entry points of the package. Everything runs in .venv, built from the pinned lock file.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FUZZ_RUNS ?= 500
FUZZ_SEED ?= 1

.PHONY: help validate metadata metadata-check test lint format format-code release serve site bench fuzz mutate clean

## help: list these targets (the default)
help:
	@sed -n 's/^## //p' $(firstword $(MAKEFILE_LIST))

# A virtual environment in $(1), with the pins of requirements.lock and of the files in $(2).
# requirements-nodeps.lock holds packages used only for a file they ship (see its header).
define make_venv
	$(PYTHON) -m venv $(1)
	$(1)/bin/python -m pip install --quiet -r requirements.lock $(foreach lock,$(2),-r $(lock))
	$(1)/bin/python -m pip install --quiet --no-deps -r requirements-nodeps.lock
	$(1)/bin/python -m pip install --quiet --no-deps -e .
	touch $(1)/.installed
endef

$(VENV)/.installed: requirements.lock requirements-nodeps.lock pyproject.toml
	$(call make_venv,$(VENV))

# Mutation testing only: its tools stay out of the environment that the other targets use.
MUTATE_VENV := .venv-mutate
$(MUTATE_VENV)/.installed: requirements.lock requirements-nodeps.lock requirements-mutate.lock pyproject.toml
	$(call make_venv,$(MUTATE_VENV),requirements-mutate.lock)

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

## lint: ruff (lint and format) and mypy (types) over the code, the scripts and the tests
lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

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

## mutate: mutmut on checks/, evidence/, formatter.py and the loader (hours; MUTANTS='glob'),
##         then list in mutants/survivors.txt the mutants that no test killed; not in make test
MUTANTS ?=
mutate: $(MUTATE_VENV)/.installed
	rm -rf mutants
	$(MUTATE_VENV)/bin/mutmut run $(MUTANTS); status=$$?; \
	$(MUTATE_VENV)/bin/mutmut results | grep -v ': not checked$$' > mutants/survivors.txt; \
	cat mutants/survivors.txt; exit $$status

clean:
	rm -rf dist site $(VENV) $(MUTATE_VENV) mutants .pytest_cache .ruff_cache build src/*.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
