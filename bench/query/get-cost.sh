#!/usr/bin/env bash
# What one read of a view costs, warm and alone: starts the system as view-latency.sh does (system.sh),
# submits one application, then reads it with wrk (2 threads, 16 connections; 40 s warm-up, 30 s measured), first
# straight from reklame-query, then through the ingress, and prints the rate, the latency and each process's CPU
# time per read. Needs wrk (Debian package).
#
#   bench/query/get-cost.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
OUT=$ROOT/bench/query/target
source "$ROOT/bench/query/system.sh"
TOKEN=$(./run-local.sh token APPLICANT get-cost)
BODY='{"applicant": {"name": "PT Get", "idNumber": "3578012345670001", "email": "get@example.co.id", "phone": "+6281234567890"},
 "reklame": {"type": "BILLBOARD", "content": "Get", "productCategory": "GENERAL", "placement": "OUTDOOR", "widthM": 2, "heightM": 4, "sides": 1, "units": 1},
 "location": {"address": "Jl. Get 1", "district": "Tegalsari", "roadClass": "PROTOCOL", "latitude": -7.21, "longitude": 112.71},
 "period": {"startDate": "2099-01-01", "endDate": "2099-01-30"}}'
ID=$(curl -s -X POST "http://localhost:$INGRESS_PROXY_PORT/api/v1/applications" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d "$BODY" | grep -o '"applicationId":"[^"]*"' | cut -d'"' -f4)
sleep 2
curl -s "http://localhost:$REKLAME_QUERY_PORT/api/v1/applications/$ID" -H "Authorization: Bearer $TOKEN" | head -c 200; echo
for target in "query $REKLAME_QUERY_PORT" "ingress $INGRESS_PROXY_PORT"; do
  set -- $target
  wrk -t2 -c16 -d40s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$2/api/v1/applications/$ID" >/dev/null  # warm-up
  before=$(cpu)
  out=$(wrk -t2 -c16 -d30s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$2/api/v1/applications/$ID")
  after=$(cpu)
  n=$(awk '/requests in/ {print $1}' <<<"$out")
  echo "== GET via $1: $(grep -E 'Requests/sec' <<<"$out")  $(grep -E '^ +Latency' <<<"$out")"
  join <(sort <<<"$before") <(sort <<<"$after") | awk -v n="$n" -v tick="$(getconf CLK_TCK)" '{ printf "   %s %.0f us", $1, ($3 - $2) * 1e6 / tick / n } END { print " CPU per GET" }'
done
