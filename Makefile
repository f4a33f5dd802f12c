# İzinHub: `make run` starts the product, `make test` proves it. Nothing else is needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SHARED ?= $(abspath ../shared)

.PHONY: run test check bench schema format clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/iys serve --host $${IYS_HOST:-127.0.0.1} --port $${IYS_PORT:-8000}

test: $(STAMP)
	IZINHUB_SHARED_DIR=$(SHARED) $(BIN)/pytest -q

check: $(STAMP)
	$(BIN)/ruff format --check server schema tenants tests bench
	$(BIN)/ruff check server schema tenants tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/iys export-schema --output - | diff -u schema/schema.graphql - \
		|| (echo "schema/schema.graphql is stale: run 'make schema'" && exit 1)

bench: $(STAMP)
	IZINHUB_SHARED_DIR=$(SHARED) $(BIN)/python -m bench.run

schema: $(STAMP)
	$(BIN)/iys export-schema --output schema/schema.graphql

format: $(STAMP)
	$(BIN)/ruff format server schema tenants tests bench
	$(BIN)/ruff check --fix server schema tenants tests bench

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
