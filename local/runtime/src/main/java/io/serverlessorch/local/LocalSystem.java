package io.serverlessorch.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.serverlessorch.dynamodblocal.DynamoDbLocalServer;
import io.serverlessorch.handlers.OrderApiHandler;
import io.serverlessorch.handlers.PaymentDeadlineHandler;
import io.serverlessorch.handlers.StreamProcessorHandler;
import io.serverlessorch.invocation.InProcessStepInvoker;
import io.serverlessorch.invocation.StepDispatcher;
import io.serverlessorch.local.stream.Checkpoints;
import io.serverlessorch.local.stream.DeadLetterDestination;
import io.serverlessorch.local.stream.FileCheckpoints;
import io.serverlessorch.local.stream.InMemoryCheckpoints;
import io.serverlessorch.local.stream.InMemoryDeadLetters;
import io.serverlessorch.local.stream.JsonLinesDeadLetters;
import io.serverlessorch.local.monitoring.LocalMonitoring;
import io.serverlessorch.local.stream.LocalEventSourceMapping;
import io.serverlessorch.metrics.MetricDocumentSink;
import io.serverlessorch.monitoring.MonitoredNames;
import io.serverlessorch.pipeline.StepInvoker;
import io.serverlessorch.pipeline.StepRequest;
import io.serverlessorch.pipeline.StepResult;
import io.serverlessorch.storage.dynamodb.DynamoCatalogRepository;
import io.serverlessorch.storage.dynamodb.OrderStreamFilter;
import io.serverlessorch.storage.dynamodb.TableNames;
import io.serverlessorch.storage.dynamodb.TableSetup;
import io.serverlessorch.storage.dynamodb.Tables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The whole system on this machine: DynamoDB Local in process, the tables and the sample catalog, the order
 * API handler behind an HTTP bridge, and the stream processor fed by a local event source mapping on the
 * orders table's stream, and the payment deadline sweep on a timer. Used by {@link LocalRun} and by tests.
 */
