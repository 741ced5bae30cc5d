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

for tool in java mvn; do
  command -v "$tool" >/dev/null 2>&1 || { echo "run_local.sh needs '$tool' on the PATH (JDK 17+ and Maven 3.8+)." >&2; exit 1; }
done

if [[ "${SKIP_BUILD:-0}" != "1" || ! -f local/target/serverless-orch-local.jar ]]; then
  echo "Building (mvn package, tests skipped)..."
  mvn -q -DskipTests -pl local -am package
fi

exec java ${JAVA_OPTS:-} -jar local/target/serverless-orch-local.jar "$@"
