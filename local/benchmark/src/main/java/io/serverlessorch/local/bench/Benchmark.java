package io.serverlessorch.local.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.serverlessorch.local.LocalSystem;
import io.serverlessorch.local.OptionValues;
import io.serverlessorch.local.SampleCatalog;
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
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * {@code scripts/bench.sh}: the whole pipeline on this machine, measured beside the machine's own limit for
 * this work (raw DynamoDB Local writes at the same concurrency). Writes JSON and Markdown results.
 */
public final class Benchmark {

    private Benchmark() {
    }

    record Options(int orders, int concurrency, int baselineSeconds, int steadySeconds, int warmupOrders, Path out) {
    }

    static final String USAGE = "usage: bench.sh [--orders N] [--concurrency C] [--baseline-seconds S] [--steady-seconds S]"
            + " [--warmup-orders N] [--out DIR]";

    public static void main(String[] args) throws Exception {
        Options options = OptionValues.parseOrExit(args, Benchmark::parse, USAGE);
        Map<String, Object> results;
        try {
            results = run(options);
        } catch (Exception e) {
            // The worker pools would keep the JVM alive; a failed run must end, with one line saying why.
            System.err.println("The benchmark failed: " + e);
            System.exit(1);
            return;
        }
        Files.createDirectories(options.out());
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.writeString(options.out().resolve("bench-results.json"), json.writeValueAsString(results));
        Files.writeString(options.out().resolve("bench-results.md"), Report.markdown(results));
        @SuppressWarnings("unchecked")
        Map<String, List<Timeline.Second>> timeline = (Map<String, List<Timeline.Second>>) results.get("timeline");
        Files.writeString(options.out().resolve("bench-timeline.svg"), Timeline.svg(timeline));
        System.out.println();
        System.out.println(Report.markdown(results));
        System.out.println("Written: " + options.out().resolve("bench-results.json") + ", bench-results.md and bench-timeline.svg"
                + " (orders finished per second and their latency over time)");
        System.exit(0);
    }

