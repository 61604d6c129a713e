#!/usr/bin/env bash
# What a NOTIFY inside the appending transaction costs PostgreSQL, against a NOTIFY sent after the
# commit by one separate session (what reklame-command does), side by side in one run.
#
#   bench/command/notify-cost.sh
#
# Starts PostgreSQL 17 through run-local.sh (no services, no Kafka), then runs pgbench with CLIENTS
# clients, ROUNDS rounds of ROUND_SECONDS seconds per variant, interleaved, each transaction appending one
# event and its outbox entry the way reklame-command does:
#   plain        the append and commit alone
#   in-tx        the append, pg_notify(), commit           (a trigger or the appending code)
#   after-commit the append and commit, while one more session sends pg_notify() in a loop
# Prints the median commits per second of each and their ratios. Needs pgbench (Debian: postgresql-client).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CLIENTS=${CLIENTS:-64}
SECONDS_PER_ROUND=${ROUND_SECONDS:-10}
ROUNDS=${ROUNDS:-3}
PG_PORT=${BENCH_POSTGRES_PORT:-27532}
STATE=$(mktemp -d "${TMPDIR:-/tmp}/reklame-notify.XXXXXX")
say() { printf '[notify-cost] %s\n' "$*"; }
command -v pgbench >/dev/null || { echo "pgbench is needed: apt-get install -y postgresql-client" >&2; exit 1; }
[[ -f $ROOT/local-stack/target/classpath.txt ]] || (cd "$ROOT" && ./mvnw -q -B -DskipTests package -pl local-stack -am)

STACK_PID=
cleanup() {
  if [[ -n $STACK_PID ]] && kill -0 "$STACK_PID" 2>/dev/null; then
    kill -TERM "$STACK_PID" 2>/dev/null || true
    wait "$STACK_PID" 2>/dev/null || true
  fi
  rm -rf "$STATE"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "starting PostgreSQL on 127.0.0.1:$PG_PORT"
LOCAL_STACK_BUILD=never LOCAL_STACK_SERVICES=none LOCAL_STACK_DIR=$STATE POSTGRES_PORT=$PG_PORT \
  KAFKA_BOOTSTRAP_SERVERS=unused:9 "$ROOT/run-local.sh" >"$STATE/stack.log" 2>&1 &
STACK_PID=$!
until grep -q "e-Reklame is ready" "$STATE/stack.log" 2>/dev/null; do
  kill -0 "$STACK_PID" 2>/dev/null || { cat "$STATE/stack.log" >&2; exit 1; }
  sleep 1
done
export PGPASSWORD=reklame
PG=(-h 127.0.0.1 -p "$PG_PORT" -U reklame reklame)
psql -q "${PG[@]}" <<'SQL'
create table event_store (position bigint generated always as identity primary key, event_id uuid not null unique,
  application_id uuid not null, version bigint not null, event_type text not null, payload jsonb not null,
  occurred_at timestamptz not null, unique (application_id, version));
create table outbox (position bigint primary key references event_store (position), enqueued_at timestamptz not null default now());
SQL
append="with appended as (insert into event_store (event_id, application_id, version, event_type, payload, occurred_at)
  values (gen_random_uuid(), gen_random_uuid(), 1, 'id.reklame.application.submitted.v1',
  '{\"applicant\": {\"name\": \"PT Maju Jaya\", \"idNumber\": \"3578012345670001\"}, \"reklame\": {\"type\": \"BILLBOARD\", \"content\": \"Kopi Nusantara\", \"widthM\": 4, \"heightM\": 8}}', now())
  returning position) insert into outbox (position) select position from appended;"
printf 'begin;\n%s\ncommit;\n' "$append" >"$STATE/plain.sql"
printf 'begin;\n%s\nselect pg_notify('"'"'outbox'"'"', '"'"''"'"');\ncommit;\n' "$append" >"$STATE/in-tx.sql"
printf "select pg_notify('outbox', '');\n" >"$STATE/notifier.sql"

tps() { pgbench -n "${PG[@]}" -c "$CLIENTS" -j 2 -T "$SECONDS_PER_ROUND" -f "$1" 2>&1 | sed -n 's/^tps = \([0-9.]*\).*/\1/p'; }
declare -A results
for round in $(seq "$ROUNDS"); do
  for variant in plain in-tx after-commit; do
    case $variant in
      plain) t=$(tps "$STATE/plain.sql") ;;
      in-tx) t=$(tps "$STATE/in-tx.sql") ;;
      after-commit)
        pgbench -n "${PG[@]}" -c 1 -j 1 -T "$SECONDS_PER_ROUND" -f "$STATE/notifier.sql" >/dev/null 2>&1 &
        notifier=$!
        t=$(tps "$STATE/plain.sql")
        wait "$notifier" || true ;;
    esac
    say "round $round $variant: $t commits/s"
    results[$variant]+="$t "
  done
done
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
p=$(median "${results[plain]}"); i=$(median "${results[in-tx]}"); a=$(median "${results[after-commit]}")
echo
echo "==== appends with commit, $CLIENTS clients, median of $ROUNDS x ${SECONDS_PER_ROUND}s, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) ===="
printf 'plain          %8.0f commits/s\n' "$p"
printf 'in-tx NOTIFY   %8.0f commits/s  (%.2f x plain)\n' "$i" "$(awk -v a="$i" -v b="$p" 'BEGIN { print a / b }')"
printf 'after-commit   %8.0f commits/s  (%.2f x plain)\n' "$a" "$(awk -v a="$a" -v b="$p" 'BEGIN { print a / b }')"
