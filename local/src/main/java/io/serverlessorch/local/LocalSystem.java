package io.serverlessorch.local;

import io.micronaut.context.ApplicationContext;
import io.serverlessorch.dynamodblocal.DynamoDbLocalServer;
import io.serverlessorch.handlers.OrderApiHandler;
import io.serverlessorch.storage.DynamoCatalogRepository;
import io.serverlessorch.storage.TableNames;
import io.serverlessorch.storage.TableSetup;
import io.serverlessorch.storage.Tables;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * The whole system on this machine: DynamoDB Local in process, the tables and the sample catalog, and the
 * order API handler behind an HTTP bridge. Used by {@link LocalRun} and by tests.
 */
public final class LocalSystem implements AutoCloseable {

    /**
     * @param port         the API's HTTP port (0 picks a free one)
     * @param dataDir      where DynamoDB Local keeps its data; null keeps it in memory only
     * @param dynamoDbPort DynamoDB Local's port (0 picks a free one)
     */
    public record Options(int port, Path dataDir, int dynamoDbPort) {
    }

    private final DynamoDbLocalServer dynamoDbLocal;
    private final DynamoDbClient dynamoDb;
    private final OrderApiHandler apiHandler;
    private final ApiGatewayHttpBridge bridge;
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
        apiHandler = new OrderApiHandler(ApplicationContext.builder()
                .properties(Map.of(
                        "aws.services.dynamodb.endpoint-override", dynamoDbLocal.endpoint().toString(),
                        "orch.tables.orders", tables.orders(),
                        "orch.tables.catalog", tables.catalog()))
                .build());
        bridge = new ApiGatewayHttpBridge(apiHandler, "0.0.0.0", options.port(), Math.max(8, Runtime.getRuntime().availableProcessors() * 4));
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

    @Override
    public void close() {
        bridge.close();
        apiHandler.getApplicationContext().close();
        dynamoDb.close();
        dynamoDbLocal.close();
    }
}
