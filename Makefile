# The two commands: `make run` and `make test` (see README.md). Everything else here serves them.
SHELL := /bin/bash
PYTHON_SYSTEM ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTHON := $(BIN)/python
MANAGE := $(PYTHON) manage.py
PYTEST_WORKERS ?= 2

.PHONY: run test bench stop setup install lint format chromium check-deploy

## make run: install, start the embedded database, migrate, load the demo data, serve on :8000,
## with the background worker (django-tasks' db_worker: agenda packs) running beside the server, started
## again whenever it stops (run_worker: a database restart makes it exit).
run: setup
	$(MANAGE) load_demo
	$(MANAGE) run_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; $(MANAGE) runserver 127.0.0.1:8000

## make test: the same set-up, then lint and the whole suite (unit, HTTP and browser tests). The test
## databases are copies of one migrated template (tests/template_db.py), migrated on one core while the
## demo database is migrated and filled on the other.
test: install .env chromium
	$(PYTHON) -m portal.db start
	$(PYTHON) -m tests.template_db & template=$$!; \
	  $(MANAGE) migrate --noinput && $(MANAGE) load_demo --quiet; status=$$?; \
	  wait $$template || status=1; exit $$status
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist worksteal --durations=25 $(PYTEST_ARGS)

## make bench: fill a separate database at scale and time the registered pages (not part of make test).
bench: setup
	$(PYTHON) -m bench $(BENCH_ARGS)

## make stop: stop the embedded PostgreSQL server (nothing to do when DATABASE_URL is set).
stop:
	@if [ -x $(PYTHON) ]; then $(PYTHON) -m portal.db stop; else echo "Nothing to stop."; fi

setup: install .env
	$(MANAGE) migrate --noinput

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -x $(PYTHON) || $(PYTHON_SYSTEM) -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $@

# A .env with a random SECRET_KEY and DEMO_PASSWORD, written once and never overwritten.
.env: | install
	$(PYTHON) -m portal.envfile .env

# Browser tests drive Debian's Chromium; PDFs look right with Liberation Sans (Arial's metrics).
# Installed here when missing (root only).
chromium:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -q "Liberation Sans"; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing Debian's chromium for the browser tests..."; \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium fonts-liberation; \
	  elif [ ! -x /usr/bin/chromium ]; then \
	    echo "The browser tests need Debian's chromium package (/usr/bin/chromium)." >&2; \
	    echo "Install it with: sudo apt-get install chromium   (then run make test again)" >&2; \
	    exit 1; \
	  else \
	    echo "Note: fonts-liberation is not installed, so PDFs use DejaVu Sans instead of Arial's metrics." >&2; \
	  fi; \
	fi

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## make check-deploy: Django's deployment checks with production-like settings.
check-deploy: install
	DEBUG=false SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	  ALLOWED_HOSTS=portal.example.gov.uk $(MANAGE) check --deploy --fail-level WARNING
