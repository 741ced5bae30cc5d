package io.serverlessorch.monitoring;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlarmsTest {

    private final List<AlarmDefinition> alarms = Alarms.of(new MonitoredNames("serverless-orch-test", "test"));

    @Test
    void everyFunctionHasAnErrorAndAThrottleAlarmAndNamesAreUnique() {
        Set<String> names = new HashSet<>();
        alarms.forEach(alarm -> assertTrue(names.add(alarm.name()), "one alarm per name: " + alarm.name()));
        for (String function : MonitoredNames.FUNCTIONS) {
            assertTrue(names.contains(function + "-errors") && names.contains(function + "-throttles"), function);
        }
    }

    @Test
    void anExpressionNamesOnlyItsOwnMetricsAndUsesThemAll() {
        Pattern identifier = Pattern.compile("\\b([a-z][a-zA-Z0-9_]*)\\b(?!\\s*\\()");
        for (AlarmDefinition alarm : alarms) {
            if (alarm.metric() instanceof MetricMath math) {
                Set<String> named = new HashSet<>();
                Matcher found = identifier.matcher(math.expression());
                while (found.find()) {
                    named.add(found.group(1));
                }
                assertEquals(math.metrics().keySet(), named, alarm.name() + ": " + math.expression());
                math.metrics().values().forEach(stat -> assertEquals(math.period(), stat.period(), alarm.name()));
            }
        }
    }

    @Test
    void theResourcesAreNamedForTheStage() {
        AlarmDefinition deadLetters = alarms.stream().filter(alarm -> alarm.name().equals("dead-letters")).findFirst().orElseThrow();
        assertEquals("serverless-orch-test-stream-dead-letters", ((MetricStat) deadLetters.metric()).dimensions().get("QueueName"));
        assertEquals(Evaluation.FIRST, deadLetters.evaluation());
    }

    @Test
    void onlyTheSweepsHeartbeatBreachesOnSilenceAndItPagesWhenNoSweepRanForFiveMinutes() {
        List<AlarmDefinition> silentBreaches = alarms.stream().filter(alarm -> alarm.missingData() == AlarmDefinition.MissingData.BREACHING).toList();
        assertEquals(List.of("deadline-sweep-stopped"), silentBreaches.stream().map(AlarmDefinition::name).toList());
        AlarmDefinition stopped = silentBreaches.get(0);
        assertEquals(new MetricStat("ServerlessOrch", "DeadlineSweeps", java.util.Map.of(), "Sum", java.time.Duration.ofMinutes(1)), stopped.metric());
        assertEquals(Evaluation.HEARTBEAT, stopped.evaluation());
        assertEquals(5, stopped.evaluation().datapointsToAlarm);
        assertEquals(5, stopped.evaluation().evaluationPeriods);
        // One sweep in a minute is fine; none is a breach.
        assertFalse(stopped.comparison().breaches(1, stopped.threshold()));
        assertTrue(stopped.comparison().breaches(0, stopped.threshold()));
    }

    @Test
    void anOrderFoundMoreThanFiveMinutesLateAndMoreThanTwentyBadSignaturesBreach() {
        AlarmDefinition overdue = named("payment-deadlines-overdue");
        assertEquals("PaymentDeadlineLateness", ((MetricStat) overdue.metric()).metricName());
        assertEquals("Maximum", ((MetricStat) overdue.metric()).statistic());
        assertFalse(overdue.comparison().breaches(300_000, overdue.threshold()), "five minutes exactly is not more than five");
        assertTrue(overdue.comparison().breaches(300_001, overdue.threshold()));
        AlarmDefinition badSignatures = named("webhook-bad-signatures");
        assertEquals(java.util.Map.of("Reason", "signature"), ((MetricStat) badSignatures.metric()).dimensions());
        assertEquals(java.time.Duration.ofMinutes(5), ((MetricStat) badSignatures.metric()).period());
        assertFalse(badSignatures.comparison().breaches(20, badSignatures.threshold()));
        assertTrue(badSignatures.comparison().breaches(21, badSignatures.threshold()));
        assertEquals("serverless-orch-test-deadline-sweep-dead-letters",
                ((MetricStat) named("deadline-sweep-dead-letters").metric()).dimensions().get("QueueName"));
        // The sweep is retried by nobody who would notice: each error counts, as for the API and the processor.
        assertEquals(1, named("payment-deadlines-errors").threshold());
        assertEquals(5, named("validator-errors").threshold());
    }

    private AlarmDefinition named(String name) {
        return alarms.stream().filter(alarm -> alarm.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no alarm " + name));
    }

    @Test
    void theDashboardFileRendersWithEveryPlaceholderFilled() {
        String body = DashboardFile.render(DashboardFile.template(), MonitoredNames.local().dashboardPlaceholders("local"));
        assertFalse(body.contains("{{"), "every placeholder is filled");
        assertTrue(body.contains("SEARCH('{ServerlessOrch,Status} MetricName=\\\"Orders\\\"'"), "the namespace is filled in a SEARCH");
        assertTrue(body.contains("serverless-orch-stream-processor"));
    }
}
