package io.serverlessorch.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serverlessorch.pipeline.Step;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dashboard follows the list of steps: no widget names a step by hand. */
class DashboardFileTest {

    private static final MonitoredNames NAMES = new MonitoredNames("serverless-orch-test", "test");

    private final JsonNode dashboard = read();

    @Test
    void everyStepsFunctionHasItsLineInEachPerFunctionWidgetAndItsLogGroupIsRead() {
        List<String> expected = MonitoredNames.FUNCTIONS.stream().map(NAMES::function).toList();
        for (String title : List.of("Lambda errors", "Lambda throttles", "Lambda duration p99 (ms)")) {
            List<String> lines = new ArrayList<>();
            widget(title).path("properties").path("metrics").forEach(line -> lines.add(line.get(3).asText()));
            assertEquals(expected, lines, title);
        }
        Matcher source = Pattern.compile("SOURCE '/aws/lambda/([^']+)'").matcher(widget("Cold starts: snapshot restores and initialisations per function")
                .path("properties").path("query").asText());
        List<String> read = new ArrayList<>();
        while (source.find()) {
            read.add(source.group(1));
        }
        assertEquals(expected, read);
        for (Step step : Step.values()) {
            assertTrue(read.contains(NAMES.function(step.id())), step + " has a function on the dashboard");
            assertFalse(DashboardFile.template().contains("{{Prefix}}-" + step.id()), step + "'s function is named by hand");
        }
    }

    @Test
    void theSweepsFunctionIsAmongTheFunctionsAndItsQueueBesideTheStreams() {
        assertTrue(MonitoredNames.FUNCTIONS.contains(MonitoredNames.DEADLINE_SWEEP));
        List<String> queues = new ArrayList<>();
        widget("Dead-letter queue depth").path("properties").path("metrics").forEach(line -> queues.add(line.get(3).asText()));
        assertEquals(List.of(NAMES.deadLetterQueue(), NAMES.deadlineSweepDeadLetterQueue()), queues);
    }

    @Test
    void thePaymentWidgetsReadWhatTheSweepAndTheWebhookWrite() {
        JsonNode waiting = widget("Orders waiting for payment").path("properties").path("metrics").get(0);
        assertEquals(List.of("ServerlessOrch", "OrdersWaitingForPayment", "Maximum"),
                List.of(waiting.get(0).asText(), waiting.get(1).asText(), waiting.get(2).path("stat").asText()), "a gauge, read with Maximum");
        assertEquals("SEARCH('{ServerlessOrch,Status,Reason} MetricName=\"Orders\" Status=\"CANCELLED\"', 'Sum', 300)",
                widget("Cancellations by reason").path("properties").path("metrics").get(0).path("expression").asText());
        List<String> sweeps = new ArrayList<>();
        widget("Deadline sweeps, deadlines passed and lateness (ms, right)").path("properties").path("metrics")
                .forEach(line -> sweeps.add(line.get(1).asText() + "/" + line.get(2).path("stat").asText()));
        assertEquals(List.of("DeadlineSweeps/Sum", "PaymentDeadlinesPassed/Sum", "PaymentDeadlineLateness/Maximum"), sweeps);
        assertEquals("SEARCH('{ServerlessOrch,Reason} MetricName=\"WebhookRefusals\"', 'Sum', 300)",
                widget("Webhook refusals by reason").path("properties").path("metrics").get(0).path("expression").asText());
        assertEquals("SEARCH('{ServerlessOrch,Outcome} MetricName=\"WebhookEvents\"', 'Sum', 300)",
                widget("Webhook events by outcome").path("properties").path("metrics").get(0).path("expression").asText());
    }

    @Test
    void noTwoWidgetsOverlap() {
        List<int[]> boxes = new ArrayList<>();
        for (JsonNode widget : dashboard.path("widgets")) {
            int[] box = {widget.path("x").asInt(), widget.path("y").asInt(), widget.path("width").asInt(), widget.path("height").asInt()};
            assertTrue(box[0] + box[2] <= 24, "within the dashboard's 24 columns: " + widget.path("properties").path("title"));
            for (int[] other : boxes) {
                boolean apart = box[0] + box[2] <= other[0] || other[0] + other[2] <= box[0] || box[1] + box[3] <= other[1] || other[1] + other[3] <= box[1];
                assertTrue(apart, "overlaps another widget: " + widget.path("properties").path("title"));
            }
            boxes.add(box);
        }
    }

    @Test
    void theStepWidgetsSelectEachStepByItsDimension() {
        int searches = 0;
        for (JsonNode widget : dashboard.path("widgets")) {
            if (!widget.path("properties").path("title").asText().startsWith("Step ")) {
                continue;
            }
            for (JsonNode metric : widget.path("properties").path("metrics")) {
                String expression = metric.path("expression").asText();
                assertTrue(expression.startsWith("SEARCH('{ServerlessOrch,Step}"), widget.path("properties").path("title") + ": " + metric);
                searches++;
            }
        }
        assertTrue(searches >= 3, "the step widgets were found: " + searches);
    }

    @Test
    void aLineForEveryFunctionKeepsTheCommaOfTheLineItStandsFor() throws Exception {
        String template = """
                {"metrics": [
                  ["AWS/Lambda", "Errors", "FunctionName", "{{Function}}"],
                  ["AWS/Lambda", "Errors", "FunctionName", "other"]
                ]}""";
        JsonNode rendered = new ObjectMapper().readTree(DashboardFile.render(template, NAMES.dashboardPlaceholders("us-east-1")));
        assertEquals(MonitoredNames.FUNCTIONS.size() + 1, rendered.path("metrics").size());
        assertEquals("other", rendered.path("metrics").get(MonitoredNames.FUNCTIONS.size()).get(3).asText());
    }

    private JsonNode widget(String title) {
        for (JsonNode widget : dashboard.path("widgets")) {
            if (widget.path("properties").path("title").asText().equals(title)) {
                return widget;
            }
        }
        throw new AssertionError("no widget " + title);
    }

    private static JsonNode read() {
        try {
            return new ObjectMapper().readTree(DashboardFile.render(DashboardFile.template(), NAMES.dashboardPlaceholders("us-east-1")));
        } catch (Exception e) {
            throw new AssertionError("the rendered dashboard is JSON", e);
        }
    }
}
