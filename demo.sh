#!/usr/bin/env bash
# The demo in one command: build the jar, run jobs/demo.yaml on the built-in simulator with embedded
# PostgreSQL and S3 (data under RETOUCH_HOME, default ./.retouch), then show the run's status.
set -euo pipefail
cd "$(dirname "$0")"
source ./scripts/java-home.sh
./mvnw -B -ntp -q package -DskipTests
set +e
java --enable-native-access=ALL-UNNAMED -jar target/retouch.jar run jobs/demo.yaml | tee /tmp/retouch-demo.$$
code=${PIPESTATUS[0]}
set -e
run=$(sed -n 's/^Run \([0-9]*\):.*/\1/p' /tmp/retouch-demo.$$ | head -1)
rm -f /tmp/retouch-demo.$$
if [ -n "$run" ]; then
  echo
  echo "Results: ${RETOUCH_HOME:-.retouch}/s3/retouch-demo/demo/$run/   (JSON report: java -jar target/retouch.jar status $run --json)"
fi
exit "$code"
