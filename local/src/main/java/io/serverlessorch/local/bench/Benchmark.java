package io.serverlessorch.local.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.serverlessorch.local.Faults;
import io.serverlessorch.local.LocalSystem;
import io.serverlessorch.local.check.Scenarios;
import io.serverlessorch.local.stream.LocalEventSourceMapping;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code scripts/bench.sh}: the whole pipeline on this machine, measured beside the machine's own limit for
 * this work (raw DynamoDB Local writes at the same concurrency). Writes JSON and Markdown results.
 */
public final class Benchmark {

    private static final Set<String> TERMINAL = Set.of("COMPLETED", "VALIDATION_FAILED", "OUT_OF_STOCK", "PAYMENT_FAILED", "FAILED");

    private Benchmark() {
    }

    record Options(int orders, int concurrency, int baselineSeconds, Path out) {
    }

    public static void main(String[] args) throws Exception {
        Options options = parse(args);
        Map<String, Object> results = run(options);
        Files.createDirectories(options.out());
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.writeString(options.out().resolve("bench-results.json"), json.writeValueAsString(results));
        Files.writeString(options.out().resolve("bench-results.md"), Report.markdown(results));
        System.out.println();
        System.out.println(Report.markdown(results));
        System.out.println("Written: " + options.out().resolve("bench-results.json") + " and bench-results.md");
        System.exit(0);
    }

    static Options parse(String[] args) {
        int orders = 2000;
        int concurrency = 8;
        int baselineSeconds = 10;
        Path out = Path.of("target", "benchmark");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--orders" -> orders = Integer.parseInt(args[++i]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                case "--baseline-seconds" -> baselineSeconds = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        return new Options(orders, concurrency, baselineSeconds, out);
    }

    static Map<String, Object> run(Options options) throws Exception {
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("machine", Map.of(
                "cores", Runtime.getRuntime().availableProcessors(),
                "java", System.getProperty("java.version"),
                "os", System.getProperty("os.name") + " " + System.getProperty("os.arch")));
        results.put("settings", Map.of("orders", options.orders(), "concurrency", options.concurrency(),
                "baselineSeconds", options.baselineSeconds()));

        LongAdder streamInvocations = new LongAdder();
        LongAdder stepInvocations = new LongAdder();
        LongAdder processorNanos = new LongAdder();
        LongAdder stepNanos = new LongAdder();
        // Not faults: the same hooks count each invocation and how long it ran.
        Faults counting = new Faults(
                real -> (event, context) -> {
                    streamInvocations.increment();
                    long started = System.nanoTime();
                    try {
                        return real.handleRequest(event, context);
                    } finally {
                        processorNanos.add(System.nanoTime() - started);
                    }
                },
                real -> request -> {
                    stepInvocations.increment();
                    long started = System.nanoTime();
                    try {
                        return real.invoke(request);
                    } finally {
                        stepNanos.add(System.nanoTime() - started);
                    }
                });
        progress("Starting the local system (DynamoDB Local in memory)");
        try (LocalSystem system = LocalSystem.start(new LocalSystem.Options(0, null, 0, LocalEventSourceMapping.Settings.defaults(), counting))) {
            progress("Baseline: raw PutItem on DynamoDB Local, " + options.concurrency() + " clients, " + options.baselineSeconds() + " s");
            Map<String, Object> baseline = baseline(system.dynamoDbEndpoint(), options.concurrency(), Duration.ofSeconds(options.baselineSeconds()));
            results.put("baseline", baseline);

            progress("Placing " + options.orders() + " orders through the API, " + options.concurrency() + " clients");
            DynamoDbUsage.start();
            Instant firstPost = Instant.now();
            long[] postNanos = placeOrders(system.apiUrl(), options.orders(), options.concurrency());
            Duration placing = Duration.between(firstPost, Instant.now());
            results.put("api", Map.of(
                    "postOrdersLatencyMs", Latencies.ofNanos(postNanos),
                    "postOrdersPerSecond", round(options.orders() / seconds(placing))));

            progress("Waiting for every order to finish");
            List<long[]> ends = awaitEnds(system, options.orders());
            DynamoDbUsage.Totals usage = DynamoDbUsage.stop();

            long[] endToEnd = ends.stream().mapToLong(times -> (times[1] - times[0]) * 1_000_000).toArray();
            long firstCreated = ends.stream().mapToLong(times -> times[0]).min().orElse(0);
            long lastEnded = ends.stream().mapToLong(times -> times[1]).max().orElse(0);
            double ordersPerSecond = options.orders() / Math.max(0.001, (lastEnded - firstCreated) / 1000.0);
            double itemWritesPerOrder = (double) usage.itemWrites() / options.orders();
            double baselineWrites = (double) baseline.get("writesPerSecond");
            results.put("pipeline", Map.of(
                    "endToEndLatencyMs", Latencies.ofNanos(endToEnd),
                    "ordersPerSecond", round(ordersPerSecond),
                    "efficiency", round(ordersPerSecond * itemWritesPerOrder / baselineWrites),
                    "completed", ends.size()));
            results.put("perOrder", Map.of(
                    "dynamoDbRequests", round((double) usage.requests() / options.orders()),
                    "dynamoDbRequestsByOperation", perOrder(usage.requestsByOperation(), options.orders()),
                    "itemWrites", round(itemWritesPerOrder),
                    "writeCapacityUnits", round(usage.writeUnits() / options.orders()),
                    "readCapacityUnits", round(usage.readUnits() / options.orders()),
                    "lambdaInvocations", round(1 + (streamInvocations.sum() + stepInvocations.sum()) / (double) options.orders()),
                    "stepInvocations", round(stepInvocations.sum() / (double) options.orders()),
                    "streamProcessorInvocations", round(streamInvocations.sum() / (double) options.orders())));
            int n = options.orders();
            results.put("costUsd", CostModel.perMillionOrders(new CostModel.PerOrder(
                    usage.writeUnits() / n, usage.readUnits() / n,
                    1 + (streamInvocations.sum() + stepInvocations.sum()) / (double) n, stepInvocations.sum() / (double) n,
                    java.util.Arrays.stream(postNanos).average().orElse(0) / 1e9,
                    processorNanos.sum() / 1e9 / n, stepNanos.sum() / 1e9 / n)));

            Path jar = Path.of("app", "target", "serverless-orch-lambda.jar");
            results.put("deploymentJarBytes", Files.exists(jar) ? Files.size(jar) : -1);
            if (Files.exists(jar)) {
                progress("Cold starts: fresh JVMs on the deployment jar, to their first handled request");
                results.put("coldStartMs", ColdStarts.measure(system, jar));
            }
        }
        return results;
    }

