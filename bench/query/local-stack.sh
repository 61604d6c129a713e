# Sourced by system.sh and rebuild-throughput.sh. start_local_stack <log> starts run-local.sh in the background
# with the environment as set, stops it when the script exits, waits until it is ready, and sets STACK (its pid)
# and JAVA (the java it found). Expects ROOT.
start_local_stack() {
  local log=$1
  "$ROOT/run-local.sh" >"$log" 2>&1 &
  STACK=$!
  trap 'kill -TERM $STACK 2>/dev/null; wait $STACK 2>/dev/null || true' EXIT
  until grep -q "e-Reklame is ready" "$log"; do
    kill -0 $STACK 2>/dev/null || { tail -n 30 "$log"; exit 1; }
    sleep 1
  done
  JAVA=$(sed -n 's/^\[run-local\] using Java [0-9]* at \(.*\)$/\1/p' "$log")/bin/java
}
