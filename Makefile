# Two commands for a new user (see README): `make brief` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

.PHONY: brief test lint format lab clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(DEVSTAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP) $@

brief: $(STAMP)
	$(VENV)/bin/kepatuhan score --region "Kabupaten Bekasi" --year 2022 --out reports/2022/kabupaten-bekasi-graded.csv

test: $(DEVSTAMP)
	$(VENV)/bin/ruff check toolkit tests benchmarks data
	$(VENV)/bin/ruff format --check toolkit tests benchmarks data
	$(PY) -m pytest -n 2

lint: $(DEVSTAMP)
	$(VENV)/bin/ruff check toolkit tests benchmarks data

format: $(DEVSTAMP)
	$(VENV)/bin/ruff format toolkit tests benchmarks
	$(VENV)/bin/ruff check --fix toolkit tests benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
