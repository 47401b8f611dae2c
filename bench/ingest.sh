#!/usr/bin/env bash
# Ingest of a CSV manifest by `retouch run` in a small heap: a CSV of ROWS rows (http image URLs, so
# nothing is staged; a few duplicate item keys and a few bad rows, so those paths run too), read by a
# retouch process started with JAVA_TOOL_OPTIONS=-Xmx$HEAP against the embedded PostgreSQL (held by
# `retouch db` so psql can read Spring Batch's tables afterwards). The simulator answers the first
# submit with "out of credit", so dispatch stops at once and the run measures ingest. Prints rows/s
# (rows read over the ingest step's start and end in batch_step_execution), tasks and rejections,
# the CPU seconds of the JVM's ingest step and of PostgreSQL (on a shared machine the wall time moves
# with the load, the CPU far less), the peak heap after GC, and whether the process ran out of memory.
# Usage: bench/ingest.sh [ROWS] [HEAP]   (default 1000000 256m). Needs psql. Not part of the test command.
set -euo pipefail
source "$(dirname "$0")/ingest-common.sh"
rows="${1:-1000000}"
heap="${2:-256m}"
ingest_bench_setup bench/ingest.sh

echo "manifest: $rows rows ..."
# five of each, spread over the manifest: a row repeating the key of row 1 (a duplicate in a later chunk), a row
# repeating the key of the row before it (in the same chunk), a row with an empty prompt and one with a bad key
awk -v rows="$rows" 'BEGIN {
  step = int(rows / 5); if (step < 20) step = 20
  print "item_key,images,prompt"
  for (n = 1; n <= rows; n++) {
    key = sprintf("sku-%07d", n); prompt = "Place product " n " on a white studio background, soft shadows"
    if (n % step == 0) key = "sku-0000001"
    else if (n % step == 3) key = sprintf("sku-%07d", n - 1)
    else if (n % step == 7) prompt = ""
    else if (n % step == 11) key = "bad key " n
    printf "%s,https://example.com/photos/%d.png,\"%s\"\n", key, n, prompt
  }
}' > "$work/manifest.csv"

cat > "$work/ingest.yaml" <<YAML
name: csv-ingest
manifest: manifest.csv
vendor:
  name: fal
simulator:
  faults: out-of-credit=1
output:
  bucket: bench-ingest
YAML

hold_database   # psql reads the run afterwards

echo "retouch run, JAVA_TOOL_OPTIONS=-Xmx$heap ..."
pg_before="$(pg_cpu)"
code=0
JAVA_TOOL_OPTIONS="-Xmx$heap -Xlog:gc:file=$work/gc.log ${BENCH_JAVA_OPTIONS:-}" bin/retouch run "$work/ingest.yaml" \
  > "$work/run.out" 2> "$work/run.err" || code=$?

read -r read_count seconds tasks rejected < <(psql "$pg/postgres" -tAF' ' -c "
  SELECT read_count, round(extract(epoch FROM end_time - start_time)::numeric, 1),
         (SELECT count(*) FROM task), (SELECT count(*) FROM rejected_row)
  FROM batch_step_execution WHERE step_name = 'ingest' ORDER BY step_execution_id DESC LIMIT 1")
pg_after="$(pg_cpu)"
heap_figures "$work/gc.log"
oom="no"
grep -qi 'OutOfMemoryError' "$work/run.out" "$work/run.err" "$RETOUCH_HOME/logs/retouch.log" && oom="YES"
echo "exit code $code (3: stopped, out of credit, as intended)"
echo "rows read: $read_count of $rows in ${seconds} s: $(awk -v r="$read_count" -v s="$seconds" 'BEGIN {printf "%.0f", r / s}') rows/s"
echo "tasks: $tasks; rows rejected: $rejected ($(psql "$pg/postgres" -tA -c "SELECT count(*) FROM rejected_row
  WHERE reason LIKE '%already used on line%'") duplicates)"
echo "CPU: retouch JVM $(step_cpu ingest) s in the ingest step; PostgreSQL $(awk -v a="$pg_before" -v b="$pg_after" 'BEGIN {printf "%.1f", b - a}') s over the whole run"
echo "heap: -Xmx$heap; in use at most ${before:-?} MB before a GC, ${after:-?} MB after one; OutOfMemoryError: $oom"
echo "--- the run's last lines:"; tail -n 6 "$work/run.out"; grep -v '^Picked up JAVA_TOOL_OPTIONS' "$work/run.err" | head -n 5 || true
[ -n "${BENCH_KEEP:-}" ] && cp -r "$work" "$BENCH_KEEP"
echo "($(nproc) cores, $(java -version 2>&1 | head -n 1))"
