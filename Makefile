# labkit: the two set-up commands are `make run` and `make test` (see README.md).
# PYTHON is the interpreter the virtual environment is made with: python3 unless you name another
# (e.g. `make test PYTHON=python3.13`). labkit supports Python 3.11, 3.12 and 3.13.
PYTHON ?= python3
SUPPORTED := 3.11, 3.12 or 3.13
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
JOBS ?= 2

.PHONY: install run test lab lint benchmark clean check-python

# Stops with the supported versions (no traceback) when $(PYTHON) is missing or older than 3.11.
check-python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { \
		echo "labkit: $(PYTHON) not found; labkit needs Python $(SUPPORTED). Name one with PYTHON=python3.12." >&2; \
		exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1 || { \
		echo "labkit: $(PYTHON) is $$($(PYTHON) --version 2>&1); labkit needs Python $(SUPPORTED)." \
			"Install one of them and run make again with PYTHON=python3.12 (for example)." >&2; \
		exit 1; }

$(STAMP): pyproject.toml | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/labkit run

# The lint first: a style, format or type error stops the run before the tests.
test: lint
	$(BIN)/python -m pytest -n $(JOBS) --dist loadgroup -q

lab: install
	$(BIN)/labkit lab

# ruff (rules and line length in pyproject.toml), ruff's formatter, and mypy over the paths in [tool.mypy].
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

benchmark: install
	$(BIN)/python benchmarks/batch.py
	$(BIN)/python benchmarks/indices.py

clean:
	rm -rf reports .pytest_cache .ruff_cache .mypy_cache
