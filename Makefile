# cocreate — two commands on a fresh machine with Python 3.11:
#   make serve   set up, load the demo workshop, start both servers
#   make test    set up and run every test
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export COCREATE_DB ?= $(CURDIR)/var/cocreate.sqlite

.PHONY: setup system serve test test-unit test-notebooks test-browser lint bench clean
PG_URL = $$(cat var/test-postgres.url 2>/dev/null)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

serve: $(STAMP)
	$(BIN)/cocreate demo
	$(BIN)/cocreate serve

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

system:
	bash scripts/system-deps.sh

test: $(STAMP) system lint
	COCREATE_TEST_POSTGRES="$${COCREATE_TEST_POSTGRES:-$(PG_URL)}" \
	  $(BIN)/pytest -p no:cacheprovider --nbval-lax --timeout=900 tests apps workbooks

test-unit: $(STAMP)
	COCREATE_TEST_POSTGRES="$${COCREATE_TEST_POSTGRES:-$(PG_URL)}" $(BIN)/pytest -q tests/unit

test-notebooks: $(STAMP)
	$(BIN)/pytest -q --nbval-lax apps workbooks

test-browser: $(STAMP) system
	COCREATE_TEST_POSTGRES="$${COCREATE_TEST_POSTGRES:-$(PG_URL)}" $(BIN)/pytest -q -m browser tests/browser

bench: $(STAMP)
	$(BIN)/python bench/bench_serving.py
	$(BIN)/python bench/bench_matching.py
	$(BIN)/python bench/bench_teams.py
	$(BIN)/python bench/bench_export.py

clean:
	rm -rf $(VENV) var
