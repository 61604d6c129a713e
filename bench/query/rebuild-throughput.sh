#!/usr/bin/env bash
# Rebuild throughput of reklame-query's read models on this machine.
#
#   bench/query/rebuild-throughput.sh [events] [runs]      (default 1000000 events, 3 runs)
#
# Starts its own Kafka and PostgreSQL (run-local.sh, no services, ports 39092/35432 unless BENCH_*_PORT say otherwise, data in
# bench/query/target/), writes realistic whole application lives onto a fresh topic (about 4.2
# events per application, each application's events thousands of records apart), then runs the
# rebuild as the one-off admin process of reklame-query's artefact, `runs` times, against that topic.
# Prints each run's figures, their median, and the machine's load before and after. The admin process runs as the
# README tells operators to run it, with the throughput collector; REBUILD_GC=-XX:+UseG1GC measures the JVM's default
# instead. REBUILD_JAVA_OPTS adds JVM options to it (e.g. -XX:StartFlightRecording=... to profile it).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
EVENTS=${1:-1000000}
RUNS=${2:-3}
OUT=$ROOT/bench/query/target
mkdir -p "$OUT"
export POSTGRES_PORT=${BENCH_POSTGRES_PORT:-35432} KAFKA_PORT=${BENCH_KAFKA_PORT:-39092}
export KAFKA_CONTROLLER_PORT=${BENCH_KAFKA_CONTROLLER_PORT:-39093}
export LOCAL_STACK_DIR=$OUT/stack LOCAL_STACK_SERVICES=none LOCAL_STACK_BUILD=never

echo "== building (reklame-query, local-stack and the event generator)"
./mvnw -q -B -pl reklame-query,local-stack -am package -DskipTests
./mvnw -q -B -pl reklame-query -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$OUT/classpath.txt" -Dmdep.includeScope=test
JAR=$(ls -t reklame-query/target/reklame-query-*-exec.jar | head -n 1)

echo "== starting Kafka and PostgreSQL (log: $OUT/stack.log)"
source "$ROOT/bench/query/local-stack.sh"
start_local_stack "$OUT/stack.log"

TOPIC=bench.applications.$(date +%s)
echo "== writing $EVENTS events to $TOPIC"
"$JAVA" -cp "reklame-query/target/test-classes:reklame-query/target/classes:$(cat "$OUT/classpath.txt")" \
  id.reklame.query.ApplicationStreams "localhost:$KAFKA_PORT" "$TOPIC" "$EVENTS"

# CPU time (clock ticks) of the database (its backends are the postmaster's children) and of the broker,
# so each run also says what a record costs, whatever else the machine is doing
PGPID=$(head -n 1 "$LOCAL_STACK_DIR/postgres/postmaster.pid")
KPID=$(pgrep -f "kafka.Kafka $LOCAL_STACK_DIR/kafka/server.properties")
TICK=$(getconf CLK_TCK)
pg_ticks() {
  local t c
  t=$(awk '{print $14+$15+$16+$17}' "/proc/$PGPID/stat")
  for c in $(pgrep -P "$PGPID"); do t=$((t + $(awk '{print $14+$15}' "/proc/$c/stat" 2>/dev/null || echo 0))); done
  echo "$t"
}
kafka_ticks() { awk '{print $14+$15}' "/proc/$KPID/stat"; }

echo "== machine: $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
rates=()
for run in $(seq 1 "$RUNS"); do
  started=$(date +%s.%N)
  pg0=$(pg_ticks); k0=$(kafka_ticks)
  # bash's `times` after the run: the CPU time of the admin process (a child of this subshell)
  result=$( (DATABASE_URL=jdbc:postgresql://localhost:$POSTGRES_PORT/reklame KAFKA_BOOTSTRAP_SERVERS=localhost:$KAFKA_PORT \
    "$JAVA" -Xmx1g ${REBUILD_GC:--XX:+UseParallelGC} ${REBUILD_JAVA_OPTS:-} -jar "$JAR" rebuild --reklame.topics.applications="$TOPIC" 2>"$OUT/rebuild-$run.progress"; times) )
  ended=$(date +%s.%N)
  pg1=$(pg_ticks); k1=$(kafka_ticks)
  line=$(head -n 1 <<<"$result")
  jvm=$(tail -n 1 <<<"$result" | awk '{split($1,u,"m"); split($2,s,"m"); sub("s","",u[2]); sub("s","",s[2]); print u[1]*60+u[2]+s[1]*60+s[2]}')
  rate=$(sed -n 's/.*(\([0-9,]*\) records\/s).*/\1/p' <<<"$line" | tr -d ,)
  rates+=("$rate")
  printf 'run %d: %s\n  process wall time incl. JVM start %.1f s; CPU: admin process %.1f s (incl. ~9 s of start-up),' \
    "$run" "$line" "$(awk "BEGIN {print $ended - $started}")" "$jvm"
  printf ' PostgreSQL %.1f s, Kafka %.1f s; load %s\n' "$(awk "BEGIN {print ($pg1 - $pg0) / $TICK}")" \
    "$(awk "BEGIN {print ($k1 - $k0) / $TICK}")" "$(cut -d' ' -f1-3 /proc/loadavg)"
done
median=$(printf '%s\n' "${rates[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
echo "== median rebuild throughput over $RUNS runs: $median records/s (target 50000); load after: $(cut -d' ' -f1-3 /proc/loadavg)"
