package io.serverlessorch.local.check;

import io.serverlessorch.local.OptionValues;
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

    static final String USAGE = "usage: local_test.sh [--setup-db [--endpoint URL] [--stage NAME]] [--api-url URL [--timeout SECONDS]]";

    /** What to do: set up a DynamoDB, check an API, or both. */
    record Options(boolean setupDb, String endpoint, String stage, String apiUrl, Duration patience) {
    }

    public static void main(String[] args) {
        Options options = OptionValues.parseOrExit(args, LocalTest::parse, USAGE);
        System.exit(run(options, System.out));
    }

    /** @return the exit status: 0 when every scenario ended as expected */
    static int run(Options options, PrintStream out) {
        try {
            if (options.setupDb()) {
                setUp(options.endpoint(), options.stage(), out);
            }
            return options.apiUrl() == null ? 0 : check(new ApiClient(options.apiUrl()), options.apiUrl(), options.patience(), out);
        } catch (RuntimeException e) {
            out.println("local_test: " + e.getMessage());
            return 1;
        }
    }

    /** @throws IllegalArgumentException with a one-line message for the person who typed the options */
    static Options parse(String[] args) {
        String apiUrl = null;
        String endpoint = null;
        String stage = null;
        boolean setupDb = false;
        Duration patience = Duration.ofSeconds(60);
        boolean timeout = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--setup-db" -> setupDb = true;
                case "--endpoint" -> endpoint = OptionValues.httpUrl(OptionValues.value(args, ++i), "--endpoint", "http://localhost:8000").toString();
                case "--stage" -> stage = OptionValues.stageName(OptionValues.value(args, ++i));
                case "--api-url" -> apiUrl = OptionValues.httpUrl(OptionValues.value(args, ++i), "--api-url", "http://localhost:8080").toString();
                case "--timeout" -> {
                    patience = Duration.ofSeconds(OptionValues.wholeNumber(OptionValues.value(args, ++i), "--timeout", 1, 86_400, "seconds"));
                    timeout = true;
                }
                default -> throw new IllegalArgumentException(args[i].startsWith("-")
                        ? "Unknown option " + args[i] : "Unexpected argument '" + args[i] + "'");
            }
        }
        if (!setupDb && apiUrl == null) {
            throw new IllegalArgumentException("Say what to do: --setup-db, --api-url URL, or both");
        }
        if (!setupDb && (endpoint != null || stage != null)) {
            throw new IllegalArgumentException("--endpoint and --stage go with --setup-db");
        }
        if (apiUrl == null && timeout) {
            throw new IllegalArgumentException("--timeout goes with --api-url");
        }
        return new Options(setupDb, endpoint, stage, apiUrl, patience);
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
        List<Scenarios.Outcome> outcomes = new Scenarios(api, patience, Scenarios.webhookSecretFromEnvironment(), note -> out.printf("%s%n%n", note)).run();
        out.printf("%-22s %-22s %-30s %8s%n", "scenario", "expected", "actual", "seconds");
        for (Scenarios.Outcome outcome : outcomes) {
            out.printf("%-22s %-22s %-30s %8.2f%s%n", outcome.scenario(), outcome.expected(), outcome.actual(), outcome.seconds(),
                    outcome.passed() ? "" : "   <-- wrong");
        }
        long wrong = outcomes.stream().filter(outcome -> !outcome.passed()).count();
        out.printf("%n%d passed, %d failed%n", outcomes.size() - wrong, wrong);
        return wrong == 0 ? 0 : 1;
    }
}
