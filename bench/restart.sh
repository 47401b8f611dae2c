#!/usr/bin/env bash
# Recovery after a crash: `retouch run` of ITEMS tasks against a standalone simulator (as
# bench/dispatch.sh), killed with SIGKILL SECONDS after its first submission (default 30), then
# `retouch restart 1`. Prints how long after the restart command started the simulator again holds
# SLOTS tasks (slots full), and the tasks completed per second in the 10 s after that against the
# 10 s before the kill. See bench/README.md. Not part of the test command.
# Usage: bench/restart.sh ITEMS [--kill-after SECONDS] [the options of bench/dispatch.sh]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-home.sh
command -v /usr/bin/time >/dev/null || { echo "bench/restart.sh needs /usr/bin/time (apt install time)" >&2; exit 2; }
[ -f target/retouch.jar ] || ./mvnw -B -ntp package -DskipTests >/dev/null
exec java -Dbench.root="$PWD" bench/Dispatch.java restart "$@"
