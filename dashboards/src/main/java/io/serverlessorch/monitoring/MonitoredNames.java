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
 * {@code serverless-orch} in the local run): the functions, the API, the dead-letter queue and the tables.
 * The CDK stacks name their resources the same way; StacksTest checks that they agree.
 */
public record MonitoredNames(String prefix, String stage) {

    /** The functions' short names, in the order the dashboard lists them. */
    public static final List<String> FUNCTIONS;

    static {
        List<String> functions = new ArrayList<>(List.of("order-api", "stream-processor"));
        functions.addAll(steps());
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
        values.put("Namespace", EmfPipelineMetrics.NAMESPACE);
        values.put("Steps", String.join(" → ", steps()));
        // Logs Insights reads the log groups it is given, by name: every function's.
        values.put("FunctionLogSources", String.join(" | ", FUNCTIONS.stream().map(function -> "SOURCE '/aws/lambda/" + function(function) + "'").toList()));
        return values;
    }
}
