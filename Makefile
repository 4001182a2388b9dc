# fazhi — the README's two commands: `make run` and `make test`.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
HOST    ?= 127.0.0.1
PORT    ?= 8000
FUZZ_PORT ?= 54380
PYTEST_ARGS ?=
# pytest-xdist processes (the CI machine has 2 cores); 0 runs the suite in this process
PYTEST_WORKERS ?= 2
SCALE   ?= 0.01
BENCH_VAR ?= var/bench

.PHONY: run test test-pg api-fuzz setup venv assets migrate demo lint bench bench-data clean

run: setup demo  ## set everything up on SQLite with the demo county and serve it on 127.0.0.1:8000
	$(BIN)/fazhi runserver $(HOST):$(PORT) --noreload

test: venv assets  ## the whole suite (on PostgreSQL when FAZHI_DATABASE_URL says so)
	$(BIN)/ruff check fazhi tests bench conftest.py
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

test-pg: venv assets  ## the suite against a throwaway PostgreSQL server on loopback
	scripts/pg-server start /tmp/fazhi-test-pg 54329 >/dev/null
	FAZHI_DATABASE_URL=postgres://fazhi:fazhi@127.0.0.1:54329/fazhi $(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS); rc=$$?; scripts/pg-server stop /tmp/fazhi-test-pg; exit $$rc

api-fuzz: venv assets  ## Schemathesis over the API's whole OpenAPI schema against a live server on the demo county
	FUZZ_DATABASE_URL="$(FUZZ_DATABASE_URL)" scripts/api-fuzz $(FUZZ_PORT)

setup: venv assets migrate

$(BIN)/activate:
	$(PY) -m venv $(VENV)

venv: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

assets: static/vendor/.copied
static/vendor/.copied: package.json
	npm install --no-audit --no-fund --loglevel=error
	scripts/copy-assets
	touch $@

migrate: venv
	$(BIN)/fazhi migrate --noinput

demo: migrate
	$(BIN)/fazhi demo

lint: venv
	$(BIN)/ruff check fazhi tests bench conftest.py

bench: venv assets  ## every benchmark at SCALE (default 0.01) on SQLite and PostgreSQL (see bench/README.md)
	BENCH_VAR=$(BENCH_VAR) bench/run $(SCALE)

bench-data: venv  ## the benchmark province (SCALE=0.01: one county, ten years; SCALE=1: 90 counties) in BENCH_VAR
	$(BIN)/python bench/generate.py --scale $(SCALE) --var $(BENCH_VAR)

clean:
	rm -rf $(VENV) node_modules static/vendor var
