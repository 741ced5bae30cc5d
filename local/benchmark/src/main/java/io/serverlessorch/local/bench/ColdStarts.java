package io.serverlessorch.local.bench;

import io.serverlessorch.domain.Customer;
import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderDraft;
import io.serverlessorch.domain.OrderLine;
import io.serverlessorch.domain.Payment;
import io.serverlessorch.domain.ShippingAddress;
import io.serverlessorch.local.LocalSystem;
import io.serverlessorch.storage.dynamodb.DynamoOrderRepository;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Times fresh JVMs from process start to their first handled request, for the API handler, the stream
 * processor and a plain-Java write, all from the deployment jar with the flags the functions get in AWS.
 */
final class ColdStarts {

    private static final int RUNS = 3;

    private ColdStarts() {
    }

    /** Median and fastest milliseconds of each kind, with the plain write as the baseline. */
    static Map<String, Object> measure(LocalSystem system, Path lambdaJar) throws Exception {
        Map<String, Object> results = new LinkedHashMap<>();
        for (String kind : List.of("plain", "api", "processor")) {
            List<Long> millis = new ArrayList<>();
            for (int run = 0; run < RUNS; run++) {
                String orderId = kind.equals("processor") ? pendingOrder(system) : "";
                millis.add(timeToFirstRequest(system, lambdaJar, kind, orderId));
            }
            millis.sort(Long::compare);
            results.put(kind, Map.of("medianMs", millis.get(RUNS / 2), "fastestMs", millis.get(0)));
        }
        return results;
    }

    /**
     * A new order, for the probe's stream processor to handle the creation record of. The local pipeline
     * handles it too; whichever comes second finds the order moved on, which is what a repeated record does.
     */
    private static String pendingOrder(LocalSystem system) {
        var repository = new DynamoOrderRepository(system.dynamoDb(), system.tables().orders(), Duration.ZERO, Duration.ofDays(1));
        OrderDraft draft = new OrderDraft(new Customer("cold", "cold@example.com", "Cold"),
                List.of(new OrderLine("product-1", 1, new BigDecimal("19.99"))),
                new ShippingAddress("1 Main St", "Town", null, "12345", "US"),
                new Payment("credit_card", null));
        Order order = Order.place(UUID.randomUUID().toString(), draft, Instant.now());
        repository.create(order, "cold-start");
        return order.orderId();
    }

    private static long timeToFirstRequest(LocalSystem system, Path lambdaJar, String kind, String orderId) throws Exception {
        // The probe itself, and the sample order it borrows from the local runtime.
        String classes = Path.of("local", "benchmark", "target", "classes") + File.pathSeparator
                + Path.of("local", "runtime", "target", "classes");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                "-Daws.region=us-east-1", "-Daws.accessKeyId=local", "-Daws.secretAccessKey=local",
                "-Daws.services.dynamodb.endpoint-override=" + system.dynamoDbEndpoint(),
                "-Dorch.tables.orders=" + system.tables().orders(), "-Dorch.tables.catalog=" + system.tables().catalog(),
                "-Dorch.steps.invoker=in-process", "-Dorch.log.level=warn",
                "-cp", lambdaJar + File.pathSeparator + classes,
                ColdStartProbe.class.getName(), kind, system.dynamoDbEndpoint().toString(), system.tables().orders(), orderId));
        long started = System.nanoTime();
        Process probe = new ProcessBuilder(command).redirectErrorStream(true).start();
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
