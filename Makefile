# Everything a fresh machine needs: Python 3.11 and this Makefile.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint i18n bench clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/lotsenbot run

lint: $(STAMP)
	$(VENV)/bin/ruff check bot tests bench
	$(VENV)/bin/hadolint Dockerfile

test: $(STAMP) lint
	$(PY) -m bot.i18n_tools compile
	$(PY) -m pytest -q -p no:cacheprovider
	$(PY) tests/run_postgres.py

i18n: $(STAMP)
	$(PY) -m bot.i18n_tools update
	$(PY) -m bot.i18n_tools compile

bench: $(STAMP)
	$(PY) -m bench.run_all

clean:
	rm -rf $(VENV) .pytest_cache
