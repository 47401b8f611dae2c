#!/usr/bin/env bash
# Dispatch at the vendor's limit: `retouch run` (bin/retouch, a fresh RETOUCH_HOME, the embedded
# PostgreSQL and S3) of ITEMS tasks against a standalone simulator process (`retouch sim`) with SLOTS
# concurrency. Prints the makespan against the ideal (the run times the simulator drew / slots), slot
# utilisation, vendor calls per image, 429s, time to first submission, Retouch's CPU per 1,000 items
# and its heap. See bench/README.md. Not part of the test command.
# Usage: bench/dispatch.sh ITEMS [--latency SPEC] [--slots N] [--vendor NAME] [--rps N]
#                          [--vendor-extra 'key: value']... [--keep]
#   defaults: --latency lognormal:median=2s,sigma=0.3 --slots 40 --vendor fal --rps 1000
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-home.sh
command -v /usr/bin/time >/dev/null || { echo "bench/dispatch.sh needs /usr/bin/time (apt install time)" >&2; exit 2; }
[ -f target/retouch.jar ] || ./mvnw -B -ntp package -DskipTests >/dev/null
exec java -Dbench.root="$PWD" bench/Dispatch.java dispatch "$@"
