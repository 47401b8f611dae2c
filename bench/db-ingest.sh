#!/usr/bin/env bash
# Ingest of a database manifest by `retouch run` in a small heap: a table of ROWS products in
# database `catalog` of the embedded PostgreSQL (manifest `jdbc-url: embedded:catalog`), read by a
# retouch process started with JAVA_TOOL_OPTIONS=-Xmx$HEAP. The simulator answers the first submit
# with "out of credit", so dispatch stops at once and the run measures ingest. Prints rows/s (from
# the ingest step's start and end in Spring Batch's tables), the CPU seconds of the JVM's ingest step
# and of PostgreSQL, the peak heap after GC, and whether the process ran out of memory.
# Usage: bench/db-ingest.sh [ROWS] [HEAP]   (default 100000 256m). Needs psql. Not part of the test command.
set -euo pipefail
source "$(dirname "$0")/ingest-common.sh"
rows="${1:-100000}"
heap="${2:-256m}"
ingest_bench_setup bench/db-ingest.sh

hold_database   # psql fills the catalog first

echo "catalog: $rows products ..."
psql "$pg/postgres" -qc "CREATE DATABASE catalog"
psql "$pg/catalog" -q <<SQL
CREATE TABLE products (sku TEXT PRIMARY KEY, photo TEXT NOT NULL, prompt TEXT NOT NULL, updated_at TIMESTAMPTZ NOT NULL);
INSERT INTO products
SELECT 'sku-' || lpad(n::text, 7, '0'), 'https://example.com/photos/' || n || '.png',
       'Place product ' || n || ' on a white studio background with soft shadows', now() - interval '1 hour'
FROM generate_series(1, $rows) AS n;
SQL

cat > "$work/db-ingest.yaml" <<YAML
name: db-ingest
manifest:
  jdbc-url: embedded:catalog
  query: SELECT sku AS item_key, photo AS images, prompt FROM products WHERE updated_at > :since ORDER BY sku
  fetch-size: 500
vendor:
  name: fal
simulator:
  faults: out-of-credit=1
output:
  bucket: bench-db-ingest
YAML

echo "retouch run, JAVA_TOOL_OPTIONS=-Xmx$heap ..."
pg_before="$(pg_cpu)"
code=0
JAVA_TOOL_OPTIONS="-Xmx$heap -Xlog:gc:file=$work/gc.log" bin/retouch run "$work/db-ingest.yaml" \
  > "$work/run.out" 2> "$work/run.err" || code=$?

read -r tasks seconds < <(psql "$pg/postgres" -tAF' ' -c "
  SELECT (SELECT count(*) FROM task),
         round(extract(epoch FROM end_time - start_time)::numeric, 1)
  FROM batch_step_execution WHERE step_name = 'ingest' ORDER BY step_execution_id DESC LIMIT 1")
pg_after="$(pg_cpu)"
heap_figures "$work/gc.log"
oom="no"
grep -qi 'OutOfMemoryError' "$work/run.out" "$work/run.err" "$RETOUCH_HOME/logs/retouch.log" && oom="YES"
echo "exit code $code (3: stopped, out of credit, as intended)"
echo "rows ingested: $tasks of $rows in ${seconds} s: $(awk -v r="$tasks" -v s="$seconds" 'BEGIN {printf "%.0f", r / s}') rows/s"
echo "CPU: retouch JVM $(step_cpu ingest) s in the ingest step; PostgreSQL $(awk -v a="$pg_before" -v b="$pg_after" 'BEGIN {printf "%.1f", b - a}') s over the whole run (the catalog's query too)"
echo "heap: -Xmx$heap; in use at most ${before:-?} MB before a GC, ${after:-?} MB after one; OutOfMemoryError: $oom"
echo "--- the run's last lines:"; tail -n 6 "$work/run.out"; grep -v '^Picked up JAVA_TOOL_OPTIONS' "$work/run.err" | head -n 5 || true
echo "($(nproc) cores, $(java -version 2>&1 | head -n 1))"
