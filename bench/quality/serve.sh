#!/usr/bin/env bash
# Start the production-like demo server the measurements run against: what `make serve` does
# (debug off, gunicorn, WhiteNoise with hashed compressed static files, demo data), but on a
# scratch SQLite database so the project's db.sqlite3 is never touched, and with a throwaway
# secret key.
#
#   bench/quality/serve.sh            # http://127.0.0.1:8000/ (PORT=8001 for another port)
#
# Runs in the foreground; stop it with Ctrl-C (or kill its process id).
set -euo pipefail
cd "$(dirname "$0")/../.."

PORT="${PORT:-8000}"
export DATABASE_URL="${DATABASE_URL:-sqlite:////tmp/quality.sqlite3}"
export DJANGO_DEBUG=0 DJANGO_SECURE_SSL_REDIRECT=0
export DJANGO_SECRET_KEY="${DJANGO_SECRET_KEY:-$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(64))')}"

.venv/bin/python manage.py collectstatic --noinput --verbosity 0
.venv/bin/python manage.py migrate --noinput --verbosity 0
.venv/bin/python manage.py seed_demo
exec .venv/bin/gunicorn config.wsgi --bind "127.0.0.1:${PORT}" --workers 3 --access-logfile -
