#!/usr/bin/env bash
# Checks a running ServerlessOrch, scenario by scenario: the local run or a deployed stage.
#
#   scripts/local_test.sh --setup-db [--endpoint URL]    create the tables and seed the sample catalog in a
#                                                         DynamoDB Local (default http://localhost:8000)
#   scripts/local_test.sh --setup-db --stage NAME         seed the sample catalog of a deployed stage (AWS credentials)
#   scripts/local_test.sh --api-url URL [--timeout S]     send the scenario orders and bad requests, follow each
#                                                         order to its end (default 60 s each), print a table;
#                                                         exit 1 if any is wrong
#
# Against a deployed stage (https://<id>.execute-api.<region>.amazonaws.com/<stage>) requests are signed
# with SigV4 using the default AWS credentials. The payment webhooks of the 3-D Secure scenarios are signed with
# $ORCH_PAYMENT_WEBHOOK_SECRET (the local run's development secret when unset); the expired scenario waits for
# its order's deadline, so run the local run with ORCH_PAYMENT_CONFIRMATION_TIMEOUT=10s.
# Needs Java 17+. Builds what is missing or changed since the last build, but never under a running local run;
# SKIP_BUILD=1 reuses the last build.
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
jar=local/scenarios/target/serverless-orch-local-scenarios.jar
build_jar local/scenarios "$jar"
export AWS_REGION="${AWS_REGION:-${AWS_DEFAULT_REGION:-us-east-1}}"
# DynamoDB Local takes any credentials; real ones (if set) are used for a deployed stage.
if [[ -z "${AWS_ACCESS_KEY_ID:-}" && -z "${AWS_PROFILE:-}" && ! -f "$HOME/.aws/credentials" ]]; then
  export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local
fi
exec "$java" -jar "$jar" "$@"
