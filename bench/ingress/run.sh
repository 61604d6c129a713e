#!/usr/bin/env bash
# The ingress against nginx, side by side in one run: the same GET (public permit verification,
# /api/v1/permits/{permitNumber}, the reklame-query route; public, so neither proxy checks a token)
#   1. straight to the upstream (a static JSON answer served by its own nginx),
#   2. through nginx configured as an equivalent reverse proxy (keepalive to the upstream, X-Forwarded-* and
#      X-Request-Id headers, retries on error/timeout/502-504, a JSON access log line per request),
#   3. through the ingress jar as deployed (access log on; the rate limit raised, see below),
# all on 127.0.0.1, measured with wrk in interleaved rounds; prints requests/s, p50 and p99 per target (medians over
# the rounds) and the ratios the issue sets targets for.
#
#   bench/ingress/run.sh
#
# Settings (environment): ROUNDS (3), DURATION seconds per measurement (10), CONNECTIONS (64) and THREADS (2) for
# the throughput runs, LIGHT_CONNECTIONS (4) for the light-load latency runs, WARMUP seconds (20), SKIP_BUILD=1 to
# use the jar already built, and the ports UPSTREAM_PORT, NGINX_PORT, INGRESS_PORT (free ones unless given).
#
# The load generator, the proxies and the upstream share this machine's cores, so the numbers say how the two
# proxies compare here, not what either does on dedicated hardware. The machine's load is printed with the results.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
LIGHT_CONNECTIONS=${LIGHT_CONNECTIONS:-4}
WARMUP=${WARMUP:-20}
# three distinct free ports: all three sockets are held while the ports are picked
read -r FREE_1 FREE_2 FREE_3 < <(python3 -c '
import socket
held = [socket.socket() for _ in range(3)]
for s in held: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in held])')
UPSTREAM_PORT=${UPSTREAM_PORT:-$FREE_1}
NGINX_PORT=${NGINX_PORT:-$FREE_2}
INGRESS_PORT=${INGRESS_PORT:-$FREE_3}
PATH_UNDER_TEST=/api/v1/permits/IPR-RKL/2026/000977

WORK=$(mktemp -d /tmp/ingress-bench.XXXXXX)
INGRESS_PID=

cleanup() {
  [[ -n $INGRESS_PID ]] && kill "$INGRESS_PID" 2>/dev/null && wait "$INGRESS_PID" 2>/dev/null || true
  for role in proxy upstream; do
    [[ -f $WORK/$role/nginx.pid ]] && kill "$(cat "$WORK/$role/nginx.pid")" 2>/dev/null || true
  done
  sleep 0.5
  rm -rf "$WORK"
}
trap cleanup EXIT

say() { printf '%s\n' "$*" >&2; }

# --- tools -----------------------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
  say "installing wrk and nginx (Debian packages)"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk nginx >/dev/null
fi

