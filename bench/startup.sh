#!/usr/bin/env bash
# Start-up of the read commands, as an operator meets it: the median wall time of `retouch runs`
# through bin/retouch, with the embedded PostgreSQL already running (held by `retouch db`) and
# with it stopped (each command starts and stops it), on a fresh RETOUCH_HOME holding the demo run.
# Also the same without the launcher's start-up cache (RETOUCH_NO_CACHE=1), for comparison.
# Usage: bench/startup.sh [RUNS_PER_CASE]   (default 9). Not part of the test command.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-home.sh
n="${1:-9}"
[ -f target/retouch.jar ] || ./mvnw -B -ntp package -DskipTests >/dev/null

work="$(mktemp -d)"
trap 'kill "${holder:-}" 2>/dev/null || true; sleep 2; rm -rf "$work"' EXIT
export RETOUCH_HOME="$work/home" RETOUCH_CACHE="$work/cache"

echo "demo run to fill the database (and train the start-up cache) ..."
bin/retouch run jobs/demo.yaml >/dev/null
for _ in $(seq 1 120); do ls "$RETOUCH_CACHE"/*/app-work.aot >/dev/null 2>&1 && break; sleep 1; done

median_ms() { # runs `retouch runs` n times, prints the median wall time in ms
  local times=() start end
  for _ in $(seq 1 "$n"); do
    start=$(date +%s%N); bin/retouch runs >/dev/null; end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)] " ms (min " a[1] ", max " a[NR] ", n " NR ")"}'
}

bin/retouch runs >/dev/null # the first read command trains the read commands' cache
for _ in $(seq 1 120); do ls "$RETOUCH_CACHE"/*/app-read.aot >/dev/null 2>&1 && break; sleep 1; done
echo "retouch runs, database stopped:                $(median_ms)"
bin/retouch db > "$work/db.out" 2>&1 &
holder=$!
for _ in $(seq 1 60); do grep -q "jdbc:postgresql" "$work/db.out" && break; sleep 0.5; done
echo "retouch runs, database running:                $(median_ms)"
echo "retouch runs, database running, no cache:      $(RETOUCH_NO_CACHE=1 median_ms)"
kill -TERM "$holder"; wait "$holder" 2>/dev/null || true; holder=""
echo "($(nproc) cores, $(java -version 2>&1 | head -n 1))"
