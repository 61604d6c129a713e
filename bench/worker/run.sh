#!/usr/bin/env bash
# permit-worker throughput: decisions per second from a pre-filled topic of 100,000
# ApplicationSubmitted events, with one and with two worker instances (separate JVMs), in one run.
#
#   bench/worker/run.sh
#
# Starts its own Kafka broker and PostgreSQL through run-local.sh (no services, ports 29092/29093
# and 25432, data under bench/worker/target/stack), builds what is missing, runs WorkerBench.java,
# prints the figures and stops everything. Worker logs: bench/worker/target/logs/.
#
# Optional environment: BENCH_EVENTS (100000), BENCH_ROUNDS (2: each round runs 1 then 2 instances),
# BENCH_INSTANCES ("1 2": the instance counts of a round),
# WORKER_JAVA_OPTS (-Xms256m -Xmx768m -XX:+UseParallelGC), BENCH_POSTGRES_PORT, BENCH_KAFKA_PORT.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
HERE=bench/worker
mkdir -p "$HERE/target"

POSTGRES_PORT=${BENCH_POSTGRES_PORT:-25432}
KAFKA_PORT=${BENCH_KAFKA_PORT:-29092}

# the stack: a fresh broker and database each time, so rounds of earlier runs do not pile up
rm -rf "$HERE/target/stack"
LOCAL_STACK_SERVICES=none LOCAL_STACK_DIR="$ROOT/$HERE/target/stack" POSTGRES_PORT=$POSTGRES_PORT \
  KAFKA_PORT=$KAFKA_PORT KAFKA_CONTROLLER_PORT=$((KAFKA_PORT + 1)) \
  ./run-local.sh >"$HERE/target/stack.log" 2>&1 &
STACK=$!
stop_stack() {
  kill -TERM "$STACK" 2>/dev/null || true
  wait "$STACK" 2>/dev/null || true
}
trap stop_stack EXIT
trap 'exit 130' INT TERM

echo "[bench] building permit-worker and the local stack if needed, then starting Kafka and PostgreSQL"
until grep -q "e-Reklame is ready" "$HERE/target/stack.log" 2>/dev/null; do
  kill -0 "$STACK" 2>/dev/null || { tail -n 30 "$HERE/target/stack.log" >&2; exit 1; }
  sleep 1
done

# run-local.sh found a JDK 21+ and built local-stack; the worker and the driver's classpath come next
JDK=$(sed -n 's/^\[run-local\] using Java [0-9]* at //p' "$HERE/target/stack.log" | head -n 1)
JAVA=$JDK/bin/java
# always from this tree (with -am, so a module someone else installed meanwhile is not picked up)
JAVA_HOME=$JDK ./mvnw -q -B -DskipTests -pl permit-worker -am install >"$HERE/target/build.log" 2>&1 ||
  { tail -n 30 "$HERE/target/build.log" >&2; exit 1; }
JAVA_HOME=$JDK ./mvnw -q -B -pl permit-worker dependency:build-classpath -Dmdep.outputFile="$ROOT/$HERE/target/classpath.txt" \
  >"$HERE/target/classpath.log" 2>&1 || { tail -n 30 "$HERE/target/classpath.log" >&2; exit 1; }

BENCH_STACK_DIR=$ROOT/$HERE/target/stack JAVA=$JAVA WORKER_JAR=$(ls -t "$ROOT"/permit-worker/target/permit-worker-*-exec.jar | head -n 1) \
  KAFKA_BOOTSTRAP_SERVERS=localhost:$KAFKA_PORT \
  DATABASE_URL=jdbc:postgresql://localhost:$POSTGRES_PORT/reklame DATABASE_USERNAME=reklame DATABASE_PASSWORD=reklame \
  "$JAVA" -Dlogback.configurationFile="$HERE/logback.xml" --enable-native-access=ALL-UNNAMED \
  -cp "$(<"$HERE/target/classpath.txt")" "$HERE/WorkerBench.java"
