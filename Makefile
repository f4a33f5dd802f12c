# İzinHub: `make run` starts the product, `make test` proves it. Nothing else is needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SHARED ?= $(abspath ../shared)

FRONTEND_SOURCES := $(shell find frontend/src frontend/public -type f -not -path 'frontend/src/gql/*' 2>/dev/null) \
	frontend/index.html frontend/package.json frontend/vite.config.ts frontend/tsconfig.json \
	frontend/codegen.ts schema/schema.graphql
FRONTEND_DEPS := frontend/node_modules/.package-lock.json

.PHONY: run test check bench schema format clean frontend

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

$(FRONTEND_DEPS): frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $(FRONTEND_DEPS)

frontend/dist/index.html: $(FRONTEND_DEPS) $(FRONTEND_SOURCES)
	cd frontend && npm run build
	touch frontend/dist/index.html

frontend: frontend/dist/index.html

run: $(STAMP) frontend
	IYS_LOG_FORMAT=$${IYS_LOG_FORMAT:-text} \
	IYS_NOTIFY_PUBLIC_URL=$${IYS_NOTIFY_PUBLIC_URL:-http://127.0.0.1:$${IYS_PORT:-8000}} \
	$(BIN)/iys serve --host $${IYS_HOST:-127.0.0.1} --port $${IYS_PORT:-8000}

test: $(STAMP) frontend
	cd frontend && npm test
	IZINHUB_SHARED_DIR=$(SHARED) $(BIN)/pytest -q

check: $(STAMP) $(FRONTEND_DEPS)
	$(BIN)/ruff format --check server schema tenants tests bench
	$(BIN)/ruff check server schema tenants tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/iys export-schema --output - | diff -u schema/schema.graphql - \
		|| (echo "schema/schema.graphql is stale: run 'make schema'" && exit 1)
	cd frontend && npm run typecheck
	cd frontend && npm run codegen --silent && git diff --exit-code -- src/gql \
		|| (echo "frontend/src/gql is stale: run 'make schema'" && exit 1)

bench: $(STAMP)
	IZINHUB_SHARED_DIR=$(SHARED) $(BIN)/python -m bench.run

schema: $(STAMP) $(FRONTEND_DEPS)
	$(BIN)/iys export-schema --output schema/schema.graphql
	cd frontend && npm run codegen

format: $(STAMP)
	$(BIN)/ruff format server schema tenants tests bench
	$(BIN)/ruff check --fix server schema tenants tests bench

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache frontend/node_modules frontend/dist
