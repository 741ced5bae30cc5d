#!/usr/bin/env bash
# Runs the whole system on this machine, no AWS account and no Docker: DynamoDB Local in process, the tables
# and the sample catalog, and the order API on http://localhost:8080 through the same Lambda handler as in AWS.
#
#   scripts/run_local.sh [--port N] [--host ADDRESS] [--data-dir PATH | --in-memory] [--dynamodb-port N]
#                        [--stream-poll-ms N] [--heap SIZE]
#
# Data is kept in .local-data/ across restarts unless --in-memory. --stream-poll-ms sets how long the local
# event source mapping waits before polling a caught-up stream again (default 250 ms, as Lambda polls a
# DynamoDB stream four times a second). --heap sets the JVM's largest heap (default
# 512m: the run needs about 100 MB after a collection; unbounded, a JVM grows to a quarter of the machine).
# Ctrl-C stops after answering the requests in flight; a second Ctrl-C stops at once. Needs Java 17+
# (JAVA_HOME, else the PATH); Maven comes with ./mvnw. Builds what is missing or changed since the last build
# (a line per module as it goes; the full log in target/build.log); SKIP_BUILD=1 reuses the last build.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/scripts/lib/java.sh"
check_arguments "$@"
heap=512m
args=()
while [[ $# -gt 0 ]]; do
  if [[ "$1" == "--heap" ]]; then
    heap="${2:-}"
    if [[ ! "$heap" =~ ^[1-9][0-9]*[mMgG]$ ]]; then
      echo "--heap takes a size such as 512m or 2g, not '${heap}'" >&2
      exit 2
    fi
    shift 2
  else
    args+=("$1")
    shift
  fi
done
require_java
cd "$root"

# scripts/local_test.sh's jar too: the build that makes it would rewrite this run's jars once it is going.
build_jar local/runtime local/runtime/target/serverless-orch-local.jar \
  local/scenarios local/scenarios/target/serverless-orch-local-scenarios.jar

# By its absolute path, which is how the other scripts see that a run is going and do not build under it.
exec "$java" "-Xmx$heap" ${JAVA_OPTS:-} -jar "$(local_run_jar)" "${args[@]}"
