# Two commands for a fresh clone: `make run` and `make test`. Both create .venv on first use
# and reinstall only when pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ARGS ?=

.PHONY: run test lint typecheck bench screenshot dist smoke-dist clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-runtime: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $@ $(VENV)/.installed-runtime

$(VENV)/.installed-dist: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dist]'
	touch $@ $(VENV)/.installed-runtime

run: $(VENV)/.installed-runtime ## start the desktop app (ARGS="--db PATH" to choose a database)
	$(BIN)/python -m app $(ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy --strict store middleware app ui benchmarks

test: lint typecheck ## lint, type-check, then the whole suite headless (ARGS="-k snapshot")
	$(BIN)/python -m pytest $(ARGS)

bench: $(VENV)/.installed-test ## benchmarks against baselines (ARGS="--quick")
	$(BIN)/python -m benchmarks --results docs/benchmark-results.md $(ARGS)

screenshot: $(VENV)/.installed-runtime ## render the window after a scripted session to docs/screenshot.png
	$(BIN)/python -m app screenshot --out docs/screenshot.png --range 7d $(ARGS)

dist: $(VENV)/.installed-dist ## the standalone Linux app folder dist/tastetrail/ and its .tar.gz (PyInstaller)
	$(BIN)/python packaging/build_bundle.py

smoke-dist: ## run the built bundle from a clean environment: --version, and a screenshot offscreen
	bash packaging/smoke_test.sh dist/tastetrail/tastetrail

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis *.egg-info
