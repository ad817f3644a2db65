# The README's commands. `make run` and `make test` create .venv when it is missing.
# (On Windows, GNU make from a Git Bash shell: `make package` is the same command there.)
VENV := .venv
ifeq ($(OS),Windows_NT)
PYTHON ?= py -3
BIN := $(VENV)/Scripts
EXE := .exe
else
PYTHON ?= python3
BIN := $(VENV)/bin
EXE :=
endif
STAMP := $(VENV)/.installed
DEMO_DB ?= var/demo-jatim.sqlite
# The full regional office (scale 1: 2.65 million workers) takes about two minutes to generate;
# `make run` starts on a tenth of it. `make run DEMO_SCALE=1` for the whole of Jawa Timur.
DEMO_SCALE ?= 0.1

.PHONY: run test test-crash test-package lint unit bench package demo clean catalogues mutants

# PostgreSQL too: `make test` starts a throwaway server from its binaries (tests/pg_server.py).
$(STAMP): pyproject.toml constraints.txt
	tools/system-deps.sh --postgres
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,package]'
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

# The whole suite (SQLite and a throwaway PostgreSQL) with branch coverage of bpjs_desktop
# ([tool.coverage] in pyproject.toml: the table lists the modules not fully covered), then the
# PyInstaller bundle is built and runs its --self-test (test-package): what .ci/run tests is
# this, no more and no less.
test: lint catalogues
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -n 2 --dist loadfile -m "not package" \
		--cov --cov-report=term-missing:skip-covered
	$(MAKE) --no-print-directory test-package

# Builds the PyInstaller bundle in a temporary folder, runs its --self-test and `python -m
# bpjs_desktop --self-test`, prints the bundle's size and both start times (a few minutes).
test-package: $(STAMP)
	$(BIN)/pytest -m package -s -q tests/cli/test_bundle.py

unit: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest tests/unit -q

# Every bench/bench_*.py, into one JSON file; the scale-1 demo is generated once under var/.
BENCH_OUT ?= var/bench.json
bench: $(STAMP)
	$(BIN)/python -m bench.run_all --out $(BENCH_OUT)

# The wheel and the one-folder bundle for this machine in dist/ (dist/bpjs-desktop/), then the
# bundle proves itself. On Windows, `iscc packaging\installer.iss` next (README, "Windows installer").
package: $(STAMP) catalogues
	$(BIN)/python -m pip wheel --quiet --disable-pip-version-check --no-deps --no-build-isolation -w dist .
	$(BIN)/python packaging/make_icon.py
	$(BIN)/python -m PyInstaller --noconfirm --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/bpjs-desktop.spec
	dist/bpjs-desktop/bpjs-desktop-cli$(EXE) --self-test

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache mutants .coverage

# Mutation testing of the domain rules ([tool.mutmut] in pyproject.toml): each mutant of a module
# is run against tests/unit (and the benefit calculator's command-line tests); a survivor is a
# rule that no test pins. The whole of domain/ (about 7,800 mutants) took 34 minutes on two busy
# cores; MUTANTS picks modules instead (mutmut's names, with wildcards), e.g.
# `make mutants MUTANTS='bpjs_desktop.domain.benefits.*'`. `$(BIN)/mutmut results` lists survivors.
MUTANTS ?=
mutants: $(STAMP) catalogues
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
