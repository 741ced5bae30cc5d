package io.serverlessorch.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serverlessorch.local.LocalSystem;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Bruno collection in bruno/, run with Bruno's CLI and its {@code local} environment against a local run: every
 * request is sent and every assertion and test in it passes, so the collection shows what the API does.
 */
class BrunoCollectionTest {

    /** Pinned: a new release may read a collection differently. */
    static final String BRUNO_CLI = "@usebruno/cli@4.1.0";

    private static final Path COLLECTION = Path.of("..", "..", "bruno").toAbsolutePath().normalize();

    @Test
    void everyRequestAndAssertionOfTheCollectionPasses() throws Exception {
        Npx.assumeAvailable("the Bruno collection");
        assertTrue(Files.isRegularFile(COLLECTION.resolve("bruno.json")), COLLECTION + " holds no Bruno collection");
        Path work = Files.createDirectories(Path.of("target", "bruno").toAbsolutePath());
        Path report = work.resolve("report.json");
        Path log = work.resolve("bruno.log");
        Files.deleteIfExists(report);

        try (LocalSystem system = LocalSystem.start(new LocalSystem.Options(0, null, 0))) {
            String baseUrl = system.apiUrl().toString().replaceAll("/$", "");
            Process bruno = Npx.start(COLLECTION, log, BRUNO_CLI, List.of("run", "-r", "--env", "local",
                    "--env-var", "baseUrl=" + baseUrl, "--reporter-json", report.toString()));
            try {
                assertTrue(bruno.waitFor(10, TimeUnit.MINUTES), "Bruno did not finish");
            } finally {
                Npx.destroyTree(bruno);
            }
            String output = Files.readString(log);
            assertTrue(Files.isRegularFile(report), "Bruno wrote no report:\n" + output);

            JsonNode results = new ObjectMapper().readTree(report.toFile());
            // One iteration (no CSV/JSON data): its results, one per request run (the wait is run until it is done).
            JsonNode run = results.isArray() ? results.get(0) : results;
            List<String> failures = new ArrayList<>();
            Set<String> requests = new LinkedHashSet<>();
            int assertions = 0;
            for (JsonNode result : run.get("results")) {
                String name = result.path("test").path("filename").asText(result.path("name").asText());
                requests.add(name);
                if (!"pass".equals(result.path("status").asText()) || result.hasNonNull("error")) {
                    failures.add(name + ": " + result.path("status").asText() + " " + result.path("error"));
                }
                for (String kind : new String[] {"assertionResults", "testResults", "preRequestTestResults", "postResponseTestResults"}) {
                    for (JsonNode check : result.path(kind)) {
                        assertions++;
                        if (!"pass".equals(check.path("status").asText())) {
                            failures.add(name + ": " + check);
                        }
                    }
                }
            }
            System.out.printf("Bruno: %d requests (%d runs), %d assertions and tests, %d failed%n",
                    requests.size(), run.get("results").size(), assertions, failures.size());
            assertEquals(List.of(), failures, output);
            assertEquals(0, bruno.exitValue(), output);
            assertEquals(countRequests(), requests.size(), "every request of the collection ran: " + requests + "\n" + output);
            assertTrue(assertions >= requests.size(), "each request checks something");
        }
    }

    /** The requests in the collection: its .bru files but the folders' and the collection's own, and the environments. */
    private static long countRequests() throws Exception {
        try (var files = Files.walk(COLLECTION)) {
            return files.filter(f -> f.toString().endsWith(".bru"))
                    .filter(f -> !f.getFileName().toString().equals("folder.bru") && !f.getFileName().toString().equals("collection.bru"))
                    .filter(f -> !f.getParent().getFileName().toString().equals("environments"))
                    .count();
        }
    }
}
