package io.serverlessorch.monitoring;

import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.metrics.EmfPipelineMetrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every alarm of a stage, in one list: the CDK stack deploys them and the local run evaluates them.
 * Thresholds are at-or-above unless an alarm says otherwise; the reasons for each evaluation are in docs/decisions.md.
 */
public final class Alarms {

    private static final Duration ONE_MINUTE = Duration.ofMinutes(1);
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
    private static final Duration FIFTEEN_MINUTES = Duration.ofMinutes(15);
    /** How long a DynamoDB stream keeps a record (fixed by AWS). */
    public static final Duration STREAM_RETENTION = Duration.ofHours(24);
    /** A dead letter this old pages someone: half the stream's retention is left to replay it. */
    public static final Duration DEAD_LETTER_AGE_LIMIT = Duration.ofHours(12);
    /** An order found waiting longer than this past its payment deadline pages someone: sweeps stopped ending them. */
    public static final Duration DEADLINE_LATENESS_LIMIT = Duration.ofMinutes(5);
    /** More webhook signatures that do not match than this in 5 minutes: a changed secret, or someone probing. */
    public static final int BAD_SIGNATURE_LIMIT = 20;

    private Alarms() {
    }

    public static List<AlarmDefinition> of(MonitoredNames names) {
        List<AlarmDefinition> alarms = new ArrayList<>();
        for (String function : MonitoredNames.FUNCTIONS) {
            // A step is retried by design: a few errors are routine, a run of them is not. The API, the processor
            // and the sweep are not retried by anyone who would notice, so each error counts.
            boolean step = MonitoredNames.steps().contains(function);
            alarms.add(new AlarmDefinition(function + "-errors",
                    "The " + function + " function failed invocations in 2 of the last 3 five-minute periods: its log group "
                            + "/aws/lambda/" + names.function(function) + " says why",
                    lambda("Errors", names.function(function), "Sum", FIVE_MINUTES), step ? 5 : 1, Evaluation.SUSTAINED));
            alarms.add(new AlarmDefinition(function + "-throttles",
                    "The " + function + " function was throttled in 2 of the last 3 five-minute periods",
                    lambda("Throttles", names.function(function), "Sum", FIVE_MINUTES), 1, Evaluation.SUSTAINED));
        }
        alarms.add(new AlarmDefinition("stream-iterator-age",
                "The stream processor has been more than a minute behind the orders stream for 5 minutes",
                lambda("IteratorAge", names.function("stream-processor"), "Maximum", ONE_MINUTE), 60_000, Evaluation.BEHIND));
        // IteratorAge is only reported when the processor runs: a disabled or deleted mapping is silence, not
        // lag. Silence while orders arrive is what gives it away.
        alarms.add(new AlarmDefinition("stream-consumer-stalled",
                "Orders were placed but the stream processor was not invoked, in 2 of the last 3 five-minute periods: "
                        + "its event source mapping is disabled, deleted or cannot read the stream",
                new MetricMath("IF(FILL(placed, 0) > 0, IF(FILL(invoked, 0) == 0, 1, 0), 0)", Map.of(
                        // Counted by the order API as it stores each new order: the stream's producer.
                        "placed", new MetricStat(EmfPipelineMetrics.NAMESPACE, "OrdersPlaced", Map.of(), "Sum", FIVE_MINUTES),
                        "invoked", lambda("Invocations", names.function("stream-processor"), "Sum", FIVE_MINUTES)),
                        "orders placed, processor silent", FIVE_MINUTES), 1, Evaluation.SUSTAINED));
        alarms.add(new AlarmDefinition("dead-letters",
                "A stream record could not be processed and went to the dead-letter queue",
                new MetricStat("AWS/SQS", "ApproximateNumberOfMessagesVisible", Map.of("QueueName", names.deadLetterQueue()),
                        "Maximum", ONE_MINUTE), 1, Evaluation.FIRST));
        alarms.add(new AlarmDefinition("dead-letter-age",
                "The oldest dead letter is " + DEAD_LETTER_AGE_LIMIT.toHours() + " hours old: the stream forgets its records after "
                        + STREAM_RETENTION.toHours() + " hours, and then the replay can no longer drive its orders on",
                new MetricStat("AWS/SQS", "ApproximateAgeOfOldestMessage", Map.of("QueueName", names.deadLetterQueue()),
                        "Maximum", FIVE_MINUTES), DEAD_LETTER_AGE_LIMIT.toSeconds(), Evaluation.FIRST));
        alarms.add(new AlarmDefinition("unreadable-orders",
                "A listing passed over a stored order item that cannot be read: the order API's log names it; mend or delete the item",
                new MetricStat(EmfPipelineMetrics.NAMESPACE, "UnreadableOrdersSkipped", Map.of(), "Sum", FIVE_MINUTES), 1, Evaluation.FIRST));
        alarms.add(new AlarmDefinition("api-5xx-rate",
                "More than 1% of API requests ended in a server error in 2 of the last 3 five-minute periods",
                new MetricMath("IF(requests > 0, 100 * errors / requests, 0)", Map.of(
                        "errors", api("5XXError", names, "Sum"),
                        "requests", api("Count", names, "Sum")), "API 5xx %", FIVE_MINUTES), 1, Evaluation.SUSTAINED));
        alarms.add(new AlarmDefinition("api-p99-latency", "The API's p99 latency has been above 2 seconds for 15 minutes",
                api("Latency", names, "p99"), 2000, Evaluation.PERSISTENT));
        alarms.add(new AlarmDefinition("orders-table-throttles",
                "DynamoDB throttled requests on the orders table in 2 of the last 3 five-minute periods",
                throttles(names.ordersTable()), 1, Evaluation.SUSTAINED));
        alarms.add(new AlarmDefinition("catalog-table-throttles",
                "DynamoDB throttled requests on the catalog table in 2 of the last 3 five-minute periods",
                throttles(names.catalogTable()), 1, Evaluation.SUSTAINED));
        paymentAlarms(names, alarms);
        // Alarms cannot use SEARCH: the orders that ended are the sum of the terminal statuses, named one by one.
        Map<String, MetricStat> ends = new TreeMap<>();
        for (OrderStatus status : OrderStatus.values()) {
            if (status.isTerminal()) {
                ends.put(status.name().toLowerCase(), new MetricStat(EmfPipelineMetrics.NAMESPACE, "Orders",
                        Map.of("Status", status.name()), "Sum", FIFTEEN_MINUTES));
            }
        }
        String ended = "(" + String.join(" + ", ends.keySet().stream().map(metric -> "FILL(" + metric + ", 0)").toList()) + ")";
        alarms.add(new AlarmDefinition("failed-orders-rate", "More than 5% of the orders that ended in the last 15 minutes ended FAILED",
                new MetricMath("IF(" + ended + " > 0, 100 * FILL(failed, 0) / " + ended + ", 0)", ends,
                        "FAILED orders %", FIFTEEN_MINUTES), 5, Evaluation.FIRST));
        return List.copyOf(alarms);
    }

