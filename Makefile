# Sigilo's commands. `make run` and `make test` set everything up on a fresh Debian machine.
#
# Any PostgreSQL works instead of the project-local one: set DATABASE_URL (and
# DATABASE_OWNER_URL) for `make run`, SIGILO_TEST_OWNER_URL and SIGILO_TEST_APP_URL for
# `make test` (docs/configuration.md).

SHELL := /bin/bash
SWIFT_FLAGS := --explicit-target-dependency-import-check error
DEV_PG := SIGILO_PG_DIR=.pgdata SIGILO_PG_PORT=$${SIGILO_DEV_PG_PORT:-54329} SIGILO_PG_DATABASE=sigilo
TEST_PG := SIGILO_PG_DIR=.pgtest SIGILO_PG_PORT=$${SIGILO_TEST_PG_PORT:-54330} SIGILO_PG_DATABASE= SIGILO_PG_FAST=1

.PHONY: run test bench build deps db-up db-down migrate lint check-imports clean

## run: install what is missing, start PostgreSQL, migrate, build and serve on 127.0.0.1:8080
run: deps build
	@scripts/run.sh

## test: the same set-up, then every test against a throwaway PostgreSQL cluster
test: deps check-imports
	@if [ -z "$${SIGILO_TEST_OWNER_URL:-}" ]; then $(TEST_PG) scripts/pg-local.sh start; fi
	swift build --build-tests $(SWIFT_FLAGS)
	@if [ -z "$${SIGILO_TEST_OWNER_URL:-}" ]; then eval "$$($(TEST_PG) scripts/pg-local.sh env)"; fi; \
		timeout --kill-after=30s "$${SIGILO_TEST_TIMEOUT:-20m}" swift test --skip-build --disable-xctest; \
		status=$$?; if [ $$status -eq 124 ]; then \
			echo "make test: stopped after SIGILO_TEST_TIMEOUT ($${SIGILO_TEST_TIMEOUT:-20m}); a test hangs" >&2; fi; \
		exit $$status

## bench: release build, load-test with wrk, JSON report in .bench/report.json
bench:
	@scripts/install-deps.sh --bench
	swift build -c release $(SWIFT_FLAGS)
	@scripts/bench.sh

## build: debug build with the import-direction check and warnings as errors
build: deps
	swift build $(SWIFT_FLAGS)

deps:
	@scripts/install-deps.sh

## db-up / db-down: start or stop the development cluster (.pgdata, port 54329)
db-up: deps
	@$(DEV_PG) scripts/pg-local.sh start

db-down:
	@$(DEV_PG) scripts/pg-local.sh stop

## migrate: apply pending migrations to the development database (or $DATABASE_OWNER_URL's)
migrate: build
	@if [ -z "$${DATABASE_URL:-}" ]; then $(DEV_PG) scripts/pg-local.sh start; eval "$$($(DEV_PG) scripts/pg-local.sh env)"; fi; \
		.build/debug/sigilo migrate

## lint: swift-format (committed .swift-format) and the module import table
lint: check-imports
	swift format lint --strict --recursive Sources Tests Package.swift

check-imports:
	@scripts/check-imports.sh

clean:
	swift package clean
