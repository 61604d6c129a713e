#!/usr/bin/env bash
# Start-up and shutdown times of each service, side by side: the exec jar as built, the same jar extracted
# (Spring Boot's `-Djarmode=tools extract`), and the extracted jar with a JDK AOT cache (JEP 483/514, JDK 25+)
# made by a training run that stops after the context refresh (-Dspring.context.exit=onRefresh).
#
#   LOCAL_STACK_SERVICES=none ./run-local.sh &      # Kafka and PostgreSQL only (or set the two URLs below)
#   bench/ops/start-stop.sh [runs per mode, default 5]
#
# "ready" is from launching the JVM to the first 200 from /actuator/health/readiness (the database and the broker
# answer); "stop" is from SIGTERM to the process's exit. Medians over the runs, one service at a time.
# Settings: KAFKA_BOOTSTRAP_SERVERS (localhost:9092), DATABASE_URL (jdbc:postgresql://localhost:5432/reklame),
# DATABASE_USERNAME / DATABASE_PASSWORD, SERVICES (all four), JAVA_HOME (the newest JDK in /usr/lib/jvm),
# SERVICE_JAVA_OPTS (run-local.sh's default), BENCH_DIR (target/bench-ops).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
RUNS=${1:-5}
SERVICES=(${SERVICES:-reklame-command permit-worker reklame-query ingress-proxy})
JAVA_HOME=${JAVA_HOME:-$(ls -d /usr/lib/jvm/*-2[5-9]-* /usr/lib/jvm/*-2[1-4]-* 2>/dev/null | head -n 1 || true)}
[[ -x $JAVA_HOME/bin/java ]] || { echo "no JDK 21+ found: set JAVA_HOME" >&2; exit 1; }
JAVA=$JAVA_HOME/bin/java
read -r -a JAVA_OPTS <<<"${SERVICE_JAVA_OPTS:--Xms64m -Xmx512m -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError}"
WORK=${BENCH_DIR:-$ROOT/target/bench-ops}
mkdir -p "$WORK"
export KAFKA_BOOTSTRAP_SERVERS=${KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}
export DATABASE_URL=${DATABASE_URL:-jdbc:postgresql://localhost:5432/reklame}
export DATABASE_USERNAME=${DATABASE_USERNAME:-reklame} DATABASE_PASSWORD=${DATABASE_PASSWORD:-reklame}
JAVA_MAJOR=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')

port_of() { case $1 in ingress-proxy) echo 18180 ;; reklame-command) echo 18181 ;; reklame-query) echo 18182 ;; permit-worker) echo 18183 ;; esac; }
now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "-"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

launch() { # service, log, java arguments...: starts it in the background, sets PID
  local s=$1 log=$2
  shift 2
  PORT=$(port_of "$s") REKLAME_COMMAND_URL=http://localhost:$(port_of reklame-command) \
    REKLAME_QUERY_URL=http://localhost:$(port_of reklame-query) PERMIT_WORKER_URL=http://localhost:$(port_of permit-worker) \
    "$JAVA" "${JAVA_OPTS[@]}" "$@" >"$log" 2>&1 &
  PID=$!
}

measure() { # service, mode, java arguments...: prints "ready_ms stop_ms"
  local s=$1 mode=$2 log=$WORK/$1-$2.log started ready stopped
  shift 2
  started=$(now_ms)
  launch "$s" "$log" "$@"
  until curl -fs -o /dev/null "http://127.0.0.1:$(port_of "$s")/actuator/health/readiness"; do
    kill -0 "$PID" 2>/dev/null || { echo "$s ($mode) exited; see $log" >&2; tail -n 5 "$log" >&2; exit 1; }
    (( $(now_ms) - started < 120000 )) || { kill -KILL "$PID"; echo "$s ($mode) not ready in 120 s" >&2; exit 1; }
    sleep 0.05
  done
  ready=$(( $(now_ms) - started ))
  stopped=$(now_ms)
  kill -TERM "$PID"
  wait "$PID" || true
  echo "$ready $(( $(now_ms) - stopped ))"
}

printf 'machine: %s cores, load average %s; Java %s\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" "$JAVA_MAJOR"
printf '%-16s %-10s %10s %10s   (median of %s runs; ms)\n' service mode ready stop "$RUNS"
for s in "${SERVICES[@]}"; do
  jar=$(ls "$ROOT/$s/target/$s"-*-exec.jar | head -n 1)
  rm -rf "$WORK/$s" && "$JAVA" -Djarmode=tools -jar "$jar" extract --destination "$WORK/$s" >/dev/null
  extracted=$(ls "$WORK/$s"/*.jar | head -n 1)
  modes=(exec-jar extracted)
  if ((JAVA_MAJOR >= 25)); then
    rm -f "$WORK/$s.aot"
    launch "$s" "$WORK/$s-training.log" -XX:AOTCacheOutput="$WORK/$s.aot" -Dspring.context.exit=onRefresh -jar "$extracted"
    wait "$PID" || true
    [[ -f $WORK/$s.aot ]] && modes+=(aot-cache) || echo "$s: no AOT cache made, see $WORK/$s-training.log" >&2
  fi
  for mode in "${modes[@]}"; do
    case $mode in
      exec-jar) args=(-jar "$jar") ;;
      extracted) args=(-jar "$extracted") ;;
      aot-cache) args=(-XX:AOTCache="$WORK/$s.aot" -jar "$extracted") ;;
    esac
    : >"$WORK/$s-$mode.times"
    for ((i = 0; i < RUNS; i++)); do
      measure "$s" "$mode" "${args[@]}" >>"$WORK/$s-$mode.times"
    done
    printf '%-16s %-10s %10s %10s\n' "$s" "$mode" "$(cut -d' ' -f1 "$WORK/$s-$mode.times" | median)" \
      "$(cut -d' ' -f2 "$WORK/$s-$mode.times" | median)"
  done
done
printf 'load average after: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
