package io.serverlessorch.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.support.Json;
import org.junit.jupiter.api.Test;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmfPipelineMetricsTest {

    @Test
    void aTerminalOrderIsCountedByStatusAndReasonWithItsEndToEndLatency() {
        EnvironmentConfigurationProvider.getConfig().setEnvironmentOverride(Environments.Local);
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            new EmfPipelineMetrics().orderMoved(OrderStatus.OUT_OF_STOCK, "out_of_stock", Duration.ofMillis(1234));
        } finally {
            System.setOut(original);
        }

        String line = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("_aws")).findFirst().orElseThrow();
        JsonNode emf = Json.parse(line);
        JsonNode directive = emf.get("_aws").get("CloudWatchMetrics").get(0);
        assertEquals("ServerlessOrch", directive.get("Namespace").asText());
        assertTrue(directive.get("Dimensions").toString().contains("Reason"));
        assertEquals("OUT_OF_STOCK", emf.get("Status").asText());
        assertEquals("out_of_stock", emf.get("Reason").asText());
        assertEquals(1, emf.get("Orders").asInt());
        assertEquals(1234, emf.get("EndToEndLatency").asInt());
    }
}
