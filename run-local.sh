#!/usr/bin/env bash
# Runs the whole e-Reklame system on this machine: a real Kafka broker (KRaft) and a real
# PostgreSQL 17, then the four services, each as its own JVM process. Ctrl-C stops everything.
#
#   ./run-local.sh
#   ./run-local.sh token <ROLE> [subject]   prints a bearer token the local stack accepts, e.g.
#       curl -H "Authorization: Bearer $(./run-local.sh token APPLICANT)" localhost:8080/api/v1/applications
#     ROLE: APPLICANT, OFFICER, PAYMENT_GATEWAY or OPERATOR; subject defaults to <role>-1 (applicant-1, ...)
#
# Data lives in .local/ (kept across runs; delete the folder to start afresh), logs in .local/logs/.
# Only a JDK 21+ is needed; everything else comes from Maven Central through ./mvnw.
#
# Optional environment:
#   KAFKA_BOOTSTRAP_SERVERS  use this Kafka instead of starting one
#   DATABASE_URL             use this PostgreSQL (a JDBC URL) instead of starting one
#   DATABASE_USERNAME, DATABASE_PASSWORD   credentials of the services (default reklame / reklame)
#   LOCAL_STACK_SERVICES     all (default), none, or some of them, comma-separated:
#                            reklame-command,permit-worker,reklame-query,ingress-proxy
#   LOCAL_STACK_BUILD        auto (default: build when something is missing or older than the
#                            sources), always, never
#   LOCAL_STACK_DIR          where data and logs go (default .local)
#   LOCAL_STACK_TIMEOUT      seconds to wait for each part to be ready (default 240)
#   LOCAL_STACK_AOT_CACHE    auto (default: on with JDK 25+), true, false: start the services from a JDK AOT
#                            cache made by a training run after each build (in .local/aot)
#   LOCAL_STACK_SUPERVISE    1: start a process again when it ends (killed, crashed) instead of
#                            stopping everything; each process's pid is in <LOCAL_STACK_DIR>/pids/<name>.pid
#   SERVICE_JAVA_OPTS        JVM options of the services
#                            (default -Xms64m -Xmx512m -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError)
#   POSTGRES_PORT, KAFKA_PORT, KAFKA_CONTROLLER_PORT   (5432, 9092, 9093)
#   POSTGRES_SERVER_SETTINGS the local PostgreSQL's server settings, name=value pairs separated by spaces or commas
#                            (e.g. "max_wal_size=4GB shared_buffers=512MB"; default: PostgreSQL's own, commits durable)
#   INGRESS_PROXY_PORT, REKLAME_COMMAND_PORT, REKLAME_QUERY_PORT, PERMIT_WORKER_PORT
#                            (8080, 8081, 8082, 8083)
#
# Kafka's command-line tools run from the same classpath, e.g. to list the topics:
#   java -Dlog4j2.configurationFile=log4j2-tools.xml \
#     -cp "local-stack/target/classes:$(cat local-stack/target/classpath.txt)" \
#     org.apache.kafka.tools.TopicCommand --bootstrap-server localhost:9092 --list
set -euo pipefail

TOKEN_ARGS=()
case ${1:-} in
  '') ;;
  -h | --help) sed -n '2,/^set -euo pipefail/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;;
  token) shift; TOKEN_ARGS=("${@:-}") ;;
  *) echo "usage: $0 [--help] | $0 token <ROLE> [subject]   (settings come from the environment, see --help)" >&2; exit 2 ;;
esac

if ((BASH_VERSINFO[0] < 4 || (BASH_VERSINFO[0] == 4 && BASH_VERSINFO[1] < 4))); then
  echo "run-local.sh needs bash 4.4 or newer (this is $BASH_VERSION)" >&2
  exit 1
fi

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$ROOT"

ALL_SERVICES=(reklame-command permit-worker reklame-query ingress-proxy) # start order; stop is the reverse
STATE=${LOCAL_STACK_DIR:-$ROOT/.local}
mkdir -p "$STATE/logs"
STATE=$(cd "$STATE" && pwd)
LOGS=$STATE/logs
PID_FILES=$STATE/pids
SUPERVISE=${LOCAL_STACK_SUPERVISE:-0}
TIMEOUT=${LOCAL_STACK_TIMEOUT:-240}
POSTGRES_PORT=${POSTGRES_PORT:-5432}
KAFKA_PORT=${KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
DATABASE_USERNAME=${DATABASE_USERNAME:-reklame}
DATABASE_PASSWORD=${DATABASE_PASSWORD:-reklame}
SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS:--Xms64m -Xmx512m -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError}
INFRA_CLASSPATH_FILE=$ROOT/local-stack/target/classpath.txt

