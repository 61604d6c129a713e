#!/usr/bin/env bash
# Graceful shutdown under load: submissions flow through the ingress to two reklame-command instances and two
# permit-worker instances; mid-way one instance of each gets SIGTERM. Checks that no client saw a 5xx, that the
# draining command instance answered no 5xx (the ingress's access log names the instance of every answer), and
# that every accepted submission (202) reaches the read model with the worker's decision (nothing lost); prints
# how long each drained instance took to exit.
#
#   LOCAL_STACK_SERVICES=none ./run-local.sh &      # Kafka and PostgreSQL only (or set the two URLs below)
#   bench/ops/drain.sh [seconds of load, default 20] [concurrent clients, default 4]
#
# Each submission carries an Idempotency-Key, as a client that wants safe retries sends it: the ingress then tries a
# request that met a closing connection again on the other instance (it never repeats a plain POST, which may have
# been applied). DRAIN_IDEMPOTENCY_KEYS=false sends plain POSTs instead, to see what such clients meet.
# Settings: KAFKA_BOOTSTRAP_SERVERS (localhost:9092), DATABASE_URL (jdbc:postgresql://localhost:5432/reklame),
# DATABASE_USERNAME / DATABASE_PASSWORD, JAVA_HOME (the newest JDK in /usr/lib/jvm), BENCH_DIR (target/bench-ops).
# Exit status 0 when every check passed, 1 otherwise.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
SECONDS_OF_LOAD=${1:-20}
CLIENTS=${2:-4}
KEYS=${DRAIN_IDEMPOTENCY_KEYS:-true}
RUN=$(date +%s)
JAVA_HOME=${JAVA_HOME:-$(ls -d /usr/lib/jvm/*-2[5-9]-* /usr/lib/jvm/*-2[1-4]-* 2>/dev/null | head -n 1 || true)}
[[ -x $JAVA_HOME/bin/java ]] || { echo "no JDK 21+ found: set JAVA_HOME" >&2; exit 1; }
JAVA=$JAVA_HOME/bin/java
WORK=${BENCH_DIR:-$ROOT/target/bench-ops}/drain
rm -rf "$WORK" && mkdir -p "$WORK"
export KAFKA_BOOTSTRAP_SERVERS=${KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}
export DATABASE_URL=${DATABASE_URL:-jdbc:postgresql://localhost:5432/reklame}
export DATABASE_USERNAME=${DATABASE_USERNAME:-reklame} DATABASE_PASSWORD=${DATABASE_PASSWORD:-reklame}
JAVA_OPTS=(-Xms64m -Xmx512m -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError)
jar() { ls "$ROOT/$1/target/$1"-*-exec.jar | head -n 1; }
now_ms() { date +%s%3N; }

declare -A PID
start() { # name, port, module, extra environment...
  local name=$1 port=$2 module=$3
  shift 3
  env PORT="$port" "$@" "$JAVA" "${JAVA_OPTS[@]}" -jar "$(jar "$module")" >"$WORK/$name.log" 2>&1 &
  PID[$name]=$!
}
stop_all() {
  for name in "${!PID[@]}"; do kill -TERM "${PID[$name]}" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_all EXIT
ready() { until curl -fs -o /dev/null "http://127.0.0.1:$1/actuator/health/readiness"; do sleep 0.2; done; }

# the workers' spare consumers would idle: two instances split the partitions
start command-a 18281 reklame-command
start command-b 18282 reklame-command
start worker-a 18283 permit-worker WORKER_CONSUMERS=6
start worker-b 18284 permit-worker WORKER_CONSUMERS=6
start query 18285 reklame-query
start ingress 18280 ingress-proxy REKLAME_COMMAND_URL=http://127.0.0.1:18281,http://127.0.0.1:18282 \
  REKLAME_QUERY_URL=http://127.0.0.1:18285 PERMIT_WORKER_URL=http://127.0.0.1:18283 REKLAME_RATE_LIMIT_ENABLED=false
for port in 18281 18282 18283 18284 18285 18280; do ready "$port"; done
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); all instances ready; $CLIENTS clients for $SECONDS_OF_LOAD s, Idempotency-Key: $KEYS"

APPLICANT=$("$ROOT/run-local.sh" token APPLICANT drain-applicant)
client() { # n: submits until the load ends; one line per answer: status applicationId
  local n=$1 deadline=$(( $(now_ms) + SECONDS_OF_LOAD * 1000 )) body status id i=0 key
  while (( $(now_ms) < deadline )); do
    i=$((i + 1))
    body=$(printf '{"applicant":{"name":"PT Maju Jaya","idNumber":"3578012345670001","email":"izin@majujaya.co.id","phone":"+6281234567890"},"reklame":{"type":"BILLBOARD","content":"Kopi %s-%s","productCategory":"GENERAL","placement":"OUTDOOR","widthM":2,"heightM":4,"sides":1,"units":1},"location":{"address":"Jl. Raya Darmo %s","district":"Tegalsari","roadClass":"PROTOCOL","latitude":-7.%04d%03d,"longitude":112.%04d%03d},"period":{"startDate":"2027-01-01","endDate":"2027-01-30"}}' \
      "$n" "$i" "$i" "$n" "$((i % 1000))" "$i" "$n")
    key=()
    [[ $KEYS == true ]] && key=(-H "Idempotency-Key: drain-$RUN-$n-$i")
    status=$(curl -s -o "$WORK/body-$n" -w '%{http_code}' --max-time 15 -H 'Content-Type: application/json' \
      -H "Authorization: Bearer $APPLICANT" "${key[@]}" -H "X-Request-Id: drain-$n-$i" -d "$body" http://127.0.0.1:18280/api/v1/applications || echo 000)
    id=$(grep -o '"applicationId":"[^"]*' "$WORK/body-$n" 2>/dev/null | cut -d'"' -f4 || true)
    echo "$status ${id:--}"
  done >"$WORK/client-$n.txt"
}
for ((n = 1; n <= CLIENTS; n++)); do client "$n" & done

drain() { # name: SIGTERM, then the time until the process exits
  local started
  started=$(now_ms)
  kill -TERM "${PID[$1]}"
  wait "${PID[$1]}" 2>/dev/null || true
  unset "PID[$1]"
  echo "$1 exited $(( $(now_ms) - started )) ms after SIGTERM (under load)"
}
sleep $((SECONDS_OF_LOAD / 3))
drain command-b
drain worker-b
wait $(jobs -p | grep -v -E "^($(IFS='|'; echo "${PID[*]}"))$") 2>/dev/null || true
cat "$WORK"/client-*.txt >"$WORK/answers.txt"

failed=0
total=$(wc -l <"$WORK/answers.txt")
accepted=$(awk '$1 == 202' "$WORK/answers.txt" | wc -l)
server_errors=$(awk '$1 ~ /^5/ || $1 == "000"' "$WORK/answers.txt" | wc -l)
echo "answers: $total, accepted (202): $accepted, 5xx or no answer: $server_errors, other: $(awk '$1 != 202 && $1 !~ /^5/ && $1 != "000"' "$WORK/answers.txt" | wc -l)"
((server_errors == 0)) || { echo "FAIL: clients saw 5xx answers or none"; failed=1; }
from_b=$(grep -c '"upstream":"http://127.0.0.1:18282"' "$WORK/ingress.log" || true)
b_errors=$(grep '"upstream":"http://127.0.0.1:18282"' "$WORK/ingress.log" | grep -c '"status":5' || true)
echo "answered by the draining command instance: $from_b, of them 5xx: $b_errors"
((b_errors == 0)) || { echo "FAIL: the draining instance answered 5xx"; failed=1; }

# nothing lost: every accepted application reaches the read model with the worker's decision (version 2)
deadline=$(( $(now_ms) + 60000 ))
missing=0
while read -r status id; do
  [[ $status == 202 ]] || continue
  until curl -fs -o /dev/null -H "Authorization: Bearer $APPLICANT" "http://127.0.0.1:18285/api/v1/applications/$id?minVersion=2"; do
    if (( $(now_ms) > deadline )); then missing=$((missing + 1)); echo "missing: $id" >>"$WORK/missing.txt"; break; fi
    sleep 0.2
  done
done <"$WORK/answers.txt"
echo "accepted but not decided in the read model within 60 s: $missing"
((missing == 0)) || { echo "FAIL: accepted submissions were lost (see $WORK/missing.txt)"; failed=1; }
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
((failed == 0)) && echo "PASS: no 5xx, nothing lost" || echo "FAIL"
exit "$failed"