    /** @throws IllegalArgumentException with a one-line message for the person who typed the options */
    static Options parse(String[] args) {
        int orders = 2000;
        int concurrency = 8;
        int baselineSeconds = 10;
        int steadySeconds = 20;
        int warmupOrders = 400;
        Path out = Path.of("target", "benchmark");
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--orders" -> orders = (int) OptionValues.wholeNumber(OptionValues.value(args, ++i), option, 1, 1_000_000, "");
                case "--concurrency" -> concurrency = (int) OptionValues.wholeNumber(OptionValues.value(args, ++i), option, 1, 256, "");
                case "--baseline-seconds" -> baselineSeconds = (int) OptionValues.wholeNumber(OptionValues.value(args, ++i), option, 1, 3600, "");
                case "--steady-seconds" -> steadySeconds = (int) OptionValues.wholeNumber(OptionValues.value(args, ++i), option, 1, 3600, "");
                case "--warmup-orders" -> warmupOrders = (int) OptionValues.wholeNumber(OptionValues.value(args, ++i), option, 0, 1_000_000, "");
                case "--out" -> out = OptionValues.directory(OptionValues.value(args, ++i), "--out");
                default -> throw new IllegalArgumentException(option.startsWith("-")
                        ? "Unknown option " + option : "Unexpected argument '" + option + "'");
            }
        }
        return new Options(orders, concurrency, baselineSeconds, steadySeconds, warmupOrders, out);
    }

    static Map<String, Object> run(Options options) throws Exception {
        // The mapping as the local run has it: polling an idle stream as Lambda does.
        LocalEventSourceMapping.Settings stream = LocalEventSourceMapping.Settings.defaults();
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("machine", Map.of(
                "cores", Runtime.getRuntime().availableProcessors(),
                "java", System.getProperty("java.version"),
                "os", System.getProperty("os.name") + " " + System.getProperty("os.arch")));
        results.put("settings", Map.of("orders", options.orders(), "concurrency", options.concurrency(),
                "baselineSeconds", options.baselineSeconds(), "steadySeconds", options.steadySeconds(),
                "warmupOrders", options.warmupOrders(), "streamPollMs", stream.idlePollInterval().toMillis()));

        OrderEnds ends = new OrderEnds();
        FunctionTimes functions = new FunctionTimes();
        progress("Starting the local system (DynamoDB Local in memory)");
        try (LocalSystem system = LocalSystem.start(new LocalSystem.Options(0, null, 0, stream, functions.faults(ends::observe)))) {
            // A fresh JVM runs everything several times slower than a warm one: warm both sides up, unmeasured.
            progress("Warm-up: " + options.warmupOrders() + " orders through the pipeline and 5 s of raw writes, not measured");
            Placed warmup = placeOrders(system.apiUrl(), options.warmupOrders(), options.concurrency(), 0);
            if (!ends.awaitAll(warmup.orderIds(), Duration.ofMinutes(10), ended -> { })) {
                throw new IllegalStateException("The warm-up orders did not all finish within 10 minutes");
            }
            system.awaitPipelineIdle(Duration.ofMinutes(5));
            baseline(system.dynamoDbEndpoint(), options.concurrency(), Duration.ofSeconds(5));
            functions.snapshot();

            progress("Baseline: raw PutItem on DynamoDB Local, " + options.concurrency() + " clients, " + options.baselineSeconds() + " s");
            Map<String, Object> before = baseline(system.dynamoDbEndpoint(), options.concurrency(), Duration.ofSeconds(options.baselineSeconds()));

            progress("Throughput: placing " + options.orders() + " orders through the API as fast as " + options.concurrency() + " clients go");
            DynamoDbUsage.start();
            LogVolume logs = new LogVolume();
            logs.start();
            Instant firstPost = Instant.now();
            Placed placed = placeOrders(system.apiUrl(), options.orders(), options.concurrency(), 0);
            Duration placing = Duration.between(firstPost, Instant.now());
            results.put("api", Map.of(
                    "postOrdersLatencyMs", Latencies.ofNanos(placed.nanos()),
                    "postOrdersPerSecond", round(options.orders() / seconds(placing))));
            progress("Waiting for every order to finish");
            if (!ends.awaitAll(placed.orderIds(), Duration.ofMinutes(30), ended -> progress("  " + ended + " of " + options.orders() + " orders finished"))) {
                throw new IllegalStateException("The orders did not all finish within 30 minutes");
            }
            // The processor records each terminal status in the history after the order got there: count that too.
            system.awaitPipelineIdle(Duration.ofMinutes(5));
            DynamoDbUsage.Totals usage = DynamoDbUsage.stop();
            LogVolume.Totals logged = logs.stop();
            FunctionTimes.Snapshot saturated = functions.snapshot();
            long streamCalls = saturated.of(FunctionTimes.PROCESSOR).invocations();
            long stepCalls = saturated.stepInvocations();
            List<long[]> loaded = placed.orderIds().stream().map(ends::of).toList();
            long firstCreated = loaded.stream().mapToLong(times -> times[0]).min().orElse(0);
            long lastEnded = loaded.stream().mapToLong(times -> times[1]).max().orElse(0);
            double ordersPerSecond = options.orders() / Math.max(0.001, (lastEnded - firstCreated) / 1000.0);

            progress("Replay: the same " + usage.sent().size() + " DynamoDB requests from a bare SDK client, "
                    + options.concurrency() + " at a time, into fresh copies of the tables");
            RequestReplay.Result replay = RequestReplay.run(system.dynamoDbEndpoint(), system.tables(), usage.sent(),
                    options.orders(), options.concurrency());
            results.put("replay", inOrder(
                    "requests", replay.requests(),
                    "refused", replay.refused(),
                    "seconds", round(replay.took().toMillis() / 1000.0),
                    "ordersPerSecond", round(replay.ordersPerSecond())));

            double steadyRate = Math.max(1, Math.floor(ordersPerSecond / 2));
            progress("Latency: placing orders at " + steadyRate + "/s (half the sustained rate) for " + options.steadySeconds() + " s");
            int steadyOrders = (int) (steadyRate * options.steadySeconds());
            Placed steady = placeOrders(system.apiUrl(), steadyOrders, options.concurrency(), steadyRate);
            if (!ends.awaitAll(steady.orderIds(), Duration.ofMinutes(10), ended -> { })) {
                throw new IllegalStateException("The paced orders did not all finish within 10 minutes");
            }
            system.awaitPipelineIdle(Duration.ofMinutes(5));
            FunctionTimes.Snapshot paced = functions.snapshot();
            Map<String, List<Timeline.Second>> timeline = new LinkedHashMap<>();
            timeline.put(options.orders() + " orders placed at once by " + options.concurrency() + " clients", Timeline.of(loaded));
            timeline.put(steadyOrders + " orders placed at " + steadyRate + "/s", Timeline.of(steady.orderIds().stream().map(ends::of).toList()));
            results.put("timeline", timeline);

            progress("Baseline again, after the pipeline: raw PutItem, " + options.concurrency() + " clients, " + options.baselineSeconds() + " s");
            Map<String, Object> after = baseline(system.dynamoDbEndpoint(), options.concurrency(), Duration.ofSeconds(options.baselineSeconds()));
            double baselineWrites = ((double) before.get("writesPerSecond") + (double) after.get("writesPerSecond")) / 2;
            Map<String, Object> baseline = new LinkedHashMap<>(before);
            baseline.put("writesPerSecondAfter", after.get("writesPerSecond"));
            baseline.put("writesPerSecondMean", round(baselineWrites));
            results.put("baseline", baseline);

            double itemWritesPerOrder = (double) usage.itemWrites() / options.orders();
            results.put("pipeline", Map.of(
                    "endToEndLatencyMs", Latencies.ofNanos(IntStream.range(0, steadyOrders)
                            .mapToLong(i -> (ends.of(steady.orderIds().get(i))[1] - steady.dueEpochMillis()[i]) * 1_000_000).toArray()),
                    "steadyOrdersPerSecond", steadyRate,
                    "endToEndLatencyUnderFullLoadMs", Latencies.ofNanos(loaded.stream()
                            .mapToLong(times -> (times[1] - times[0]) * 1_000_000).toArray()),
                    "ordersPerSecond", round(ordersPerSecond),
                    "efficiency", round(ordersPerSecond / replay.ordersPerSecond()),
                    "completed", loaded.size()));
            results.put("perOrder", inOrder(
                    "dynamoDbRequests", round((double) usage.requests() / options.orders()),
                    "dynamoDbRequestsByOperation", perOrder(usage.requestsByOperation(), options.orders()),
                    "itemWrites", round(itemWritesPerOrder),
                    "writeCapacityUnits", round(usage.writeUnits() / options.orders()),
                    "awsWriteUnits", awsWriteUnits(usage.awsWrites(), options.orders()),
                    "readCapacityUnits", round(usage.readUnits() / options.orders()),
                    "awsReadUnits", round(usage.awsReadUnits() / options.orders()),
                    "lambdaInvocations", round(1 + (streamCalls + stepCalls) / (double) options.orders()),
                    "stepInvocations", round(stepCalls / (double) options.orders()),
                    "stepHops", round(saturated.stepHops() / (double) options.orders()),
                    "logBytes", round((double) logged.bytes() / options.orders()),
                    "logLines", round((double) logged.lines() / options.orders()),
                    "streamProcessorInvocations", round(streamCalls / (double) options.orders())));
            int n = options.orders();
            Map<String, Object> durations = new LinkedHashMap<>();
            durations.put("saturated", FunctionTimes.describe(saturated, n));
            durations.put("paced", FunctionTimes.describe(paced, steadyOrders));
            durations.put("costUses", "paced");
            results.put("lambdaDurations", durations);
            // DynamoDB at AWS's rules, not DynamoDB Local's counts (which bill transactions double). Lambda's
            // durations from the paced phase: in Lambda every invocation has its own CPU, so time measured while
            // 8 clients saturate 2 shared cores overstates GB-seconds. Invocation counts from the full-load run.
            CostModel.PerOrder measured = new CostModel.PerOrder(
                    usage.awsWrites().total() / n, usage.awsReadUnits() / n,
                    1 + (streamCalls + stepCalls) / (double) n, stepCalls / (double) n,
                    paced.of(FunctionTimes.API).meanSeconds(),
                    paced.of(FunctionTimes.PROCESSOR).seconds() / Math.max(1, steadyOrders),
                    paced.stepSeconds() / Math.max(1, steadyOrders), (double) logged.bytes() / n);
            results.put("costUsd", CostModel.perMillionOrders(measured));
            AwsWriteUnits.Totals writes = usage.awsWrites();
            results.put("floorUsd", CostModel.floor(measured, writes.tableUnits() / n, writes.transactionSurcharge() / n, writes.indexUnits() / n)
                    .stream().map(row -> inOrder("component", row.component(), "now", round(row.now()), "least", round(row.least()),
                            "between", row.between())).toList());

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

    /**
     * The ids of the orders placed and each POST's latency. Paced orders are timed from when they were due, so a
     * client held up by a slow answer does not hide the wait from the next order's time; {@code dueEpochMillis} is
     * when each was due (unpaced: when its client took it up).
     */
    record Placed(List<String> orderIds, long[] nanos, long[] dueEpochMillis) {
    }

    /**
     * Places {@code orders} orders from {@code clients} threads: as fast as they go when {@code perSecond} is 0,
     * otherwise one every 1/{@code perSecond} s.
     */
    private static Placed placeOrders(URI api, int orders, int clients, double perSecond) throws Exception {
        return placeOrders(api, orders, clients, perSecond, i -> i % 2 == 0
                ? SampleCatalog.orderRequest("product-1", 1, "19.99", "tok_visa")
                : SampleCatalog.orderRequest("product-2", 1, "5.00", "tok_visa"));
    }

    /** The same, with the body of order {@code i} from {@code body}. */
    static Placed placeOrders(URI api, int orders, int clients, double perSecond, IntFunction<String> body) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger next = new AtomicInteger();
        long[] nanos = new long[orders];
        long[] dueEpochMillis = new long[orders];
        String[] ids = new String[orders];
        long start = System.nanoTime();
        long startEpochMillis = System.currentTimeMillis();
        long interval = perSecond > 0 ? (long) (1e9 / perSecond) : 0;
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < orders; i = next.getAndIncrement()) {
                    long due = start + i * interval;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    String request = body.apply(i);
                    long started = interval > 0 ? due : System.nanoTime();
                    dueEpochMillis[i] = startEpochMillis + (started - start) / 1_000_000;
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(api.resolve("/orders"))
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(request)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    nanos[i] = System.nanoTime() - started;
                    if (response.statusCode() != 201) {
                        throw new IllegalStateException("POST /orders answered " + response.statusCode() + ": " + response.body());
                    }
                    ids[i] = json.readTree(response.body()).get("order_id").asText();
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
        return new Placed(List.of(ids), nanos, dueEpochMillis);
    }

    /** A map of these names and values, in this order (more pairs than {@code Map.of} takes). */
    private static Map<String, Object> inOrder(Object... namesAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    /** Write units per order as AWS bills them, by where they go, and the order item's mean size. */
    private static Map<String, Object> awsWriteUnits(AwsWriteUnits.Totals aws, int orders) {
        Map<String, Object> units = new LinkedHashMap<>();
        units.put("total", round(aws.total() / orders));
        units.put("itemWrites", round(aws.tableUnits() / orders));
        units.put("transactionSurcharge", round(aws.transactionSurcharge() / orders));
        units.put("indexWrites", round(aws.indexUnits() / orders));
        units.put("meanOrderItemBytes", Math.round(aws.meanOrderItemBytes()));
        return units;
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
