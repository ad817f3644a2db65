# The README's commands. `make run` and `make test` create .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= var/demo-jatim.sqlite
# The full regional office (scale 1: 2.65 million workers) takes about two minutes to generate;
# `make run` starts on a tenth of it. `make run DEMO_SCALE=1` for the whole of Jawa Timur.
DEMO_SCALE ?= 0.1

.PHONY: run test test-crash lint unit bench package demo clean catalogues

# PostgreSQL too: `make test` starts a throwaway server from its binaries (tests/pg_server.py).
$(STAMP): pyproject.toml constraints.txt
	tools/system-deps.sh --postgres
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $(STAMP)

# The compiled message catalogues (.mo) the app reads; the .po files are the sources.
catalogues: $(STAMP)
	$(BIN)/python tools/catalogues.py compile

run: $(STAMP) catalogues
	mkdir -p $(dir $(DEMO_DB))
	test -f $(DEMO_DB) || $(BIN)/bpjs-desktop demo --db $(DEMO_DB) --scale $(DEMO_SCALE)
	$(BIN)/bpjs-desktop --db $(DEMO_DB)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -n 2 --dist loadfile

unit: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest tests/unit -q

bench: $(STAMP)
	$(BIN)/python -m bench.run_all

package: $(STAMP) catalogues
	$(BIN)/python -m pip wheel --no-deps -w dist .

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache

# The full crash campaign (issue #12): CRASH_KILLS processes killed at random moments during
# imports, demo generation, month closes and ordinary writes, disk-full faults, and a longer run
# of the state machine. `make test` runs ten of the kills; BPJS_CRASH_SEED=N repeats a run.
CRASH_KILLS ?= 120
test-crash: $(STAMP)
	BPJS_CRASH_KILLS=$(CRASH_KILLS) BPJS_STATEFUL_EXAMPLES=20 QT_QPA_PLATFORM=offscreen \
		$(BIN)/pytest -m crash tests/crash -q
