package io.serverlessorch.local.check;

import io.serverlessorch.local.SampleCatalog;
import io.serverlessorch.storage.dynamodb.DynamoCatalogRepository;
import io.serverlessorch.storage.dynamodb.TableNames;
import io.serverlessorch.storage.dynamodb.TableSetup;
import io.serverlessorch.storage.dynamodb.Tables;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * {@code scripts/local_test.sh}: sets up a DynamoDB Local for the system, or checks a running stage
 * scenario by scenario. See the script for the options.
 */
public final class LocalTest {

    private LocalTest() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /** @return the exit status: 0 when every scenario ended as expected */
    static int run(String[] args, PrintStream out) {
        String apiUrl = null;
        String endpoint = null;
        String stage = null;
        boolean setupDb = false;
        Duration patience = Duration.ofSeconds(60);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--setup-db" -> setupDb = true;
                case "--endpoint" -> endpoint = value(args, ++i);
                case "--stage" -> stage = value(args, ++i);
                case "--api-url" -> apiUrl = value(args, ++i);
                case "--timeout" -> patience = Duration.ofSeconds(Long.parseLong(value(args, ++i)));
                default -> {
                    out.println("Unknown option " + args[i] + " (see scripts/local_test.sh --help)");
                    return 2;
                }
            }
        }
        if (!setupDb && apiUrl == null) {
            out.println("Say what to do: --setup-db [--endpoint URL | --stage NAME] and/or --api-url URL");
            return 2;
        }
        try {
            if (setupDb) {
                setUp(endpoint, stage, out);
            }
            return apiUrl == null ? 0 : check(new ApiClient(apiUrl), apiUrl, patience, out);
        } catch (RuntimeException e) {
            out.println("local_test: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Creates the tables (DynamoDB Local only; in AWS the data stack owns them) and adds the sample products
     * that are missing.
     */
    static void setUp(String endpoint, String stage, PrintStream out) {
        boolean local = stage == null;
        String target = endpoint != null ? endpoint : local ? "http://localhost:8000" : null;
        DynamoDbClientBuilder builder = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create());
        if (target != null) {
            builder.endpointOverride(URI.create(target));
        }
        TableNames tables = TableNames.withPrefix(local ? Tables.DEFAULT_PREFIX : "serverless-orch-" + stage);
        try (DynamoDbClient dynamoDb = builder.build()) {
            if (local) {
                TableSetup.ensureTables(dynamoDb, tables);
            }
            int added = SampleCatalog.seedMissing(new DynamoCatalogRepository(dynamoDb, tables.catalog()));
            out.printf("Tables %s and %s ready at %s; %d sample product(s) added.%n", tables.orders(), tables.catalog(),
                    target == null ? "AWS" : target, added);
        }
    }

    static int check(ApiClient api, String apiUrl, Duration patience, PrintStream out) {
        out.printf("Checking %s%s%n%n", apiUrl, api.signs() ? " (requests signed with SigV4)" : "");
        List<Scenarios.Outcome> outcomes = new Scenarios(api, patience).run();
        out.printf("%-22s %-22s %-30s %8s%n", "scenario", "expected", "actual", "seconds");
        for (Scenarios.Outcome outcome : outcomes) {
            out.printf("%-22s %-22s %-30s %8.2f%s%n", outcome.scenario(), outcome.expected(), outcome.actual(), outcome.seconds(),
                    outcome.passed() ? "" : "   <-- wrong");
        }
        long wrong = outcomes.stream().filter(outcome -> !outcome.passed()).count();
        out.printf("%n%d passed, %d failed%n", outcomes.size() - wrong, wrong);
        return wrong == 0 ? 0 : 1;
    }

    private static String value(String[] args, int index) {
        if (index >= args.length) {
            throw new IllegalArgumentException(args[index - 1] + " needs a value");
        }
        return args[index];
    }
}
