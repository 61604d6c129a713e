#!/usr/bin/env bash
# What one read of a view costs, warm and alone: starts the system as view-latency.sh does (its ports, its data dir),
# submits one application, then reads it with wrk (2 threads, 16 connections; 40 s warm-up, 30 s measured), first
# straight from reklame-query, then through the ingress, and prints the rate, the latency and each process's CPU
# time per read. Needs wrk (Debian package).
#
#   bench/query/get-cost.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
OUT=$ROOT/bench/query/target
export POSTGRES_PORT=26433 KAFKA_PORT=26094 KAFKA_CONTROLLER_PORT=26095
export INGRESS_PROXY_PORT=26080 REKLAME_COMMAND_PORT=26081 REKLAME_QUERY_PORT=26082 PERMIT_WORKER_PORT=26083
export LOCAL_STACK_DIR=$OUT/latency-stack LOCAL_STACK_BUILD=never REKLAME_RATE_LIMIT_ENABLED=false
export SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS:--Xms256m -Xmx512m -XX:+ExitOnOutOfMemoryError}
echo "== building the four services and the local stack"
./mvnw -q -B -pl reklame-command,permit-worker,reklame-query,ingress-proxy,local-stack -am package -DskipTests
mkdir -p "$OUT"
./run-local.sh >"$OUT/get-stack.log" 2>&1 &
STACK=$!
trap 'kill -TERM $STACK 2>/dev/null; wait $STACK 2>/dev/null || true' EXIT
until grep -q "e-Reklame is ready" "$OUT/get-stack.log"; do kill -0 $STACK || exit 1; sleep 1; done
PGPID=$(head -n 1 "$LOCAL_STACK_DIR/postgres/postmaster.pid")
TOKEN=$(./run-local.sh token APPLICANT get-cost)
cpu() {
  local p name t c
  for p in $(pgrep -P "$STACK"); do
    name=$(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -o '[a-z-]*-[0-9][0-9.]*[A-Z-]*-exec.jar\|kafka.Kafka' | head -n 1 | sed 's/-[0-9].*//')
    [[ -n $name ]] && echo "$name $(awk '{print $14+$15}' "/proc/$p/stat")"
  done
  t=$(awk '{print $14+$15+$16+$17}' "/proc/$PGPID/stat")
  for c in $(pgrep -P "$PGPID"); do t=$((t + $(awk '{print $14+$15}' "/proc/$c/stat" 2>/dev/null || echo 0))); done
  echo "postgresql $t"
}
BODY='{"applicant": {"name": "PT Get", "idNumber": "3578012345670001", "email": "get@example.co.id", "phone": "+6281234567890"},
 "reklame": {"type": "BILLBOARD", "content": "Get", "productCategory": "GENERAL", "placement": "OUTDOOR", "widthM": 2, "heightM": 4, "sides": 1, "units": 1},
 "location": {"address": "Jl. Get 1", "district": "Tegalsari", "roadClass": "PROTOCOL", "latitude": -7.21, "longitude": 112.71},
 "period": {"startDate": "2099-01-01", "endDate": "2099-01-30"}}'
ID=$(curl -s -X POST "http://localhost:$INGRESS_PROXY_PORT/api/v1/applications" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d "$BODY" | grep -o '"applicationId":"[^"]*"' | cut -d'"' -f4)
sleep 2
curl -s "http://localhost:$REKLAME_QUERY_PORT/api/v1/applications/$ID" -H "Authorization: Bearer $TOKEN" | head -c 200; echo
for target in "query $REKLAME_QUERY_PORT" "ingress $INGRESS_PROXY_PORT"; do
  set -- $target
  wrk -t2 -c16 -d40s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$2/api/v1/applications/$ID" >/dev/null  # warm-up
  before=$(cpu)
  out=$(wrk -t2 -c16 -d30s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$2/api/v1/applications/$ID")
  after=$(cpu)
  n=$(awk '/requests in/ {print $1}' <<<"$out")
  echo "== GET via $1: $(grep -E 'Requests/sec' <<<"$out")  $(grep -E '^ +Latency' <<<"$out")"
  join <(sort <<<"$before") <(sort <<<"$after") | awk -v n="$n" -v tick="$(getconf CLK_TCK)" '{ printf "   %s %.0f us", $1, ($3 - $2) * 1e6 / tick / n } END { print " CPU per GET" }'
done
