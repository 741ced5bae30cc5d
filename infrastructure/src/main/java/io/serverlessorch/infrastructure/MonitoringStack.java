package io.serverlessorch.infrastructure;

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

/**
 * The CloudWatch dashboard (its layout lives in {@code dashboards/serverless-orch.json}) and the alarms,
 * all notifying one SNS topic.
 */
public class MonitoringStack extends Stack {

    private final Topic alarms;

    public MonitoringStack(Construct scope, String id, StackProps props, StageSettings stage, DataStack data,
                           ApplicationStack application, Path dashboardFile) {
        super(scope, id, props);
        alarms = Topic.Builder.create(this, "Alarms").topicName(stage.name("alarms")).build();
        if (stage.alarmEmail() != null) {
            alarms.addSubscription(new EmailSubscription(stage.alarmEmail()));
        }

        application.functions().forEach((name, function) -> {
            alarm(name + "-errors", "The " + name + " function failed invocations",
                    function.metricErrors(sum(Duration.minutes(5))), 1);
            alarm(name + "-throttles", "The " + name + " function was throttled",
                    function.metricThrottles(sum(Duration.minutes(5))), 1);
        });
        Function processor = application.functions().get("stream-processor");
        alarm("stream-iterator-age", "The stream processor is more than a minute behind the orders stream",
                processor.metric("IteratorAge", MetricOptions.builder()
                        .statistic("Maximum").period(Duration.minutes(1)).build()), 60_000);
        alarm("dead-letters", "A stream record could not be processed and went to the dead-letter queue",
                application.deadLetters().metricApproximateNumberOfMessagesVisible(
                        MetricOptions.builder().statistic("Maximum").period(Duration.minutes(1)).build()), 1);
        alarm("api-5xx-rate", "More than 1% of API requests end in a server error",
                MathExpression.Builder.create()
                        .expression("IF(requests > 0, 100 * errors / requests, 0)")
                        .usingMetrics(Map.of(
                                "errors", application.api().metricServerError(sum(Duration.minutes(5))),
                                "requests", application.api().metricCount(sum(Duration.minutes(5)))))
                        .label("API 5xx %").period(Duration.minutes(5)).build(), 1);
        alarm("api-p99-latency", "The API's p99 latency is above 2 seconds",
                application.api().metricLatency(MetricOptions.builder()
                        .statistic("p99").period(Duration.minutes(5)).build()), 2000);
        alarm("orders-table-throttles", "DynamoDB throttled requests on the orders table",
                throttles(Tables.ordersTableName(stage.prefix())), 1);
        alarm("catalog-table-throttles", "DynamoDB throttled requests on the catalog table",
                throttles(Tables.catalogTableName(stage.prefix())), 1);
        alarm("failed-orders-rate", "More than 5% of orders that ended in the last 15 minutes ended FAILED",
                MathExpression.Builder.create()
                        .expression("IF(ended > 0, 100 * failed / ended, 0)")
                        .usingMetrics(Map.of(
                                "failed", orders("FAILED"),
                                "ended", MathExpression.Builder.create()
                                        .expression("SUM(SEARCH('{" + EmfPipelineMetrics.NAMESPACE + ",Status} MetricName=\"Orders\" "
                                                + "(Status=\"COMPLETED\" OR Status=\"FAILED\" OR Status=\"VALIDATION_FAILED\" "
                                                + "OR Status=\"OUT_OF_STOCK\" OR Status=\"PAYMENT_FAILED\")', 'Sum', 900))")
                                        .period(Duration.minutes(15)).build()))
                        .label("FAILED orders %").period(Duration.minutes(15)).build(), 5);

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

    private void alarm(String name, String description, IMetric metric, double threshold) {
        Alarm.Builder.create(this, "Alarm-" + name)
                .alarmName(name)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build()
                .addAlarmAction(new SnsAction(alarms));
    }

    private static IMetric throttles(String tableName) {
        return MathExpression.Builder.create()
                .expression("read + write")
                .usingMetrics(Map.of(
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