say() { printf '[run-local] %s\n' "$*"; }
die() { printf '[run-local] ERROR: %s\n' "$*" >&2; exit 1; }
relative() { printf '%s' "${1#"$ROOT"/}"; }

service_port() {
  case $1 in
    ingress-proxy) echo "${INGRESS_PROXY_PORT:-8080}" ;;
    reklame-command) echo "${REKLAME_COMMAND_PORT:-8081}" ;;
    reklame-query) echo "${REKLAME_QUERY_PORT:-8082}" ;;
    permit-worker) echo "${PERMIT_WORKER_PORT:-8083}" ;;
  esac
}

# ---- which services -------------------------------------------------------------------------
SERVICES=()
case ${LOCAL_STACK_SERVICES:-all} in
  all) SERVICES=("${ALL_SERVICES[@]}") ;;
  none | '') ;;
  *)
    IFS=, read -r -a wanted <<<"$LOCAL_STACK_SERVICES"
    for w in "${wanted[@]}"; do
      [[ " ${ALL_SERVICES[*]} " == *" $w "* ]] || die "unknown service '$w' in LOCAL_STACK_SERVICES (known: ${ALL_SERVICES[*]})"
    done
    for s in "${ALL_SERVICES[@]}"; do
      [[ ",$LOCAL_STACK_SERVICES," == *",$s,"* ]] && SERVICES+=("$s")
    done
    ;;
esac

