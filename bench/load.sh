#!/usr/bin/env bash
# Load test: gunicorn serving the register (as `make serve` does), wrk sending a realistic
# mix from a second process on loopback for a bounded time; prints requests per second and
# latency percentiles. Usage: DATABASE_URL=postgres://…/bench bench/load.sh [seconds] [connections]
# TARGET=https://localhost:8443 sends the load to a register already serving that database
# instead (nginx in front of deploy/two-servers); BYPASS_CACHE=1 then makes nginx pass every
# request to the app servers (a session cookie, as a signed-in visitor's would).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN=${1:-30}
CONNECTIONS=${2:-16}
PORT=${PORT:-8090}
: "${DATABASE_URL:?point DATABASE_URL at a generated register}"
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null; }

export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-load-test-only-secret-key-0123456789abcdefghijklmnop}
export DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=0 ACCESS_LOG=/dev/null
export BIND=127.0.0.1:$PORT LOG_LEVEL=ERROR
# The capacity of the application is measured, not the public throttles.
export API_THROTTLE_ANON=100000000/min API_THROTTLE_USER=100000000/min

mkdir -p var
.venv/bin/python bench/urls.py var/bench-urls.txt
if [ -n "${TARGET:-}" ]; then
  BASE="$TARGET"
else
  BASE="$BASE"
  .venv/bin/python manage.py collectstatic --no-input --verbosity 0
  .venv/bin/gunicorn -c config/gunicorn.py config.wsgi --daemon --pid var/bench-gunicorn.pid
  trap 'kill "$(cat var/bench-gunicorn.pid)" 2>/dev/null || true' EXIT
  for _ in $(seq 50); do curl -fs -o /dev/null "$BASE/" && break; sleep 0.2; done
fi
export BYPASS_CACHE=${BYPASS_CACHE:-0}

echo "warming up for 5 s"
wrk -t2 -c"$CONNECTIONS" -d5s -s bench/mix.lua "$BASE" -- var/bench-urls.txt >/dev/null
echo "measuring for ${SECONDS_TO_RUN} s with $CONNECTIONS connections"
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_TO_RUN}s" --latency -s bench/mix.lua "$BASE" \
  -- var/bench-urls.txt
