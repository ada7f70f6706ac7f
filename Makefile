# One-command workflows. Everything runs inside .venv, created on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test
BSTAMP := $(VENV)/.installed-build
LSTAMP := $(VENV)/.installed-lint
LOCALE := toolkit/locale
POT    := $(LOCALE)/toolkit.pot

.PHONY: run test lint bench translations translations-check build test-bundle test-install bundle-size clean venv

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -e .
	touch $@

$(TSTAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -e '.[test]'
	touch $@ $(STAMP)

$(LSTAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -e '.[lint]'
	touch $@ $(STAMP)

$(BSTAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -e '.[build]'
	touch $@ $(STAMP)

venv: $(STAMP)

## run: install what is needed and start the desktop app
run: $(STAMP)
	$(BIN)/toolkit $(ARGS)

## test: install what is needed (with test extras) and run the whole suite headless, one
## worker per core (pytest-xdist); each test file stays in one worker (--dist loadfile)
test: $(TSTAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n auto --dist loadfile $(PYTEST_ARGS)

## lint: ruff over the whole tree, then mypy on the core with a ratchet (tools/mypy_ratchet.py)
lint: $(LSTAMP)
	$(BIN)/ruff check .
	$(PY) tools/mypy_ratchet.py

## bench: benchmarks, each printing ratios against a baseline measured in the same run
bench: $(TSTAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m bench

## translations: extract interface strings, update the catalogs, compile them (a tree whose
## strings did not change stays as it is: tools/catalogs.py)
translations: $(STAMP)
	$(PY) tools/catalogs.py extract
	$(BIN)/pybabel update -i $(POT) -d $(LOCALE) -D toolkit --no-fuzzy-matching \
	  --ignore-obsolete --width=100
	$(PY) tools/fill_en_catalog.py $(LOCALE)/en/LC_MESSAGES/toolkit.po
	$(PY) tools/normalize_fr_catalog.py $(LOCALE)/fr/LC_MESSAGES/toolkit.po
	$(BIN)/pybabel compile -d $(LOCALE) -D toolkit --statistics

## translations-check: fail unless the catalogs are complete and compiled (writes nothing)
translations-check: $(STAMP)
	$(PY) tools/catalogs.py check

## build: the one-folder desktop bundle in dist/toolkit/ (build.spec), then its self-test
build: $(BSTAMP)
	$(BIN)/pyinstaller --noconfirm build.spec
	QT_QPA_PLATFORM=offscreen dist/toolkit/toolkit --self-test

## test-bundle: build the bundle in a temporary folder and test it as a user would run it
test-bundle: $(TSTAMP) $(BSTAMP)
	TOOLKIT_TEST_BUNDLE=1 QT_QPA_PLATFORM=offscreen $(PY) -m pytest tests/test_bundle.py $(PYTEST_ARGS)

## test-install: build the wheel, install it in a fresh venv outside the checkout, run the
## self-test and a bilingual report there (tools/check_install.sh; run by .ci/run)
test-install: $(STAMP)
	tools/check_install.sh $(PY)

## bundle-size: build the bundle and a bare PySide6 window the same way, compare sizes
bundle-size: $(BSTAMP)
	$(PY) tools/bundle_size.py

clean:
	rm -rf build dist *.egg-info .pytest_cache
