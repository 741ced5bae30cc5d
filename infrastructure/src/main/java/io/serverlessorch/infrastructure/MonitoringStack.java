package io.serverlessorch.infrastructure;

import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.metrics.EmfPipelineMetrics;
import io.serverlessorch.storage.dynamodb.Tables;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.CfnDashboard;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CloudWatch dashboard (its layout lives in {@code dashboards/serverless-orch.json}) and the alarms,
 * all notifying one SNS topic.
 */
public class MonitoringStack extends Stack {

    private final StageSettings stage;
    private final Topic alarms;

    public MonitoringStack(Construct scope, String id, StackProps props, StageSettings stage, DataStack data,
                           ApplicationStack application, Path dashboardFile) {
        super(scope, id, props);
        this.stage = stage;
        alarms = Topic.Builder.create(this, "Alarms").topicName(stage.name("alarms")).enforceSsl(true).build();
        if (stage.alarmEmail() != null) {
            alarms.addSubscription(new EmailSubscription(stage.alarmEmail()));
            NagRules.accept(alarms, "Serverless-SNSRedrivePolicy", "An e-mail subscription: a message SNS cannot "
                    + "deliver is an alarm whose state stays on the dashboard and in CloudWatch; a queue of undelivered "
                    + "e-mails would need watching itself");
        }

        application.functions().forEach((name, function) -> {
            // A step is retried by design: a few errors are routine, a run of them is not.
            alarm(name + "-errors", "The " + name + " function failed invocations in 2 of the last 3 five-minute periods",
                    function.metricErrors(sum(Duration.minutes(5))), name.equals("order-api") || name.equals("stream-processor") ? 1 : 5,
                    Evaluation.SUSTAINED);
            alarm(name + "-throttles", "The " + name + " function was throttled in 2 of the last 3 five-minute periods",
                    function.metricThrottles(sum(Duration.minutes(5))), 1, Evaluation.SUSTAINED);
        });
        Function processor = application.functions().get("stream-processor");
        alarm("stream-iterator-age", "The stream processor has been more than a minute behind the orders stream for 5 minutes",
                processor.metric("IteratorAge", MetricOptions.builder()
                        .statistic("Maximum").period(Duration.minutes(1)).build()), 60_000, Evaluation.BEHIND);
        alarm("dead-letters", "A stream record could not be processed and went to the dead-letter queue",
                application.deadLetters().metricApproximateNumberOfMessagesVisible(
                        MetricOptions.builder().statistic("Maximum").period(Duration.minutes(1)).build()), 1, Evaluation.FIRST);
        alarm("api-5xx-rate", "More than 1% of API requests ended in a server error in 2 of the last 3 five-minute periods",
                MathExpression.Builder.create()
                        .expression("IF(requests > 0, 100 * errors / requests, 0)")
                        .usingMetrics(ordered(
                                "errors", application.api().metricServerError(sum(Duration.minutes(5))),
                                "requests", application.api().metricCount(sum(Duration.minutes(5)))))
                        .label("API 5xx %").period(Duration.minutes(5)).build(), 1, Evaluation.SUSTAINED);
        alarm("api-p99-latency", "The API's p99 latency has been above 2 seconds for 15 minutes",
                application.api().metricLatency(MetricOptions.builder()
                        .statistic("p99").period(Duration.minutes(5)).build()), 2000, Evaluation.PERSISTENT);
        alarm("orders-table-throttles", "DynamoDB throttled requests on the orders table in 2 of the last 3 five-minute periods",
                throttles(Tables.ordersTableName(stage.prefix())), 1, Evaluation.SUSTAINED);
        alarm("catalog-table-throttles", "DynamoDB throttled requests on the catalog table in 2 of the last 3 five-minute periods",
                throttles(Tables.catalogTableName(stage.prefix())), 1, Evaluation.SUSTAINED);
        // Alarms cannot use SEARCH: the orders that ended are the sum of the terminal statuses, named one by one.
        Map<String, IMetric> ends = new TreeMap<>();
        for (OrderStatus status : OrderStatus.values()) {
            if (status.isTerminal()) {
                ends.put(status.name().toLowerCase(), orders(status.name()));
            }
        }
        String ended = "(" + String.join(" + ", ends.keySet().stream().map(metric -> "FILL(" + metric + ", 0)").toList()) + ")";
        alarm("failed-orders-rate", "More than 5% of the orders that ended in the last 15 minutes ended FAILED",
                MathExpression.Builder.create()
                        .expression("IF(" + ended + " > 0, 100 * FILL(failed, 0) / " + ended + ", 0)")
                        .usingMetrics(ends)
                        .label("FAILED orders %").period(Duration.minutes(15)).build(), 5, Evaluation.FIRST);

        String body = DashboardBody.render(dashboardFile, Map.of(
                "Region", Aws.REGION,
                "Stage", stage.stage(),
                "Prefix", stage.prefix(),
                "OrdersTable", Tables.ordersTableName(stage.prefix()),
                "CatalogTable", Tables.catalogTableName(stage.prefix()),
                "ApiName", stage.name("api"),
                "DeadLetterQueue", stage.name("stream-dead-letters"),
                "Namespace", EmfPipelineMetrics.NAMESPACE));
        String dashboardName = stage.name("orders");
        CfnDashboard.Builder.create(this, "Dashboard").dashboardName(dashboardName).dashboardBody(body).build();
        CfnOutput.Builder.create(this, "DashboardUrl")
                .value("https://" + Aws.REGION + ".console.aws.amazon.com/cloudwatch/home?region=" + Aws.REGION
                        + "#dashboards:name=" + dashboardName)
                .description("The CloudWatch dashboard")
                .build();
    }

