#!/usr/bin/env bash
# Drives the orders of the stream's dead letters on: each order, as it is now, is handed to the stream
# processor as if it had just entered its status, until it ends. Safe to run twice.
#
#   scripts/replay-dead-letters.sh --local [--data-dir DIR] [--endpoint URL]
#       the local run's dead letters (DIR/dead-letters.jsonl, default .local-data) against its DynamoDB Local
#       (default http://localhost:8000); run it beside scripts/run_local.sh or on its data after a stop
#   scripts/replay-dead-letters.sh --stage NAME
#       a deployed stage's dead-letter queue, with the default AWS credentials and region (AWS_REGION, else
#       your profile's): reads each dead letter's records back from the stream (kept 24 hours), re-drives
#       their orders through the steps' functions, and deletes the message once its orders are done with
#
# Prints a line for each dead letter (replayed, already moved on, records expired, failed again, not
# processed) and one for each of its orders, then a summary. Exits 1 when something is left that running
# it again can do (an order failed again, a call to AWS failed on the way) or the queue cannot be read;
# records expired alone exit 0, since no run can replay them.
#
# Needs Java 17+. Builds what is missing or changed since the last build; SKIP_BUILD=1 reuses the last build.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/scripts/lib/java.sh"
check_arguments "$@"
if [[ $# -eq 0 ]]; then
  usage >&2
  exit 2
fi
require_java
cd "$root"
jar=local/replay/target/serverless-orch-replay.jar
build_jar local/replay "$jar"
# The SDK reads AWS_REGION, not the AWS CLI's AWS_DEFAULT_REGION. Otherwise a stage's region is left to the
# SDK's chain, which reads the profile (~/.aws/config) too; only DynamoDB Local, which ignores it, gets a default.
if [[ -z "${AWS_REGION:-}" && -n "${AWS_DEFAULT_REGION:-}" ]]; then
  export AWS_REGION="$AWS_DEFAULT_REGION"
fi
if [[ " $* " == *" --local "* ]]; then
  export AWS_REGION="${AWS_REGION:-us-east-1}"
  if [[ -z "${AWS_ACCESS_KEY_ID:-}" ]]; then
    export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local   # DynamoDB Local takes any credentials
  fi
fi
exec "$java" -Dorch.log.level=warn -jar "$jar" "$@"
