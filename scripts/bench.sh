#!/usr/bin/env bash
# Benchmarks the whole pipeline on this machine beside the machine's own limit for this work.
#
#   scripts/bench.sh [--orders N] [--concurrency C] [--baseline-seconds S] [--steady-seconds S]
#                    [--warmup-orders N] [--out DIR]
#
# Defaults: 400 warm-up orders, 2000 measured orders from 8 clients, a 10 s baseline before and after,
# 20 s of paced orders for latency; results in target/benchmark/bench-results.{json,md}.
# SKIP_BUILD=1 reuses the last build.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
  exit 0
fi
command -v java >/dev/null 2>&1 || { echo "bench.sh needs 'java' (JDK 17+) on the PATH." >&2; exit 1; }
jar=local/benchmark/target/serverless-orch-benchmark.jar
if [[ "${SKIP_BUILD:-0}" != "1" || ! -f "$jar" ]]; then
  ./mvnw -q -DskipTests -pl local/benchmark -am package
fi
export AWS_REGION="${AWS_REGION:-us-east-1}" AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local
# The pipeline's metric lines would drown the progress; the benchmark measures what it needs itself.
exec java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar "$jar" "$@" | grep -v '^{"_aws"'
