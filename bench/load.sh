#!/usr/bin/env bash
# Load test: gunicorn serving the register (as `make serve` does), wrk sending load from a
# second process on loopback for a bounded time.
#
# First, side by side: the bare Django + DRF stack (bench/bare.py: no middleware, one query,
# a plain ModelSerializer) is served by a second gunicorn with the same settings, and both are
# sent the same API detail and list-of-50 addresses in alternating rounds; it prints requests
# per second and latency of both and the register's share of the bare stack. The register is
# served there with its kept answers off (RESPONSE_CACHE_SECONDS=0): the bare view keeps none,
# and the comparison is of the work of building an answer. Then the realistic mix
# (bench/urls.py) against the register alone, three times: with its kept answers off; as
# deployed (on; they live in CACHE_URL's cache, which should start empty); and as deployed once
# every address has been asked: requests per second and latency percentiles.
#
# Usage: DATABASE_URL=postgres://…/bench bench/load.sh [seconds] [connections]
#   seconds: of the mix (30); ROUNDS (3) and COMPARE_SECONDS (10) shape the side-by-side part.
#   EXPORT=0 skips the last step: the whole register downloaded as export.jsonl over HTTP
#   (time and size, curl), beside psql's COPY of the entries' stored documents to a file.
# TARGET=https://localhost:8443 sends the mix to a register already serving that database
# instead (nginx in front of deploy/two-servers; no side-by-side part); BYPASS_CACHE=1 then
# makes nginx pass every request to the app servers (a session cookie, as a signed-in
# visitor's would).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN=${1:-30}
CONNECTIONS=${2:-16}
PORT=${PORT:-8090}
ROUNDS=${ROUNDS:-3}
COMPARE_SECONDS=${COMPARE_SECONDS:-10}
: "${DATABASE_URL:?point DATABASE_URL at a generated register}"
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null; }

export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-load-test-only-secret-key-0123456789abcdefghijklmnop}
export DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=0 ACCESS_LOG=/dev/null
export LOG_LEVEL=ERROR
# The capacity of the application is measured, not the public throttles.
export API_THROTTLE_ANON=100000000/min API_THROTTLE_USER=100000000/min
export API_THROTTLE_EXPORT=100000000/min
export BYPASS_CACHE=${BYPASS_CACHE:-0}

mkdir -p var
.venv/bin/python bench/urls.py var/bench-urls.txt

# wrk over the addresses of FILE against BASE for SECONDS: "req/s p50 p99 failures".
run_wrk() {
  wrk -t2 -c"$CONNECTIONS" -d"${3}s" --latency -s bench/mix.lua "$2" -- "$1" >var/bench-wrk.txt
  awk '/^Requests\/sec/ {r = $2} /^ +50%/ {p50 = $2} /^ +99%/ {p99 = $2}
       /^non-2xx/ {bad = $3} END {print r, p50, p99, bad}' var/bench-wrk.txt
}

# gunicorn NAME PORT SETTINGS: serve in the background, stopped on exit.
PIDS=()
stop_all() { for pid in "${PIDS[@]}"; do kill "$(cat "$pid")" 2>/dev/null || true; done; }
trap stop_all EXIT
gunicorn_on() {
  RESPONSE_CACHE_SECONDS=${5:-0} DJANGO_SETTINGS_MODULE=$3 BIND=127.0.0.1:$2 .venv/bin/gunicorn -c config/gunicorn.py \
    config.wsgi --daemon --pid "var/bench-$1.pid"
  PIDS+=("var/bench-$1.pid")
  for _ in $(seq 50); do curl -fs -o /dev/null "http://127.0.0.1:$2$4" && return; sleep 0.2; done
  echo "gunicorn ($1) did not answer on port $2" >&2
  exit 1
}

if [ -n "${TARGET:-}" ]; then
  BASE="$TARGET"
