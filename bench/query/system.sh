# Sourced by view-latency.sh and get-cost.sh: builds the services, starts the whole system with run-local.sh on
# ports of its own (26080-26083 / 26094 / 26433, so it does not collide with a local stack already running, all
# below the ephemeral range a client connection may take; data in bench/query/target/latency-stack), waits until
# it is ready, stops it when the script exits, and defines cpu(). Expects ROOT and OUT; sets STACK, JAVA and PGPID.
export POSTGRES_PORT=${BENCH_POSTGRES_PORT:-26433} KAFKA_PORT=${BENCH_KAFKA_PORT:-26094}
export KAFKA_CONTROLLER_PORT=${BENCH_KAFKA_CONTROLLER_PORT:-26095}
export INGRESS_PROXY_PORT=26080 REKLAME_COMMAND_PORT=26081 REKLAME_QUERY_PORT=26082 PERMIT_WORKER_PORT=26083
export LOCAL_STACK_DIR=$OUT/latency-stack LOCAL_STACK_BUILD=never
# one client sending for many applicants: the ingress's per-client rate limit is not what is measured
export REKLAME_RATE_LIMIT_ENABLED=false
# the services as they would run in production: full JIT, not the local stack's quick-start C1 only
export SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS:--Xms256m -Xmx512m -XX:+ExitOnOutOfMemoryError}

echo "== building the four services and the local stack"
(cd "$ROOT" && ./mvnw -q -B -pl reklame-command,permit-worker,reklame-query,ingress-proxy,local-stack -am package -DskipTests)

mkdir -p "$OUT"
echo "== starting the system (log: $OUT/latency-stack.log)"
source "$ROOT/bench/query/local-stack.sh"
start_local_stack "$OUT/latency-stack.log"
PGPID=$(head -n 1 "$LOCAL_STACK_DIR/postgres/postmaster.pid")

# CPU clock ticks per process of the system: the four services, Kafka, and PostgreSQL with its backends
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