    /**
     * How many periods an alarm looks at, how many of them must breach, and what silence means. Each alarm's
     * choice is explained in docs/decisions.md ("Alarms an on-call person can trust").
     */
    enum Evaluation {
        /** The first breach counts: a dead letter, or a rate already smoothed over 15 minutes. */
        FIRST(1, 1, TreatMissingData.NOT_BREACHING),
        /** 2 of 3 periods: one bad period is what retries are for; two are a pattern. */
        SUSTAINED(2, 3, TreatMissingData.NOT_BREACHING),
        /** 3 of 3 periods: a slow spell that lasts. */
        PERSISTENT(3, 3, TreatMissingData.NOT_BREACHING),
        /**
         * 5 of 5 one-minute periods behind; silence keeps the state it had: a consumer that stops reporting while
         * behind is stalled, not caught up.
         */
        BEHIND(5, 5, TreatMissingData.MISSING);

        final int datapointsToAlarm;
        final int evaluationPeriods;
        final TreatMissingData missingData;

        Evaluation(int datapointsToAlarm, int evaluationPeriods, TreatMissingData missingData) {
            this.datapointsToAlarm = datapointsToAlarm;
            this.evaluationPeriods = evaluationPeriods;
            this.missingData = missingData;
        }
    }

    private void alarm(String name, String description, IMetric metric, double threshold, Evaluation evaluation) {
        Alarm alarm = Alarm.Builder.create(this, "Alarm-" + name)
                .alarmName(stage.name(name))
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .datapointsToAlarm(evaluation.datapointsToAlarm)
                .evaluationPeriods(evaluation.evaluationPeriods)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(evaluation.missingData)
                .build();
        // OK too: whoever was paged learns that it is over.
        alarm.addAlarmAction(new SnsAction(alarms));
        alarm.addOkAction(new SnsAction(alarms));
    }

    /** Metrics in a fixed order, so that every synth writes the same template. */
    private static Map<String, IMetric> ordered(String id1, IMetric metric1, String id2, IMetric metric2) {
        Map<String, IMetric> metrics = new TreeMap<>();
        metrics.put(id1, metric1);
        metrics.put(id2, metric2);
        return metrics;
    }

    private static IMetric throttles(String tableName) {
        return MathExpression.Builder.create()
                .expression("read + write")
                .usingMetrics(ordered(
                        "read", Metric.Builder.create().namespace("AWS/DynamoDB").metricName("ReadThrottleEvents")
                                .dimensionsMap(Map.of("TableName", tableName)).statistic("Sum").period(Duration.minutes(5)).build(),
                        "write", Metric.Builder.create().namespace("AWS/DynamoDB").metricName("WriteThrottleEvents")
                                .dimensionsMap(Map.of("TableName", tableName)).statistic("Sum").period(Duration.minutes(5)).build()))
                .period(Duration.minutes(5)).build();
    }

    private static IMetric orders(String status) {
        return Metric.Builder.create().namespace(EmfPipelineMetrics.NAMESPACE).metricName("Orders")
                .dimensionsMap(Map.of("Status", status)).statistic("Sum").period(Duration.minutes(15)).build();
    }

    private static MetricOptions sum(Duration period) {
        return MetricOptions.builder().statistic("Sum").period(period).build();
    }

    /** The dashboard file with its {@code {{Name}}} placeholders filled in. */
    static final class DashboardBody {
        private DashboardBody() {
        }

        static String render(Path file, Map<String, String> values) {
            String body;
            try {
                body = Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException("The dashboard file " + file.toAbsolutePath() + " cannot be read", e);
            }
            for (Map.Entry<String, String> value : values.entrySet()) {
                body = body.replace("{{" + value.getKey() + "}}", value.getValue());
            }
            int unfilled = body.indexOf("{{");
            if (unfilled >= 0) {
                throw new IllegalStateException("The dashboard names an unknown placeholder: " + body.substring(unfilled, Math.min(body.length(), unfilled + 40)));
            }
            return body;
        }
    }
}
