#!/usr/bin/env bash
# Benchmarks the whole pipeline on this machine beside the machine's own limit for this work.
#
#   scripts/bench.sh [--orders N] [--concurrency C] [--baseline-seconds S] [--steady-seconds S]
#                    [--warmup-orders N] [--out DIR]
#
# Defaults: 400 warm-up orders, 2000 measured orders from 8 clients, a 10 s baseline before and after,
# 20 s of paced orders for latency; results in target/benchmark/bench-results.{json,md}.
# Needs Java 17+. Builds what is missing or changed since the last build; SKIP_BUILD=1 reuses the last build.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/scripts/lib/java.sh"
check_arguments "$@"
require_java
cd "$root"
jar=local/benchmark/target/serverless-orch-benchmark.jar
build_jar local/benchmark "$jar"
export AWS_REGION="${AWS_REGION:-us-east-1}" AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local
# The pipeline's metric lines would drown the progress; the benchmark measures what it needs itself.
# grep finding nothing to print is no failure: the exit status is the benchmark's.
"$java" -Dorch.log.level=warn -jar "$jar" "$@" | { grep -v '^{"_aws"' || true; }
