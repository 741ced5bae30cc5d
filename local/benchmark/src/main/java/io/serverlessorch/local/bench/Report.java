package io.serverlessorch.local.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's results as a Markdown table. */
final class Report {

    private Report() {
    }

    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> results) {
        Map<String, Object> baseline = (Map<String, Object>) results.get("baseline");
        Map<String, Object> api = (Map<String, Object>) results.get("api");
        Map<String, Object> pipeline = (Map<String, Object>) results.get("pipeline");
        Map<String, Object> perOrder = (Map<String, Object>) results.get("perOrder");
        Map<String, Object> settings = (Map<String, Object>) results.get("settings");
        Latencies put = (Latencies) baseline.get("putItemLatencyMs");
        Latencies post = (Latencies) api.get("postOrdersLatencyMs");
        Latencies endToEnd = (Latencies) pipeline.get("endToEndLatencyMs");
        Latencies underLoad = (Latencies) pipeline.get("endToEndLatencyUnderFullLoadMs");
        StringBuilder md = new StringBuilder();
        md.append("| measure | value |\n|---|---|\n");
        row(md, "orders, client concurrency", settings.get("orders") + ", " + settings.get("concurrency"));
        row(md, "local stream mapping: wait between polls of a caught-up stream (ms; Lambda's is 250)", settings.get("streamPollMs"));
        row(md, "baseline: DynamoDB Local PutItem/s (before / after the pipeline; the mean is used)",
                baseline.get("writesPerSecond") + " / " + baseline.get("writesPerSecondAfter") + " (" + baseline.get("writesPerSecondMean") + ")");
        row(md, "baseline: PutItem latency p50 / p95 / p99 (ms)", ms(put));
        row(md, "API: POST /orders latency p50 / p95 / p99 (ms), " + settings.get("concurrency") + " clients at full speed", ms(post));
        row(md, "pipeline: sustained orders/s", pipeline.get("ordersPerSecond"));
        row(md, "pipeline: due to terminal p50 / p95 / p99 (ms), orders due at " + pipeline.get("steadyOrdersPerSecond") + "/s", ms(endToEnd));
        row(md, "pipeline: POST to terminal p50 / p95 / p99 (ms), all orders placed at once (queueing)", ms(underLoad));
        Map<String, Object> replay = (Map<String, Object>) results.get("replay");
        row(md, "replay: the pipeline's own DynamoDB requests from a bare SDK client, same concurrency, fresh tables: orders/s (requests, refused by a condition, seconds)",
                replay.get("ordersPerSecond") + " (" + replay.get("requests") + ", " + replay.get("refused") + ", " + replay.get("seconds") + " s)");
        row(md, "efficiency: pipeline orders/s ÷ replay orders/s", pipeline.get("efficiency"));
        row(md, "DynamoDB requests per order", perOrder.get("dynamoDbRequests") + " " + perOrder.get("dynamoDbRequestsByOperation"));
        row(md, "DynamoDB item writes per order", perOrder.get("itemWrites"));
        row(md, "write / read capacity units per order, as DynamoDB Local counts them", perOrder.get("writeCapacityUnits") + " / " + perOrder.get("readCapacityUnits"));
        Map<String, Object> aws = (Map<String, Object>) perOrder.get("awsWriteUnits");
        row(md, "write units per order as AWS bills them (items + transaction surcharge + index entries)",
                aws.get("total") + " (" + aws.get("itemWrites") + " + " + aws.get("transactionSurcharge") + " + " + aws.get("indexWrites") + ")");
        row(md, "order item size, mean of its writes (bytes)", aws.get("meanOrderItemBytes"));
        row(md, "read units per order as AWS bills them", perOrder.get("awsReadUnits"));
        row(md, "Lambda invocations per order (API + processor + steps)", perOrder.get("lambdaInvocations"));
        row(md, "step hops per order: stream deliveries that called at least one step, full load", perOrder.get("stepHops"));
        Map<String, Object> durations = (Map<String, Object>) results.get("lambdaDurations");
        if (durations != null) {
            Map<String, Object> saturated = (Map<String, Object>) durations.get("saturated");
            Map<String, Object> paced = (Map<String, Object>) durations.get("paced");
            saturated.forEach((function, figures) -> row(md, "Lambda " + function + ": mean ms per invocation (invocations per order),"
                    + " full load / paced at " + pipeline.get("steadyOrdersPerSecond") + "/s, server side",
                    invocation((Map<String, Object>) figures) + " / " + invocation((Map<String, Object>) paced.get(function))));
        }
        Map<String, Object> cost = (Map<String, Object>) results.get("costUsd");
        row(md, "log lines and bytes per order written by the functions (Lambda's platform lines and API Gateway's access"
                + " log line are estimated on top: CostModel)", perOrder.get("logLines") + " lines, " + perOrder.get("logBytes") + " bytes");
        row(md, "cost per million orders, USD (DynamoDB at AWS's rules + API Gateway + Lambda requests + Lambda duration + log ingestion)",
                cost.get("totalPerMillionOrders") + " (" + cost.get("dynamoDb") + " + " + cost.get("apiGateway") + " + "
                        + cost.get("lambdaRequests") + " + " + cost.get("lambdaDuration") + " + " + cost.get("logsIngestion")
                        + "), prices " + cost.get("pricesAsOf") + "; Lambda durations from the paced phase: in Lambda each"
                        + " invocation has its own CPU, so times taken while 8 clients saturate 2 shared cores overstate GB-seconds"
                        + " (the processor's, per order at the paced phase's small batches, is an upper bound); invocation"
                        + " counts and metric lines from the full-load phase, whose stream batches are larger than a trickle's");
        row(md, "the same on Step Functions Standard, USD per million orders", cost.get("stepFunctionsStandardPerMillionOrders"));
        row(md, "ratio to Step Functions Standard", cost.get("ratioToStepFunctions"));
        row(md, "the same on Step Functions Express / Lambda durable functions, USD per million orders (side by side below)",
                cost.get("stepFunctionsExpressPerMillionOrders") + " / " + cost.get("durableFunctionsPerMillionOrders"));
        row(md, "deployment jar (bytes)", results.get("deploymentJarBytes"));
        Map<String, Object> coldStarts = (Map<String, Object>) results.get("coldStartMs");
        if (coldStarts != null) {
            coldStarts.forEach((kind, times) -> row(md, "cold start to first request, " + kind + " (median / fastest ms, × plain)",
                    ((Map<String, Object>) times).get("medianMs") + " / " + ((Map<String, Object>) times).get("fastestMs")
                            + ", " + ((Map<String, Object>) times).get("timesPlain")));
        }
        orchestrators(md, cost);
        List<Map<String, Object>> floor = (List<Map<String, Object>>) results.get("floorUsd");
        if (floor != null) {
            floor(md, floor, (double) cost.get("totalPerMillionOrders"));
        }
        return md.toString();
    }

    /** This pipeline beside the same steps driven by Step Functions Standard, Express and a Lambda durable function. */
    static void orchestrators(StringBuilder md, Map<String, Object> cost) {
        md.append("\nThe same orders, steps and DynamoDB work, driven four ways (USD per million orders):\n\n")
                .append("| driven by | USD per million orders | this pipeline's cost ÷ this | prices |\n|---|---|---|---|\n");
        orchestrator(md, "this pipeline: the DynamoDB stream and its processor", cost.get("totalPerMillionOrders"), 1.0, cost.get("pricesAsOf"));
        orchestrator(md, "Step Functions Standard (" + CostModel.STEP_FUNCTIONS_TRANSITIONS_PER_ORDER + " transitions an order)",
                cost.get("stepFunctionsStandardPerMillionOrders"), cost.get("ratioToStepFunctions"), cost.get("pricesAsOf"));
        orchestrator(md, "Step Functions Express (a request, and its duration at 64 MB)", cost.get("stepFunctionsExpressPerMillionOrders"),
                cost.get("ratioToStepFunctionsExpress"), cost.get("stepFunctionsExpressPricesAsOf"));
        orchestrator(md, "Lambda durable functions (" + CostModel.DURABLE_OPERATIONS_PER_ORDER + " operations an order, its checkpoints kept "
                        + (int) CostModel.DURABLE_RETENTION_DAYS + " days)", cost.get("durableFunctionsPerMillionOrders"),
                cost.get("ratioToDurableFunctions"), cost.get("durableFunctionsPricesAsOf"));
    }

    private static void orchestrator(StringBuilder md, String drivenBy, Object usd, Object ratio, Object prices) {
        md.append("| ").append(drivenBy).append(" | ").append(money(usd)).append(" | ").append(ratio).append(" | ").append(prices).append(" |\n");
    }

    /** Where the cost goes, the least each part can cost in this design, and how far that is from the target. */
    private static void floor(StringBuilder md, List<Map<String, Object>> rows, double total) {
        md.append("\nWhere the cost per million orders goes (USD), and the least this design can cost:\n\n")
                .append("| component | now | the least | what stands between |\n|---|---|---|---|\n");
        double least = 0;
        for (Map<String, Object> row : rows) {
            least += (double) row.get("least");
            md.append("| ").append(row.get("component")).append(" | ").append(money(row.get("now"))).append(" | ")
                    .append(money(row.get("least"))).append(" | ").append(row.get("between")).append(" |\n");
        }
        md.append("| **total** | ").append(money(total)).append(" | ").append(money(least)).append(" | ")
                .append(least <= CostModel.FLOOR_TARGET
                        ? "the floor is within " + money(CostModel.FLOOR_TARGET)
                        : money(CostModel.FLOOR_TARGET) + " needs " + money(least - CostModel.FLOOR_TARGET)
                        + " below the floor: fewer moves, or fewer step functions")
                .append(" |\n");
    }

    private static String money(Object usd) {
        return String.format(Locale.ROOT, "$%.2f", ((Number) usd).doubleValue());
    }

    private static String invocation(Map<String, Object> figures) {
        return figures == null ? "-" : figures.get("meanMs") + " (" + figures.get("invocationsPerOrder") + ")";
    }

    private static String ms(Latencies latencies) {
        return latencies.p50() + " / " + latencies.p95() + " / " + latencies.p99();
    }

    private static void row(StringBuilder md, String measure, Object value) {
        md.append("| ").append(measure).append(" | ").append(value).append(" |\n");
    }
}
