# PHI platform: every target runs `setup` first, so a fresh clone needs only `make demo`
# and `make test`.

SHELL := /usr/bin/env bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON_BOOT ?= python3
VENV        := .venv
VENV_SCAN   := .venv-scan
PY          := $(VENV)/bin/python
CLI_CONFIG  := .cache/terraform/cli.tfrc
HARNESS     := PYTHONPATH=scripts:lambda_src TF_CLI_CONFIG_FILE=$(CURDIR)/$(CLI_CONFIG) $(PY)
# Apply tests mostly wait on fixed provider sleeps, so more workers than cores pays off.
WORKERS     ?= 4
PYTEST      := $(HARNESS) -m pytest -n $(WORKERS) --dist loadgroup
RUNS        ?= 5
ENV         ?= dev
REGION      ?= us-east-1
UNIT        ?=

.PHONY: help setup build-lambdas test test-mutations test-fast test-e2e scan lint docs fmt demo demo-destroy demo-stop \
	demo-examples render graph plan plan-all scan-all clean bench-harness bench-rotation bench-live bench-workflows lock

help: ## list targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | column -t -s $$'\t'

# --- environments -----------------------------------------------------------------------
# Each venv is rebuilt only when its requirements file changes (stamp holds the hash).

$(VENV)/.stamp: requirements.txt
	@test -x $(PY) || $(PYTHON_BOOT) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@sha256sum requirements.txt > $@

$(VENV_SCAN)/.stamp: requirements-scan.txt
	@test -x $(VENV_SCAN)/bin/python || $(PYTHON_BOOT) -m venv $(VENV_SCAN)
	$(VENV_SCAN)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-scan.txt
	@sha256sum requirements-scan.txt > $@

setup: $(VENV)/.stamp $(VENV_SCAN)/.stamp ## create both venvs and the offline Terraform CLI config (idempotent)
	@$(HARNESS) -m tfharness setup

# --- Lambda packages ---------------------------------------------------------------------

build-lambdas: setup ## build lambda_src/<package> into build/lambda/<package>.zip (deterministic; PACKAGES=... for some)
	$(HARNESS) -m tfharness build-lambdas $(PACKAGES)

# --- tests ------------------------------------------------------------------------------

test: setup ## everything CI runs: plans, inventories, scans, sentinel mutations, applies, Lambdas
	$(PYTEST) -m "not mutation_sweep"

test-mutations: setup ## every mutation of every module (the full sweep, ~30 min on 2 cores)
	$(PYTEST) tests/modules/test_mutations.py

test-fast: setup ## plans, inventories and scans only (no applies, no slow tests, sentinel mutations)
	$(PYTEST) -m "not e2e and not slow and not mutation_sweep"

test-e2e: setup ## only the apply/re-plan/destroy tests
	$(PYTEST) -m e2e

scan: setup ## checkov on module HCL and every example plan, with a per-module table
	$(HARNESS) -m tfharness scan

lint: setup ## terraform fmt (modules, live HCL), ruff (lint + format) and mypy
	terraform fmt -check -recursive -diff modules live
	$(HARNESS) -m tfharness fmt-hcl --check
	$(VENV)/bin/ruff check scripts lambda_src tests policies
	$(VENV)/bin/ruff format --check scripts lambda_src tests policies
	$(HARNESS) -m mypy scripts lambda_src

docs: setup ## regenerate module README tables and the generated parts of README/docs
	$(HARNESS) -m tfharness docs

fmt: setup ## rewrite Terraform, Terragrunt HCL and Python formatting in place
	terraform fmt -recursive modules live
	$(HARNESS) -m tfharness fmt-hcl
	$(VENV)/bin/ruff format scripts lambda_src tests policies

# --- running things ---------------------------------------------------------------------

demo: setup ## apply the whole dev/us-east-1 stack on the embedded AWS, show its outputs, re-plan it
	$(HARNESS) -m tfharness apply-stack --env dev --region us-east-1

demo-destroy: setup ## tear the demo stack down in reverse dependency order and stop its emulator
	$(HARNESS) -m tfharness destroy-stack

demo-stop: setup ## stop the demo emulator without destroying anything (its stack goes with it)
	$(HARNESS) -m tfharness demo-stop

demo-examples: setup ## apply two module examples (kms, s3-bucket) on the embedded AWS
	$(HARNESS) -m tfharness demo-examples

render: setup ## one unit as `terragrunt render --json` would print it (UNIT=dev/us-east-1/kms)
	@test -n "$(UNIT)" || { echo "usage: make render UNIT=dev/us-east-1/kms" >&2; exit 2; }
	$(HARNESS) -m tfharness render $(UNIT) --pretty

graph: setup ## the live tree's units in dependency levels (ENV=… REGION=…)
	$(HARNESS) -m tfharness graph --env $(ENV) --region $(REGION)

plan: setup ## plan one stack, units in dependency order (ENV=dev REGION=us-east-1)
	$(HARNESS) -m tfharness plan-stack --env $(ENV) --region $(REGION)

plan-all: setup ## plan every unit of both environments in both regions
	$(HARNESS) -m tfharness plan-stack

scan-all: setup ## plan-all, then checkov on every unit's plan JSON
	$(HARNESS) -m tfharness scan-stack

bench-harness: setup ## harness plan time / raw terraform plan time (median of RUNS)
	$(HARNESS) -m tfharness bench-harness --runs $(RUNS)

bench-live: setup ## wall time of plan-all and of the demo apply (+ re-plan, destroy)
	$(HARNESS) scripts/bench/live.py

bench-rotation: setup ## four-step secret rotation on a real PostgreSQL (median of RUNS)
	$(HARNESS) scripts/bench/rotation.py --runs $(RUNS)

bench-workflows: setup ## plan a 150,000-patient campaign on a real PostgreSQL (median of RUNS)
	$(HARNESS) scripts/bench/workflows.py --runs $(RUNS)

lock: ## re-freeze requirements*.txt from requirements*.in (needs PyPI)
	rm -rf .cache/lock && $(PYTHON_BOOT) -m venv .cache/lock/app && $(PYTHON_BOOT) -m venv .cache/lock/scan
	.cache/lock/app/bin/pip install --quiet -r requirements.in
	.cache/lock/scan/bin/pip install --quiet -r requirements-scan.in
	{ echo "# Generated by 'make lock' from requirements.in; do not edit by hand."; .cache/lock/app/bin/pip freeze; } > requirements.txt
	{ echo "# Generated by 'make lock' from requirements-scan.in; do not edit by hand."; .cache/lock/scan/bin/pip freeze; } > requirements-scan.txt

clean: ## remove caches, plans, zips and working copies (keeps the venvs); stops a demo emulator
	@test ! -f .cache/demo/emulator.json || $(HARNESS) -m tfharness demo-stop
	rm -rf .cache build .pytest_cache .ruff_cache .mypy_cache .benchmarks
	find modules live -name '.tfh-*' -type d -prune -exec rm -rf {} +
	find modules live -name '.terraform' -type d -prune -exec rm -rf {} +
	find modules live -name '.terraform.lock.hcl' -delete
