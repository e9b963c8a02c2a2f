# The whole check in one command: `make check` (lint, format, tests), as CI runs it.
.PHONY: check lint test fast format mutate

check: lint test

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

test:
	.venv/bin/python -m pytest -n auto

# The fast tier for everyday work: no stores, servers, browsers or synthetic graphs, and no
# test of more than a few tens of milliseconds whose lines others run; on every core.
fast:
	.venv/bin/python -m pytest -m "not slow" -n auto

format:
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

# Mutation testing of one module (mutmut, not a dependency: .venv/bin/pip install mutmut):
# make mutate MODULE=kg/io/period.py TESTS="tests/test_years.py"
# Without MODULE, the hand-written mutants of scripts/mutants.toml (NAME=prefix: some of them):
# make mutate NAME=quote-
mutate:
	scripts/mutate.sh $(if $(MODULE),$(MODULE) $(TESTS),--listed $(NAME))
