#!/usr/bin/env bash
# Projects the pipeline to internet scale: records the DynamoDB requests of a short local run (every
# request's capacity units on each partition key, as AWS bills them) and the functions' invocation times,
# then projects them to the target rate.
#
#   scripts/capacity.sh [--orders-per-second N] [--hot-product-share F] [--products N]
#                       [--hot-product-buckets B] [--index-shards N] [--sample-orders N] [--out DIR]
#
#   --orders-per-second N    the target rate (default 10000)
#   --hot-product-share F    the share of orders holding the single hottest product (default 0.05;
#                            0.2 at 10000/s is a flash sale: 2000 orders/s on one product)
#   --products N             the other products the rest of the orders spread over (default 10000)
#   --hot-product-buckets B  the hot product's stock buckets (default 16)
#   --index-shards N         the index shards, orch.orders.index-shards (default 32)
#   --sample-orders N        orders measured locally (default 300; 150 more warm up first)
#   --out DIR                where capacity.json and trace.jsonl go (default a new temporary directory)
#
# Prints the busiest key of each key family, hottest first, with its load against a partition's limits
# (1000 WCU/s, 3000 RCU/s; a key's load is the sum of both shares), a verdict, the stream shards and
# parallelization factor, Lambda concurrency (Little's law) against the account's default, API Gateway's
# account limit and the cost per million orders. Takes about a minute.
# Exit status: 0 when no key is above 80 % of a partition, 1 when one is, 2 for a usage error,
# 3 when the run failed. Needs Java 17+. Builds what is missing or changed since the last build; SKIP_BUILD=1
# reuses the last build.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/scripts/lib/java.sh"
check_arguments "$@"
require_java
cd "$root"
jar=local/benchmark/target/serverless-orch-benchmark.jar
build_jar local/benchmark "$jar"
export AWS_REGION="${AWS_REGION:-us-east-1}" AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local
# The pipeline's metric lines would drown the table; the run measures what it needs itself.
# grep finding nothing to print is no failure: the exit status is the capacity run's.
set +o pipefail
"$java" -Dorch.log.level=warn -cp "$jar" io.serverlessorch.local.bench.Capacity "$@" \
  | { grep -v '^{"_aws"' || true; }
status="${PIPESTATUS[0]}"
exit "$status"
