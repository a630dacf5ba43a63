#!/usr/bin/env bash
# Full load test of 'mtaudit serve' on loopback: builds the binary, runs it
# under /usr/bin/time -v (for its peak RSS), drives it with the Go load test
# (server/load_test.go: 250 req/s for 30 s of typical articles by default)
# and stops it with SIGTERM (a graceful shutdown).
#
#   scripts/loadtest.sh                    # 250 req/s for 30 s
#   RATE=400 DURATION=60s scripts/loadtest.sh
#
# Prints the load test's figures and the server's peak RSS; exits non-zero
# if any request failed or the rate was not sustained.
set -euo pipefail
cd "$(dirname "$0")/.."

port=${PORT:-18080}
rate=${RATE:-250}
duration=${DURATION:-30s}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go build -o "$tmp/mtaudit" ./cmd/mtaudit
/usr/bin/time -v -o "$tmp/time.txt" "$tmp/mtaudit" serve --config none --addr "127.0.0.1:$port" --log-format json 2>"$tmp/serve.log" &
timepid=$!
for _ in $(seq 100); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
servepid=$(pgrep -P "$timepid")

status=0
MTAUDIT_LOADTEST=1 MTAUDIT_LOADTEST_RATE="$rate" MTAUDIT_LOADTEST_DURATION="$duration" \
  MTAUDIT_LOADTEST_URL="http://127.0.0.1:$port" MTAUDIT_LOADTEST_REPORT="$tmp/report.txt" \
  go test ./server -run '^TestLoad$' -count=1 -v -timeout 10m >"$tmp/test.txt" 2>&1 || status=$?

curl -fsS "http://127.0.0.1:$port/metrics" | grep -E '^mtaudit_(http_requests_total|audits_rejected|audit_timeouts|documents_total)' || true
kill -TERM "$servepid"
wait "$timepid" || true

cat "$tmp/report.txt" 2>/dev/null || tail -30 "$tmp/test.txt"
echo "server: $(grep -c '"msg":"request"' "$tmp/serve.log") access-log records; $(grep -E 'Maximum resident set size|Percent of CPU' "$tmp/time.txt" | sed 's/^\s*//' | paste -sd';' -)"
grep -q '"msg":"stopped"' "$tmp/serve.log" && echo "server: stopped gracefully on SIGTERM"
[ "$status" -eq 0 ] || tail -30 "$tmp/test.txt"
exit "$status"
