package io.serverlessorch.local.stream;

import io.serverlessorch.dynamodblocal.DynamoDbLocalServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** DynamoDB Local in this JVM with the two clients a mapping test needs, and tables with a stream. */
final class LocalStreams implements AutoCloseable {

    /** A table keyed by the string {@code pk}, with a NEW_AND_OLD_IMAGES stream. */
    record StreamedTable(String name, String streamArn) {
    }

    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private final DynamoDbLocalServer server = DynamoDbLocalServer.inMemory(0);
    final DynamoDbClient dynamoDb = DynamoDbClient.builder()
            .endpointOverride(server.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(CREDENTIALS)
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    final DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder()
            .endpointOverride(server.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(CREDENTIALS)
            .httpClient(UrlConnectionHttpClient.create())
            .build();

    StreamedTable createTable() {
        String name = "stream-test-" + UUID.randomUUID();
        String streamArn = dynamoDb.createTable(request -> request
                        .tableName(name)
                        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .streamSpecification(stream -> stream.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)))
                .tableDescription().latestStreamArn();
        return new StreamedTable(name, streamArn);
    }

    /** Writes {@code pk} with the given other attributes; returns the item written. */
    Map<String, AttributeValue> put(StreamedTable table, String pk, Map<String, AttributeValue> attributes) {
        Map<String, AttributeValue> item = new HashMap<>(attributes);
        item.put("pk", AttributeValue.fromS(pk));
        dynamoDb.putItem(request -> request.tableName(table.name()).item(item));
        return item;
    }

    void put(StreamedTable table, String... pks) {
        for (String pk : pks) {
            put(table, pk, Map.of());
        }
    }

    void delete(StreamedTable table, String pk) {
        dynamoDb.deleteItem(request -> request.tableName(table.name()).key(Map.of("pk", AttributeValue.fromS(pk))));
    }

    /** Turns the table's stream off, which closes its shard: reading it to the end then gives no next iterator. */
    void disableStream(StreamedTable table) {
        dynamoDb.updateTable(request -> request.tableName(table.name()).streamSpecification(stream -> stream.streamEnabled(false)));
    }

    /** The id of the table's only shard: DynamoDB Local gives a new stream one shard. */
    String onlyShardId(StreamedTable table) {
        return streams.describeStream(request -> request.streamArn(table.streamArn())).streamDescription()
                .shards().get(0).shardId();
    }

    @Override
    public void close() {
        streams.close();
        dynamoDb.close();
        server.close();
    }
}
