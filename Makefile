# One entry point for people and CI. `make example` and `make test` set everything up first.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup example test lint gate clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,warc,parquet,spark]'
	touch $(STAMP)

setup: $(STAMP)

example: setup
	$(BIN)/saidwhat extract examples/harbour-strike.txt

test: setup
	bash scripts/system-deps.sh
	$(BIN)/python -m pytest -q -rs

gate: setup
	$(BIN)/python -m pytest -q -rs tests/test_gate.py

lint: setup
	$(BIN)/ruff check src tests

clean:
	rm -rf $(VENV) build *.egg-info