# ---- a JDK 21+ ------------------------------------------------------------------------------
java_major() { # prints the major version of the Java installed at $1
  local version=""
  [[ -x $1/bin/java ]] || return 1
  [[ -f $1/release ]] && version=$(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$1/release")
  [[ -n $version ]] || version=$("$1/bin/java" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)
  version=${version#1.} # 1.8.0 is Java 8
  version=${version%%[.+_-]*}
  [[ $version =~ ^[0-9]+$ ]] && echo "$version"
}

find_jdk() {
  local candidate major best="" best_major=0 on_path=""
  if [[ -n ${JAVA_HOME:-} ]]; then
    major=$(java_major "$JAVA_HOME") || major=0
    if ((major >= 21)); then
      echo "$JAVA_HOME"
      return
    fi
    say "JAVA_HOME ($JAVA_HOME) is not Java 21+, looking for one elsewhere" >&2
  fi
  if on_path=$(command -v java 2>/dev/null); then
    on_path=$(readlink -f "$on_path" 2>/dev/null || echo "$on_path")
    on_path=${on_path%/bin/java}
  fi
  for candidate in ${on_path:+"$on_path"} /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/*jdk* \
    "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* "$HOME"/.asdf/installs/java/* \
    /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    major=$(java_major "$candidate") || continue
    if ((major >= 21 && major > best_major)); then
      best=$candidate
      best_major=$major
    fi
  done
  [[ -n $best ]] && echo "$best"
}

JDK=$(find_jdk) || die "no Java 21 or newer found (looked at JAVA_HOME, java on the PATH, /usr/lib/jvm and the usual places); install a JDK 21+ (e.g. Temurin) or set JAVA_HOME to one"
JAVA=$JDK/bin/java

# ---- a local token: signed with the services' local-only secret (or JWT_SECRET), nothing started -----
if ((${#TOKEN_ARGS[@]})); then
  if [[ ! -f $ROOT/local-stack/target/classes/id/reklame/localstack/LocalToken.class ]]; then
    JAVA_HOME=$JDK ./mvnw -q -B -DskipTests compile -pl local-stack >&2 || die "building local-stack failed"
  fi
  exec "$JAVA" -cp "$ROOT/local-stack/target/classes" id.reklame.localstack.LocalToken "${TOKEN_ARGS[@]}"
fi

say "using Java $(java_major "$JDK") at $JDK"

# ---- build what is missing ------------------------------------------------------------------
exec_jar() { # newest <module>/target/<module>-<version>-exec.jar
  local jar newest=""
  for jar in "$ROOT/$1/target/$1"-*-exec.jar; do
    [[ -f $jar && (-z $newest || $jar -nt $newest) ]] && newest=$jar
  done
  [[ -n $newest ]] && echo "$newest"
}

stale_reason() { # why a build is needed, or nothing (and status 1) when everything is up to date
  local artefacts=("$INFRA_CLASSPATH_FILE") s jar entry oldest="" newer stamp=$STATE/last-build
  for s in "${SERVICES[@]}"; do
    jar=$(exec_jar "$s") || { echo "$s has no exec jar yet"; return 0; }
    artefacts+=("$jar")
  done
  [[ -f $INFRA_CLASSPATH_FILE ]] || { echo "the local-stack classpath is missing"; return 0; }
  IFS=: read -r -a entries <"$INFRA_CLASSPATH_FILE" || true # one line, no newline at its end
  for entry in "${entries[@]}"; do
    [[ -f $entry ]] || { echo "$entry (on the local-stack classpath) is missing"; return 0; }
  done
  for jar in "${artefacts[@]}"; do
    if [[ -z $oldest || $jar -ot $oldest ]]; then oldest=$jar; fi
  done
  # sources changed after the oldest artefact and after the last build this script ran
  # (Maven leaves an unchanged jar alone, so the artefact's own time is not enough)
  local newer_than=(-newer "$oldest")
  [[ -f $stamp ]] && newer_than+=(-newer "$stamp")
  newer=$(find "$ROOT" \( -name target -o -name .git -o -name node_modules -o -path "$STATE" \) -prune \
    -o -type f \( -name pom.xml -o -path '*/src/main/*' \) "${newer_than[@]}" -print -quit)
  [[ -n $newer ]] || return 1
  echo "$(relative "$newer") changed since the last build"
}

build() {
  local modules log=$LOGS/build.log
  modules=$(IFS=,; echo "local-stack${SERVICES[*]:+,${SERVICES[*]}}")
  say "building: ./mvnw -DskipTests install -pl $modules -am"
  say "  (a few minutes the first time; follow it with: tail -f $(relative "$log"))"
  if ! JAVA_HOME=$JDK ./mvnw -B -DskipTests install -pl "$modules" -am >"$log" 2>&1; then
    grep -E '^\[ERROR\]' "$log" | head -n 20 >&2 || true
    die "the build failed; the whole output is in $(relative "$log")"
  fi
  touch "$STATE/last-build"
  say "build done"
}

case ${LOCAL_STACK_BUILD:-auto} in
  always) build ;;
  never) ;;
  auto) if reason=$(stale_reason); then say "build needed: $reason" && build; fi ;;
  *) die "LOCAL_STACK_BUILD must be auto, always or never" ;;
esac
[[ -f $INFRA_CLASSPATH_FILE ]] || die "$(relative "$INFRA_CLASSPATH_FILE") is missing: run ./mvnw -DskipTests install"
for s in "${SERVICES[@]}"; do
  exec_jar "$s" >/dev/null || die "$s/target/$s-*-exec.jar is missing: run ./mvnw -DskipTests install"
done
INFRA_CLASSPATH=$ROOT/local-stack/target/classes:$(<"$INFRA_CLASSPATH_FILE")

# ---- ports ----------------------------------------------------------------------------------
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

require_free_port() { # port, what uses it
  port_in_use "$1" || return 0
  local owner=""
  if command -v ss >/dev/null; then
    owner=$(ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'users:((.*))' | head -n 1 || true)
  fi
  die "port $1 (for $2) is already in use${owner:+ by $owner}; stop whatever listens there, or pick another port (see the top of run-local.sh)"
}

START_KAFKA=0
START_POSTGRES=0
[[ -n ${KAFKA_BOOTSTRAP_SERVERS:-} ]] || START_KAFKA=1
[[ -n ${DATABASE_URL:-} ]] || START_POSTGRES=1
((START_POSTGRES)) && require_free_port "$POSTGRES_PORT" "PostgreSQL"
((START_KAFKA)) && require_free_port "$KAFKA_PORT" "Kafka" && require_free_port "$KAFKA_CONTROLLER_PORT" "the Kafka controller"
for s in "${SERVICES[@]}"; do
  require_free_port "$(service_port "$s")" "$s"
done

# ---- processes, and stopping them -----------------------------------------------------------
NAMES=()   # what was started, in order
PIDS=()
STOP_TIMEOUT=()
COMMANDS=() # how each was started, quoted, to start it again (LOCAL_STACK_SUPERVISE)
mkdir -p "$PID_FILES"
rm -f "$PID_FILES"/*.pid
STOPPING=0
FORCE=0

start_process() { # name, stop timeout in seconds, command...; output goes to .local/logs/<name>.log
  local name=$1 stop_timeout=$2 log=$LOGS/$1.log
  shift 2
  [[ -f $log ]] && mv -f "$log" "$log.1" # keep the previous run's log
  "$@" >"$log" 2>&1 &
  echo $! >"$PID_FILES/$name.pid"
  NAMES+=("$name")
  PIDS+=($!)
  STOP_TIMEOUT+=("$stop_timeout")
  COMMANDS+=("$(printf '%q ' "$@")")
}

# a process that ended is started again with the same command (LOCAL_STACK_SUPERVISE=1); this does not wait for
# it to be ready, so the others stay watched meanwhile (whoever killed it watches it come back)
restart_process() { # index
  local i=$1 name=${NAMES[$1]} status=0 since=$SECONDS log=$LOGS/${NAMES[$1]}.log port
  wait "${PIDS[$i]}" 2>/dev/null || status=$?
  say "$name exited (status $status): starting it again (LOCAL_STACK_SUPERVISE=1)"
  [[ $name == postgres ]] && stop_orphaned_postmaster
  case $name in # the ended process's port may take a moment to be free
    postgres) port=$POSTGRES_PORT ;;
    kafka) port=$KAFKA_PORT ;;
    *) port=$(service_port "$name") ;;
  esac
  while port_in_use "$port" && ((SECONDS - since < 30)); do sleep 0.2; done
  mv -f "$log" "$log.1" # the ended process's log
  eval "set -- ${COMMANDS[$i]}"
  "$@" >"$log" 2>&1 &
  PIDS[i]=$!
  echo $! >"$PID_FILES/$name.pid"
}

pid_of() {
  local i
  for i in "${!NAMES[@]}"; do
    if [[ ${NAMES[$i]} == "$1" ]]; then
      echo "${PIDS[$i]}"
      return
    fi
  done
  return 1
}

stop_process() { # name, pid, timeout: SIGTERM, then SIGKILL when it takes too long
  local name=$1 pid=$2 timeout=$3 tenths=0
  kill -0 "$pid" 2>/dev/null || return 0
  say "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null
  while kill -0 "$pid" 2>/dev/null; do
    if ((FORCE || tenths >= timeout * 10)); then
      say "$name did not stop in time: killing it"
      kill -KILL "$pid" 2>/dev/null
      break
    fi
    sleep 0.1
    tenths=$((tenths + 1))
  done
  wait "$pid" 2>/dev/null
}

stop_orphaned_postmaster() { # PostgreSQL runs on if LocalPostgres itself had to be killed
  local pidfile=$STATE/postgres/postmaster.pid pid tenths=0
  ((START_POSTGRES)) && [[ -f $pidfile ]] || return 0
  pid=$(head -n 1 "$pidfile")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 0
  say "stopping the PostgreSQL server left behind (pid $pid)"
  kill -INT "$pid" 2>/dev/null # fast shutdown
  while kill -0 "$pid" 2>/dev/null && ((tenths < 300)); do
    sleep 0.1
    tenths=$((tenths + 1))
  done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  return 0
}

stop_all() {
  ((STOPPING)) && return
  STOPPING=1
  set +e
  trap 'FORCE=1; echo; say "stopping faster (killing what is left)"' INT TERM HUP
  local i
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    stop_process "${NAMES[$i]}" "${PIDS[$i]}" "${STOP_TIMEOUT[$i]}"
  done
  stop_orphaned_postmaster
  if ((${#PIDS[@]})); then
    say "all stopped$( ((START_KAFKA || START_POSTGRES)) && echo "; data kept in $(relative "$STATE")/")"
  fi
}

on_signal() {
  set +e
  echo
  say "$1 received: stopping (Ctrl-C again to hurry)"
  stop_all
  exit "$2"
}
trap 'on_signal SIGINT 130' INT
trap 'on_signal SIGTERM 143' TERM
trap 'on_signal SIGHUP 129' HUP
trap stop_all EXIT
trap '' PIPE # a closed output (e.g. `| tee` ended by the same Ctrl-C) must not cut the clean stop short

exited() { # reports a process that ended on its own, then fails
  local name=$1 pid=$2 status=0
  wait "$pid" 2>/dev/null || status=$?
  say "$name exited (status $status); the end of $(relative "$LOGS/$name.log"):" >&2
  tail -n 25 "$LOGS/$name.log" | sed 's/^/    /' >&2
  exit 1
}

wait_until() { # name, started at (SECONDS), readiness check...
  local name=$1 since=$2 pid
  shift 2
  pid=$(pid_of "$name")
  until "$@"; do
    kill -0 "$pid" 2>/dev/null || exited "$name" "$pid"
    ((SECONDS - since < TIMEOUT)) || die "$name was not ready after $TIMEOUT s; see $(relative "$LOGS/$name.log")"
    sleep 0.5
  done
  say "$name ready ($((SECONDS - since)) s)"
}

log_says() { grep -qF -- "$2" "$LOGS/$1.log" 2>/dev/null; }

http_ok() { # port, path: true when the answer is 200 (plain bash, so no curl is needed)
  (
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf 'GET %s HTTP/1.1\r\nHost: localhost:%s\r\nConnection: close\r\n\r\n' "$2" "$1" >&3
    IFS= read -r -t 5 status <&3 || exit 1
    [[ $status == "HTTP/1.1 200"* ]]
  ) 2>/dev/null
}

# ---- PostgreSQL -----------------------------------------------------------------------------
if ((START_POSTGRES)); then
  DATABASE_URL=jdbc:postgresql://localhost:$POSTGRES_PORT/reklame
  say "starting PostgreSQL 17 on 127.0.0.1:$POSTGRES_PORT (data in $(relative "$STATE/postgres")), log in $(relative "$LOGS/postgres.log")"
  since=$SECONDS
  start_process postgres 30 env POSTGRES_PORT="$POSTGRES_PORT" POSTGRES_DB=reklame \
    POSTGRES_USER="$DATABASE_USERNAME" POSTGRES_PASSWORD="$DATABASE_PASSWORD" \
    POSTGRES_DATA_DIR="$STATE/postgres" POSTGRES_BINARIES_DIR="$STATE/postgres-binaries" \
    "$JAVA" -Xmx128m -cp "$INFRA_CLASSPATH" id.reklame.localstack.LocalPostgres
  wait_until postgres "$since" log_says postgres "LocalPostgres ready"
else
  say "using the PostgreSQL at $DATABASE_URL (DATABASE_URL is set)"
fi

# ---- Kafka ----------------------------------------------------------------------------------
write_kafka_config() {
  cat >"$STATE/kafka/server.properties" <<EOF
# written by run-local.sh on every start: one node as broker and controller (KRaft)
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
log.dirs=$STATE/kafka/data
# the services create their topics themselves
auto.create.topics.enable=false
num.partitions=1
# a single node: every internal topic has one replica
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
}

if ((START_KAFKA)); then
  KAFKA_BOOTSTRAP_SERVERS=localhost:$KAFKA_PORT
  mkdir -p "$STATE/kafka/data"
  write_kafka_config
  kafka_tool=("$JAVA" -Dlog4j2.configurationFile=log4j2-tools.xml -cp "$INFRA_CLASSPATH" kafka.tools.StorageTool)
  if [[ ! -s $STATE/kafka/cluster.id ]]; then
    "${kafka_tool[@]}" random-uuid >"$STATE/kafka/cluster.id" || die "could not make a Kafka cluster id"
  fi
  if [[ ! -f $STATE/kafka/data/meta.properties ]]; then
    say "formatting the Kafka storage in $(relative "$STATE/kafka/data") (cluster id $(<"$STATE/kafka/cluster.id"))"
    "${kafka_tool[@]}" format --cluster-id "$(<"$STATE/kafka/cluster.id")" --config "$STATE/kafka/server.properties" >/dev/null ||
      die "formatting the Kafka storage failed"
  fi
  say "starting Kafka on 127.0.0.1:$KAFKA_PORT (data in $(relative "$STATE/kafka")), log in $(relative "$LOGS/kafka.log")"
  since=$SECONDS
  start_process kafka 30 "$JAVA" -Xms256m -Xmx512m -XX:+ExitOnOutOfMemoryError -cp "$INFRA_CLASSPATH" \
    kafka.Kafka "$STATE/kafka/server.properties"
  wait_until kafka "$since" log_says kafka "Kafka Server started"
else
  say "using the Kafka at $KAFKA_BOOTSTRAP_SERVERS (KAFKA_BOOTSTRAP_SERVERS is set)"
fi

# ---- the services ---------------------------------------------------------------------------
read -r -a java_opts <<<"$SERVICE_JAVA_OPTS"
service_settings() { # service: its environment, into the array `settings`
  settings=(PORT="$(service_port "$1")" KAFKA_BOOTSTRAP_SERVERS="$KAFKA_BOOTSTRAP_SERVERS")
  if [[ $1 == ingress-proxy ]]; then
    settings+=(REKLAME_COMMAND_URL="${REKLAME_COMMAND_URL:-http://localhost:$(service_port reklame-command)}"
      REKLAME_QUERY_URL="${REKLAME_QUERY_URL:-http://localhost:$(service_port reklame-query)}"
      PERMIT_WORKER_URL="${PERMIT_WORKER_URL:-http://localhost:$(service_port permit-worker)}")
  else
    settings+=(DATABASE_URL="$DATABASE_URL" DATABASE_USERNAME="$DATABASE_USERNAME" DATABASE_PASSWORD="$DATABASE_PASSWORD")
  fi
}

# A JDK AOT cache per service (JEP 483/514, JDK 25+) from a training run that stops after start-up; made again
# after each build. The services then start in a fraction of the time (bench/ops/start-stop.sh measures it).
AOT_CACHE=${LOCAL_STACK_AOT_CACHE:-auto}
[[ $AOT_CACHE == auto ]] && { (($(java_major "$JDK") >= 25)) && AOT_CACHE=true || AOT_CACHE=false; }
aot_dir() { echo "$STATE/aot/$1"; }
if [[ $AOT_CACHE == true ]]; then
  training=()
  for s in "${SERVICES[@]}"; do
    dir=$(aot_dir "$s")
    [[ -f $dir/app.aot && ! $(exec_jar "$s") -nt $dir/app.aot ]] && continue
    rm -rf "$dir" && mkdir -p "$dir"
    "$JAVA" -Djarmode=tools -jar "$(exec_jar "$s")" extract --destination "$dir/app" >/dev/null ||
      { say "could not extract $s for its AOT cache; it starts from its jar" && continue; }
    service_settings "$s"
    say "making $s's AOT cache (once per build), log in $(relative "$LOGS/$s-aot.log")"
    env "${settings[@]}" "$JAVA" "${java_opts[@]}" -XX:AOTCacheOutput="$dir/app.aot" -Dspring.context.exit=onRefresh \
      -jar "$dir"/app/*.jar >"$LOGS/$s-aot.log" 2>&1 &
    training+=($!)
  done
  for pid in "${training[@]}"; do wait "$pid" || true; done
fi

since=$SECONDS
for s in "${SERVICES[@]}"; do
  service_settings "$s"
  launch=(-jar "$(exec_jar "$s")")
  dir=$(aot_dir "$s")
  if [[ $AOT_CACHE == true && -f $dir/app.aot ]]; then
    launch=(-XX:AOTCache="$dir/app.aot" -jar "$(ls "$dir"/app/*.jar)")
  fi
  say "starting $s on port $(service_port "$s"), log in $(relative "$LOGS/$s.log")"
  start_process "$s" 30 env "${settings[@]}" "$JAVA" "${java_opts[@]}" "${launch[@]}"
done
for s in "${SERVICES[@]}"; do
  wait_until "$s" "$since" http_ok "$(service_port "$s")" /actuator/health/readiness
done

# ---- ready ----------------------------------------------------------------------------------
line=$(printf '%.0s=' {1..78})
echo "$line"
echo " e-Reklame is ready"
if [[ " ${SERVICES[*]} " == *" ingress-proxy "* ]]; then
  echo "   API (ingress)    http://localhost:$(service_port ingress-proxy)"
  echo "   Swagger UI       http://localhost:$(service_port ingress-proxy)/swagger-ui.html"
fi
for s in reklame-command reklame-query permit-worker; do # in port order
  [[ " ${SERVICES[*]} " == *" $s "* ]] && printf '   %-16s http://localhost:%s\n' "$s" "$(service_port "$s")"
done
((${#SERVICES[@]})) || echo "   (no services: LOCAL_STACK_SERVICES=${LOCAL_STACK_SERVICES:-})"
echo "   Kafka            $KAFKA_BOOTSTRAP_SERVERS"
echo "   PostgreSQL       $DATABASE_URL  (user $DATABASE_USERNAME)"
((START_KAFKA || START_POSTGRES)) && echo "   data             $(relative "$STATE")/ (kept across runs)"
echo "   logs             $(relative "$LOGS")/"
echo " Ctrl-C stops everything."
echo "$line"

# ---- run until Ctrl-C or until a process ends on its own ------------------------------------
while true; do
  for i in "${!PIDS[@]}"; do
    if ! kill -0 "${PIDS[$i]}" 2>/dev/null; then
      if ((SUPERVISE)); then restart_process "$i"; else exited "${NAMES[$i]}" "${PIDS[$i]}"; fi
    fi
  done
  sleep 0.5
done
