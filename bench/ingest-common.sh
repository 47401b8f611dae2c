# Shared by bench/ingest.sh and bench/db-ingest.sh (sourced, not run): the working directory, the
# embedded PostgreSQL held up by `retouch db` so psql can reach it, and the heap figures of a GC log.

# Goes to the repository, finds a JDK, builds the jar if missing; needs psql. $1: the script's name.
ingest_bench_setup() {
  cd "$(dirname "${BASH_SOURCE[0]}")/.."
  source scripts/java-home.sh
  command -v psql >/dev/null || { echo "$1 needs psql (e.g. apt install postgresql-client)" >&2; exit 2; }
  [ -f target/retouch.jar ] || ./mvnw -B -ntp package -DskipTests >/dev/null
  work="$(mktemp -d)"
  trap 'kill "${holder:-}" 2>/dev/null || true; sleep 2; rm -rf "$work"' EXIT
  export RETOUCH_HOME="$work/home" RETOUCH_NO_CACHE=1
}

# Starts `retouch db` (it holds the embedded PostgreSQL up) and sets $pg to its URL, $holder to its pid.
hold_database() {
  bin/retouch db > "$work/db.out" 2>&1 &
  holder=$!
  for _ in $(seq 1 120); do grep -q "jdbc:postgresql" "$work/db.out" && break; sleep 0.5; done
  local port
  port="$(grep -o 'jdbc:postgresql://127.0.0.1:[0-9]*' "$work/db.out" | grep -o '[0-9]*$')"
  pg="postgresql://postgres:postgres@127.0.0.1:$port"
}

# Sets $before and $after: the most heap in use before a GC and after one, in MB, from the GC log $1.
heap_figures() {
  before="$(grep -o '[0-9]*M->[0-9]*M' "$1" | sed 's/M->.*//' | sort -n | tail -n 1)"
  after="$(grep -o '[0-9]*M->[0-9]*M' "$1" | sed 's/.*->//; s/M//' | sort -n | tail -n 1)"
}

# Prints the CPU seconds the embedded PostgreSQL of $RETOUCH_HOME has used so far: its postmaster, the
# backends it has reaped (a run's connections, once the run has ended) and the processes still alive.
pg_cpu() {
  local pm ticks
  pm="$(head -n 1 "$RETOUCH_HOME/postgres/postmaster.pid")"
  ticks="$(awk '{print $14 + $15 + $16 + $17}' "/proc/$pm/stat")"
  for child in $(pgrep -P "$pm"); do
    ticks=$((ticks + $(awk '{print $14 + $15}' "/proc/$child/stat" 2>/dev/null || echo 0)))
  done
  awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", t / hz}'
}

# Prints the retouch JVM's CPU seconds in step $1, from the StepCpuLog line of its log.
step_cpu() {
  grep -o "step $1 of run [0-9]* ended [A-Z]*: CPU [0-9.]* s in the step" "$RETOUCH_HOME/logs/retouch.log" | tail -n 1 \
    | sed 's/.*CPU \([0-9.]*\) s.*/\1/'
}
