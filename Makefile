# The README's commands. `make run` and `make test` create .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= var/demo-jatim.sqlite
# The full regional office (scale 1: 2.65 million workers) takes about two minutes to generate;
# `make run` starts on a tenth of it. `make run DEMO_SCALE=1` for the whole of Jawa Timur.
DEMO_SCALE ?= 0.1

.PHONY: run test test-crash lint unit bench package demo clean mutants

# PostgreSQL too: `make test` starts a throwaway server from its binaries (tests/pg_server.py).
$(STAMP): pyproject.toml constraints.txt
	tools/system-deps.sh --postgres
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	mkdir -p $(dir $(DEMO_DB))
	test -f $(DEMO_DB) || $(BIN)/bpjs-desktop demo --db $(DEMO_DB) --scale $(DEMO_SCALE)
	$(BIN)/bpjs-desktop --db $(DEMO_DB)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# Branch coverage of bpjs_desktop ([tool.coverage] in pyproject.toml): the table lists the modules
# not fully covered, with the lines and branches missed.
test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -n 2 --dist loadfile \
		--cov --cov-report=term-missing:skip-covered

unit: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest tests/unit -q

bench: $(STAMP)
	$(BIN)/python -m bench.run_all

package: $(STAMP)
	$(BIN)/python -m pip wheel --no-deps -w dist .

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache mutants .coverage

# Mutation testing of the domain rules ([tool.mutmut] in pyproject.toml): each mutant of a module
# is run against tests/unit; a survivor is a rule that no test pins. A whole run of domain/ takes
# hours on two cores: MUTANTS picks the modules (mutmut's names, with wildcards), e.g.
# `make mutants MUTANTS='bpjs_desktop.domain.nik*'`. `$(BIN)/mutmut results` lists survivors.
MUTANTS ?= bpjs_desktop.domain.contributions.* bpjs_desktop.domain.arrears.* bpjs_desktop.domain.identifiers.*
mutants: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[mutation]'
	QT_QPA_PLATFORM=offscreen $(BIN)/mutmut run --max-children 2 $(MUTANTS)
	$(BIN)/mutmut results

# The full crash campaign (issue #12): CRASH_KILLS processes killed at random moments during
# imports, demo generation, month closes and ordinary writes, disk-full faults, and a longer run
# of the state machine. `make test` runs ten of the kills; BPJS_CRASH_SEED=N repeats a run.
CRASH_KILLS ?= 120
test-crash: $(STAMP)
	BPJS_CRASH_KILLS=$(CRASH_KILLS) BPJS_STATEFUL_EXAMPLES=20 QT_QPA_PLATFORM=offscreen \
		$(BIN)/pytest -m crash tests/crash -q
