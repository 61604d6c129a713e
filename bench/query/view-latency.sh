#!/usr/bin/env bash
# Latency from the 202 of a submission to the view at that version, through the ingress.
#
#   bench/query/view-latency.sh [rate per s ...]      (default: 200; each rate for 60 s after a warm-up)
#
# The warm-up runs WARMUP_STEP seconds (150) at each of rate/8, rate/4, rate/2 and the rate itself. Each rate is then
# measured ROUNDS times (1), 60 s each, and with more than one round the medians of their p50 and p99 are printed.
#
# Starts the whole system once with run-local.sh (Kafka, PostgreSQL and the four services; see system.sh),
# drives it with bench/query/ViewLatency.java at each rate in turn, then stops it.
# Prints the percentiles, the CPU time each process and the load client spent per submission, and the machine's load.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
RATES=("${@:-200}")
WARMUP_STEP=${WARMUP_STEP:-150}
ROUNDS=${ROUNDS:-1}
OUT=$ROOT/bench/query/target
source "$ROOT/bench/query/system.sh"
BENCH_TOKEN=$(./run-local.sh token APPLICANT view-latency)
export BENCH_TOKEN

# the cumulative buckets of reklame-query's lag histogram: "<upper bound in s> <count>"
lag_buckets() {
  curl -s "http://localhost:$REKLAME_QUERY_PORT/actuator/prometheus" \
    | sed -n 's/^reklame_projection_lag_seconds_bucket{.*le="\([^"]*\)".*} \([0-9.]*\)$/\1 \2/p'
}

# the data is kept across runs (bench/query/target/latency-stack): say how much the database already holds
stored=$(curl -s -H "Authorization: Bearer $(./run-local.sh token OFFICER)" "http://localhost:$REKLAME_QUERY_PORT/api/v1/stats" \
  | sed -n 's/^{"applications":\([0-9]*\).*/\1/p')
echo "== applications already stored: ${stored:-unknown}"
echo "== machine: $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for rate in "${RATES[@]}"; do
  echo "-- $rate submissions/s"
  # warm-up: the rate in steps up to the measured one, so the five JVMs compile their hot paths before they are
  # measured; sent at the full rate straight away, the cold system falls behind and never catches up on two cores
  for step in $(awk -v r="$rate" 'BEGIN { for (s = r / 8; s < r; s *= 2) printf "%d ", s; print r }'); do
    printf '   warm-up at %s/s for %s s: ' "$step" "$WARMUP_STEP"
    "$JAVA" bench/query/ViewLatency.java "http://localhost:$INGRESS_PROXY_PORT" "$step" "$WARMUP_STEP" 0 | grep -o '202 -> view.*(n=[0-9]*)'
  done
  : >"$OUT/rounds.txt"
  for round in $(seq "$ROUNDS"); do
    if ((ROUNDS > 1)); then echo "   round $round of $ROUNDS"; fi
    before=$(cpu)
    lag_before=$(lag_buckets)
    # the load client shares the two cores with the system: its own CPU time is printed too
    exec 3>&1
    client=$( { time -p "$JAVA" bench/query/ViewLatency.java "http://localhost:$INGRESS_PROXY_PORT" "$rate" 60 0 \
      2>&3 | tee "$OUT/round.txt" >&3; } 2>&1 | awk '/^(user|sys)/ { t += $2 } END { print t }')
    sed -n 's/^202 -> view.* p50 \([0-9.]*\) ms .* p99 \([0-9.]*\) ms .*/\1 \2/p' "$OUT/round.txt" >>"$OUT/rounds.txt"
    after=$(cpu)
    echo "   the load client itself: $(awk -v t="$client" -v n=$((rate * 60)) 'BEGIN { printf "%.1f ms CPU per submission (compiling ViewLatency.java included)", t * 1000 / n }')"
    join <(sort <<<"$before") <(sort <<<"$after") | awk -v n=$((rate * 60)) -v tick="$(getconf CLK_TCK)" \
      '{ ms = ($3 - $2) * 1000 / tick / n; total += ms; printf "   %s %.1f ms", $1, ms } END { printf "   = %.1f ms CPU per submission\n", total }'
    # reklame-query's own share: from a record's arrival on the topic to the commit of the view (its lag histogram)
    lag_after=$(lag_buckets)
    join <(sort <<<"$lag_before") <(sort <<<"$lag_after") | sort -g | awk '
      { le[NR] = $1; n[NR] = $3 - $2 } END {
        total = n[NR]; split("50 90 99", qs, " ")
        for (i = 1; i <= 3; i++) for (j = 1; j <= NR; j++) if (n[j] >= total * qs[i] / 100) {
          printf "   topic -> view committed, in reklame-query: p%s <= %s ms (histogram bucket)\n", qs[i], le[j] == "+Inf" ? "inf" : sprintf("%.1f", le[j] * 1000); break }
      }'
    echo "   load: $(cut -d' ' -f1-3 /proc/loadavg)"
  done
  if ((ROUNDS > 1)); then
    # the middle value, or the mean of the two middle ones for an even number of rounds
    median() { sort -g | awk '{ v[NR] = $1 } END { printf "%.1f", (v[int((NR + 1) / 2)] + v[int(NR / 2) + 1]) / 2 }'; }
    echo "   median of $ROUNDS rounds: p50 $(cut -d' ' -f1 "$OUT/rounds.txt" | median) ms," \
      "p99 $(cut -d' ' -f2 "$OUT/rounds.txt" | median) ms"
  fi
done
echo "== target: p50 <= 20 ms, p99 <= 100 ms at 200 submissions/s"
