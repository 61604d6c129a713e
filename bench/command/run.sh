#!/usr/bin/env bash
# Accepted submissions per second and their latency, straight to reklame-command, while its outbox
# relay keeps reklame.applications.v1 up to date.
#
#   bench/command/run.sh
#
# Starts (through run-local.sh, in a scratch folder, on ports of its own) a real PostgreSQL 17, a real
# Kafka broker and reklame-command as its own JVM; warms it up, then drives it with wrk: CLIENTS
# concurrent connections posting the api.md application for DURATION seconds. Prints accepted/s,
# p50/p90/p99 latency, the outbox relay's lag (commit to broker acknowledgement) during the run, and
# the outbox backlog and oldest entry when the load stops. Stops everything it started.
#
# Settings (environment): CLIENTS (64), THREADS (2, wrk's), DURATION (60), WARMUP (60: the JIT needs about that long on two busy cores, see README.md),
#   BENCH_PORT_BASE (27000: PostgreSQL +432, Kafka +92/+93, reklame-command +81),
#   BENCH_JAVA_OPTS (-Xms512m -Xmx1g), DATABASE_POOL_SIZE (10), BENCH_BUILD (auto|always|never),
#   BENCH_KEEP (1 keeps the scratch folder with every process's log), POSTGRES_SERVER_SETTINGS (PostgreSQL's server
#   settings, see run-local.sh --help).
# Needs wrk (Debian: apt-get install -y wrk) and a JDK 21+.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE=$ROOT/bench/command
CLIENTS=${CLIENTS:-64}
THREADS=${THREADS:-2}
DURATION=${DURATION:-60}
WARMUP=${WARMUP:-60}
BASE=${BENCH_PORT_BASE:-27000}
PORT=$((BASE + 81))
STATE=$(mktemp -d "${TMPDIR:-/tmp}/reklame-bench.XXXXXX")
say() { printf '[bench] %s\n' "$*"; }

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }

# ---- build (the same modules run-local.sh needs), unless there are jars already ------------
jar=$(ls "$ROOT"/reklame-command/target/reklame-command-*-exec.jar 2>/dev/null | head -n 1 || true)
if [[ ${BENCH_BUILD:-auto} == always || (${BENCH_BUILD:-auto} == auto && (-z $jar || ! -f $ROOT/local-stack/target/classpath.txt)) ]]; then
  say "building reklame-command and local-stack (./mvnw -DskipTests package)"
  (cd "$ROOT" && ./mvnw -q -B -DskipTests package -pl local-stack,reklame-command -am)
fi

# ---- start PostgreSQL, Kafka and reklame-command --------------------------------------------
STACK_PID=
cleanup() {
  if [[ -n $STACK_PID ]] && kill -0 "$STACK_PID" 2>/dev/null; then
    say "stopping the stack"
    kill -TERM "$STACK_PID" 2>/dev/null || true
    wait "$STACK_PID" 2>/dev/null || true
  fi
  if [[ ${BENCH_KEEP:-0} == 1 ]]; then say "logs kept in $STATE/logs"; else rm -rf "$STATE"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "starting PostgreSQL, Kafka and reklame-command (data and logs in $STATE)"
LOCAL_STACK_BUILD=never LOCAL_STACK_SERVICES=reklame-command LOCAL_STACK_DIR=$STATE \
  POSTGRES_PORT=$((BASE + 432)) KAFKA_PORT=$((BASE + 92)) KAFKA_CONTROLLER_PORT=$((BASE + 93)) \
  REKLAME_COMMAND_PORT=$PORT DATABASE_POOL_SIZE=${DATABASE_POOL_SIZE:-10} \
  SERVICE_JAVA_OPTS="${BENCH_JAVA_OPTS:--Xms512m -Xmx1g -XX:+ExitOnOutOfMemoryError}" \
  "$ROOT/run-local.sh" >"$STATE/stack.log" 2>&1 &
STACK_PID=$!
until grep -q "e-Reklame is ready" "$STATE/stack.log" 2>/dev/null; do
  kill -0 "$STACK_PID" 2>/dev/null || { cat "$STATE/stack.log" >&2; exit 1; }
  sleep 1
done

metrics() { curl -sf "http://127.0.0.1:$PORT/actuator/prometheus"; }
metric() { # name: the value of an unlabelled sample
  metrics | awk -v name="$1" '$1 == name { print $2 }'
}
lag_buckets() { metrics | awk -F'[{}" ]+' '/^reklame_outbox_lag_seconds_bucket/ { print $3, $NF }'; }

# ---- warm up, then measure -------------------------------------------------------------------
URL=http://127.0.0.1:$PORT/api/v1/applications
BENCH_TOKEN=$("$ROOT/run-local.sh" token APPLICANT bench-applicant)
export BENCH_TOKEN
say "warming up for ${WARMUP}s"
wrk -t"$THREADS" -c"$CLIENTS" -d"${WARMUP}s" --timeout 10s -s "$HERE/submit.lua" "$URL" >/dev/null
sleep 2
lag_buckets >"$STATE/lag.before"
published_before=$(metric reklame_outbox_published_total)
SERVICE_PID=$(cat "$STATE/pids/reklame-command.pid")
TICK=$(getconf CLK_TCK)
service_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVICE_PID/stat"; }
machine_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; } # user nice system irq softirq
service_before=$(service_ticks)
machine_before=$(machine_ticks)

