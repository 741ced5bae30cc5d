package io.serverlessorch.local.bench;

import io.serverlessorch.domain.Customer;
import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderDraft;
import io.serverlessorch.domain.OrderLine;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.domain.Payment;
import io.serverlessorch.domain.ShippingAddress;
import io.serverlessorch.local.LocalSystem;
import io.serverlessorch.pipeline.OrderPipeline;
import io.serverlessorch.pipeline.Step;
import io.serverlessorch.pipeline.StepRequest;
import io.serverlessorch.pipeline.SuccessMove;
import io.serverlessorch.storage.dynamodb.DynamoOrderRepository;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Times fresh JVMs from process start to their first handled request, for every function (the API handler, the
 * stream processor, each step) and a plain-Java write, all from the deployment jar with the flags the functions
 * get in AWS.
 */
final class ColdStarts {

    private static final int RUNS = 5;

    private ColdStarts() {
    }

    /** What is timed: the plain write, the API, the processor, and every step's function. */
    static List<String> kinds() {
        List<String> kinds = new ArrayList<>(List.of("plain", "api", "processor"));
        Arrays.stream(Step.values()).map(Step::id).forEach(kinds::add);
        return kinds;
    }

    /** Median and fastest milliseconds of each kind, and each median over the plain write's. */
    static Map<String, Object> measure(LocalSystem system, Path lambdaJar) throws Exception {
        // The jar, the probe itself, and the sample order it borrows from the local runtime.
        String classpath = lambdaJar + File.pathSeparator + Path.of("local", "benchmark", "target", "classes")
                + File.pathSeparator + Path.of("local", "runtime", "target", "classes");
        Map<String, Object> results = new LinkedHashMap<>();
        long plainMedian = 0;
        for (String kind : kinds()) {
            List<Long> millis = new ArrayList<>();
            for (int run = 0; run < RUNS; run++) {
                millis.add(timeToFirstRequest(system, classpath, kind, argumentFor(system, kind)));
            }
            millis.sort(Long::compare);
            long median = millis.get(RUNS / 2);
            plainMedian = kind.equals("plain") ? median : plainMedian;
            results.put(kind, Map.of("medianMs", median, "fastestMs", millis.get(0),
                    "timesPlain", Benchmark.round((double) median / Math.max(1, plainMedian))));
        }
        return results;
    }

    /**
     * What the probe of {@code kind} handles: for the processor, a new order's creation record (the local pipeline
     * handles it too; whichever comes second finds the order moved on, which is what a repeated record does); for
     * a step, a file holding the step's request for a new order as the processor would send it. That order has
     * usually moved on by then, so a step's conditional write finds it stale: the same round trip.
     */
    static String argumentFor(LocalSystem system, String kind) throws Exception {
        if (kind.equals("plain") || kind.equals("api")) {
            return "";
        }
        Order order = placedOrder(system);
        if (kind.equals("processor")) {
            return order.orderId();
        }
        Step step = Step.ofId(kind).orElseThrow();
        OrderPipeline.Stage stage = Arrays.stream(OrderStatus.values())
                .map(OrderPipeline::stageAt).flatMap(Optional::stream)
                .filter(candidate -> candidate.step() == step).findFirst().orElseThrow();
        SuccessMove onSuccess = stage.successStatus().map(to -> new SuccessMove(to, Instant.now(), false)).orElse(null);
        Path request = Files.createTempFile("cold-start-" + kind, ".json");
        request.toFile().deleteOnExit();
        Files.write(request, system.stepDispatcher().write(new StepRequest(step, StepRequest.Action.EXECUTE, order, onSuccess)));
        return request.toString();
    }

    private static Order placedOrder(LocalSystem system) {
        var repository = new DynamoOrderRepository(system.dynamoDb(), system.tables().orders(), Duration.ZERO, Duration.ofDays(1));
        OrderDraft draft = new OrderDraft(new Customer("cold", "cold@example.com", "Cold"),
                List.of(new OrderLine("product-1", 1, new BigDecimal("19.99"))),
                new ShippingAddress("1 Main St", "Town", null, "12345", "US"),
                new Payment("credit_card", null));
        Order order = Order.place(UUID.randomUUID().toString(), draft, Instant.now());
        repository.create(order, "cold-start");
        return order;
    }

    /** Starts the probe of {@code kind} in a fresh JVM on {@code classpath}: the milliseconds to its first handled request. */
    static long timeToFirstRequest(LocalSystem system, String classpath, String kind, String argument) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                "-Daws.region=us-east-1", "-Daws.accessKeyId=local", "-Daws.secretAccessKey=local",
                "-Daws.services.dynamodb.endpoint-override=" + system.dynamoDbEndpoint(),
                "-Dorch.tables.orders=" + system.tables().orders(), "-Dorch.tables.catalog=" + system.tables().catalog(),
                "-Dorch.steps.invoker=in-process", "-Dorch.log.level=warn",
                "-cp", classpath,
                ColdStartProbe.class.getName(), kind, system.dynamoDbEndpoint().toString(), system.tables().orders(), argument));
        long started = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (Step.ofId(kind).isPresent()) {
            // A step's function is told its step, as the stack tells it.
            builder.environment().put("ORCH_STEP", kind);
        }
        Process probe = builder.start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.equals("HANDLED")) {
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    probe.waitFor();
                    return millis;
                }
                output.append(line).append('\n');
            }
        }
        throw new IllegalStateException("The " + kind + " probe did not handle its request:\n" + output);
    }
}
