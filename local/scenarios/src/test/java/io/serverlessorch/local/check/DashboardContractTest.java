package io.serverlessorch.local.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.serverlessorch.config.PaymentProperties;
import io.serverlessorch.local.LocalSystem;
import io.serverlessorch.local.SampleCatalog;
import io.serverlessorch.local.monitoring.AlarmEvaluator;
import io.serverlessorch.local.monitoring.LocalMonitoring;
import io.serverlessorch.local.monitoring.MetricQueries;
import io.serverlessorch.local.monitoring.TimeSeries;
import io.serverlessorch.monitoring.AlarmDefinition;
import io.serverlessorch.monitoring.Alarms;
import io.serverlessorch.monitoring.DashboardFile;
import io.serverlessorch.monitoring.MetricMath;
import io.serverlessorch.monitoring.MetricStat;
import io.serverlessorch.monitoring.MonitoredNames;
import io.serverlessorch.payments.WebhookSignature;
import io.serverlessorch.pipeline.Step;
import io.serverlessorch.storage.dynamodb.IndexKeys;
import io.serverlessorch.testing.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard and the alarms read metrics the code really writes: after the scenarios of
 * {@code scripts/local_test.sh} and one poison record, every metric of every widget of
 * {@code dashboards/serverless-orch.json}, and every metric every alarm reads, has data in the local
 * CloudWatch. A metric renamed in code (or in the file) leaves one of them empty and fails here.
 */
class DashboardContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CONSOLE = Collections.synchronizedList(new ArrayList<>());
    private static final ByteArrayOutputStream STANDARD_OUTPUT = new ByteArrayOutputStream();
    private static LocalSystem system;
    private static LocalMonitoring monitoring;
    private static String scenarios;

    @BeforeAll
    static void runTheScenariosAndAPoisonRecord() throws Exception {
        PrintStream original = System.out;
        System.setOut(new PrintStream(new Tee(original, STANDARD_OUTPUT), true, StandardCharsets.UTF_8));
        try {
            system = LocalSystem.start(new LocalSystem.Options(0, null, 0).withMonitoring(CONSOLE::add)
                    .withPaymentConfirmationTimeout(LocalTestTest.PAYMENT_CONFIRMATION_TIMEOUT));
            monitoring = system.monitoring().orElseThrow();
            ByteArrayOutputStream report = new ByteArrayOutputStream();
            int status = LocalTest.run(LocalTest.parse(new String[] {"--api-url", system.apiUrl().toString()}),
                    new PrintStream(report, true, StandardCharsets.UTF_8));
            scenarios = report.toString(StandardCharsets.UTF_8);
            assertEquals(0, status, scenarios);
            // An order item the processor cannot read: the mapping retries, halves the batch, then gives it up.
            // It is in the listing index too, which passes over it.
            system.dynamoDb().putItem(r -> r.tableName(system.tables().orders()).item(Map.of(
                    "order_id", AttributeValue.fromS("poison-order"),
                    "sk", AttributeValue.fromS("ORDER"),
                    "status", AttributeValue.fromS("PENDING"),
                    "created_at", AttributeValue.fromS("2026-01-01T00:00:00.000Z"),
                    "listing", AttributeValue.fromS(IndexKeys.DEFAULT.listingShard("poison-order")))));
            ordersThatWait();
            assertTrue(system.awaitPipelineIdle(Duration.ofSeconds(60)), "the pipeline settles");
            HttpResponse<String> listing = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(system.apiUrl() + "/orders?limit=100")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, listing.statusCode(), listing.body());
            monitoring.update();
        } finally {
            System.out.flush();
            System.setOut(original);
        }
    }

    /**
     * Orders whose payment waits for the provider: one confirmed by a signed webhook after one with a bad signature,
     * one cancelled by its customer; and a sweep of the deadlines, as the schedule runs it.
     */
    private static void ordersThatWait() throws Exception {
        ApiClient api = new ApiClient(system.apiUrl().toString());
        Map<String, String> json = Map.of("Content-Type", "application/json");
        String confirmed = ApiClient.field(api.post("/orders", SampleCatalog.orderRequest("product-1", 1, "19.99", "tok_3ds"), json).body(), "order_id");
        String cancelled = ApiClient.field(api.post("/orders", SampleCatalog.orderRequest("product-1", 1, "19.99", "tok_3ds"), json).body(), "order_id");
        Map<String, AttributeValue> pending = awaitPendingPayment(confirmed);
        String event = "{\"id\":\"evt_contract\",\"type\":\"payment.succeeded\",\"data\":{\"order_id\":\"" + confirmed
                + "\",\"reference\":\"" + pending.get("reference").s() + "\",\"amount\":" + pending.get("amount").n() + "}}";
        ApiClient.Response forged = api.post("/payments/webhook", event, Map.of("Content-Type", "application/json",
                WebhookSignature.HEADER, WebhookSignature.sign(event, "not-the-secret", Instant.now())));
        assertEquals(401, forged.status(), forged.body());
        ApiClient.Response signed = api.post("/payments/webhook", event, Map.of("Content-Type", "application/json",
                WebhookSignature.HEADER, WebhookSignature.sign(event, PaymentProperties.DEVELOPMENT_SECRET, Instant.now())));
        assertEquals(2, signed.status() / 100, signed.body());
        awaitPendingPayment(cancelled);
        ApiClient.Response cancel = api.post("/orders/" + cancelled + "/cancel", "{\"reason\": \"changed my mind\"}", json);
        assertEquals(202, cancel.status(), cancel.body());
        system.sweepDeadlines();
    }

    /** The order's pending payment (its reference and amount), once the payment step asked the customer to confirm. */
    private static Map<String, AttributeValue> awaitPendingPayment(String orderId) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            Map<String, AttributeValue> item = system.dynamoDb().getItem(r -> r.tableName(system.tables().orders())
                    .key(Map.of("order_id", AttributeValue.fromS(orderId), "sk", AttributeValue.fromS("ORDER"))).consistentRead(true)).item();
            if (item.containsKey("pending_payment")) {
                return item.get("pending_payment").m();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("order " + orderId + " never waited for its payment");
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void everyMetricOfEveryWidgetHasData() throws Exception {
        JsonNode dashboard = JSON.readTree(DashboardFile.render(DashboardFile.template(), MonitoredNames.local().dashboardPlaceholders("local")));
        MetricQueries queries = monitoring.queries();
        Instant now = Instant.now();
        List<String> empty = new ArrayList<>();
        int checked = 0;
        for (JsonNode widget : dashboard.path("widgets")) {
            if (!widget.path("type").asText().equals("metric")) {
                continue;
            }
            for (JsonNode metric : widget.path("properties").path("metrics")) {
                // Each metric line or expression alone, so one that finds nothing is not hidden by its neighbours.
                ObjectNode alone = widget.path("properties").deepCopy();
                alone.putArray("metrics").add(metric);
                List<TimeSeries> lines = queries.widget(alone, now.minus(Duration.ofHours(1)), now.plusSeconds(60), null);
                checked++;
                if (lines.isEmpty() || lines.stream().anyMatch(line -> !line.hasData())) {
                    empty.add(widget.path("properties").path("title").asText() + ": " + metric);
                }
            }
        }
        assertTrue(checked >= 40, "the widgets' metrics were checked: " + checked);
        assertEquals(List.of(), empty, "widget metrics with no data:\n" + String.join("\n", empty));
    }

    @Test
    void everyStepHasItsLineInTheStepLatencyWidgets() throws Exception {
        JsonNode dashboard = JSON.readTree(DashboardFile.render(DashboardFile.template(), MonitoredNames.local().dashboardPlaceholders("local")));
        Instant now = Instant.now();
        int widgets = 0;
        for (JsonNode widget : dashboard.path("widgets")) {
            JsonNode properties = widget.path("properties");
            if (!properties.path("metrics").toString().contains("StepLatency")) {
                continue;
            }
            widgets++;
            List<String> shown = monitoring.queries().widget(properties, now.minus(Duration.ofHours(1)), now.plusSeconds(60), null).stream()
                    .filter(TimeSeries::hasData).map(TimeSeries::label).toList();
            for (Step step : Step.values()) {
                assertTrue(shown.contains(step.name()), properties.path("title").asText() + " shows " + step + ": " + shown);
            }
        }
        assertTrue(widgets > 0, "the step latency widgets were found");
    }

    @Test
    void everyMetricEveryAlarmReadsHasData() {
        MetricQueries queries = monitoring.queries();
        Instant now = Instant.now();
        List<String> empty = new ArrayList<>();
        for (AlarmDefinition alarm : Alarms.of(MonitoredNames.local())) {
            List<MetricStat> read = alarm.metric() instanceof MetricMath math ? List.copyOf(math.metrics().values()) : List.of((MetricStat) alarm.metric());
            for (MetricStat stat : read) {
                if (queries.series(stat, now.minus(Duration.ofHours(1)), now.plusSeconds(60)).isEmpty()) {
                    empty.add(alarm.name() + ": " + stat);
                }
            }
        }
        assertEquals(List.of(), empty, "alarm metrics with no data:\n" + String.join("\n", empty));
    }

    @Test
    void thePageSaysHowEachAlarmComparesAndThatTheRunningSweepIsNotStopped() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(system.apiUrl() + "/dashboard/api/alarms")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        Map<String, JsonNode> alarms = new java.util.TreeMap<>();
        JSON.readTree(answer.body()).forEach(alarm -> alarms.put(alarm.path("name").asText(), alarm));
        assertEquals("< (or missing)", alarms.get("serverless-orch-deadline-sweep-stopped").path("comparison").asText());
        assertEquals("OK", alarms.get("serverless-orch-deadline-sweep-stopped").path("state").asText(), "the local timer sweeps every few seconds");
        assertEquals(">", alarms.get("serverless-orch-webhook-bad-signatures").path("comparison").asText());
        assertEquals("OK", alarms.get("serverless-orch-webhook-bad-signatures").path("state").asText(), "one forged signature is not a burst");
        assertEquals(">=", alarms.get("serverless-orch-dead-letters").path("comparison").asText());
    }

    @Test
    void aWidgetPeriodOfBillionsOfYearsIsRefusedNotAnOverflow() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(system.apiUrl() + "/dashboard/api/widgets?period=99999999999999999")).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(400, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("period must be from 1 s to the range's length"), answer.body());
    }

    @Test
    void thePoisonRecordTurnsTheDeadLetterAlarmToAlarm() throws InterruptedException {
        // The alarm reads the queue depth every few seconds; the bound, a minute, is the guard.
        Instant deadline = Instant.now().plusSeconds(60);
        AlarmEvaluator.AlarmState deadLetters = null;
        while (Instant.now().isBefore(deadline)) {
            monitoring.update();
            deadLetters = monitoring.alarmStates().stream().filter(state -> state.name().equals("serverless-orch-dead-letters")).findFirst().orElseThrow();
            if (deadLetters.state() == AlarmEvaluator.State.ALARM) {
                break;
            }
            Thread.sleep(500);
        }
        assertEquals(AlarmEvaluator.State.ALARM, deadLetters.state(), deadLetters.reason());
        assertTrue(CONSOLE.stream().anyMatch(line -> line.contains("alarm serverless-orch-dead-letters is ALARM")), CONSOLE.toString());
    }

    @Test
    void theLogWidgetShowsEachFunctionsStart() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(system.apiUrl() + "/dashboard/api/widgets")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode log = null;
        for (JsonNode widget : JSON.readTree(answer.body())) {
            if (widget.path("type").asText().equals("log")) {
                log = widget;
            }
        }
        assertTrue(log != null && !log.has("error"), String.valueOf(log));
        Map<String, Long> inits = new java.util.TreeMap<>();
        int initsColumn = List.of(JSON.convertValue(log.get("columns"), String[].class)).indexOf("inits");
        log.get("rows").forEach(row -> inits.put(row.get(0).asText(), row.get(initsColumn).asLong()));
        assertEquals(1L, inits.get("000000000000:/aws/lambda/serverless-orch-order-api"), inits.toString());
        assertEquals(1L, inits.get("000000000000:/aws/lambda/serverless-orch-stream-processor"), inits.toString());
    }

    @Test
    void aBrowserDrawsEveryWidgetWithDataTheAlarmsAndAnOrdersTimeline() throws Exception {
        Browser.assumeAvailable();
        HttpResponse<String> completed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(system.apiUrl() + "/orders?status=COMPLETED&limit=1")).build(), HttpResponse.BodyHandlers.ofString());
        String orderId = JSON.readTree(completed.body()).path("orders").path(0).path("order_id").asText();
        assertFalse(orderId.isEmpty(), completed.body());
        try (Browser browser = Browser.launch()) {
            browser.open(URI.create(system.apiUrl() + "/dashboard?range=15m&period=60&refresh=0&order=" + orderId));
            browser.waitUntil("window.dashboardState.ready && document.querySelectorAll('#order tr').length > 1", Duration.ofSeconds(60));

            JsonNode drawn = JSON.readTree(browser.evaluate("JSON.stringify(window.dashboardState)", String.class));
            List<String> blank = new ArrayList<>();
            drawn.path("widgets").forEach(widget -> {
                if (!widget.path("hasData").asBoolean()) {
                    blank.add(widget.toString());
                }
            });
            assertEquals(List.of(), blank, "widgets drawn without data");
            long charts = browser.evaluate("document.querySelectorAll('.widget.metric canvas').length", Long.class);
            assertEquals(drawn.path("widgets").size() - 2, charts, "a chart for every metric widget (all but the text and log widgets)");
            assertEquals(Alarms.of(MonitoredNames.local()).size(), drawn.path("alarms").size(), drawn.path("alarms").toString());
            assertTrue(browser.evaluate("document.getElementById('alarm-list').textContent", String.class)
                    .contains("serverless-orch-dead-letters ALARM"), "the dead-letter alarm is shown firing");
            String timeline = browser.evaluate("document.getElementById('order').textContent", String.class);
            assertTrue(timeline.contains("PENDING") && timeline.contains("FULFILLED") && timeline.contains(orderId + ": COMPLETED"), timeline);
            assertEquals(List.of(), browser.consoleErrors(), "no errors in the browser's console");
            Path screenshot = Path.of("target", "dashboard.png");
            browser.screenshot(screenshot);
            assertTrue(Files.size(screenshot) > 10_000, "a screenshot of the page");
        }
    }

    @Test
    void theConsoleShowsStatusChangesAndNoMetricDocuments() {
        assertTrue(CONSOLE.stream().anyMatch(line -> line.contains("PENDING -> VALIDATED")), CONSOLE.toString());
        assertTrue(CONSOLE.stream().anyMatch(line -> line.contains("FULFILLED -> COMPLETED")), CONSOLE.toString());
        String printed = STANDARD_OUTPUT.toString(StandardCharsets.UTF_8);
        assertFalse(printed.contains("\"_aws\""), "no metric document on standard output");
        assertFalse(printed.contains("Unknown name") || printed.contains("Unknown type"), "no metrics-library noise");
    }

    /** Writes to both. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) throws java.io.IOException {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }
    }
}
