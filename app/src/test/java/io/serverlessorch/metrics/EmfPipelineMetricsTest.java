package io.serverlessorch.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.pipeline.Step;
import io.serverlessorch.pipeline.StepRequest;
import io.serverlessorch.pipeline.StepResult;
import io.serverlessorch.support.Json;
import io.serverlessorch.support.StandardOutput;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmfPipelineMetricsTest {

    private final EmfPipelineMetrics metrics = new EmfPipelineMetrics();

    @Test
    void aTerminalOrderIsCountedByStatusAndReasonWithItsEndToEndLatency() {
        List<JsonNode> documents = written(() -> {
            metrics.orderMoved(OrderStatus.OUT_OF_STOCK, "out_of_stock", Duration.ofMillis(1234));
            metrics.publish();
        });

        JsonNode emf = documents.get(0);
        JsonNode directive = emf.get("_aws").get("CloudWatchMetrics").get(0);
        assertEquals("ServerlessOrch", directive.get("Namespace").asText());
        assertEquals("[[\"Status\"],[\"Status\",\"Reason\"]]", directive.get("Dimensions").toString());
        assertEquals("OUT_OF_STOCK", emf.get("Status").asText());
        assertEquals("out_of_stock", emf.get("Reason").asText());
        assertEquals(1, emf.get("Orders").asInt());
        assertEquals(1234, emf.get("EndToEndLatency").asInt());
    }

    @Test
    void nothingIsWrittenUntilPublishedAndThenEachReportOnce() {
        List<JsonNode> beforePublishing = written(() -> metrics.orderReceived());
        List<JsonNode> published = written(metrics::publish);
        List<JsonNode> publishedAgain = written(metrics::publish);

        assertEquals(List.of(), beforePublishing);
        assertEquals(1, published.size());
        assertEquals(1, published.get(0).get("OrdersReceived").asInt());
        // As the EMF specification and AWS's own libraries write a metric with no dimensions: one empty set.
        assertEquals("[[]]", published.get(0).get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions").toString());
        assertEquals(List.of(), publishedAgain);
    }

    @Test
    void aBatchWritesOneDocumentPerDimensionValuesWithEveryValue() {
        List<JsonNode> documents = written(() -> {
            metrics.stepAnswered(Step.PAYMENT, StepRequest.Action.EXECUTE, StepResult.Outcome.SUCCEEDED, Duration.ofMillis(10));
            metrics.stepAnswered(Step.PAYMENT, StepRequest.Action.EXECUTE, StepResult.Outcome.SUCCEEDED, Duration.ofMillis(30));
            metrics.stepAnswered(Step.PAYMENT, StepRequest.Action.EXECUTE, StepResult.Outcome.FAILED, Duration.ofMillis(5));
            metrics.stepAnswered(Step.INVENTORY, StepRequest.Action.COMPENSATE, StepResult.Outcome.SUCCEEDED, Duration.ofMillis(7));
            metrics.orderMoved(OrderStatus.VALIDATED, "valid", null);
            metrics.orderMoved(OrderStatus.VALIDATED, "valid", null);
            metrics.stepFailed(Step.PAYMENT, true);
            metrics.publish();
        });

        assertEquals(5, documents.size(), "payment succeeded, payment failed, inventory undone, validated, payment retried");
        JsonNode paid = only(documents, "PAYMENT", "SUCCEEDED");
        assertEquals("[10.0,30.0]", paid.get("StepLatency").toString());
        assertEquals("[0.0,0.0]", paid.get("StepErrors").toString());
        assertEquals("EXECUTE", paid.get("Action").asText());
        assertEquals(1, only(documents, "PAYMENT", "FAILED").get("StepErrors").asInt());
        assertEquals("COMPENSATE", only(documents, "INVENTORY", "SUCCEEDED").get("Action").asText());
        JsonNode validated = documents.stream().filter(d -> d.has("Status")).findFirst().orElseThrow();
        assertEquals("[1.0,1.0]", validated.get("Orders").toString());
        assertTrue(documents.stream().anyMatch(d -> d.has("StepRetries") && "PAYMENT".equals(d.get("Step").asText())));
    }

    @Test
    void reportsOfDifferentMinutesKeepTheirMinute() {
        Instant[] now = {Instant.parse("2026-11-23T10:00:59Z")};
        EmfPipelineMetrics ticking = new EmfPipelineMetrics(new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        });

        List<JsonNode> documents = written(() -> {
            ticking.orderReceived();
            now[0] = now[0].plusSeconds(2);
            ticking.orderReceived();
            ticking.orderReceived();
            ticking.publish();
        });

        assertEquals(2, documents.size());
        assertEquals(Instant.parse("2026-11-23T10:00:00Z").toEpochMilli(), documents.get(0).get("_aws").get("Timestamp").asLong());
        assertEquals(1, documents.get(0).get("OrdersReceived").asInt());
        assertEquals(Instant.parse("2026-11-23T10:01:00Z").toEpochMilli(), documents.get(1).get("_aws").get("Timestamp").asLong());
        assertEquals("[1.0,1.0]", documents.get(1).get("OrdersReceived").toString());
    }

    @Test
    void pastAHundredValuesAMetricGoesOnInAnotherDocument() {
        List<JsonNode> documents = written(() -> {
            for (int i = 0; i < 150; i++) {
                metrics.orderMoved(OrderStatus.COMPLETED, "notified", Duration.ofMillis(i));
            }
            metrics.publish();
        });

        assertEquals(2, documents.size());
        int counted = documents.stream().mapToInt(d -> d.get("Orders").isArray() ? d.get("Orders").size() : 1).sum();
        assertEquals(150, counted);
    }

    private static JsonNode only(List<JsonNode> documents, String step, String outcome) {
        List<JsonNode> found = documents.stream()
                .filter(d -> d.has("Step") && step.equals(d.get("Step").asText()) && d.has("Outcome") && outcome.equals(d.get("Outcome").asText()))
                .toList();
        assertEquals(1, found.size(), step + " " + outcome);
        return found.get(0);
    }

    @Test
    void theOrderApiWritesEachNewOrderAtOnceWithNoBatchToWaitFor() {
        List<JsonNode> documents = written(metrics::orderPlaced);

        assertEquals(1, documents.size());
        assertEquals(1, documents.get(0).get("OrdersPlaced").asInt());
        assertEquals("[[]]", documents.get(0).get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions").toString());
    }

    private static List<JsonNode> written(Runnable action) {
        return StandardOutput.linesWrittenBy(action).stream().filter(line -> line.startsWith("{\"_aws\"")).map(Json::parse).toList();
    }
}
