# Aqiqat: `make run` sets up and serves the demo; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
TEST_INSTALLED := $(VENV)/.installed-test
BENCH_INSTALLED := $(VENV)/.installed-bench
DEMO_PEOPLE ?= 2000
TEST_WORKERS ?= 2

.PHONY: run test test-postgres bench lint messages clean

$(INSTALLED): pyproject.toml
	scripts/system-packages.sh base
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[linkage]'
	touch $(INSTALLED)

# Tests also need the test tools and the optional Spark backend (with Java), which
# `make run` leaves out to stay lean.
$(TEST_INSTALLED): $(INSTALLED)
	scripts/system-packages.sh test
	$(BIN)/pip install --quiet -e '.[linkage,dev,spark]'
	touch $(TEST_INSTALLED)

# The demo keeps its generated passphrase in a file beside the data folder so that `make run`
# needs no typing; real offices keep the passphrase off the computer (docs/operations.md).
run: export AQIQAT_PASSPHRASE_FILE ?= $(CURDIR)/aqiqat-demo-passphrase
run: $(INSTALLED)
	$(BIN)/aqiqat init --if-needed --generate-passphrase
	$(BIN)/aqiqat demo --if-empty --people $(DEMO_PEOPLE)
	$(BIN)/aqiqat tracing match
	$(BIN)/aqiqat serve

test: $(TEST_INSTALLED)
	$(BIN)/pytest -n $(TEST_WORKERS)

test-postgres: $(TEST_INSTALLED)
	DATABASE_URL=$${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test} $(BIN)/pytest -n $(TEST_WORKERS)

$(BENCH_INSTALLED): $(TEST_INSTALLED)
	$(BIN)/pip install --quiet -e '.[linkage,dev,spark,bench]'
	$(BIN)/pip install --quiet --no-deps recordlinkage==0.16
	touch $(BENCH_INSTALLED)

bench: $(BENCH_INSTALLED)
	@for script in bench/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

lint: $(TEST_INSTALLED)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

messages: $(TEST_INSTALLED)
	cd src/aqiqat && ../../$(BIN)/django-admin makemessages -l ru -l kk --no-obsolete
	cd src/aqiqat && ../../$(BIN)/django-admin compilemessages

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
