# Two commands for a new user (see README): `make brief` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
KERNEL := $(VENV)/share/jupyter/kernels/kepatuhan/kernel.json

.PHONY: brief test test-fast test-slow test-all lint format lab clean

# Installs with uv (from PyPI, into the venv) when it can be had: the same packages in seconds
# instead of minutes; pip otherwise. Nothing is reinstalled unless pyproject.toml changed.
# --compile-bytecode: the installed packages get their .pyc once, at install. Without it, where
# PYTHONDONTWRITEBYTECODE=1 is set (CI, many containers), every process and every notebook kernel
# compiles pandas, statsmodels, matplotlib ... again (benchmarks/brief_speed.py measures both).
INSTALL = $(VENV)/bin/uv pip install --quiet --system-certs --compile-bytecode --python $(PY)

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet uv || $(PY) -m pip install --quiet --upgrade pip

# The toolkit is installed editable, so no installer compiles it: compileall writes its .pyc once
# (Python checks each against its source, so an edited module is compiled again, never run stale).
$(STAMP): pyproject.toml | $(PY)
	$(INSTALL) -e . || $(PY) -m pip install --quiet -e .
	$(PY) -m compileall -q toolkit
	touch $@

$(DEVSTAMP): pyproject.toml | $(PY)
	$(INSTALL) -e ".[dev]" || $(PY) -m pip install --quiet -e ".[dev]"
	$(PY) -m compileall -q toolkit
	touch $(STAMP) $@

# The notebooks name this kernel; papermill runs and JupyterLab use it.
$(KERNEL): | $(STAMP)
	$(PY) -m ipykernel install --sys-prefix --name kepatuhan --display-name "Python (kepatuhan)"

brief: $(STAMP) $(KERNEL)
	$(VENV)/bin/kepatuhan brief --region "Kabupaten Bekasi" --year 2022

# `make test`: lint and the fast suite (about 4 minutes on 2 cores, by machine; README). `make test-slow`: the long
# seeded coverage simulations, briefs for every bundled region, the wheel in a fresh venv, killed
# and concurrent batches, kernel reuse and crash isolation, JupyterLab in Chromium (7-13
# minutes). CI (.ci/run) runs both; `make test-all` does the same here.
test: test-fast

test-all: test-fast test-slow

test-fast: $(DEVSTAMP) $(KERNEL)
	$(VENV)/bin/ruff check toolkit tests benchmarks data
	$(VENV)/bin/ruff format --check toolkit tests benchmarks data
	$(PY) -m pytest -n 2 -m "not slow" --durations=15

test-slow: $(DEVSTAMP) $(KERNEL)
	$(PY) -m pytest -n 2 -m slow --durations=15

# JupyterLab on this machine only (127.0.0.1), no browser opened, works as root (containers);
# the URL with its token is printed. Another port: make lab PORT=8899
PORT ?= 8888
lab: $(STAMP) $(KERNEL)
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks --ip=127.0.0.1 --port=$(PORT) --no-browser --allow-root

lint: $(DEVSTAMP)
	$(VENV)/bin/ruff check toolkit tests benchmarks data

format: $(DEVSTAMP)
	$(VENV)/bin/ruff format toolkit tests benchmarks
	$(VENV)/bin/ruff check --fix toolkit tests benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
