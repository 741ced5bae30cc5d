#!/usr/bin/env bash
# Runs the whole system on this machine, no AWS account and no Docker: DynamoDB Local in process, the tables
# and the sample catalog, and the order API on http://localhost:8080 through the same Lambda handler as in AWS.
#
#   scripts/run_local.sh [--port N] [--host ADDRESS] [--data-dir PATH | --in-memory] [--dynamodb-port N]
#
# Data is kept in .local-data/ across restarts unless --in-memory. Needs Java 17+ (JAVA_HOME, else the PATH);
# Maven comes with ./mvnw. SKIP_BUILD=1 reuses the last build.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/scripts/lib/java.sh"
help_if_asked "$@"
require_java
cd "$root"

jar=local/runtime/target/serverless-orch-local.jar
build_jar local/runtime "$jar"

exec "$java" ${JAVA_OPTS:-} -jar "$jar" "$@"
