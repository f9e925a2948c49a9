# Two commands set everything up on a fresh machine: `make report` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: report test check lint bench fuzz clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

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

# The benchmark's extra packages (duckdb, pyinstrument) go into the same venv, only for bench;
# `make bench BENCH=--quick` is the 10k smoke run.
BENCH ?=
BENCH_STAMP := $(VENV)/.installed-bench
$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
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
