package io.serverlessorch.monitoring;

import io.serverlessorch.metrics.EmfPipelineMetrics;
import io.serverlessorch.pipeline.Step;
import io.serverlessorch.storage.dynamodb.Tables;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names of what is watched, all derived from a stage's prefix ({@code serverless-orch-dev} in AWS,
 * {@code serverless-orch} in the local run): the functions, the API, the dead-letter queues, the deadline sweep's
 * schedule, the webhook secret and the tables.
 * The CDK stacks name their resources the same way; StacksTest checks that they agree.
 */
public record MonitoredNames(String prefix, String stage) {

    /** The payment deadline sweep's short name: the function a schedule runs every minute. */
    public static final String DEADLINE_SWEEP = "payment-deadlines";

    /** The functions' short names, in the order the dashboard lists them. */
    public static final List<String> FUNCTIONS;

    static {
        List<String> functions = new ArrayList<>(List.of("order-api", "stream-processor"));
        functions.addAll(steps());
        functions.add(DEADLINE_SWEEP);
        FUNCTIONS = Collections.unmodifiableList(functions);
    }

    /** The step functions' short names, in the pipeline's order: {@code validator}, {@code inventory}, ... */
    public static List<String> steps() {
        return Arrays.stream(Step.values()).map(Step::id).toList();
    }

    public static MonitoredNames local() {
        return new MonitoredNames(Tables.DEFAULT_PREFIX, "local");
    }

    public String name(String what) {
        return prefix + "-" + what;
    }

    public String function(String shortName) {
        return name(shortName);
    }

    public String api() {
        return name("api");
    }

    public String deadLetterQueue() {
        return name("stream-dead-letters");
    }

    /** Where the schedule puts the sweeps it could not deliver to the function. */
    public String deadlineSweepDeadLetterQueue() {
        return name("deadline-sweep-dead-letters");
    }

    /** The schedule (an EventBridge rule) that runs the deadline sweep every minute. */
    public String deadlineSweepSchedule() {
        return name("deadline-sweep");
    }

    /** The Secrets Manager secret the payment provider signs its webhooks with. */
    public String paymentWebhookSecret() {
        return name("payment-webhook-secret");
    }

    public String ordersTable() {
        return Tables.ordersTableName(prefix);
    }

    public String catalogTable() {
        return Tables.catalogTableName(prefix);
    }

    /** The dashboard file's {@code {{Name}}} placeholders and their values (the region is the caller's). */
    public Map<String, String> dashboardPlaceholders(String region) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("Region", region);
        values.put("Stage", stage);
        values.put("Prefix", prefix);
        values.put("OrdersTable", ordersTable());
        values.put("CatalogTable", catalogTable());
        values.put("ApiName", api());
        values.put("DeadLetterQueue", deadLetterQueue());
        values.put("DeadlineSweepDeadLetterQueue", deadlineSweepDeadLetterQueue());
        values.put("Namespace", EmfPipelineMetrics.NAMESPACE);
        values.put("Steps", String.join(" → ", steps()));
        // Logs Insights reads the log groups it is given, by name: every function's.
        values.put("FunctionLogSources", String.join(" | ", FUNCTIONS.stream().map(function -> "SOURCE '/aws/lambda/" + function(function) + "'").toList()));
        return values;
    }
}