else
  BASE="http://127.0.0.1:$PORT"
  BARE="http://127.0.0.1:$((PORT + 1))"
  BUILT="http://127.0.0.1:$((PORT + 2))"  # the register with its kept answers off
  .venv/bin/python manage.py collectstatic --no-input --verbosity 0
  .venv/bin/python bench/urls.py var/bench --compare --count 2000 >/dev/null
  gunicorn_on register "$PORT" config.settings / "${RESPONSE_CACHE_SECONDS:-600}"
  gunicorn_on built "$((PORT + 2))" config.settings / 0
  gunicorn_on bare "$((PORT + 1))" bench.bare_settings \
    "$(head -1 var/bench-detail-bare.txt)"

  echo "side by side: $ROUNDS alternating rounds of ${COMPARE_SECONDS} s, $CONNECTIONS connections"
  for endpoint in detail list; do  # warm both
    run_wrk "var/bench-$endpoint-register.txt" "$BUILT" 2 >/dev/null
    run_wrk "var/bench-$endpoint-bare.txt" "$BARE" 2 >/dev/null
  done
  printf '%-6s %-7s %14s %9s %9s %12s %9s %9s %7s\n' round endpoint "register req/s" p50 p99 \
    "bare req/s" p50 p99 share
  : >var/bench-compare.txt
  for round in $(seq "$ROUNDS"); do
    for endpoint in detail list; do
      read -r ours o50 o99 obad < <(run_wrk "var/bench-$endpoint-register.txt" "$BUILT" \
        "$COMPARE_SECONDS")
      read -r bare b50 b99 bbad < <(run_wrk "var/bench-$endpoint-bare.txt" "$BARE" \
        "$COMPARE_SECONDS")
      [ "$obad$bbad" = "00" ] || echo "answers other than 200/304: register $obad, bare $bbad"
      echo "$endpoint $ours $bare" >>var/bench-compare.txt
      printf '%-6s %-7s %14s %9s %9s %12s %9s %9s %6.0f%%\n' "$round" "$endpoint" "$ours" \
        "$o50" "$o99" "$bare" "$b50" "$b99" "$(awk -v a="$ours" -v b="$bare" \
        'BEGIN {print 100 * a / b}')"
    done
  done
  awk '{ours[$1] += $2; bare[$1] += $3; n[$1]++}
       END {for (e in n) printf "%-6s %-7s %14.1f %9s %9s %12.1f %9s %9s %6.0f%%\n", "mean", e,
            ours[e] / n[e], "", "", bare[e] / n[e], "", "", 100 * ours[e] / bare[e]}' \
    var/bench-compare.txt | sort -k2
  echo
fi

# the_mix NAME BASE: 5 s of warming up, then SECONDS_TO_RUN measured.
the_mix() {
  echo "the mix, $1: warming up for 5 s"
  wrk -t2 -c"$CONNECTIONS" -d5s -s bench/mix.lua "$2" -- var/bench-urls.txt >/dev/null
  echo "measuring for ${SECONDS_TO_RUN} s with $CONNECTIONS connections"
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_TO_RUN}s" --latency -s bench/mix.lua "$2" \
    -- var/bench-urls.txt
}
if [ -n "${TARGET:-}" ]; then
  the_mix "at $TARGET" "$BASE"
else
  the_mix "every answer built (RESPONSE_CACHE_SECONDS=0)" "$BUILT"
  echo
  the_mix "as deployed (kept answers on)" "$BASE"
  # The steady state of a working set of 5,000 addresses: each asked once more (curl sends no
  # Accept header here, as wrk does not: the same kept answer), then the mix again.
  echo
  started=$(date +%s.%N)
  sed "s#^#-o /dev/null $BASE#" var/bench-urls.txt | xargs -P "$CONNECTIONS" -n 75 \
    curl -s -H "Accept-Language: ru" -H "Accept:"
  echo "every address of the mix asked once more: $(awk -v s="$started" \
    -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}') s"
  the_mix "as deployed, every address's answer kept" "$BASE"
fi

if [ -z "${TARGET:-}" ] && [ "${EXPORT:-1}" = "1" ]; then
  echo
  echo "the whole register as JSON Lines over HTTP (curl), then the bare COPY of its documents"
  curl -fsS -o /dev/null -H "Accept-Language: ru" \
    -w 'export.jsonl: %{size_download} bytes in %{time_total} s, status %{http_code}\n' \
    "$BASE/api/v1/export.jsonl"
  started=$(date +%s.%N)
  psql "$DATABASE_URL" -qAtc "\\copy (SELECT d.body FROM registry_entrydocument d JOIN \
    products_product p ON p.id = d.product_id WHERE d.language = 'ru' ORDER BY \
    p.registry_number) TO '/dev/null'"
  echo "COPY of the stored documents: $(awk -v s="$started" -v e="$(date +%s.%N)" \
    'BEGIN {printf "%.1f", e - s}') s"
fi
