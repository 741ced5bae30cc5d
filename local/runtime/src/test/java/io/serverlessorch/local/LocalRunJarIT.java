package io.serverlessorch.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged local run, started the way scripts/run_local.sh starts it: a separate JVM on the built jar
 * and its lib/ folder. Catches what the in-JVM tests cannot, such as a class missing from the classpath.
 */
class LocalRunJarIT {

    @Test
    void thePackagedLocalRunTakesAnOrderToCompleted() throws Exception {
        int port = freePort();
        Path log = Files.createTempFile("local-run", ".log");
        Process run = startRun(port, log);
        try {
            URI api = URI.create("http://localhost:" + port);
            awaitHealthy(api, run, log);
            OrderScenarios orders = new OrderScenarios(api);

            JsonNode done = orders.awaitOutcome(orders.place(SampleCatalog.orderRequest("product-1", 1, "19.99", null)), Duration.ofSeconds(60));

            assertEquals("COMPLETED", done.get("status").asText(), Files.readString(log));
        } finally {
            run.destroy();
            assertEquals(true, run.waitFor(30, TimeUnit.SECONDS), "stops cleanly on SIGTERM");
        }
    }

    @Test
    void aSignalStopsTheRunOnlyAfterAnsweringTheRequestsInFlight() throws Exception {
        int port = freePort();
        Path log = Files.createTempFile("local-run", ".log");
        Process run = startRun(port, log);
        URI api = URI.create("http://localhost:" + port);
        awaitHealthy(api, run, log);
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest order = HttpRequest.newBuilder(api.resolve("/orders")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(SampleCatalog.orderRequest("product-1", 1, "19.99", null))).build();
        List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            posts.add(http.sendAsync(order, HttpResponse.BodyHandlers.ofString()));
        }
        posts.get(0).join();

        run.destroy(); // SIGTERM, with requests still in flight

        assertTrue(run.waitFor(60, TimeUnit.SECONDS), "stops");
        Map<String, Integer> outcomes = new TreeMap<>();
        for (CompletableFuture<HttpResponse<String>> post : posts) {
            String outcome;
            try {
                outcome = Integer.toString(post.join().statusCode());
            } catch (CompletionException refused) {
                outcome = "not connected";
            }
            outcomes.merge(outcome, 1, Integer::sum);
        }
        // A request is answered 201, or refused 503 once the stop began, or never connected: no 5xx of a closed function.
        assertTrue(Set.of("201", "503", "not connected").containsAll(outcomes.keySet()), outcomes + "\n" + Files.readString(log));
        assertFalse(Files.readString(log).contains("NoSuchBean"), Files.readString(log));
        assertEquals(143, run.exitValue(), "the exit status of a run stopped by SIGTERM");
    }

    /** The packaged run in a JVM of its own, in memory, its output in {@code log}. */
    private static Process startRun(int port, Path log) throws IOException {
        Path jar = Path.of("target", "serverless-orch-local.jar");
        assertTrue(Files.exists(jar), "run mvn package first");
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--in-memory", "--port", Integer.toString(port), "--dynamodb-port", "0")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static void awaitHealthy(URI api, Process run, Path log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            if (!run.isAlive()) {
                throw new AssertionError("the local run exited: " + Files.readString(log));
            }
            try {
                if (http.send(HttpRequest.newBuilder(api.resolve("/health")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the local run did not become healthy: " + Files.readString(log));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