public final class LocalSystem implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalSystem.class);

    /**
     * @param port         the API's HTTP port (0 picks a free one)
     * @param dataDir      where DynamoDB Local keeps its data, the stream position and the dead letters;
     *                     null keeps everything in memory only
     * @param dynamoDbPort DynamoDB Local's port (0 picks a free one)
     * @param stream       how the stream is read: batch size, retries, bisection
     * @param faults       trouble put in on purpose (tests); {@link Faults#NONE} normally
     * @param host         the address the API listens on; {@link #LOOPBACK} keeps it on this machine
     * @param console      where the local CloudWatch (metric store, {@code /dashboard}, alarms) writes its lines
     *                     for people: order status changes, alarm changes; null runs without it, the functions'
     *                     metric documents then going to standard output as in Lambda
     * @param paymentConfirmationTimeout how long an order waits in PAYMENT_PENDING before the sweep cancels it; null
     *                     leaves it to the configuration ({@code ORCH_PAYMENT_CONFIRMATION_TIMEOUT}, default 15 minutes)
     */
    public record Options(int port, Path dataDir, int dynamoDbPort, LocalEventSourceMapping.Settings stream, Faults faults,
                          String host, Consumer<String> console, Duration paymentConfirmationTimeout) {

        public static final String LOOPBACK = DynamoDbLocalServer.LOOPBACK;

        public Options(int port, Path dataDir, int dynamoDbPort, LocalEventSourceMapping.Settings stream, Faults faults) {
            this(port, dataDir, dynamoDbPort, stream, faults, LOOPBACK, null, null);
        }

        public Options(int port, Path dataDir, int dynamoDbPort) {
            this(port, dataDir, dynamoDbPort, LocalEventSourceMapping.Settings.defaults(), Faults.NONE);
        }

        public Options withHost(String host) {
            return new Options(port, dataDir, dynamoDbPort, stream, faults, host, console, paymentConfirmationTimeout);
        }

        /** With the local CloudWatch, its people lines written to {@code console}. */
        public Options withMonitoring(Consumer<String> console) {
            return new Options(port, dataDir, dynamoDbPort, stream, faults, host, console, paymentConfirmationTimeout);
        }

        /** With waits for the payment provider that end after {@code timeout}: seconds, so a test can see a deadline pass. */
        public Options withPaymentConfirmationTimeout(Duration timeout) {
            return new Options(port, dataDir, dynamoDbPort, stream, faults, host, console, timeout);
        }
    }

    private final DynamoDbLocalServer dynamoDbLocal;
    private final DynamoDbClient dynamoDb;
    private final OrderApiHandler apiHandler;
    private final ApiGatewayHttpBridge bridge;
    private final StreamProcessorHandler streamProcessor;
    private final DynamoDbStreamsClient streams;
    private final DeadLetterDestination deadLetters;
    private final LocalEventSourceMapping eventSourceMapping;
    private final LocalMonitoring monitoring;
    private final PaymentDeadlineHandler deadlineSweep;
    /** The sweep as its function runs: reported to the local CloudWatch as the deployed function is to AWS's. */
    private final RequestHandler<String, String> deadlineSweepFunction;
    private final ScheduledExecutorService deadlineTimer;
    private final TableNames tables = TableNames.withPrefix(Tables.DEFAULT_PREFIX);
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalSystem(Options options) throws IOException {
        useLocalAwsSettings();
        dynamoDbLocal = options.dataDir() == null
                ? DynamoDbLocalServer.inMemory(options.host(), options.dynamoDbPort())
                : DynamoDbLocalServer.persistent(options.host(), options.dynamoDbPort(), options.dataDir());
        dynamoDb = DynamoDbClient.builder()
                .endpointOverride(dynamoDbLocal.endpoint())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        TableSetup.ensureTables(dynamoDb, tables);
        SampleCatalog.seedMissing(new DynamoCatalogRepository(dynamoDb, tables.catalog()));
        Map<String, Object> settings = new HashMap<>(Map.of(
                "aws.services.dynamodb.endpoint-override", dynamoDbLocal.endpoint().toString(),
                "orch.tables.orders", tables.orders(),
                "orch.tables.catalog", tables.catalog()));
        if (options.paymentConfirmationTimeout() != null) {
            settings.put("orch.payment.confirmation-timeout", options.paymentConfirmationTimeout().toMillis() + "ms");
        }

        deadLetters = options.dataDir() == null
                ? new InMemoryDeadLetters()
                : new JsonLinesDeadLetters(options.dataDir().resolve("dead-letters.jsonl"));
        monitoring = options.console() == null ? null : LocalMonitoring.start(new LocalMonitoring.Settings(
                options.dataDir() == null ? null : options.dataDir().resolve("metrics"), MonitoredNames.local(),
                () -> new LocalMonitoring.DeadLetters(deadLetters.waiting(), deadLetters.oldest().orElse(null)), options.console()));

        // The stream processor, as its own Lambda would be: its own context, steps called through their JSON.
        FaultyInProcessSteps steps = new FaultyInProcessSteps(options.faults().steps(), monitoring);
        Map<String, Object> processorSettings = new HashMap<>(settings);
        processorSettings.put("orch.steps.invoker", "provided");
        long started = System.nanoTime();
        ApplicationContextBuilder processorContext = ApplicationContext.builder().properties(processorSettings).singletons(steps);
        if (monitoring != null) {
            processorContext.singletons(new LocalMetricDocuments(monitoring.documents()));
        }
        streamProcessor = new StreamProcessorHandler(processorContext);
        Duration processorInit = Duration.ofNanos(System.nanoTime() - started);
        steps.use(stepDispatcher());
        streams = DynamoDbStreamsClient.builder()
                .endpointOverride(dynamoDbLocal.endpoint())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        String streamArn = dynamoDb.describeTable(r -> r.tableName(tables.orders())).table().latestStreamArn();
        Checkpoints checkpoints = options.dataDir() == null
                ? new InMemoryCheckpoints()
                : new FileCheckpoints(options.dataDir().resolve("stream-checkpoints.properties"));
        RequestHandler<DynamodbEvent, StreamsEventResponse> processor = options.faults().streamProcessor().apply(streamProcessor);
        eventSourceMapping = new LocalEventSourceMapping(streams, streamArn,
                monitoring == null ? processor : monitoring.streamProcessor(processorInit, processor), options.stream(), deadLetters, checkpoints,
                record -> OrderStreamFilter.passes(record.eventNameAsString(), record.dynamodb().keys()));
        eventSourceMapping.start();

        started = System.nanoTime();
        ApplicationContextBuilder apiContext = ApplicationContext.builder().properties(settings);
        if (monitoring != null) {
            apiContext.singletons(new LocalMetricDocuments(monitoring.documents()));
        }
        apiHandler = new OrderApiHandler(apiContext.build());
        Duration apiInit = Duration.ofNanos(System.nanoTime() - started);
        RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> api = options.faults().api().apply(apiHandler);

        // The deadline sweep, as its own function, on the schedule AWS runs it on, only more often.
        ApplicationContextBuilder sweepContext = ApplicationContext.builder().properties(settings);
        if (monitoring != null) {
            sweepContext.singletons(new LocalMetricDocuments(monitoring.documents()));
        }
        started = System.nanoTime();
        deadlineSweep = new PaymentDeadlineHandler(sweepContext.build().start());
        Duration sweepInit = Duration.ofNanos(System.nanoTime() - started);
        RequestHandler<String, String> sweep = (event, context) -> sweepOnce(event);
        deadlineSweepFunction = monitoring == null ? sweep : monitoring.function(MonitoredNames.DEADLINE_SWEEP, sweepInit, sweep);
        deadlineTimer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "payment-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        deadlineTimer.scheduleWithFixedDelay(this::sweepDeadlinesQuietly, DEADLINE_SWEEP_INTERVAL.toMillis(),
                DEADLINE_SWEEP_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        bridge = new ApiGatewayHttpBridge(monitoring == null ? api : monitoring.function("order-api", apiInit, api),
                options.host(), options.port(), monitoring);
    }

    /**
     * How often the local run sweeps the payment deadlines: AWS's schedule runs every minute, which a local wait of
     * seconds would not notice. An order is cancelled within this of its deadline (plus the sweep's own time).
     */
    public static final Duration DEADLINE_SWEEP_INTERVAL = Duration.ofSeconds(5);

    /** Runs one deadline sweep now, as the schedule would; answers what it found, as the function does. */
    public String sweepDeadlines() {
        return deadlineSweepFunction.handleRequest("{}", null);
    }

    private String sweepOnce(String event) {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        try {
            deadlineSweep.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), answer, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return answer.toString(StandardCharsets.UTF_8);
    }

    private void sweepDeadlinesQuietly() {
        try {
            sweepDeadlines();
        } catch (RuntimeException e) {
            // As a scheduled Lambda's failure: the next run tries again.
            LOG.warn("The payment deadline sweep failed; the next one tries again: {}", e.toString());
        }
    }

    /** The functions' metric documents, into the local metric store rather than standard output. */
    private record LocalMetricDocuments(MetricDocumentSink store) implements MetricDocumentSink {
        @Override
        public void write(String document) {
            store.write(document);
        }
    }

    /** In-process step calls through their JSON, with the faults of this run wrapped around them. */
    private static final class FaultyInProcessSteps implements StepInvoker {
        private final UnaryOperator<StepInvoker> faults;
        private final LocalMonitoring monitoring;
        private volatile StepInvoker steps;

        FaultyInProcessSteps(UnaryOperator<StepInvoker> faults, LocalMonitoring monitoring) {
            this.faults = faults;
            this.monitoring = monitoring;
        }

        void use(StepDispatcher dispatcher) {
            StepInvoker faulty = faults.apply(new InProcessStepInvoker(dispatcher));
            steps = monitoring == null ? faulty : monitoring.steps(faulty);
        }

        @Override
        public StepResult invoke(StepRequest request) {
            return steps.invoke(request);
        }
    }

    public static LocalSystem start(Options options) {
        try {
            return new LocalSystem(options);
        } catch (IOException e) {
            throw new UncheckedIOException("The local API could not start on port " + options.port() + ": " + e.getMessage(), e);
        }
    }

    /**
     * DynamoDB Local takes any credentials; the SDK still wants some, and a region. A developer's own
     * AWS settings are left alone where present.
     */
    private static void useLocalAwsSettings() {
        setIfAbsent("aws.region", "AWS_REGION", Region.US_EAST_1.id());
        setIfAbsent("aws.accessKeyId", "AWS_ACCESS_KEY_ID", "local");
        setIfAbsent("aws.secretAccessKey", "AWS_SECRET_ACCESS_KEY", "local");
    }

    private static void setIfAbsent(String property, String environmentVariable, String value) {
        if (System.getProperty(property) == null && System.getenv(environmentVariable) == null) {
            System.setProperty(property, value);
        }
    }

    public URI apiUrl() {
        return URI.create("http://localhost:" + bridge.port());
    }

    public URI dynamoDbEndpoint() {
        return dynamoDbLocal.endpoint();
    }

    /** The address DynamoDB Local's socket is bound to: the run's host, loopback unless --host says otherwise. */
    public InetSocketAddress dynamoDbListeningOn() {
        return dynamoDbLocal.listeningOn();
    }

    public TableNames tables() {
        return tables;
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    /** The steps' JSON face, as the stream processor uses it: for writing step requests as the processor sends them. */
    public StepDispatcher stepDispatcher() {
        return streamProcessor.getApplicationContext().getBean(StepDispatcher.class);
    }

    public DeadLetterDestination deadLetters() {
        return deadLetters;
    }

    /** Waits until the pipeline has handled every stream record so far; false if it did not within {@code timeout}. */
    public boolean awaitPipelineIdle(Duration timeout) {
        return eventSourceMapping.awaitIdle(timeout);
    }

    /** The local CloudWatch, when this run has it ({@link Options#withMonitoring}). */
    public Optional<LocalMonitoring> monitoring() {
        return Optional.ofNullable(monitoring);
    }

    @Override
    /**
     * Stops the run: the front door first, which answers the requests in flight before it returns, then what
     * served them. Safe to call again.
     */
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        // Each step on its own: one that fails must not leave the others (DynamoDB Local above all) running.
        List<AutoCloseable> steps = new ArrayList<>(List.of(bridge, deadlineTimer::shutdownNow, deadlineSweep,
                () -> apiHandler.getApplicationContext().close(), eventSourceMapping,
                () -> streamProcessor.getApplicationContext().close(), streams, dynamoDb));
        if (monitoring != null) {
            steps.add(monitoring);
        }
        steps.add(dynamoDbLocal);
        for (AutoCloseable step : steps) {
            try {
                step.close();
            } catch (Exception e) {
                LOG.warn("Stopping the local run: {}", e.toString());
            }
        }
    }
}
