package io.serverlessorch.support;

import io.serverlessorch.storage.dynamodb.TableNames;
import io.serverlessorch.storage.dynamodb.TableSetup;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.net.URI;
import java.util.UUID;

/** Fresh tables under a name of their own, so test classes sharing one DynamoDB Local never see each other. */
public final class TestTables {

    private TestTables() {
    }

    public static DynamoDbClient client(URI endpoint, software.amazon.awssdk.core.interceptor.ExecutionInterceptor... interceptors) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(config -> java.util.Arrays.stream(interceptors).forEach(config::addExecutionInterceptor))
                .build();
    }

    public static DynamoDbStreamsClient streamsClient(URI endpoint) {
        return DynamoDbStreamsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public static URI endpointOf(DynamoDbClient dynamoDb) {
        return dynamoDb.serviceClientConfiguration().endpointOverride().orElseThrow();
    }

    public static TableNames create(DynamoDbClient dynamoDb) {
        TableNames names = TableNames.withPrefix("test-" + UUID.randomUUID().toString().substring(0, 8));
        TableSetup.ensureTables(dynamoDb, names);
        return names;
    }

    /** How many items a table holds (a test-only Scan). */
    public static int countItems(DynamoDbClient dynamoDb, String tableName) {
        return dynamoDb.scanPaginator(r -> r.tableName(tableName)).stream().mapToInt(page -> page.count()).sum();
    }
}
