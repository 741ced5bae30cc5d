package io.serverlessorch.local;

import io.serverlessorch.local.stream.LocalEventSourceMapping;
import sun.misc.Signal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code scripts/run_local.sh}: starts the whole system on this machine and runs until Ctrl-C.
 *
 * <pre>
 *   --port N            the API's port (default 8080, or $PORT)
 *   --host ADDRESS      the address the API and DynamoDB Local listen on (default 127.0.0.1, or $ORCH_HOST; 0.0.0.0
 *                       shares both, and DynamoDB Local takes any credentials: the run says so when it starts)
 *   --data-dir PATH     where the tables are kept across restarts (default .local-data, or $ORCH_DATA_DIR)
 *   --in-memory         keep nothing: a throwaway run
 *   --dynamodb-port N   DynamoDB Local's port (default 8000, or $DYNAMODB_PORT)
 *   --stream-poll-ms N  how long the local event source mapping waits between polls of a caught-up stream
 *                       (default 250, as Lambda polls a DynamoDB stream four times a second)
 * </pre>
 *
 * <p>Logs are one readable line each (WARN and ERROR on standard error); {@code -Dorch.log.level=debug}, or
 * {@code -Dorch.log.level.<logger prefix>=LEVEL} for one library, shows more (see
 * {@code io.serverlessorch.logging.LogSettings}, which also keeps the HTTP server's start-up lines out).
 */
public final class LocalRun {

    /** A minute: a longer wait between polls would only look like a pipeline that has stopped. */
    private static final long MOST_STREAM_POLL_MS = 60_000;

    private LocalRun() {
    }

    public static void main(String[] args) throws InterruptedException {
        LocalSystem.Options options = OptionValues.parseOrExit(args, LocalRun::parse,
                "usage: run_local.sh [--port N] [--host ADDRESS] [--data-dir PATH | --in-memory] [--dynamodb-port N] [--stream-poll-ms N]");
        LocalSystem system;
        try {
            system = LocalSystem.start(options);
        } catch (RuntimeException e) {
            System.err.println("Could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // Any other way out of the JVM still closes the run.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            system.close();
            stopped.countDown();
        }, "local-run-shutdown"));
        // Ctrl-C and SIGTERM stop the run before the JVM shuts down: the functions' libraries close their
        // contexts in shutdown hooks of their own, which would run beside ours, under requests still in flight.
        // A second signal does not wait for those requests.
        AtomicBoolean stopping = new AtomicBoolean();
        for (String name : List.of("INT", "TERM")) {
            int status = name.equals("INT") ? 130 : 143;
            try {
                Signal.handle(new Signal(name), signal -> {
                    if (stopping.getAndSet(true)) {
                        System.out.println("Stopping now.");
                        Runtime.getRuntime().halt(status);
                    }
                    System.out.println("Stopping: answering the requests in flight first (Ctrl-C again to stop at once)...");
                    new Thread(() -> {
                        try {
                            system.close();
                        } finally {
                            System.exit(status);
                        }
                    }, "local-run-stop").start();
                });
            } catch (IllegalArgumentException | UnsupportedOperationException notHandled) {
                // Where the signal cannot be handled here, the shutdown hook still closes the run.
            }
        }

        System.out.printf("""

                ServerlessOrch is running locally.
                  API              %s   (try: curl %s/health)
                  OpenAPI          %s/openapi/openapi.yml
                  Docs             %s/docs   (Swagger UI over that document, calling this run)
                  Dashboard        %s/dashboard   (the CloudWatch dashboard and alarms, drawn from this run)
                  DynamoDB Local   %s   (tables %s, %s)
                  Pipeline         the orders stream drives validator, inventory, payment, fulfillment, notification
                                   (an idle stream polled every %d ms)
                  Data             %s
                Press Ctrl-C to stop.
                %n""",
                system.apiUrl(), system.apiUrl(), system.apiUrl(), system.apiUrl(), system.apiUrl(), system.dynamoDbEndpoint(),
                system.tables().orders(), system.tables().catalog(), options.stream().idlePollInterval().toMillis(),
                options.dataDir() == null ? "in memory (discarded on exit)"
                        : options.dataDir().toAbsolutePath() + "   (dead letters: dead-letters.jsonl; metrics: metrics/)");
        if (!system.dynamoDbListeningOn().getAddress().isLoopbackAddress()) {
            System.out.printf("""
                    Warning: --host %s opens DynamoDB Local to the network at %s, and it accepts any credentials:
                    whoever reaches this address can read and change every table (prices and stock included).
                    %n""", options.host(), system.dynamoDbListeningOn());
        }
        stopped.await();
    }

    static LocalSystem.Options parse(String[] args) {
        int port = intOrDefault(System.getenv("PORT"), 8080, "PORT");
        int dynamoDbPort = intOrDefault(System.getenv("DYNAMODB_PORT"), 8000, "DYNAMODB_PORT");
        String dataDir = System.getenv().getOrDefault("ORCH_DATA_DIR", ".local-data");
        String host = System.getenv().getOrDefault("ORCH_HOST", LocalSystem.Options.LOOPBACK);
        boolean inMemory = false;
        LocalEventSourceMapping.Settings stream = LocalEventSourceMapping.Settings.defaults();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = intOrDefault(OptionValues.value(args, ++i), port, "--port");
                case "--dynamodb-port" -> dynamoDbPort = intOrDefault(OptionValues.value(args, ++i), dynamoDbPort, "--dynamodb-port");
                case "--data-dir" -> dataDir = OptionValues.value(args, ++i);
                case "--host" -> host = OptionValues.value(args, ++i);
                case "--in-memory" -> inMemory = true;
                case "--stream-poll-ms" -> stream = stream.withIdlePollInterval(Duration.ofMillis(OptionValues.wholeNumber(
                        OptionValues.value(args, ++i), "--stream-poll-ms", 1, MOST_STREAM_POLL_MS, "milliseconds")));
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        return new LocalSystem.Options(port, inMemory ? null : Path.of(dataDir), dynamoDbPort, stream, Faults.NONE).withHost(host)
                .withMonitoring(System.out::println);
    }

    private static int intOrDefault(String text, int fallback, String name) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value < 0 || value > 65535) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number (0-65535), not '" + text + "'");
        }
    }
}
