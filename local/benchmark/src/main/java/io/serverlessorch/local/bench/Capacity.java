package io.serverlessorch.local.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.serverlessorch.domain.Product;
import io.serverlessorch.local.LocalSystem;
import io.serverlessorch.local.OptionValues;
import io.serverlessorch.local.SampleCatalog;
import io.serverlessorch.local.stream.LocalEventSourceMapping;
import io.serverlessorch.pipeline.TimeBudget;
import io.serverlessorch.storage.dynamodb.DynamoCatalogRepository;
import io.serverlessorch.storage.dynamodb.Tables;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * {@code scripts/capacity.sh}: a capacity model you can run. It records the DynamoDB requests of a short
 * local run (every request's capacity units on each partition key, as AWS bills them) and the functions'
 * invocation times, and projects them to a target rate (see {@link CapacityModel}): the load on the busiest
 * key of each key family against a partition's limits, the stream shards and parallelization factor, Lambda
 * concurrency, API Gateway's account limit, and the cost per million orders ({@link CostModel}).
 *
 * <p>Exit status: 0 when no key is above 80 % of a partition, 1 when one is, 2 for a usage error, 3 when
 * the run itself failed.
 */
public final class Capacity {

    private Capacity() {
    }

    static final String USAGE = "usage: capacity.sh [--orders-per-second N] [--hot-product-share F] [--products N]"
            + " [--hot-product-buckets B] [--index-shards N] [--sample-orders N] [--out DIR]";

    /** The product the run adds when the sample catalog has none split into buckets. */
    static final String HOT_PRODUCT = "capacity-hot";

    /** Orders of the warm-up, not measured: a fresh JVM runs everything several times slower than a warm one. */
    static final int WARMUP_ORDERS = 400;
    /** The measured orders are placed at this rate, which this machine keeps up with: invocation times then are not queueing. */
    static final double SAMPLE_ORDERS_PER_SECOND = 12;

    /** @param out null for a new temporary directory */
    record Options(long ordersPerSecond, double hotProductShare, long products, int hotProductBuckets, int indexShards,
                   int sampleOrders, Path out) {

        CapacityModel.Workload workload() {
            return new CapacityModel.Workload(ordersPerSecond, hotProductShare, products, hotProductBuckets, indexShards);
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = OptionValues.parseOrExit(args, Capacity::parse, USAGE);
        Map<String, Object> results;
        List<DynamoDbUsage.TracedRequest> trace = new ArrayList<>();
        int status;
        try {
            results = run(options, trace);
            status = (int) ((Map<?, ?>) results.get("verdict")).get("exitStatus");
        } catch (Exception e) {
            // The worker pools would keep the JVM alive; a failed run must end, with one line saying why.
            System.err.println("The capacity run failed: " + e);
            System.exit(3);
            return;
        }
        Path out = options.out() != null ? options.out() : Files.createTempDirectory("capacity-");
        Files.createDirectories(out);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.writeString(out.resolve("capacity.json"), json.writeValueAsString(results));
        Files.writeString(out.resolve("capacity.md"), markdown(results));
        writeTrace(out.resolve("trace.jsonl"), trace);
        System.out.println();
        System.out.print(text(results));
        System.out.println("Written: " + out.resolve("capacity.json") + ", capacity.md and trace.jsonl (every request's units per key)");
        System.exit(status);
    }

    /** @throws IllegalArgumentException with a one-line message for the person who typed the options */
    static Options parse(String[] args) {
        long ordersPerSecond = 10_000;
        double hotProductShare = 0.05;
        long products = 10_000;
        int hotProductBuckets = 16;
        int indexShards = Tables.Orders.DEFAULT_INDEX_SHARDS;
        int sampleOrders = 300;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--orders-per-second" -> ordersPerSecond = OptionValues.wholeNumber(OptionValues.value(args, ++i), option, 1, 10_000_000, "");
                case "--hot-product-share" -> hotProductShare = fraction(OptionValues.value(args, ++i), option);
                case "--products" -> products = OptionValues.wholeNumber(OptionValues.value(args, ++i), option, 1, 1_000_000_000, "");
                case "--hot-product-buckets" -> hotProductBuckets = (int) OptionValues.wholeNumber(OptionValues.value(args, ++i), option,
                        1, Product.MAX_STOCK_BUCKETS, "");
                case "--index-shards" -> indexShards = (int) OptionValues.wholeNumber(OptionValues.value(args, ++i), option, 1, 1000, "");
                case "--sample-orders" -> sampleOrders = (int) OptionValues.wholeNumber(OptionValues.value(args, ++i), option, 20, 5000, "");
                case "--out" -> out = OptionValues.directory(OptionValues.value(args, ++i), "--out");
                default -> throw new IllegalArgumentException(option.startsWith("-")
                        ? "Unknown option " + option : "Unexpected argument '" + option + "'");
            }
        }
        return new Options(ordersPerSecond, hotProductShare, products, hotProductBuckets, indexShards, sampleOrders, out);
    }

    private static double fraction(String text, String option) {
        try {
            double value = Double.parseDouble(text.trim());
            if (value >= 0 && value <= 1 && text.trim().matches("[0-9.]+")) {
                return value;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(option + " must be a number from 0 to 1 (0.05 is 5 % of the orders), not '" + text + "'");
    }

    static Map<String, Object> run(Options options, List<DynamoDbUsage.TracedRequest> trace) throws Exception {
        long started = System.nanoTime();
        OrderEnds ends = new OrderEnds();
        FunctionTimes functions = new FunctionTimes();
        progress("Starting the local system (DynamoDB Local in memory)");
        try (LocalSystem system = LocalSystem.start(new LocalSystem.Options(0, null, 0, LocalEventSourceMapping.Settings.defaults(),
                functions.faults(ends::observe)))) {
            Product hot = hotProduct(options, system);
            Product other = otherProduct(hot);
            String hotBody = SampleCatalog.orderRequest(hot.productId(), 1, hot.unitPrice().toPlainString(), "tok_visa");
            String otherBody = SampleCatalog.orderRequest(other.productId(), 1, other.unitPrice().toPlainString(), "tok_visa");
            // Half the sample holds the hot product: enough of each kind to measure its units per order.
            IntFunction<String> body = i -> i % 2 == 0 ? hotBody : otherBody;

            progress("Warm-up: " + WARMUP_ORDERS + " orders, not measured");
            Benchmark.Placed warmup = Benchmark.placeOrders(system.apiUrl(), WARMUP_ORDERS, 4, 0, body);
            if (!ends.awaitAll(warmup.orderIds(), Duration.ofMinutes(5), ended -> { })) {
                throw new IllegalStateException("The warm-up orders did not all finish within 5 minutes");
            }
            system.awaitPipelineIdle(Duration.ofMinutes(2));
            functions.snapshot();
            progress("Warm-up done");

            progress("Measuring: " + options.sampleOrders() + " orders at " + (int) SAMPLE_ORDERS_PER_SECOND + "/s, half of them with "
                    + hot.productId() + " (" + hot.stockBuckets() + " stock buckets), half with " + other.productId());
            DynamoDbUsage.startTracing();
            LogVolume logs = new LogVolume();
            logs.start();
            DynamoDbUsage.Totals usage;
            LogVolume.Totals logged;
            try {
                Benchmark.Placed sample = Benchmark.placeOrders(system.apiUrl(), options.sampleOrders(), 4, SAMPLE_ORDERS_PER_SECOND, body);
                if (!ends.awaitAll(sample.orderIds(), Duration.ofMinutes(5), ended -> { })) {
                    throw new IllegalStateException("The measured orders did not all finish within 5 minutes");
                }
                // The processor records each terminal status in the history after the order got there: count that too.
                system.awaitPipelineIdle(Duration.ofMinutes(2));
            } finally {
                usage = DynamoDbUsage.stop();
                logged = logs.stop();
            }
            FunctionTimes.Snapshot times = functions.snapshot();
            progress("Measured; projecting");
            trace.addAll(usage.trace());
            CapacityModel.Sample sample = new CapacityModel.Sample(system.tables().orders(), system.tables().catalog(),
                    hot.productId(), options.sampleOrders(), (options.sampleOrders() + 1) / 2);
            Map<String, Object> results = project(options, sample, usage, times, logged);
            Map<String, Object> measured = new LinkedHashMap<>();
            measured.put("orders", sample.orders());
            measured.put("hotProduct", hot.productId());
            measured.put("hotProductLocalBuckets", hot.stockBuckets());
            measured.put("hotProductOrders", sample.hotOrders());
            measured.put("otherProduct", other.productId());
            measured.put("otherProductOrders", sample.otherOrders());
            measured.put("ordersPerSecond", SAMPLE_ORDERS_PER_SECOND);
            measured.put("dynamoDbRequests", usage.requests());
            measured.put("dynamoDbRequestsByOperation", usage.requestsByOperation());
            measured.put("seconds", Benchmark.round((System.nanoTime() - started) / 1e9));
            results.put("sample", measured);
            return results;
        }
    }

    /**
     * The sample product with the most stock buckets: the one a flash sale would be on. When the sample
     * catalog has none in several buckets, one is added to the run's catalog, so that the trace holds bucket writes.
     */
    static Product hotProduct(Options options, LocalSystem system) {
        Product hot = SampleCatalog.PRODUCTS.get(0);
        for (Product product : SampleCatalog.PRODUCTS) {
            if (product.stockBuckets() > hot.stockBuckets()) {
                hot = product;
            }
        }
        if (hot.stockBuckets() > 1) {
            return hot;
        }
        Product added = Product.stocked(HOT_PRODUCT, "Flash Sale Item", new BigDecimal("9.99"), SampleCatalog.PLENTY)
                .inBuckets(Math.max(2, options.hotProductBuckets()));
        new DynamoCatalogRepository(system.dynamoDb(), system.tables().catalog()).save(added);
        return added;
    }

    /** Another sample product with plenty of stock and one bucket: a product of the long tail. */
    static Product otherProduct(Product hot) {
        return SampleCatalog.PRODUCTS.stream()
                .filter(product -> !product.productId().equals(hot.productId()) && product.stock() >= SampleCatalog.PLENTY / 2)
                .min((a, b) -> Integer.compare(a.stockBuckets(), b.stockBuckets()))
                .orElseThrow(() -> new IllegalStateException("The sample catalog has no second product with stock"));
    }

    /** The projection of what the run measured, as the results (without the sample's description). */
    static Map<String, Object> project(Options options, CapacityModel.Sample sample, DynamoDbUsage.Totals usage,
                                       FunctionTimes.Snapshot times, LogVolume.Totals logged) {
        CapacityModel.Workload workload = options.workload();
        double rate = workload.ordersPerSecond();
        long n = sample.orders();
        List<KeyUnits> units = usage.trace().stream().flatMap(request -> request.units().stream()).toList();
        List<CapacityModel.Measured> measured = CapacityModel.perOrder(units, sample, workload);
        List<CapacityModel.KeyLoad> loads = CapacityModel.project(measured, workload);

        Map<String, Object> results = new LinkedHashMap<>();
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("ordersPerSecond", options.ordersPerSecond());
        target.put("hotProductShare", options.hotProductShare());
        target.put("hotProductOrdersPerSecond", Benchmark.round(rate * options.hotProductShare()));
        target.put("hotProductBuckets", options.hotProductBuckets());
        target.put("otherProducts", options.products());
        target.put("indexShards", options.indexShards());
        results.put("workload", target);

        List<Map<String, Object>> keys = new ArrayList<>();
        for (CapacityModel.KeyLoad load : loads) {
            Map<String, Object> key = new LinkedHashMap<>();
            key.put("family", load.family().name());
            key.put("table", load.family().table());
            key.put("index", load.family().index());
            key.put("where", load.family().where());
            key.put("spread", load.family().spread().name());
            key.put("keys", load.family().spread() == CapacityModel.Spread.PER_ORDER ? "one per order" : load.keys());
            key.put("ordersPerSecond", Benchmark.round(load.ordersPerSecond()));
            key.put("ordersPerSecondPerKey", Benchmark.round(load.ordersPerSecondPerKey()));
            key.put("ordersPerSecondPerKeyWithAllowance", Benchmark.round(load.allowedOrdersPerSecondPerKey()));
            key.put("writeUnitsPerOrder", Benchmark.round(load.writeUnitsPerOrder()));
            key.put("readUnitsPerOrder", Benchmark.round(load.readUnitsPerOrder()));
            key.put("writeUnitsPerSecond", Benchmark.round(load.writeUnitsPerSecond()));
            key.put("readUnitsPerSecond", Benchmark.round(load.readUnitsPerSecond()));
            key.put("utilisation", Math.round(load.utilisation() * 1000) / 1000.0);
            key.put("over", load.over());
            keys.add(key);
        }
        results.put("keys", keys);
        Map<String, Object> verdict = new LinkedHashMap<>();
        verdict.put("limit", CapacityModel.KEY_LIMIT);
        verdict.put("keysOver", loads.stream().filter(CapacityModel.KeyLoad::over).map(load -> load.family().name()).toList());
        verdict.put("exitStatus", CapacityModel.exitStatus(loads));
        results.put("verdict", verdict);

        // The orders table's stream, and the processor that reads it.
        double tableWrites = CapacityModel.tableWriteUnitsPerSecond(sample.ordersTable(), measured, workload);
        int shards = CapacityModel.streamShards(tableWrites);
        FunctionTimes.Function processor = times.of(FunctionTimes.PROCESSOR);
        double recordsPerOrder = (double) times.streamRecords() / n;
        double recordsPerSecondPerShard = rate * recordsPerOrder / shards;
        double recordsPerBatch = processor.invocations() == 0 ? 0 : (double) times.streamRecords() / processor.invocations();
        int factor = CapacityModel.parallelizationFactor(recordsPerSecondPerShard, recordsPerBatch, processor.meanSeconds());
        Map<String, Object> stream = new LinkedHashMap<>();
        stream.put("ordersTableWriteUnitsPerSecond", Benchmark.round(tableWrites));
        stream.put("catalogTableWriteUnitsPerSecond", Benchmark.round(CapacityModel.tableWriteUnitsPerSecond(sample.catalogTable(), measured, workload)));
        stream.put("shards", shards);
        stream.put("recordsPerOrder", Benchmark.round(recordsPerOrder));
        stream.put("recordsPerSecondPerShard", Benchmark.round(recordsPerSecondPerShard));
        stream.put("recordsPerBatch", Benchmark.round(recordsPerBatch));
        stream.put("batchSizeLimit", TimeBudget.BATCH_SIZE);
        stream.put("msPerBatch", Benchmark.round(processor.meanSeconds() * 1000));
        stream.put("parallelizationFactor", factor);
        stream.put("withinLimit", factor <= CapacityModel.MAX_PARALLELIZATION_FACTOR);
        results.put("stream", stream);

        // Lambda: concurrency by Little's law, per function.
        List<Map<String, Object>> lambdas = new ArrayList<>();
        Map<String, FunctionTimes.Function> all = new LinkedHashMap<>();
        all.put(FunctionTimes.API, times.of(FunctionTimes.API));
        all.put(FunctionTimes.PROCESSOR, processor);
        all.putAll(times.steps());
        double totalConcurrency = 0;
        for (Map.Entry<String, FunctionTimes.Function> function : all.entrySet()) {
            double perSecond = rate * function.getValue().invocations() / n;
            double concurrency = CapacityModel.concurrency(perSecond, function.getValue().meanSeconds());
            totalConcurrency += concurrency;
            Map<String, Object> lambda = new LinkedHashMap<>();
            lambda.put("function", function.getKey());
            lambda.put("invocationsPerOrder", Benchmark.round((double) function.getValue().invocations() / n));
            lambda.put("invocationsPerSecond", Benchmark.round(perSecond));
            lambda.put("meanMs", Benchmark.round(function.getValue().meanSeconds() * 1000));
            lambda.put("concurrency", Math.ceil(concurrency));
            lambda.put("secondsToScaleFromZero", CapacityModel.secondsToScale(concurrency));
            lambdas.add(lambda);
        }
        Map<String, Object> lambda = new LinkedHashMap<>();
        lambda.put("functions", lambdas);
        lambda.put("totalConcurrency", Math.ceil(totalConcurrency));
        lambda.put("accountConcurrency", CapacityModel.ACCOUNT_CONCURRENCY);
        lambda.put("withinAccount", CapacityModel.withinQuota(Math.ceil(totalConcurrency), CapacityModel.ACCOUNT_CONCURRENCY));
        results.put("lambda", lambda);

        Map<String, Object> apiGateway = new LinkedHashMap<>();
        apiGateway.put("requestsPerSecond", rate);
        apiGateway.put("accountRequestsPerSecond", CapacityModel.API_GATEWAY_REQUESTS_PER_SECOND);
        apiGateway.put("accountBurst", CapacityModel.API_GATEWAY_BURST);
        apiGateway.put("withinLimit", CapacityModel.withinQuota(rate, CapacityModel.API_GATEWAY_REQUESTS_PER_SECOND));
        results.put("apiGateway", apiGateway);

        long processorAndSteps = processor.invocations() + times.stepInvocations();
        results.put("costUsd", CostModel.perMillionOrders(new CostModel.PerOrder(
                usage.awsWrites().total() / n, usage.awsReadUnits() / n,
                1 + (double) processorAndSteps / n, (double) times.stepInvocations() / n,
                times.of(FunctionTimes.API).meanSeconds(), processor.seconds() / n, times.stepSeconds() / n,
                (double) logged.bytes() / n)));
        // An order that waits for the provider: its order item under 1 KB (1 unit an update), its items in one 4 KB
        // read, the webhook as long as an order's API call, and a wait of the whole default confirmation timeout.
        results.put("waitingCostUsd", CostModel.perMillionWaitingOrders(new CostModel.Wait(1, 1,
                times.of(FunctionTimes.API).meanSeconds(), DEFAULT_CONFIRMATION_TIMEOUT_MINUTES)));
        results.put("deadlineSweepUsdPerMonth", CostModel.deadlineSweepPerMonth());
        results.put("listingPages", CostModel.listingPages(DEFAULT_PAGE_SIZE, options.indexShards()));
        return results;
    }

    /** {@code GET /orders}' default limit. */
    static final int DEFAULT_PAGE_SIZE = 20;

    /** What a page of each listing reads, and costs a million pages in DynamoDB. */
    static String listingPageLines(Map<String, Object> pages) {
        return String.format(Locale.ROOT, "A page of %d orders reads %.1f units for one customer ($%.2f per million pages: one Query), %.1f"
                        + " for all orders or an end status ($%.2f: %d shard Queries)%n",
                ((Number) pages.get("limit")).intValue(), pages.get("customerPageReadUnits"), pages.get("customerUsdPerMillionPages"),
                pages.get("allOrdersPageReadUnits"), pages.get("allOrdersUsdPerMillionPages"), ((Number) pages.get("shards")).intValue());
    }

    /** {@code orch.payment.confirmation-timeout}'s default: the longest an order waits for the payment provider. */
    static final double DEFAULT_CONFIRMATION_TIMEOUT_MINUTES = 15;

    /** What orders that wait for the payment provider add, and what the timer costs a month on its own. */
    static String waitingCostLines(Map<String, Object> waiting, Map<String, Object> sweep) {
        return String.format(Locale.ROOT, "Orders that wait for the payment provider (3-D Secure) add $%.2f per million of them"
                        + " (deadline index %.2f, webhook and second stream hop the rest);%n  the deadline sweep costs $%.2f a month"
                        + " (%,d sweeps of %d shards x %d queries), however few orders wait%n",
                waiting.get("totalPerMillionWaitingOrders"), waiting.get("deadlineIndex"), sweep.get("totalPerMonth"),
                ((Number) sweep.get("sweeps")).longValue(), CostModel.DEADLINE_INDEX_SHARDS, CostModel.DEADLINE_QUERIES_PER_SHARD);
    }

    /** The results as the table printed on standard output. */
    @SuppressWarnings("unchecked")
    static String text(Map<String, Object> results) {
        StringBuilder out = new StringBuilder();
        Map<String, Object> workload = (Map<String, Object>) results.get("workload");
        Map<String, Object> sample = (Map<String, Object>) results.get("sample");
        out.append(String.format(Locale.ROOT, "Capacity at %,d orders/s: %s %% of them (%,.0f/s) hold the hottest product (%s stock buckets),"
                        + " the rest spread over %,d products; %s index shards%n",
                ((Number) workload.get("ordersPerSecond")).longValue(), percent((double) workload.get("hotProductShare")),
                (double) workload.get("hotProductOrdersPerSecond"), workload.get("hotProductBuckets"),
                ((Number) workload.get("otherProducts")).longValue(), workload.get("indexShards")));
        if (sample != null) {
            out.append(String.format(Locale.ROOT, "Measured on %s orders through the local pipeline at %s/s (%s with %s, %s with %s),"
                            + " %,d DynamoDB requests; run took %.0f s%n",
                    sample.get("orders"), fmt((double) sample.get("ordersPerSecond")), sample.get("hotProductOrders"),
                    sample.get("hotProduct"), sample.get("otherProductOrders"), sample.get("otherProduct"),
                    ((Number) sample.get("dynamoDbRequests")).longValue(), (double) sample.get("seconds")));
        }
        out.append(String.format(Locale.ROOT, "%nBusiest key of each key family, hottest first. Per key: orders/s with the hashing allowance"
                + " m + 3*sqrt(m) (none for a family of one key);%nload = WCU/s / 1000 + RCU/s / 3000 of one partition, against %s %%.%n",
                percent(CapacityModel.KEY_LIMIT)));
        out.append(String.format(Locale.ROOT, "%7s  %-44s %-24s %7s %9s %8s %8s %8s %8s%n",
                "load", "key family", "table or index", "keys", "orders/s", "WCU/ord", "RCU/ord", "WCU/s", "RCU/s"));
        for (Map<String, Object> key : (List<Map<String, Object>>) results.get("keys")) {
            Object keys = key.get("keys");
            out.append(String.format(Locale.ROOT, "%5s %%%s %-44s %-24s %7s %9s %8s %8s %8s %8s%n",
                    percent((double) key.get("utilisation")), (boolean) key.get("over") ? "!" : " ",
                    key.get("family"), key.get("where"), keys instanceof Number number ? String.format(Locale.ROOT, "%,d", number.longValue()) : "1/order",
                    fmt((double) key.get("ordersPerSecondPerKeyWithAllowance")), fmt((double) key.get("writeUnitsPerOrder")),
                    fmt((double) key.get("readUnitsPerOrder")), fmt((double) key.get("writeUnitsPerSecond")), fmt((double) key.get("readUnitsPerSecond"))));
        }
        Map<String, Object> verdict = (Map<String, Object>) results.get("verdict");
        List<String> over = (List<String>) verdict.get("keysOver");
        out.append(over.isEmpty()
                ? String.format(Locale.ROOT, "Verdict: OK, every partition key stays under %s %% of a partition.%n", percent(CapacityModel.KEY_LIMIT))
                : String.format(Locale.ROOT, "Verdict: HOT KEYS, %d key famil%s above %s %% of a partition: %s.%n", over.size(),
                        over.size() == 1 ? "y" : "ies", percent(CapacityModel.KEY_LIMIT), String.join("; ", over)));

        Map<String, Object> stream = (Map<String, Object>) results.get("stream");
        double ordersTable = (double) stream.get("ordersTableWriteUnitsPerSecond");
        double catalogTable = (double) stream.get("catalogTableWriteUnitsPerSecond");
        out.append(String.format(Locale.ROOT, "%nOrders table: %s WCU/s on its items, so about %s stream shards (one per partition of 1,000 WCU/s);"
                        + " catalog table: %s WCU/s.%n  Against the default on-demand quota of %,d WCU/s per table: %s%n",
                fmt(ordersTable), stream.get("shards"), fmt(catalogTable), CapacityModel.TABLE_WRITE_UNITS_QUOTA,
                CapacityModel.withinQuota(Math.max(ordersTable, catalogTable), CapacityModel.TABLE_WRITE_UNITS_QUOTA) ? "OK"
                        : "above 80 %: ask for the table throughput quota to be raised (Service Quotas) before the traffic comes"));
        out.append(String.format(Locale.ROOT, "Stream processor: %s records per order, %s/s per shard; measured %s records per batch in %s ms"
                        + " (batches of up to %s):%n  parallelization factor %s needed per shard, of at most %d: %s%n",
                fmt((double) stream.get("recordsPerOrder")), fmt((double) stream.get("recordsPerSecondPerShard")),
                fmt((double) stream.get("recordsPerBatch")), fmt((double) stream.get("msPerBatch")), stream.get("batchSizeLimit"), stream.get("parallelizationFactor"), CapacityModel.MAX_PARALLELIZATION_FACTOR,
                (boolean) stream.get("withinLimit") ? "OK (compare the mapping's parallelizationFactor in ApplicationStack)"
                        : "NOT ENOUGH: the processor must get faster per batch, or the table needs more partitions"));

        Map<String, Object> lambda = (Map<String, Object>) results.get("lambda");
        out.append(String.format(Locale.ROOT, "%nLambda concurrency by Little's law (invocations/s x mean duration, timed server side at %s orders/s here):%n",
                sample == null ? "?" : fmt((double) sample.get("ordersPerSecond"))));
        out.append(String.format(Locale.ROOT, "  %-14s %12s %14s %10s %12s %16s%n", "function", "calls/order", "calls/s", "mean ms", "concurrency", "time to scale"));
        for (Map<String, Object> function : (List<Map<String, Object>>) lambda.get("functions")) {
            out.append(String.format(Locale.ROOT, "  %-14s %12s %14s %10s %12s %15ss%n", function.get("function"),
                    fmt((double) function.get("invocationsPerOrder")), fmt((double) function.get("invocationsPerSecond")),
                    fmt((double) function.get("meanMs")),
                    fmt((double) function.get("concurrency")), function.get("secondsToScaleFromZero")));
        }
        double total = (double) lambda.get("totalConcurrency");
        out.append(String.format(Locale.ROOT, "  total %s, %s %% of the account's default %,d: %s%n", fmt(total),
                percent(total / CapacityModel.ACCOUNT_CONCURRENCY), CapacityModel.ACCOUNT_CONCURRENCY, (boolean) lambda.get("withinAccount") ? "OK"
                        : "above 80 %: ask for a concurrency quota increase (each function then adds 1,000 environments every 10 s)"));
        Map<String, Object> apiGateway = (Map<String, Object>) results.get("apiGateway");
        double requests = (double) apiGateway.get("requestsPerSecond");
        out.append(String.format(Locale.ROOT, "API Gateway REST: %s requests/s, %s %% of the account's default %,d/s (burst %,d): %s%n",
                fmt(requests), percent(requests / CapacityModel.API_GATEWAY_REQUESTS_PER_SECOND), CapacityModel.API_GATEWAY_REQUESTS_PER_SECOND,
                CapacityModel.API_GATEWAY_BURST, (boolean) apiGateway.get("withinLimit")
                        ? "OK (the stage's own throttling, StageSettings, must allow it too)"
                        : "above 80 %: ask for a quota increase (and raise the stage's own throttling, StageSettings)"));
        Map<String, Object> cost = (Map<String, Object>) results.get("costUsd");
        out.append(String.format(Locale.ROOT, "%nCost per million orders: $%.2f (DynamoDB %.2f + API Gateway %.2f + Lambda requests %.2f"
                        + " + Lambda duration %.2f + logs %.2f), prices %s%n",
                cost.get("totalPerMillionOrders"), cost.get("dynamoDb"), cost.get("apiGateway"), cost.get("lambdaRequests"),
                cost.get("lambdaDuration"), cost.get("logsIngestion"), cost.get("pricesAsOf")));
        if (results.containsKey("waitingCostUsd")) {
            out.append(waitingCostLines((Map<String, Object>) results.get("waitingCostUsd"), (Map<String, Object>) results.get("deadlineSweepUsdPerMonth")));
        }
        if (results.containsKey("listingPages")) {
            out.append(listingPageLines((Map<String, Object>) results.get("listingPages")));
        }
        return out.toString();
    }

    /** The key table and the limits as Markdown, for docs/scaling.md. */
    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> results) {
        Map<String, Object> workload = (Map<String, Object>) results.get("workload");
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%,d orders/s, %s %% with the hot product (%s buckets), %,d other products, %s index shards:%n%n",
                ((Number) workload.get("ordersPerSecond")).longValue(), percent((double) workload.get("hotProductShare")),
                workload.get("hotProductBuckets"), ((Number) workload.get("otherProducts")).longValue(), workload.get("indexShards")));
        md.append("| key family | table or index | keys | orders/s per key (with allowance) | WCU/s | RCU/s | load |\n|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> key : (List<Map<String, Object>>) results.get("keys")) {
            Object keys = key.get("keys");
            md.append(String.format(Locale.ROOT, "| `%s` | %s | %s | %s | %s | %s | %s %%%s |%n", key.get("family"), key.get("where"),
                    keys instanceof Number number ? String.format(Locale.ROOT, "%,d", number.longValue()) : "one per order",
                    fmt((double) key.get("ordersPerSecondPerKeyWithAllowance")), fmt((double) key.get("writeUnitsPerSecond")),
                    fmt((double) key.get("readUnitsPerSecond")), percent((double) key.get("utilisation")),
                    (boolean) key.get("over") ? " **over**" : ""));
        }
        Map<String, Object> stream = (Map<String, Object>) results.get("stream");
        Map<String, Object> lambda = (Map<String, Object>) results.get("lambda");
        Map<String, Object> cost = (Map<String, Object>) results.get("costUsd");
        md.append(String.format(Locale.ROOT, "%nOrders table %s WCU/s: about %s stream shards, parallelization factor %s; Lambda concurrency %s"
                        + " (account default %,d); API Gateway %s requests/s (account default %,d); $%.2f per million orders.%n",
                fmt((double) stream.get("ordersTableWriteUnitsPerSecond")), stream.get("shards"), stream.get("parallelizationFactor"),
                fmt((double) lambda.get("totalConcurrency")), CapacityModel.ACCOUNT_CONCURRENCY,
                fmt(((Number) ((Map<String, Object>) results.get("apiGateway")).get("requestsPerSecond")).doubleValue()),
                CapacityModel.API_GATEWAY_REQUESTS_PER_SECOND, cost.get("totalPerMillionOrders")));
        return md.toString();
    }

    private static void writeTrace(Path file, List<DynamoDbUsage.TracedRequest> trace) throws IOException {
        ObjectMapper json = new ObjectMapper();
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8)) {
            for (DynamoDbUsage.TracedRequest request : trace) {
                out.println(json.writeValueAsString(request));
            }
        }
    }

    private static String percent(double share) {
        return fmt(share * 100);
    }

    /** Whole numbers with thousands separators above 100, else one decimal. */
    private static String fmt(double value) {
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static final long STARTED = System.nanoTime();

    /** A progress line, with the seconds since the start; "[bench]" keeps it out of the counted log lines (LogVolume). */
    private static void progress(String message) {
        System.out.printf(Locale.ROOT, "[bench] %5.1f s  %s%n", (System.nanoTime() - STARTED) / 1e9, message);
    }

}