java_21() {
  for candidate in "${JAVA_HOME:-}/bin/java" /usr/lib/jvm/*/bin/java "$(command -v java || true)"; do
    [[ -x $candidate ]] || continue
    major=$("$candidate" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
    if [[ ${major%%.*} -ge 21 ]]; then echo "$candidate"; return; fi
  done
  say "no JDK 21+ found"; exit 1
}
JAVA=$(java_21)

if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  say "building the ingress jar"
  (cd "$ROOT" && ./mvnw -q -pl ingress-proxy -am package -DskipTests)
fi
JAR=$(ls "$ROOT"/ingress-proxy/target/ingress-proxy-*-exec.jar)

# --- the three servers -----------------------------------------------------------------------------------------
mkdir -p "$WORK/upstream" "$WORK/proxy"
cat >"$WORK/upstream/nginx.conf" <<EOF
worker_processes 1;
pid $WORK/upstream/nginx.pid;
error_log $WORK/upstream/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:$UPSTREAM_PORT;
    location / {
      default_type application/json;
      return 200 '{"permitNumber":"IPR-RKL/2026/000977","valid":true,"status":"ISSUED","reklameType":"BILLBOARD","district":"Tegalsari","validFrom":"2026-01-01","validUntil":"2026-12-31"}';
    }
  }
}
EOF

cat >"$WORK/proxy/nginx.conf" <<EOF
worker_processes auto;
pid $WORK/proxy/nginx.pid;
error_log $WORK/proxy/error.log warn;
events { worker_connections 4096; }
http {
  log_format json escape=json '{"time":"\$time_iso8601","method":"\$request_method","path":"\$uri","status":\$status,'
    '"upstream":"\$upstream_addr","durationMs":\$request_time,"bytesIn":\$request_length,"bytesOut":\$body_bytes_sent,'
    '"requestId":"\$request_id","client":"\$remote_addr"}';
  access_log $WORK/proxy/access.log json;
  keepalive_requests 1000;
  client_max_body_size 1m;
  upstream reklame_query {
    server 127.0.0.1:$UPSTREAM_PORT max_fails=1 fail_timeout=10s;
    keepalive 64;
  }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://reklame_query;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Forwarded-Host \$http_host;
      proxy_set_header X-Request-Id \$request_id;
      add_header X-Request-Id \$request_id always;
      proxy_connect_timeout 2s;
      proxy_read_timeout 5s;
      proxy_next_upstream error timeout http_502 http_503 http_504;
      proxy_next_upstream_tries 3;
      proxy_buffering on;
    }
  }
}
EOF

nginx -p "$WORK/upstream" -c "$WORK/upstream/nginx.conf" -e "$WORK/upstream/error.log"
nginx -p "$WORK/proxy" -c "$WORK/proxy/nginx.conf" -e "$WORK/proxy/error.log"

# a load test is one client, so its allowance is raised: the limiter still runs for every request
PORT=$INGRESS_PORT \
  REKLAME_COMMAND_URL=http://127.0.0.1:$UPSTREAM_PORT \
  REKLAME_QUERY_URL=http://127.0.0.1:$UPSTREAM_PORT \
  PERMIT_WORKER_URL=http://127.0.0.1:$UPSTREAM_PORT \
  REKLAME_RATE_LIMIT_PER_SECOND=10000000 REKLAME_RATE_LIMIT_BURST=10000000 \
  "$JAVA" -Xms1g -Xmx1g -XX:+ExitOnOutOfMemoryError -jar "$JAR" >"$WORK/ingress.log" 2>&1 &
INGRESS_PID=$!

wait_for() {
  for _ in $(seq 1 240); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.5
  done
  say "$1 did not come up"; tail -50 "$WORK/ingress.log" >&2; exit 1
}
wait_for "http://127.0.0.1:$UPSTREAM_PORT$PATH_UNDER_TEST"
wait_for "http://127.0.0.1:$NGINX_PORT$PATH_UNDER_TEST"
wait_for "http://127.0.0.1:$INGRESS_PORT/actuator/health/readiness"

declare -A URL=(
  [direct]="http://127.0.0.1:$UPSTREAM_PORT$PATH_UNDER_TEST"
  [nginx]="http://127.0.0.1:$NGINX_PORT$PATH_UNDER_TEST"
  [ingress]="http://127.0.0.1:$INGRESS_PORT$PATH_UNDER_TEST"
)
TARGETS=(direct nginx ingress)

for target in "${TARGETS[@]}"; do
  body=$(curl -fsS "${URL[$target]}")
  [[ $body == *'"permitNumber":"IPR-RKL/2026/000977"'* ]] || { say "$target answered: $body"; exit 1; }
done

# --- measuring -------------------------------------------------------------------------------------------------
to_ms() { # wrk prints 812.00us, 1.23ms or 1.05s
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}

# prints: requests/s p50ms p99ms errors cpu-microseconds-per-request
measure() {
  local target=$1 connections=$2 threads=$3 seconds=$4 out before after
  before=$(serving_ticks "$target")
  out=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency "${URL[$target]}")
  after=$(serving_ticks "$target")
  local rps p50 p99 errors requests cpu
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  cpu=$(awk -v t=$((after - before)) -v hz="$HZ" -v n="$requests" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }')
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")
  errors=$(awk '/Non-2xx or 3xx responses:/ {n += $NF} /Socket errors:/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' <<<"$out")
  echo "$rps $p50 $p99 $errors $cpu"
}

median() { tr ' ' '\n' | grep . | sort -g | awk '{v[NR] = $1} END {m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.3f", m}'; }

# CPU time (clock ticks) used so far by the processes serving a target: the ingress JVM, the proxy nginx's
# workers, or for "direct" the upstream nginx's worker; the upstream behind the proxies is left out of theirs
HZ=$(getconf CLK_TCK)
ticks_of() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$t"; }
serving_ticks() {
  case $1 in
    ingress) ticks_of "$INGRESS_PID" ;;
    nginx) ticks_of $(pgrep -P "$(cat "$WORK/proxy/nginx.pid")") ;;
    direct) ticks_of $(pgrep -P "$(cat "$WORK/upstream/nginx.pid")") ;;
  esac
}

say "machine: $(nproc) cores; load before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
say "busiest processes before the run:"
ps -eo pcpu=,comm= --sort=-pcpu | head -6 | sed 's/^/    /' >&2

say "warming up ($WARMUP s through the ingress for the JIT, 5 s each for the others)"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "${URL[ingress]}" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d5s "${URL[nginx]}" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d5s "${URL[direct]}" >/dev/null

declare -A RPS P50 P99 LP50 LP99 ERRORS CPU
LOADS=()
for round in $(seq 1 "$ROUNDS"); do
  for target in "${TARGETS[@]}"; do
    read -r rps p50 p99 errors cpu < <(measure "$target" "$CONNECTIONS" "$THREADS" "$DURATION")
    RPS[$target]+="$rps "; P50[$target]+="$p50 "; P99[$target]+="$p99 "; CPU[$target]+="$cpu "
    ERRORS[$target]=$(( ${ERRORS[$target]:-0} + errors ))
    read -r _ lp50 lp99 errors _ < <(measure "$target" "$LIGHT_CONNECTIONS" 1 "$DURATION")
    LP50[$target]+="$lp50 "; LP99[$target]+="$lp99 "; ERRORS[$target]=$(( ${ERRORS[$target]} + errors ))
    say "round $round $target: $rps req/s, p50 $p50 ms, p99 $p99 ms, $cpu us CPU/request (light load: p50 $lp50 ms, p99 $lp99 ms)"
  done
  LOADS+=("$(cut -d' ' -f1 /proc/loadavg)")
done

# --- results ---------------------------------------------------------------------------------------------------
declare -A M_RPS M_P50 M_P99 M_LP50 M_LP99 M_CPU
for target in "${TARGETS[@]}"; do
  M_CPU[$target]=$(median <<<"${CPU[$target]}")
  M_RPS[$target]=$(median <<<"${RPS[$target]}")
  M_P50[$target]=$(median <<<"${P50[$target]}")
  M_P99[$target]=$(median <<<"${P99[$target]}")
  M_LP50[$target]=$(median <<<"${LP50[$target]}")
  M_LP99[$target]=$(median <<<"${LP99[$target]}")
done

echo
echo "GET $PATH_UNDER_TEST, medians of $ROUNDS interleaved rounds of ${DURATION}s each"
echo "throughput: wrk -t$THREADS -c$CONNECTIONS; light load: wrk -t1 -c$LIGHT_CONNECTIONS"
printf '%-8s %12s %10s %10s %14s   %14s %14s %8s\n' target "requests/s" "p50 ms" "p99 ms" "CPU us/req" \
  "light p50 ms" "light p99 ms" errors
for target in "${TARGETS[@]}"; do
  printf '%-8s %12.0f %10.3f %10.3f %14.1f   %14.3f %14.3f %8d\n' "$target" "${M_RPS[$target]}" "${M_P50[$target]}" \
    "${M_P99[$target]}" "${M_CPU[$target]}" "${M_LP50[$target]}" "${M_LP99[$target]}" "${ERRORS[$target]}"
done
echo "(CPU us/req: CPU time of the serving processes only, per request: the ingress JVM, the proxy nginx's workers,"
echo " or for direct the upstream nginx's worker; the least disturbed by other work on the machine)"
echo
awk -v i="${M_RPS[ingress]}" -v n="${M_RPS[nginx]}" -v d="${M_RPS[direct]}" \
  'BEGIN { printf "throughput   ingress/nginx %.2f (target >= 0.80)   ingress/direct %.2f   nginx/direct %.2f\n", i / n, i / d, n / d }'
awk -v i="${M_CPU[ingress]}" -v n="${M_CPU[nginx]}" \
  'BEGIN { printf "CPU/request  ingress/nginx %.1f (were both CPU-bound on the same dedicated cores, ingress/nginx throughput would be about %.2f)\n", i / n, n / i }'
awk -v i="${M_P50[ingress]}" -v n="${M_P50[nginx]}" -v d="${M_P50[direct]}" \
  'BEGIN { printf "added p50    ingress %+.3f ms (target <= 1 ms)   nginx %+.3f ms   (under throughput load)\n", i - d, n - d }'
awk -v i="${M_LP50[ingress]}" -v n="${M_LP50[nginx]}" -v d="${M_LP50[direct]}" \
  'BEGIN { printf "added p50    ingress %+.3f ms (target <= 1 ms)   nginx %+.3f ms   (light load)\n", i - d, n - d }'
echo "machine: $(nproc) cores; 1-minute load average after each round: ${LOADS[*]}; now: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "ingress access log lines written: $(grep -c '^{"time"' "$WORK/ingress.log" || true); nginx: $(wc -l <"$WORK/proxy/access.log")"
