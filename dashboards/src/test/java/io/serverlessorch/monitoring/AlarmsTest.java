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
    void theDashboardFileRendersWithEveryPlaceholderFilled() {
        String body = DashboardFile.render(DashboardFile.template(), MonitoredNames.local().dashboardPlaceholders("local"));
        assertFalse(body.contains("{{"), "every placeholder is filled");
        assertTrue(body.contains("SEARCH('{ServerlessOrch,Status} MetricName=\\\"Orders\\\"'"), "the namespace is filled in a SEARCH");
        assertTrue(body.contains("serverless-orch-stream-processor"));
    }
}
