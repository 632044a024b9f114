# labkit: the two set-up commands are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
JOBS ?= 2

.PHONY: install run test lab data-check notebooks-clean lint benchmark clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "labkit needs Python 3.11, found " + sys.version' 
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/labkit run

test: install
	$(BIN)/python -m pytest -n $(JOBS) --dist loadgroup -q

lab: install
	$(BIN)/labkit lab

lint: install
	$(BIN)/ruff check labkit tests benchmarks

benchmark: install
	$(BIN)/python benchmarks/batch.py
	$(BIN)/python benchmarks/indices.py

clean:
	rm -rf reports .pytest_cache