    /** Raw PutItem of order-sized items from {@code clients} threads: what this machine's DynamoDB Local can write. */
    static Map<String, Object> baseline(URI endpoint, int clients, Duration duration) throws Exception {
        String table = "bench-baseline-" + UUID.randomUUID().toString().substring(0, 8);
        try (DynamoDbClient dynamoDb = DynamoDbClient.builder().endpointOverride(endpoint).httpClient(UrlConnectionHttpClient.create()).build()) {
            dynamoDb.createTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
            String payload = "x".repeat(600);
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            Instant until = Instant.now().plus(duration);
            List<Future<List<Long>>> workers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                workers.add(pool.submit(() -> {
                    List<Long> nanos = new ArrayList<>();
                    while (Instant.now().isBefore(until)) {
                        long started = System.nanoTime();
                        dynamoDb.putItem(r -> r.tableName(table).item(Map.of(
                                "pk", AttributeValue.fromS(UUID.randomUUID().toString()), "payload", AttributeValue.fromS(payload))));
                        nanos.add(System.nanoTime() - started);
                    }
                    return nanos;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> worker : workers) {
                all.addAll(worker.get());
            }
            pool.shutdown();
            dynamoDb.deleteTable(r -> r.tableName(table));
            Map<String, Object> baseline = new LinkedHashMap<>();
            baseline.put("writesPerSecond", round(all.size() / (double) duration.toSeconds()));
            baseline.put("putItemLatencyMs", Latencies.ofNanos(all.stream().mapToLong(Long::longValue).toArray()));
            return baseline;
        }
    }

    private static long[] placeOrders(URI api, int orders, int clients) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger next = new AtomicInteger();
        long[] nanos = new long[orders];
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < orders; i = next.getAndIncrement()) {
                    String body = i % 2 == 0
                            ? Scenarios.order("product-1", 1, "19.99", "tok_visa")
                            : Scenarios.order("product-2", 1, "5.00", "tok_visa");
                    long started = System.nanoTime();
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(api.resolve("/orders"))
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    nanos[i] = System.nanoTime() - started;
                    if (response.statusCode() != 201) {
                        throw new IllegalStateException("POST /orders answered " + response.statusCode() + ": " + response.body());
                    }
                    if (i % 500 == 0 && i > 0) {
                        progress("  " + i + " orders placed");
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        return nanos;
    }

    /** Created and ended times (epoch millis) of every order, once all have ended. */
    private static List<long[]> awaitEnds(LocalSystem system, int orders) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
        int lastReported = -1;
        while (Instant.now().isBefore(deadline)) {
            List<long[]> ends = DynamoDbUsage.unobserved(() -> endedOrders(system));
            if (ends.size() >= orders) {
                return ends;
            }
            if (ends.size() / 250 != lastReported) {
                lastReported = ends.size() / 250;
                progress("  " + ends.size() + " of " + orders + " orders finished");
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("The orders did not all finish within 30 minutes");
    }

    private static List<long[]> endedOrders(LocalSystem system) {
        List<long[]> ends = new ArrayList<>();
        system.dynamoDb().scanPaginator(r -> r.tableName(system.tables().orders())
                        .filterExpression("sk = :order").expressionAttributeValues(Map.of(":order", AttributeValue.fromS("ORDER"))))
                .items().forEach(item -> {
                    if (TERMINAL.contains(item.get("status").s())) {
                        ends.add(new long[]{Instant.parse(item.get("created_at").s()).toEpochMilli(),
                                Instant.parse(item.get("updated_at").s()).toEpochMilli()});
                    }
                });
        return ends;
    }

    private static Map<String, Double> perOrder(Map<String, Long> counts, int orders) {
        Map<String, Double> perOrder = new LinkedHashMap<>();
        counts.forEach((operation, count) -> perOrder.put(operation, round((double) count / orders)));
        return perOrder;
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static double seconds(Duration duration) {
        return Math.max(0.001, duration.toMillis() / 1000.0);
    }

    static void progress(String message) {
        System.out.println("[bench] " + message);
    }
}
