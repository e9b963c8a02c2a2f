# The whole check in one command: `make check` (lint, format, tests).
.PHONY: check lint test format

check: lint test

lint:
	ruff check .
	ruff format --check .

format:
	ruff format .
	ruff check --fix .

test:
	python -m pytest
