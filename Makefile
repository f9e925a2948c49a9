# Two commands set everything up on a fresh machine: `make report` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: report test check lint bench fuzz constraints clean

# Every package is installed at the version constraints.txt pins, so a fresh machine gets the
# versions the tests were last run on, not whatever was released this morning; `make constraints`
# moves the pins to the newest releases on purpose (README, "Two commands").
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# The newest releases pyproject.toml allows (the dev and bench extras), resolved in a fresh
# venv of their own and written to constraints.txt; `make constraints test` then runs the tests
# on them. The file is replaced only when the install succeeds.
constraints:
	@set -e; fresh=$$(mktemp -d); trap 'rm -rf "$$fresh"' EXIT; \
	$(PYTHON) -m venv "$$fresh"; \
	"$$fresh/bin/python" -m pip install --quiet --upgrade pip; \
	"$$fresh/bin/python" -m pip install --quiet -e '.[dev,bench]'; \
	{ echo '# The exact version of every package make installs (pip install -c constraints.txt).'; \
	  echo '# Written by "make constraints" from the newest releases pyproject.toml allows:'; \
	  echo '# refresh it on purpose, then run "make test" (README, "Two commands").'; \
	  "$$fresh/bin/python" -m pip freeze --exclude-editable; } > "$$fresh/constraints.txt"; \
	mv "$$fresh/constraints.txt" constraints.txt; \
	echo "constraints.txt: $$(grep -c '==' constraints.txt) packages pinned"

report: $(STAMP)
	$(BIN)/wfkpi report sample_data/lambeth_childrens --council lambeth_childrens \
		--community sample_data/lambeth_childrens-community.yaml

test: $(STAMP)
	$(BIN)/python -m pytest

# Every KPI of every sample extract against its snapshot in tests/snapshots (docs/automation.md).
# `make check CHECK=--update` rewrites the snapshots after an intended change.
CHECK ?=
check: $(STAMP)
	@status=0; for dir in sample_data/*/; do \
		name=$$(basename "$$dir"); \
		$(BIN)/wfkpi check "sample_data/$$name" --expected "tests/snapshots/$$name.json" \
			$(CHECK) || status=1; \
	done; exit $$status

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

# The benchmark's extra packages (duckdb, polars, pyinstrument) go into the same venv, only for
# bench, pinned like the rest; `make bench BENCH=--quick` is the 10k smoke run. Its extracts are
# generated into benchmarks/out/ and written again whenever the sample generator changes.
BENCH ?=
BENCH_STAMP := $(VENV)/.installed-bench
$(BENCH_STAMP): $(STAMP) pyproject.toml constraints.txt
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,bench]'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python benchmarks/bench.py $(BENCH)

# The readers fuzzed with many more examples than CI's short, fixed run (tests/fuzz), each
# time from a fresh seed; `make fuzz FUZZ_EXAMPLES=500` for a quicker pass.
FUZZ_EXAMPLES ?= 2000
fuzz: $(STAMP)
	WFKPI_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -p no:cacheprovider -q \
		--hypothesis-show-statistics \
		--durations=0 tests/fuzz

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
