# The README names these targets; .ci/run calls `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint format typecheck bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

## Set up, build the demo workspace and run the main job on it.
demo: $(VENV)/.installed
	$(BIN)/lifebuoy demo
	$(BIN)/lifebuoy at-risk "all accounts" --format markdown > /dev/null
	$(BIN)/lifebuoy plan "Critical and High from last at-risk list"

## Lint, type-check and run the whole test suite.
test: $(VENV)/.installed-dev lint typecheck
	$(BIN)/pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy src/lifebuoy

## Benchmarks print figures; they are not part of the tests.
bench: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/signals.py

clean:
	rm -rf $(VENV) .lifebuoy .mypy_cache .ruff_cache .pytest_cache
