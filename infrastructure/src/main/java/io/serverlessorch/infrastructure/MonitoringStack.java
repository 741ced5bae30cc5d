package io.serverlessorch.infrastructure;

import io.serverlessorch.monitoring.AlarmDefinition;
import io.serverlessorch.monitoring.AlarmMetric;
import io.serverlessorch.monitoring.Alarms;
import io.serverlessorch.monitoring.DashboardFile;
import io.serverlessorch.monitoring.Evaluation;
import io.serverlessorch.monitoring.MetricMath;
import io.serverlessorch.monitoring.MetricStat;
import io.serverlessorch.monitoring.MonitoredNames;
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
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CloudWatch dashboard (its layout lives in {@code dashboards/serverless-orch.json}) and the alarms
 * ({@link Alarms}, which the local run evaluates too), all notifying one SNS topic.
 */
public class MonitoringStack extends Stack {

    private final StageSettings stage;
    private final Topic alarms;

    public MonitoringStack(Construct scope, String id, StackProps props, StageSettings stage, DataStack data,
                           ApplicationStack application, Path dashboardFile) {
        super(scope, id, props);
        this.stage = stage;
        alarms = Topic.Builder.create(this, "Alarms").topicName(stage.name("alarms")).enforceSsl(true).build();
        // A topic policy replaces SNS's default one, which is what let CloudWatch publish: without this statement
        // (enforceSsl writes only its Deny) every alarm action fails and nobody is told. Only this account's
        // alarms of this stage may publish.
        alarms.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsPublish")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("sns:Publish"))
                .resources(List.of(alarms.getTopicArn()))
                // Sorted: Map.of iterates in an order that changes from JVM to JVM, and the template must not.
                .conditions(new TreeMap<>(Map.of(
                        "StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID),
                        "ArnLike", Map.of("aws:SourceArn", "arn:" + Aws.PARTITION + ":cloudwatch:" + Aws.REGION + ":"
                                + Aws.ACCOUNT_ID + ":alarm:" + stage.name("*")))))
                .build());
        if (stage.alarmEmail() != null) {
            alarms.addSubscription(new EmailSubscription(stage.alarmEmail()));
            NagRules.accept(alarms, "Serverless-SNSRedrivePolicy", "An e-mail subscription: a message SNS cannot "
                    + "deliver is an alarm whose state stays on the dashboard and in CloudWatch; a queue of undelivered "
                    + "e-mails would need watching itself");
        }

        // The same definitions the local run evaluates; a deployed name becomes a reference to its resource, so
        // the alarm depends on it.
        MonitoredNames names = new MonitoredNames(stage.prefix(), stage.stage());
        Map<String, String> references = new TreeMap<>();
        application.functions().forEach((name, function) -> references.put(names.function(name), function.getFunctionName()));
        references.put(names.deadLetterQueue(), application.deadLetters().getQueueName());
        references.put(names.deadlineSweepDeadLetterQueue(), application.deadlineSweepDeadLetters().getQueueName());
        for (AlarmDefinition definition : Alarms.of(names)) {
            alarm(definition, metric(definition.metric(), references));
        }

        String body = DashboardFile.render(read(dashboardFile), names.dashboardPlaceholders(Aws.REGION));
        String dashboardName = stage.name("orders");
        CfnDashboard.Builder.create(this, "Dashboard").dashboardName(dashboardName).dashboardBody(body).build();
        CfnOutput.Builder.create(this, "DashboardUrl")
                .value("https://" + Aws.REGION + ".console.aws.amazon.com/cloudwatch/home?region=" + Aws.REGION
                        + "#dashboards:name=" + dashboardName)
                .description("The CloudWatch dashboard")
                .build();
    }

    private void alarm(AlarmDefinition definition, IMetric metric) {
        Evaluation evaluation = definition.evaluation();
        Alarm alarm = Alarm.Builder.create(this, "Alarm-" + definition.name())
                .alarmName(stage.name(definition.name()))
                .alarmDescription(definition.description())
                .metric(metric)
                .threshold(definition.threshold())
                .datapointsToAlarm(evaluation.datapointsToAlarm)
                .evaluationPeriods(evaluation.evaluationPeriods)
                .comparisonOperator(comparison(definition.comparison()))
                .treatMissingData(definition.missingData() == AlarmDefinition.MissingData.BREACHING
                        ? TreatMissingData.BREACHING : TreatMissingData.NOT_BREACHING)
                .build();
        // OK too: whoever was paged learns that it is over.
        alarm.addAlarmAction(new SnsAction(alarms));
        alarm.addOkAction(new SnsAction(alarms));
    }

    private static ComparisonOperator comparison(AlarmDefinition.Comparison comparison) {
        switch (comparison) {
            case ABOVE:
                return ComparisonOperator.GREATER_THAN_THRESHOLD;
            case BELOW:
                return ComparisonOperator.LESS_THAN_THRESHOLD;
            default:
                return ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
        }
    }

    private static IMetric metric(AlarmMetric definition, Map<String, String> references) {
        if (definition instanceof MetricMath math) {
            // Sorted by id, so that every synth writes the same template.
            Map<String, IMetric> metrics = new TreeMap<>();
            math.metrics().forEach((id, stat) -> metrics.put(id, metric(stat, references)));
            MathExpression.Builder expression = MathExpression.Builder.create()
                    .expression(math.expression()).usingMetrics(metrics).period(cdk(math.period()));
            if (math.label() != null) {
                expression.label(math.label());
            }
            return expression.build();
        }
        MetricStat stat = (MetricStat) definition;
        Map<String, String> dimensions = new TreeMap<>();
        stat.dimensions().forEach((name, value) -> dimensions.put(name, references.getOrDefault(value, value)));
        return Metric.Builder.create().namespace(stat.namespace()).metricName(stat.metricName())
                .dimensionsMap(dimensions).statistic(stat.statistic()).period(cdk(stat.period())).build();
    }

    private static Duration cdk(java.time.Duration period) {
        return Duration.seconds(period.toSeconds());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("The dashboard file " + file.toAbsolutePath() + " cannot be read", e);
        }
    }
}
