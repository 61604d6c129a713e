#!/usr/bin/env bash
# The load and fault suite: the whole system under realistic traffic while its parts are killed and
# restarted, then a check of every invariant and a report with plots.
#
#   bench/e2e/run.sh
#
# Starts the system with run-local.sh (Kafka, PostgreSQL and the four services, each its own process) in
# a scratch folder (bench/e2e/target/stack, emptied first) on ports of its own, with LOCAL_STACK_SUPERVISE=1
# so a process that is killed is started again. Drives the ingress with bench/e2e/src (Java, compiled here)
# after a warm-up, at RATE submissions/s for DURATION s while it kills each service with kill -9 and restarts Kafka and
# PostgreSQL, then checks the invariants and writes bench/e2e/target/report/report.md and its PNG plots.
# Exit status 0 when every invariant held. Stops everything it started.
#
# Settings (environment):
#   RATE (200), DURATION (300 s), WARMUP (60 s, rising to RATE, not measured), FAULTS (on | off), FAULT_START (30 s), FAULT_SPACING ((DURATION-90)/5 s),
#   CONNECTIONS (180: requests in flight at most), GRACE (20 s after a fault's end in which 5xx still count as the fault's), PATIENCE (240 s: how long a
#   client keeps trying one step), SUITE_BUILD (auto: build first | never), SUITE_PORT_BASE (28000: ingress +180,
#   reklame-command +181, reklame-query +182, permit-worker +183; PostgreSQL 25532, Kafka 29192/29193;
#   all below 32768, outside the ephemeral ports a client connection may take: a port a killed service
#   leaves free could otherwise be taken by a connection to itself and the service not start again),
#   SERVICE_JAVA_OPTS (-Xms256m -Xmx512m -XX:+ExitOnOutOfMemoryError),
#   SUITE_ATTACH=1: use a stack already running (its LOCAL_STACK_DIR, ports and settings as above) and start nothing.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE=$ROOT/bench/e2e
TARGET=$HERE/target
cd "$ROOT"
say() { printf '[suite] %s\n' "$*"; }

BASE=${SUITE_PORT_BASE:-28000}
export INGRESS_PROXY_PORT=$((BASE + 180)) REKLAME_COMMAND_PORT=$((BASE + 181))
export REKLAME_QUERY_PORT=$((BASE + 182)) PERMIT_WORKER_PORT=$((BASE + 183))
export POSTGRES_PORT=${SUITE_POSTGRES_PORT:-25532} KAFKA_PORT=${SUITE_KAFKA_PORT:-29192}
export KAFKA_CONTROLLER_PORT=${SUITE_KAFKA_CONTROLLER_PORT:-29193}
export LOCAL_STACK_DIR=${LOCAL_STACK_DIR:-$TARGET/stack}
export LOCAL_STACK_BUILD=never LOCAL_STACK_SUPERVISE=1
# the suite is one client sending far more than one applicant would: the ingress's per-client limit is not under test
export REKLAME_RATE_LIMIT_ENABLED=false
# the services as they would run in production: full JIT, not the local stack's quick-start C1 only
export SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS:--Xms256m -Xmx512m -XX:+ExitOnOutOfMemoryError}
export SUITE_INGRESS=http://127.0.0.1:$INGRESS_PROXY_PORT SUITE_KAFKA=127.0.0.1:$KAFKA_PORT
export SUITE_DATABASE_URL=jdbc:postgresql://127.0.0.1:$POSTGRES_PORT/reklame SUITE_STACK_DIR=$LOCAL_STACK_DIR
export SUITE_REPORT_DIR=$TARGET/report
mkdir -p "$TARGET"

# ---- build: the services, the local stack, and the suite's own classpath --------------------
if [[ ${SUITE_BUILD:-auto} != never ]]; then
  say "building the services and the local stack (./mvnw -DskipTests package, log: $TARGET/build.log)"
  ./mvnw -B -DskipTests package -pl reklame-command,permit-worker,reklame-query,ingress-proxy,local-stack -am >"$TARGET/build.log" 2>&1 ||
    { tail -n 30 "$TARGET/build.log" >&2; exit 1; }
fi
if [[ ! -f $TARGET/classpath.txt || $HERE/pom.xml -nt $TARGET/classpath.txt ]]; then
  ./mvnw -q -B -f "$HERE/pom.xml" dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$TARGET/classpath.txt" >/dev/null
fi
CLASSPATH_SUITE=$TARGET/classes:$ROOT/contracts/target/classes:$ROOT/local-stack/target/classes:$(<"$TARGET/classpath.txt")

# ---- the stack ------------------------------------------------------------------------------
STACK=
stop_stack() {
  if [[ -n $STACK ]] && kill -0 "$STACK" 2>/dev/null; then
    say "stopping the stack (logs stay in $LOCAL_STACK_DIR/logs)"
    kill -TERM "$STACK" 2>/dev/null || true
    wait "$STACK" 2>/dev/null || true
  fi
}
trap stop_stack EXIT
trap 'exit 130' INT TERM

STACK_LOG=$TARGET/stack.log
if [[ ${SUITE_ATTACH:-0} == 1 ]]; then
  say "attaching to the stack in $LOCAL_STACK_DIR"
  JAVA=$(sed -n 's/^\[run-local\] using Java [0-9]* at \(.*\)$/\1/p' "$STACK_LOG" 2>/dev/null | tail -n 1)/bin/java
else
  rm -rf "$LOCAL_STACK_DIR" "$STACK_LOG" # (an old log would say "ready" before the new one is written)
  say "starting the system (log: $STACK_LOG, each process's in $LOCAL_STACK_DIR/logs)"
  "$ROOT/run-local.sh" >"$STACK_LOG" 2>&1 &
  STACK=$!
  until grep -q "e-Reklame is ready" "$STACK_LOG" 2>/dev/null; do
    kill -0 "$STACK" 2>/dev/null || { tail -n 30 "$STACK_LOG" >&2; exit 1; }
    sleep 1
  done
  JAVA=$(sed -n 's/^\[run-local\] using Java [0-9]* at \(.*\)$/\1/p' "$STACK_LOG")/bin/java
fi
[[ -x $JAVA ]] || JAVA=java

# ---- the suite ------------------------------------------------------------------------------
rm -rf "$TARGET/classes" "$SUITE_REPORT_DIR"
"${JAVA%/java}/javac" --release 21 -d "$TARGET/classes" -cp "$CLASSPATH_SUITE" $(find "$HERE/src" -name '*.java')
status=0
"$JAVA" -Xmx2g -Djava.awt.headless=true -cp "$CLASSPATH_SUITE" id.reklame.bench.e2e.Suite || status=$?
exit $status
