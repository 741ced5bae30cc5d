package io.serverlessorch.local.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serverlessorch.monitoring.AlarmDefinition;
import io.serverlessorch.monitoring.Alarms;
import io.serverlessorch.monitoring.MonitoredNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local CloudWatch reads its store as CloudWatch would: statistics per period, SEARCH, metric math, alarms. */
class MetricQueriesTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:07:30Z");
    private static final long MINUTE = 60_000;
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final ObjectMapper json = new ObjectMapper();

    private static String emf(long timestamp, String namespace, List<String> dimensions, Map<String, String> values, String metric, double... numbers) {
        StringBuilder document = new StringBuilder("{\"_aws\":{\"Timestamp\":" + timestamp + ",\"CloudWatchMetrics\":[{\"Namespace\":\"" + namespace
                + "\",\"Dimensions\":[" + (dimensions.isEmpty() ? "" : "[\"" + String.join("\",\"", dimensions) + "\"]") + "],\"Metrics\":[{\"Name\":\"" + metric + "\"}]}]}");
        values.forEach((key, value) -> document.append(",\"").append(key).append("\":\"").append(value).append('"'));
        document.append(",\"").append(metric).append("\":").append(java.util.Arrays.toString(numbers)).append('}');
        return document.toString();
    }

    @Test
    void aMetricsStatisticIsTakenPerPeriod() {
        MetricStore store = MetricStore.inMemory(clock);
        long minute = Math.floorDiv(NOW.toEpochMilli(), MINUTE) * MINUTE;
        store.accept(emf(minute - MINUTE, "AWS/Lambda", List.of("FunctionName"), Map.of("FunctionName", "f"), "Duration", 10, 20, 30, 40));
        store.accept(emf(minute, "AWS/Lambda", List.of("FunctionName"), Map.of("FunctionName", "f"), "Duration", 100));
        MetricQueries queries = new MetricQueries(store);
        MetricKey key = new MetricKey("AWS/Lambda", "Duration", Map.of("FunctionName", "f"));

        assertEquals(Map.of(minute - MINUTE, 100.0, minute, 100.0), queries.series(key, "Sum", Duration.ofMinutes(1), NOW.minusSeconds(600), NOW));
        assertEquals(Map.of(minute - MINUTE, 40.0, minute, 100.0), queries.series(key, "p99", Duration.ofMinutes(1), NOW.minusSeconds(600), NOW));
        assertEquals(Map.of(minute - MINUTE, 20.0, minute, 100.0), queries.series(key, "p50", Duration.ofMinutes(1), NOW.minusSeconds(600), NOW));
        assertEquals(Map.of(minute - MINUTE, 4.0, minute, 1.0), queries.series(key, "SampleCount", Duration.ofMinutes(1), NOW.minusSeconds(600), NOW));
        assertThrows(UnsupportedQueryException.class, () -> queries.series(key, "tm90", Duration.ofMinutes(1), NOW.minusSeconds(600), NOW));
    }

    @Test
    void aSearchFindsTheMetricsOfItsSchemaAndTermsOnly() throws Exception {
        MetricStore store = MetricStore.inMemory(clock);
        long at = NOW.toEpochMilli() - 1000;
        store.accept(emf(at, "ServerlessOrch", List.of("Status"), Map.of("Status", "COMPLETED"), "Orders", 1, 1));
        store.accept(emf(at, "ServerlessOrch", List.of("Status"), Map.of("Status", "FAILED"), "Orders", 1));
        store.accept(emf(at, "ServerlessOrch", List.of("Status", "Reason"), Map.of("Status", "FAILED", "Reason", "x"), "Orders", 1));
        store.accept(emf(at, "ServerlessOrch", List.of("Status"), Map.of("Status", "COMPLETED"), "EndToEndLatency", 5));
        JsonNode widget = json.readTree("""
                {"period": 300, "metrics": [
                  {"expression": "SEARCH('{ServerlessOrch,Status} MetricName=\\"Orders\\"', 'Sum', 300)", "label": "", "id": "orders"}]}""");

        List<TimeSeries> lines = new MetricQueries(store).widget(widget, NOW.minusSeconds(3600), NOW, null);

        assertEquals(List.of("COMPLETED", "FAILED"), lines.stream().map(TimeSeries::label).toList());
        assertEquals(2.0, lines.get(0).points().values().iterator().next());
        JsonNode unsupported = json.readTree("""
                {"metrics": [{"expression": "SEARCH('{ServerlessOrch,Status} Orders', 'Sum', 300)", "id": "a"}]}""");
        UnsupportedQueryException refused = assertThrows(UnsupportedQueryException.class,
                () -> new MetricQueries(store).widget(unsupported, NOW.minusSeconds(3600), NOW, null));
        assertTrue(refused.getMessage().contains("Orders"), refused.getMessage());
    }

    @Test
    void metricMathCombinesPeriodByPeriodAndRefusesWhatItDoesNotKnow() {
        SortedMap<Long, Double> errors = new TreeMap<>(Map.of(0L, 1.0, 60L, 0.0));
        SortedMap<Long, Double> requests = new TreeMap<>(Map.of(0L, 50.0, 60L, 0.0, 120L, 10.0));
        Map<String, SortedMap<Long, Double>> metrics = Map.of("errors", errors, "requests", requests);

        assertEquals(Map.of(0L, 2.0, 60L, 0.0),
                MathExpression.parse("IF(requests > 0, 100 * errors / requests, 0)").evaluate(metrics, List.of(0L, 60L, 120L)));
        assertEquals(Map.of(0L, 1.0, 60L, 0.0, 120L, 0.0),
                MathExpression.parse("FILL(errors, 0)").evaluate(metrics, List.of(0L, 60L, 120L)));
        assertEquals(Map.of(0L, 51.0, 60L, 0.0, 120L, 10.0),
                MathExpression.parse("(FILL(errors, 0) + requests)").evaluate(metrics, List.of(0L, 60L, 120L)));
        assertThrows(UnsupportedQueryException.class, () -> MathExpression.parse("RATE(errors)"));
        assertThrows(UnsupportedQueryException.class, () -> MathExpression.parse("errors +"));
        assertThrows(UnsupportedQueryException.class, () -> MathExpression.parse("unknown * 2").evaluate(metrics, List.of(0L)));
    }

    @Test
    void theDeadLetterAlarmGoesOffOnTheFirstLetterAndBackWhenTheQueueIsEmpty() {
        MonitoredNames names = MonitoredNames.local();
        List<AlarmDefinition> deadLetters = Alarms.of(names).stream().filter(alarm -> alarm.name().equals("dead-letters")).toList();
        MetricStore store = MetricStore.inMemory(clock);
        List<AlarmEvaluator.AlarmState> changes = new java.util.ArrayList<>();
        AlarmEvaluator alarms = new AlarmEvaluator(deadLetters, names.prefix(), new MetricQueries(store), clock, changes::add);
        Map<String, String> queue = Map.of("QueueName", names.deadLetterQueue());

        store.accept(emf(NOW.toEpochMilli() - 1000, "AWS/SQS", List.of("QueueName"), queue, "ApproximateNumberOfMessagesVisible", 0));
        assertEquals(AlarmEvaluator.State.OK, alarms.evaluate().get(0).state());
        store.accept(emf(NOW.toEpochMilli() - 500, "AWS/SQS", List.of("QueueName"), queue, "ApproximateNumberOfMessagesVisible", 1));
        AlarmEvaluator.AlarmState state = alarms.evaluate().get(0);

        assertEquals(AlarmEvaluator.State.ALARM, state.state(), state.reason());
        assertEquals("serverless-orch-dead-letters", state.name());
        assertEquals(List.of(state), changes, "the change is told once");
    }

    @Test
    void aQuietStreamIsNotBehindAndFiveMinutesOfLagAre() {
        MonitoredNames names = MonitoredNames.local();
        MetricStore store = MetricStore.inMemory(clock);
        AlarmEvaluator alarms = new AlarmEvaluator(only("stream-iterator-age"), names.prefix(), new MetricQueries(store), clock, state -> { });

        assertEquals(AlarmEvaluator.State.OK, alarms.evaluate().get(0).state(), "no records, no lag");
        Map<String, String> processor = Map.of("FunctionName", names.function("stream-processor"));
        for (int minute = 0; minute < 5; minute++) {
            store.accept(emf(NOW.toEpochMilli() - minute * MINUTE, "AWS/Lambda", List.of("FunctionName"), processor, "IteratorAge", 90_000));
        }
        assertEquals(AlarmEvaluator.State.ALARM, alarms.evaluate().get(0).state(), "5 of 5 minutes behind");
    }

    @Test
    void ordersPlacedWhileTheProcessorIsNeverInvokedPageSomeone() {
        MonitoredNames names = MonitoredNames.local();
        MetricStore store = MetricStore.inMemory(clock);
        AlarmEvaluator alarms = new AlarmEvaluator(only("stream-consumer-stalled"), names.prefix(), new MetricQueries(store), clock, state -> { });
        assertEquals(AlarmEvaluator.State.OK, alarms.evaluate().get(0).state(), "an idle shop is not a stalled consumer");

        // Orders in this five-minute period and the one before; the processor silent (a disabled mapping).
        for (long ago : List.of(0L, 5 * MINUTE)) {
            store.accept(emf(NOW.toEpochMilli() - ago, "ServerlessOrch", List.of(), Map.of(), "OrdersPlaced", 1, 1));
        }
        AlarmEvaluator.AlarmState stalled = alarms.evaluate().get(0);
        assertEquals(AlarmEvaluator.State.ALARM, stalled.state(), stalled.reason());

        Map<String, String> processor = Map.of("FunctionName", names.function("stream-processor"));
        for (long ago : List.of(0L, 5 * MINUTE)) {
            store.accept(emf(NOW.toEpochMilli() - ago, "AWS/Lambda", List.of("FunctionName"), processor, "Invocations", 1));
        }
        assertEquals(AlarmEvaluator.State.OK, alarms.evaluate().get(0).state(), "the processor ran for those orders");
    }

    @Test
    void aSweepThatStopsPagesAfterFiveSilentMinutesButALocalRunThatJustStartedDoesNot() {
        MonitoredNames names = MonitoredNames.local();
        MetricStore store = MetricStore.inMemory(clock);
        Instant[] now = {NOW};
        Clock moving = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        AlarmEvaluator alarms = new AlarmEvaluator(only("deadline-sweep-stopped"), names.prefix(), new MetricQueries(store), moving, state -> { });
        assertEquals(AlarmEvaluator.State.OK, alarms.evaluate().get(0).state(), "the minutes before the local run are not a stopped timer");

        // Sweeps for two minutes, then none for five.
        store.accept(emf(NOW.toEpochMilli() + 10_000, "ServerlessOrch", List.of(), Map.of(), "DeadlineSweeps", 1));
        store.accept(emf(NOW.toEpochMilli() + MINUTE, "ServerlessOrch", List.of(), Map.of(), "DeadlineSweeps", 1));
        now[0] = NOW.plusSeconds(5 * 60);
        assertEquals(AlarmEvaluator.State.OK, alarms.evaluate().get(0).state(), "a sweep 4 minutes ago is in the window");
        now[0] = NOW.plusSeconds(7 * 60);
        AlarmEvaluator.AlarmState stopped = alarms.evaluate().get(0);
        assertEquals(AlarmEvaluator.State.ALARM, stopped.state(), stopped.reason());
        assertTrue(stopped.reason().contains("below 1, or missing"), stopped.reason());

        store.accept(emf(now[0].toEpochMilli(), "ServerlessOrch", List.of(), Map.of(), "DeadlineSweeps", 1));
        assertEquals(AlarmEvaluator.State.OK, alarms.evaluate().get(0).state(), "one sweep and it is running again");
    }

    @Test
    void lateOrdersAndBadSignaturesBreachOnlyAboveTheirThresholds() {
        MetricStore store = MetricStore.inMemory(clock);
        AlarmEvaluator late = new AlarmEvaluator(only("payment-deadlines-overdue"), "serverless-orch", new MetricQueries(store), clock, state -> { });
        store.accept(emf(NOW.toEpochMilli() - 1000, "ServerlessOrch", List.of(), Map.of(), "PaymentDeadlineLateness", 0, 300_000));
        assertEquals(AlarmEvaluator.State.OK, late.evaluate().get(0).state(), "five minutes late is not more than five");
        store.accept(emf(NOW.toEpochMilli() - 500, "ServerlessOrch", List.of(), Map.of(), "PaymentDeadlineLateness", 300_001));
        assertEquals(AlarmEvaluator.State.ALARM, late.evaluate().get(0).state());

        AlarmEvaluator signatures = new AlarmEvaluator(only("webhook-bad-signatures"), "serverless-orch", new MetricQueries(store), clock, state -> { });
        double[] twenty = new double[20];
        java.util.Arrays.fill(twenty, 1);
        store.accept(emf(NOW.toEpochMilli() - 1000, "ServerlessOrch", List.of("Reason"), Map.of("Reason", "signature"), "WebhookRefusals", twenty));
        store.accept(emf(NOW.toEpochMilli() - 1000, "ServerlessOrch", List.of("Reason"), Map.of("Reason", "timestamp"), "WebhookRefusals", twenty));
        assertEquals(AlarmEvaluator.State.OK, signatures.evaluate().get(0).state(), "20 bad signatures, and refusals for other reasons");
        store.accept(emf(NOW.toEpochMilli() - 500, "ServerlessOrch", List.of("Reason"), Map.of("Reason", "signature"), "WebhookRefusals", 1));
        assertEquals(AlarmEvaluator.State.ALARM, signatures.evaluate().get(0).state(), "21 in five minutes");
    }

    private static List<AlarmDefinition> only(String name) {
        return Alarms.of(MonitoredNames.local()).stream().filter(alarm -> alarm.name().equals(name)).toList();
    }

    @Test
    void aPersistentStoreReadsItsDocumentsBackAfterARestart(@TempDir Path folder) {
        MetricStore first = MetricStore.persistent(folder, clock);
        first.accept(emf(NOW.toEpochMilli() - 1000, "AWS/Lambda", List.of("FunctionName"), Map.of("FunctionName", "f"), "Errors", 1, 0, 1));
        first.accept("not a metric document");
        first.close();

        MetricStore second = MetricStore.persistent(folder, clock);

        MetricKey errors = new MetricKey("AWS/Lambda", "Errors", Map.of("FunctionName", "f"));
        assertEquals(3, second.samples(errors, NOW.minusSeconds(60), NOW).size());
        assertEquals(Map.of(NOW.toEpochMilli() / MINUTE * MINUTE, 2.0),
                new MetricQueries(second).series(errors, "Sum", Duration.ofMinutes(1), NOW.minusSeconds(60), NOW));
    }

    @Test
    void theLogWidgetsQueryCountsInitsPerFunction() {
        PlatformReports reports = new PlatformReports(clock);
        reports.report("serverless-orch-order-api", Duration.ofMillis(20), Duration.ofMillis(900));
        reports.report("serverless-orch-order-api", Duration.ofMillis(10), null);
        reports.report("serverless-orch-elsewhere", Duration.ofMillis(10), Duration.ofMillis(5));

        PlatformReports.Table table = reports.query("SOURCE '/aws/lambda/serverless-orch-order-api' | filter type = \"platform.report\" "
                + "| stats count(record.metrics.initDurationMs) as inits, avg(record.metrics.initDurationMs) as avgInitMs by @log",
                NOW.minusSeconds(60), NOW.plusSeconds(1));

        assertEquals(List.of("@log", "inits", "avgInitMs"), table.columns());
        assertEquals(List.of(List.of("000000000000:/aws/lambda/serverless-orch-order-api", 1L, 900.0)), table.rows());
        assertThrows(UnsupportedQueryException.class, () -> reports.query("fields @message | limit 5", NOW.minusSeconds(60), NOW));
    }
}
