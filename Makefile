# The project's commands. The README names them: `make run` and `make test` are the two a
# newcomer needs; the others are for daily work.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYENV_ROOT ?= $(HOME)/.pyenv

# Python 3.12 or newer: python3.13 or python3.12 on PATH, then under pyenv's versions.
# A pyenv shim on PATH may exist without a working interpreter behind it, so each
# candidate is run once before it is taken.
define find_python
for candidate in python3.13 python3.12 \
    $$(ls -d $(PYENV_ROOT)/versions/3.13*/bin/python3.13 2>/dev/null | sort -rV) \
    $$(ls -d $(PYENV_ROOT)/versions/3.12*/bin/python3.12 2>/dev/null | sort -rV); do \
  if "$$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
    command -v "$$candidate"; exit 0; \
  fi; \
done; exit 1
endef

.PHONY: help
help:
	@echo "make run     install, migrate, load demo data, create an admin account, serve on :8000"
	@echo "             with the worker that sends alert emails (into var/mail/)"
	@echo "make test    install the test dependencies and run the whole test suite"
	@echo "make serve   production-like server (gunicorn, debug off, WhiteNoise) on :8000"
	@echo "make admin   set a new password for the local admin account"
	@echo "make lint    ruff lint and format check"
	@echo "make bench-load  load test at 100,000 listings on PostgreSQL (bench/README.md)"
	@echo "make bench-scale nginx, two app servers, Redis, a primary and a replica on this machine"
	@echo "make bench-reliability  fuzzing, hostile text, lockout, database restart, killed workers"

$(STAMP): pyproject.toml
	@if [ ! -x $(BIN)/python ]; then \
	  PY=$$($(find_python)) || { echo "error: Python 3.12 or newer is needed: install python3.13 or python3.12 (on PATH or with pyenv)." >&2; exit 1; }; \
	  echo "Creating $(VENV) with $$PY"; \
	  "$$PY" -m venv $(VENV); \
	fi
	@# Dependency groups need pip 25.1 or newer (Python 3.13.0 ships pip 24.2).
	$(BIN)/python -m pip install --quiet --upgrade "pip>=25.1"
	$(BIN)/python -m pip install --quiet -e . --group dev
	@touch $(STAMP)

# The development environment that manage.py and the bench scripts read (config/dotenv.py):
# debug on. Written once and never overwritten; git-ignored. The environment overrides it;
# gunicorn, the WSGI and ASGI entry points and the tests never read it.
.env:
	@printf '%s\n' \
	  '# Development settings for manage.py and the bench scripts (written by make install).' \
	  '# The environment overrides them; gunicorn, WSGI, ASGI and the tests never read this file.' \
	  'DJANGO_DEBUG=1' > $@
	@echo "Wrote .env for development (DJANGO_DEBUG=1)"

.PHONY: install
install: $(STAMP) .env

# The site and, beside it, the worker of the background tasks (alert emails: the database
# queue); both stop with Ctrl-C. Emails land as files in var/mail/ (EMAIL_URL: README).
.PHONY: run
run: $(STAMP) .env
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py ensure_admin
	@echo "Alert emails (subscriptions, confirmations, alerts) land in var/mail/;"
	@echo "'$(BIN)/python manage.py send_alerts --now' sends what is due."
	@$(BIN)/python manage.py db_worker --interval 2 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/python manage.py runserver 127.0.0.1:8000

.PHONY: admin
admin: $(STAMP) .env
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py ensure_admin --reset

.PHONY: test
test: $(STAMP) .env
	$(BIN)/python -m pytest $(PYTEST_ARGS)

.PHONY: lint
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

.PHONY: format
format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Production-like: debug off, hashed and compressed static files served by WhiteNoise,
# gunicorn. Plain http works locally because the HTTPS redirect is off here. The secret key
# is generated once and kept in a git-ignored file.
.serve_secret_key:
	@$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(64))" > $@

.PHONY: serve
serve: $(STAMP) .serve_secret_key
	export DJANGO_DEBUG=0 DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_SECRET_KEY="$$(cat .serve_secret_key)"; \
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0 && \
	$(BIN)/python manage.py migrate --noinput && \
	$(BIN)/python manage.py seed_demo && \
	GUNICORN_ACCESS_LOG=- $(BIN)/gunicorn config.wsgi --config gunicorn.conf.py

# Load test of the production stack at 100,000 listings on PostgreSQL (bench/README.md): its
# own databases jb_load_50 and jb_load_400, gunicorn on 127.0.0.1:8765, wrk (installed when
# missing). About 50 minutes; `make bench-load BENCH_LOAD_ARGS=--quick` checks it in 10 to 15.
# Never part of .ci/run.
.PHONY: bench-load
bench-load: $(STAMP) .env
	$(BIN)/python bench/load.py $(BENCH_LOAD_ARGS)

# The scale-out topology of deploy/README.md started on this machine with throwaway parts on
# high ports (a primary and a streaming replica made with initdb and pg_basebackup, Redis,
# two app servers, nginx), the load test's URL set through nginx, an edit followed to the
# replica; everything it started is stopped. About 8 minutes. Never part of .ci/run.
# The reliability suite (bench/reliability.py): fuzzed URLs, hostile text in Chromium, wrong
# logins, a PostgreSQL restart and killed workers under load, a broken 100,000-row import,
# cached pages at 64 connections; a table of figures. About 15 minutes. Never part of .ci/run.
.PHONY: bench-reliability
bench-reliability: $(STAMP) .env
	$(BIN)/python bench/reliability.py $(BENCH_RELIABILITY_ARGS)

.PHONY: bench-scale
bench-scale: $(STAMP) .env
	$(BIN)/python bench/scale.py $(BENCH_SCALE_ARGS)
