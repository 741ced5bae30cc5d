package io.serverlessorch.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.serverlessorch.domain.OrderStatus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The payment provider's webhooks racing a kill -9 of the packaged local run: the run is killed while the
 * confirmations are in flight, started again on the same data, and the provider delivers every event again (as it
 * does for each one it got no 2xx for, and here for all of them). Each order is charged once and completes once.
 */
class WebhookAcrossAKilledRunIT {

    private static final int ORDERS = 20;

    @Test
    void confirmationsInFlightWhenTheRunIsKilledAreTakenOnceWhenDeliveredAgain() throws Exception {
        Path data = Files.createTempDirectory("local-run-data");
        int port = LocalRunJarIT.freePort();
        URI api = URI.create("http://localhost:" + port);
        Path firstLog = Files.createTempFile("local-run", ".log");
        Process run = startRun(port, data, firstLog);
        List<String> orderIds = new ArrayList<>();
        List<JsonNode> waiting = new ArrayList<>();
        try {
            LocalRunJarIT.awaitHealthy(api, run, firstLog);
            OrderScenarios client = new OrderScenarios(api);
            for (int i = 0; i < ORDERS; i++) {
                orderIds.add(client.place(SampleCatalog.orderRequest("product-1", 1, "19.99", "tok_3ds")));
            }
            for (String orderId : orderIds) {
                waiting.add(client.awaitStatus(orderId, OrderStatus.PAYMENT_PENDING, Duration.ofSeconds(60)));
            }
            // given every confirmation on its way
            ExecutorService provider = Executors.newFixedThreadPool(8);
            List<CompletableFuture<Integer>> inFlight = new ArrayList<>();
            for (JsonNode order : waiting) {
                inFlight.add(CompletableFuture.supplyAsync(() -> confirm(client, order), provider));
            }
            Thread.sleep(30);
            // when the run is killed mid-way
            run.destroyForcibly();
            assertTrue(run.waitFor(30, TimeUnit.SECONDS));
            provider.shutdown();
            provider.awaitTermination(30, TimeUnit.SECONDS);
        } finally {
            run.destroyForcibly();
        }

        Path secondLog = Files.createTempFile("local-run", ".log");
        Process again = startRun(port, data, secondLog);
        try {
            LocalRunJarIT.awaitHealthy(api, again, secondLog);
            OrderScenarios client = new OrderScenarios(api);
            // then the provider delivers each event again, and each is taken
            for (JsonNode order : waiting) {
                assertEquals(200, confirm(client, order), Files.readString(secondLog));
            }
            for (String orderId : orderIds) {
                JsonNode done = client.awaitOutcome(orderId, Duration.ofSeconds(90));
                assertEquals("COMPLETED", done.get("status").asText(), done.toString());
                assertEquals(0, done.get("payment").get("amount_charged").decimalValue().compareTo(done.get("total").decimalValue()));
                assertFalse(done.get("payment").hasNonNull("refunded_at"));
                List<String> history = new ArrayList<>();
                done.get("history").forEach(change -> history.add(change.get("status").asText()));
                assertEquals(1, history.stream().filter("PAYMENT_COMPLETED"::equals).count(), "moved on once: " + history);
            }
        } finally {
            again.destroy();
            again.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static int confirm(OrderScenarios client, JsonNode order) {
        try {
            return client.paymentWebhook("evt_" + order.get("order_id").asText().replace("-", ""), order.get("order_id").asText(),
                    order.get("payment").get("reference").asText(), order.get("total").asText(), true);
        } catch (RuntimeException refused) {
            return -1; // the connection died with the run
        }
    }

    private static Process startRun(int port, Path data, Path log) throws IOException {
        Path jar = Path.of("target", "serverless-orch-local.jar");
        assertTrue(Files.exists(jar), "run mvn package first");
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--data-dir", data.toString(), "--port", Integer.toString(port), "--dynamodb-port", "0")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