say "measuring: $CLIENTS clients for ${DURATION}s (load before: $(cut -d' ' -f1-3 /proc/loadavg))"
wrk -t"$THREADS" -c"$CLIENTS" -d"${DURATION}s" --timeout 10s -s "$HERE/submit.lua" "$URL" | tee "$STATE/wrk.out" |
  grep -v '^RESULT' || true
ended=$(date +%s%N)
service_cpu=$(($(service_ticks) - service_before))
machine_cpu=$(($(machine_ticks) - machine_before))
# the gauges read the outbox at most every 0.5 s: this is the outbox within ~0.5 s of the last request
backlog_at_end=$(metric reklame_outbox_backlog)
oldest_at_end=$(metric reklame_outbox_oldest_age_seconds)
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
until [[ $(metric reklame_outbox_backlog) == 0.0 ]]; do sleep 0.05; done
drained_ms=$((($(date +%s%N) - ended) / 1000000))
lag_buckets >"$STATE/lag.after"
published=$(awk -v a="$(metric reklame_outbox_published_total)" -v b="$published_before" 'BEGIN { printf "%d", a - b }')

# lag percentiles from the histogram's buckets (upper bounds), counting only this run
lag() { # percentile
  awk -v p="$1" 'NR == FNR { before[$1] = $2; next }
    { le[++k] = $1; n[k] = $2 - before[$1] }
    END { for (i = 1; i <= k; i++) if (n[i] >= p / 100 * n[k]) { printf "%s", (le[i] == "+Inf" ? "+Inf" : le[i] * 1000); exit } }' \
    "$STATE/lag.before" "$STATE/lag.after"
}

accepted=$(sed -n 's/^RESULT accepted=\([0-9]*\).*/\1/p' "$STATE/wrk.out")
echo
echo "==== reklame-command: $CLIENTS clients, ${DURATION}s, $(nproc) cores (shared with PostgreSQL, Kafka, wrk) ===="
sed -n 's/^RESULT //p' "$STATE/wrk.out"
echo "outbox relay lag (commit -> broker ack) during the run: p50 <= $(lag 50) ms, p99 <= $(lag 99) ms (histogram bucket bounds)"
echo "published during the run and the drain: $published (accepted in the run: $accepted)"
echo "when the load stopped: outbox backlog ${backlog_at_end%.0} events, oldest entry ${oldest_at_end} s; empty ${drained_ms} ms after the last request"
per_request() { awk -v t="$1" -v hz="$TICK" -v n="$accepted" 'BEGIN { printf "%.0f", t / hz * 1e6 / n }'; }
echo "CPU per accepted submission: reklame-command $(per_request "$service_cpu") µs, whole machine $(per_request "$machine_cpu") µs"
echo "load average before/after: see above / $load_after"
