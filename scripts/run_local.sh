#!/usr/bin/env bash
# Runs the whole system on this machine, no AWS account and no Docker: DynamoDB Local in process, the tables
# and the sample catalog, and the order API on http://localhost:8080 through the same Lambda handler as in AWS.
#
#   scripts/run_local.sh [--port N] [--data-dir PATH | --in-memory] [--dynamodb-port N]
#
# Data is kept in .local-data/ across restarts unless --in-memory. SKIP_BUILD=1 reuses the last build.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

command -v java >/dev/null 2>&1 || { echo "run_local.sh needs 'java' (JDK 17+) on the PATH; Maven comes with ./mvnw." >&2; exit 1; }

jar=local/runtime/target/serverless-orch-local.jar
if [[ "${SKIP_BUILD:-0}" != "1" || ! -f "$jar" ]]; then
  echo "Building (./mvnw package, tests skipped)..."
  ./mvnw -q -DskipTests -pl local/runtime -am package
fi

exec java ${JAVA_OPTS:-} -jar "$jar" "$@"
