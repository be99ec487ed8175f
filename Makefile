# The two commands of the quickstart are `make run` and `make test`; the rest are their parts.
SHELL := /bin/bash
.DEFAULT_GOAL := help

.PHONY: help setup build run test smoke bench fuzz soak fmt clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | column -t -s $$'\t'

setup: ## install what this machine lacks (system packages, npm packages, the sandbox's Python runtime)
	scripts/setup.sh

build: setup ## build the web app (skipped when unchanged) and the release binary (the web app is embedded in it)
	scripts/build-web.sh
	cd backend && cargo build --release --locked --bin tali

run: build ## start TALI on http://127.0.0.1:8000 with the embedded defaults (SQLite under ./data)
	./backend/target/release/tali serve

test: ## every check CI runs: formatting, lints, backend tests on SQLite and PostgreSQL, web tests, browser tests
	scripts/setup.sh --for-tests
	scripts/test.sh

smoke: build ## the deployment tests (Procfile processes, backup and restore, sandbox check) against the release binary
	cd backend && TALI_TEST_BINARY="$$PWD/target/release/tali" BCRYPT_COST=4 cargo test --locked --test server -- deploy::

fuzz: ## the schema fuzzer for 20 minutes (make test runs it for 2)
	scripts/setup.sh --for-tests
	scripts/build-test-binaries.sh
	scripts/fuzz.sh 1200

soak: ## a mixed workload for 10 minutes: no errors, flat memory, no leaked sandboxes, p50/p99 per route (make test runs it for 2)
	scripts/setup.sh --for-tests
	scripts/build-test-binaries.sh
	scripts/soak.sh 600

bench: setup ## benchmarks; results go to docs/performance.md
	scripts/bench.sh

fmt: ## format the Rust code
	cd backend && cargo fmt --all

clean: ## remove build output (keeps ./data)
	rm -rf backend/target frontend/dist
