# The two commands of the README: `make demo` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint setup clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	# Bytecode ahead of time: where PYTHONDONTWRITEBYTECODE is set, every command would
	# otherwise compile the package again at start.
	$(BIN)/python -m compileall -q tracker
	touch $(STAMP)

setup: $(STAMP)

# The demo uses the default history store, as every command after it does.
demo: $(STAMP)
	$(BIN)/tracker check
	$(BIN)/tracker sync
	$(BIN)/tracker overdue
	$(BIN)/tracker dashboard

lint: $(STAMP)
	$(BIN)/ruff check tracker tests benchmarks
	$(BIN)/ruff format --check tracker tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	$(BIN)/pytest

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