    /** The deadline sweep's timer and lateness, and the payment webhook's signatures. */
    private static void paymentAlarms(MonitoredNames names, List<AlarmDefinition> alarms) {
        String sweepLogs = "/aws/lambda/" + names.function(MonitoredNames.DEADLINE_SWEEP);
        // The sweep writes DeadlineSweeps on every run, whatever the traffic: silence is a stopped timer, so a
        // minute with no data breaches (the only alarm where it does).
        alarms.add(new AlarmDefinition("deadline-sweep-stopped",
                "The payment deadline sweep has not reported a run for 5 minutes, so orders waiting for payment are not "
                        + "cancelled at their deadline. Check that the rule " + names.deadlineSweepSchedule() + " is ENABLED, then "
                        + "the " + MonitoredNames.DEADLINE_SWEEP + "-errors alarm and the log group " + sweepLogs
                        + "; the first sweep that runs cancels every overdue order",
                new MetricStat(EmfPipelineMetrics.NAMESPACE, "DeadlineSweeps", Map.of(), "Sum", ONE_MINUTE),
                AlarmDefinition.Comparison.BELOW, 1, Evaluation.HEARTBEAT, AlarmDefinition.MissingData.BREACHING));
        alarms.add(new AlarmDefinition("deadline-sweep-dead-letters",
                "A deadline sweep went to the dead-letter queue " + names.deadlineSweepDeadLetterQueue() + ": the schedule "
                        + "could not deliver it (throttled, or not allowed to invoke the function), or it failed all of Lambda's "
                        + "tries (the log group " + sweepLogs + " says why). Fix the cause, then purge the queue: a missed sweep "
                        + "needs no replay, the next one cancels what it would have",
                new MetricStat("AWS/SQS", "ApproximateNumberOfMessagesVisible", Map.of("QueueName", names.deadlineSweepDeadLetterQueue()),
                        "Maximum", ONE_MINUTE), 1, Evaluation.FIRST));
        alarms.add(new AlarmDefinition("payment-deadlines-overdue",
                "A sweep found an order waiting for payment more than " + DEADLINE_LATENESS_LIMIT.toMinutes()
                        + " minutes past its deadline: sweeps stopped or failed for a while. That sweep cancelled it; check "
                        + "deadline-sweep-stopped, " + MonitoredNames.DEADLINE_SWEEP + "-errors and the log group " + sweepLogs,
                new MetricStat(EmfPipelineMetrics.NAMESPACE, "PaymentDeadlineLateness", Map.of(), "Maximum", FIVE_MINUTES),
                AlarmDefinition.Comparison.ABOVE, DEADLINE_LATENESS_LIMIT.toMillis(), Evaluation.FIRST, AlarmDefinition.MissingData.NOT_BREACHING));
        alarms.add(new AlarmDefinition("webhook-bad-signatures",
                "More than " + BAD_SIGNATURE_LIMIT + " payment webhooks in 5 minutes had a signature that does not match. "
                        + "If the provider changed its signing secret, put the new one in " + names.paymentWebhookSecret()
                        + " (aws secretsmanager put-secret-value); otherwise someone is probing the webhook: the API's access "
                        + "log names the addresses, and the web ACL limits each to 1,000 requests per 5 minutes",
                new MetricStat(EmfPipelineMetrics.NAMESPACE, "WebhookRefusals", Map.of("Reason", "signature"), "Sum", FIVE_MINUTES),
                AlarmDefinition.Comparison.ABOVE, BAD_SIGNATURE_LIMIT, Evaluation.FIRST, AlarmDefinition.MissingData.NOT_BREACHING));
    }

    private static MetricStat lambda(String metric, String functionName, String statistic, Duration period) {
        return new MetricStat("AWS/Lambda", metric, Map.of("FunctionName", functionName), statistic, period);
    }

    private static MetricStat api(String metric, MonitoredNames names, String statistic) {
        return new MetricStat("AWS/ApiGateway", metric, Map.of("ApiName", names.api()), statistic, FIVE_MINUTES);
    }

    private static MetricMath throttles(String tableName) {
        return new MetricMath("read + write", Map.of(
                "read", new MetricStat("AWS/DynamoDB", "ReadThrottleEvents", Map.of("TableName", tableName), "Sum", FIVE_MINUTES),
                "write", new MetricStat("AWS/DynamoDB", "WriteThrottleEvents", Map.of("TableName", tableName), "Sum", FIVE_MINUTES)),
                null, FIVE_MINUTES);
    }
}
