package io.serverlessorch.local;

import io.micronaut.context.ApplicationContext;
import io.serverlessorch.dynamodblocal.DynamoDbLocalServer;
import io.serverlessorch.handlers.OrderApiHandler;
import io.serverlessorch.handlers.StreamProcessorHandler;
import io.serverlessorch.invocation.InProcessStepInvoker;
import io.serverlessorch.invocation.StepDispatcher;
import io.serverlessorch.local.stream.Checkpoints;
import io.serverlessorch.local.stream.DeadLetterDestination;
import io.serverlessorch.local.stream.FileCheckpoints;
import io.serverlessorch.local.stream.InMemoryCheckpoints;
import io.serverlessorch.local.stream.InMemoryDeadLetters;
import io.serverlessorch.local.stream.JsonLinesDeadLetters;
import io.serverlessorch.local.stream.LocalEventSourceMapping;
import io.serverlessorch.pipeline.StepInvoker;
import io.serverlessorch.pipeline.StepRequest;
import io.serverlessorch.pipeline.StepResult;
import io.serverlessorch.storage.dynamodb.DynamoCatalogRepository;
import io.serverlessorch.storage.dynamodb.OrderStreamFilter;
import io.serverlessorch.storage.dynamodb.TableNames;
import io.serverlessorch.storage.dynamodb.TableSetup;
import io.serverlessorch.storage.dynamodb.Tables;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The whole system on this machine: DynamoDB Local in process, the tables and the sample catalog, the order
 * API handler behind an HTTP bridge, and the stream processor fed by a local event source mapping on the
 * orders table's stream. Used by {@link LocalRun} and by tests.
 */
public final class LocalSystem implements AutoCloseable {

    /**
     * @param port         the API's HTTP port (0 picks a free one)
     * @param dataDir      where DynamoDB Local keeps its data, the stream position and the dead letters;
     *                     null keeps everything in memory only
     * @param dynamoDbPort DynamoDB Local's port (0 picks a free one)
     * @param stream       how the stream is read: batch size, retries, bisection
     * @param faults       trouble put in on purpose (tests); {@link Faults#NONE} normally
     * @param host         the address the API listens on; {@link #LOOPBACK} keeps it on this machine
     */
    public record Options(int port, Path dataDir, int dynamoDbPort, LocalEventSourceMapping.Settings stream, Faults faults,
                          String host) {

        public static final String LOOPBACK = "127.0.0.1";

        public Options(int port, Path dataDir, int dynamoDbPort, LocalEventSourceMapping.Settings stream, Faults faults) {
            this(port, dataDir, dynamoDbPort, stream, faults, LOOPBACK);
        }

        public Options(int port, Path dataDir, int dynamoDbPort) {
            this(port, dataDir, dynamoDbPort, LocalEventSourceMapping.Settings.defaults(), Faults.NONE);
        }

        public Options withHost(String host) {
            return new Options(port, dataDir, dynamoDbPort, stream, faults, host);
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
    private final TableNames tables = TableNames.withPrefix(Tables.DEFAULT_PREFIX);

    private LocalSystem(Options options) throws IOException {
        useLocalAwsSettings();
        dynamoDbLocal = options.dataDir() == null
                ? DynamoDbLocalServer.inMemory(options.dynamoDbPort())
                : DynamoDbLocalServer.persistent(options.dynamoDbPort(), options.dataDir());
        dynamoDb = DynamoDbClient.builder()
                .endpointOverride(dynamoDbLocal.endpoint())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        TableSetup.ensureTables(dynamoDb, tables);
        SampleCatalog.seedMissing(new DynamoCatalogRepository(dynamoDb, tables.catalog()));
        Map<String, Object> settings = Map.of(
                "aws.services.dynamodb.endpoint-override", dynamoDbLocal.endpoint().toString(),
                "orch.tables.orders", tables.orders(),
                "orch.tables.catalog", tables.catalog());

        // The stream processor, as its own Lambda would be: its own context, steps called through their JSON.
        FaultyInProcessSteps steps = new FaultyInProcessSteps(options.faults().steps());
        Map<String, Object> processorSettings = new HashMap<>(settings);
        processorSettings.put("orch.steps.invoker", "provided");
        streamProcessor = new StreamProcessorHandler(ApplicationContext.builder().properties(processorSettings).singletons(steps));
        steps.use(streamProcessor.getApplicationContext().getBean(StepDispatcher.class));
        streams = DynamoDbStreamsClient.builder()
                .endpointOverride(dynamoDbLocal.endpoint())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        String streamArn = dynamoDb.describeTable(r -> r.tableName(tables.orders())).table().latestStreamArn();
        deadLetters = options.dataDir() == null
                ? new InMemoryDeadLetters()
                : new JsonLinesDeadLetters(options.dataDir().resolve("dead-letters.jsonl"));
        Checkpoints checkpoints = options.dataDir() == null
                ? new InMemoryCheckpoints()
                : new FileCheckpoints(options.dataDir().resolve("stream-checkpoints.properties"));
        eventSourceMapping = new LocalEventSourceMapping(streams, streamArn,
                options.faults().streamProcessor().apply(streamProcessor), options.stream(), deadLetters, checkpoints,
                record -> OrderStreamFilter.passes(record.eventNameAsString(), record.dynamodb().keys()));
        eventSourceMapping.start();

        apiHandler = new OrderApiHandler(ApplicationContext.builder().properties(settings).build());
        bridge = new ApiGatewayHttpBridge(options.faults().api().apply(apiHandler), options.host(), options.port());
    }

    /** In-process step calls through their JSON, with the faults of this run wrapped around them. */
    private static final class FaultyInProcessSteps implements StepInvoker {
        private final UnaryOperator<StepInvoker> faults;
        private volatile StepInvoker steps;

        FaultyInProcessSteps(UnaryOperator<StepInvoker> faults) {
            this.faults = faults;
        }

        void use(StepDispatcher dispatcher) {
            steps = faults.apply(new InProcessStepInvoker(dispatcher));
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

    public TableNames tables() {
        return tables;
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public DeadLetterDestination deadLetters() {
        return deadLetters;
    }

    /** Waits until the pipeline has handled every stream record so far; false if it did not within {@code timeout}. */
    public boolean awaitPipelineIdle(Duration timeout) {
        return eventSourceMapping.awaitIdle(timeout);
    }

    @Override
    public void close() {
        bridge.close();
        apiHandler.getApplicationContext().close();
        eventSourceMapping.close();
        streamProcessor.getApplicationContext().close();
        streams.close();
        dynamoDb.close();
        dynamoDbLocal.close();
    }
}
