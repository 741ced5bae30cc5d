package io.serverlessorch.local.replay;

import io.serverlessorch.domain.Customer;
import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderDraft;
import io.serverlessorch.domain.OrderLine;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.domain.Payment;
import io.serverlessorch.domain.Product;
import io.serverlessorch.domain.ShippingAddress;
import io.serverlessorch.local.stream.DeadLetter;
import io.serverlessorch.storage.dynamodb.DynamoCatalogRepository;
import io.serverlessorch.storage.dynamodb.DynamoOrderRepository;
import io.serverlessorch.storage.dynamodb.TableNames;
import io.serverlessorch.storage.dynamodb.TableSetup;
import io.serverlessorch.testing.DynamoDbLocalExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static io.serverlessorch.local.replay.ReplayDeadLettersQueueTest.lines;
import static io.serverlessorch.local.replay.ReplayDeadLettersQueueTest.printingTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A dead letter of the local run, replayed: its order ends; replayed again, nothing changes. */
@ExtendWith(DynamoDbLocalExtension.class)
class ReplayDeadLettersTest {

    @Test
    void aReplayedDeadLetterEndsItsOrderAndASecondReplayChangesNothing(URI endpoint, @TempDir Path dataDir) throws Exception {
        String prefix = "replay-" + UUID.randomUUID().toString().substring(0, 8);
        TableNames tables = TableNames.withPrefix(prefix);
        try (DynamoDbClient dynamoDb = DynamoDbClient.builder().endpointOverride(endpoint)
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            TableSetup.ensureTables(dynamoDb, tables);
            new DynamoCatalogRepository(dynamoDb, tables.catalog()).save(Product.stocked("product-1", "Mouse", new BigDecimal("19.99"), 10));
            DynamoOrderRepository orders = new DynamoOrderRepository(dynamoDb, tables.orders(), Duration.ZERO, Duration.ofDays(1));

            // given an order whose creation record went to the dead letters, the pipeline never having seen it
            Order order = Order.place(UUID.randomUUID().toString(), new OrderDraft(
                    new Customer("c-1", "c@example.com", "Casey"),
                    List.of(new OrderLine("product-1", 2, new BigDecimal("19.99"))),
                    new ShippingAddress("1 Main St", "Town", null, "12345", "US"),
                    new Payment("credit_card", "tok_visa")), Instant.now());
            orders.create(order, "replay-test");
            Path deadLetters = dataDir.resolve("dead-letters.jsonl");
            String letter = new DeadLetter("shard-1", List.of(new DeadLetter.FailedRecord("100", "INSERT",
                    Map.of("order_id", order.orderId(), "sk", "ORDER"))), 6, "the processor kept failing", Instant.now()).toJson() + "\n";
            Files.writeString(deadLetters, letter);

            // expect the replay to drive it to its end
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertEquals(0, ReplayDeadLetters.replayLocal(deadLetters, endpoint, prefix, printingTo(out)));
            assertEquals(OrderStatus.COMPLETED, orders.findWithHistory(order.orderId()).orElseThrow().order().status());
            assertEquals(List.of("dead-letters.jsonl line 1: replayed: 1 order",
                    "  order " + order.orderId() + ": replayed: PENDING -> COMPLETED",
                    "Summary: 1 dead letter: 1 replayed, 0 already moved on, 0 records expired, 0 failed again, 0 not processed, 0 unreadable.",
                    "Removed 1 dead letter done with from " + deadLetters + "."),
                    lines(out));
            assertEquals("8", product(dynamoDb, tables).get("stock").n(), "two of ten taken, once");
            assertEquals("", Files.readString(deadLetters), "the letter done with is gone from the file");

            // and a second replay of the same letter (delivered twice) to change nothing
            Files.writeString(deadLetters, letter);
            Map<String, AttributeValue> itemBefore = orderItem(dynamoDb, tables, order.orderId());
            int itemsBefore = itemsOf(dynamoDb, tables, order.orderId());
            Map<String, AttributeValue> productBefore = product(dynamoDb, tables);

            ByteArrayOutputStream again = new ByteArrayOutputStream();
            assertEquals(0, ReplayDeadLetters.replayLocal(deadLetters, endpoint, prefix, printingTo(again)));

            assertEquals("  order " + order.orderId() + ": already moved on: COMPLETED, nothing to do", lines(again).get(1));
            assertEquals(itemBefore, orderItem(dynamoDb, tables, order.orderId()));
            assertEquals(itemsBefore, itemsOf(dynamoDb, tables, order.orderId()));
            assertEquals(productBefore, product(dynamoDb, tables));
        }
    }

    @Test
    void eachLocalDeadLetterIsReplayedOnItsOwnAndAnOrderThatFailsAgainMakesTheExitStatusOne(URI endpoint, @TempDir Path dataDir) throws Exception {
        String prefix = "replay-" + UUID.randomUUID().toString().substring(0, 8);
        TableNames tables = TableNames.withPrefix(prefix);
        try (DynamoDbClient dynamoDb = DynamoDbClient.builder().endpointOverride(endpoint)
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            TableSetup.ensureTables(dynamoDb, tables);
            new DynamoCatalogRepository(dynamoDb, tables.catalog()).save(Product.stocked("product-1", "Mouse", new BigDecimal("19.99"), 10));
            DynamoOrderRepository orders = new DynamoOrderRepository(dynamoDb, tables.orders(), Duration.ZERO, Duration.ofDays(1));
            // given a line that is no dead letter, an order item the processor cannot read, and an order it can
            String unreadable = UUID.randomUUID().toString();
            dynamoDb.putItem(request -> request.tableName(tables.orders()).item(Map.of("order_id", AttributeValue.fromS(unreadable),
                    "sk", AttributeValue.fromS("ORDER"), "status", AttributeValue.fromS("PENDING"), "version", AttributeValue.fromN("1"))));
            Order order = placedOrder();
            orders.create(order, "replay-test");
            Path deadLetters = dataDir.resolve("dead-letters.jsonl");
            String failing = deadLetter(unreadable).toJson();
            Files.writeString(deadLetters, "{not json\n" + failing + "\n" + deadLetter(order.orderId()).toJson() + "\n");
            ByteArrayOutputStream out = new ByteArrayOutputStream();

            int status = ReplayDeadLetters.replayLocal(deadLetters, endpoint, prefix, printingTo(out));

            assertEquals(List.of("dead-letters.jsonl line 1: unreadable: not a dead letter: not JSON",
                    "dead-letters.jsonl line 2: failed again: 1 order",
                    "  order " + unreadable + ": failed again in PENDING: the stream processor's error is in this run's log",
                    "dead-letters.jsonl line 3: replayed: 1 order",
                    "  order " + order.orderId() + ": replayed: PENDING -> COMPLETED",
                    "Summary: 3 dead letters: 1 replayed, 0 already moved on, 0 records expired, 1 failed again, 0 not processed, 1 unreadable.",
                    "Removed 1 dead letter done with from " + deadLetters + "."),
                    lines(out));
            // The file keeps what something is left to do for, and nothing it is done with.
            assertEquals(List.of("{not json", failing), Files.readAllLines(deadLetters));
            assertEquals(OrderStatus.COMPLETED, orders.findWithHistory(order.orderId()).orElseThrow().order().status());
            assertEquals(1, status, "an order failed again: a run once its cause is fixed can still drive it on");
        }
    }

    @Test
    void anEmptyOrMissingDeadLetterFileSaysThereIsNothingToReplay(@TempDir Path dataDir) throws Exception {
        URI nothingListening = URI.create("http://localhost:9");
        Path empty = Files.writeString(dataDir.resolve("dead-letters.jsonl"), "\n");
        Path missing = dataDir.resolve("elsewhere").resolve("dead-letters.jsonl");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertEquals(0, ReplayDeadLetters.replayLocal(empty, nothingListening, "replay", printingTo(out)));
        assertEquals(0, ReplayDeadLetters.replayLocal(missing, nothingListening, "replay", printingTo(out)));

        assertEquals(List.of("No dead letters in " + empty + ": nothing to replay.", "No dead letters in " + missing + ": nothing to replay."),
                lines(out));
    }

    @Test
    void aDeployedDeadLetterNamesItsOrdersThroughTheStream(URI endpoint) throws Exception {
        String prefix = "replay-" + UUID.randomUUID().toString().substring(0, 8);
        TableNames tables = TableNames.withPrefix(prefix);
        try (DynamoDbClient dynamoDb = DynamoDbClient.builder().endpointOverride(endpoint)
                .httpClient(UrlConnectionHttpClient.create()).build();
             DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder().endpointOverride(endpoint)
                     .httpClient(UrlConnectionHttpClient.create()).build()) {
            TableSetup.ensureTables(dynamoDb, tables);
            // given three orders written to the stream, of which a batch holding the first two was dead-lettered
            List<String> orderIds = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(), UUID.randomUUID().toString());
            for (String orderId : orderIds) {
                dynamoDb.putItem(request -> request.tableName(tables.orders()).item(Map.of(
                        "order_id", AttributeValue.fromS(orderId), "sk", AttributeValue.fromS("ORDER"))));
            }
            String streamArn = dynamoDb.describeTable(request -> request.tableName(tables.orders())).table().latestStreamArn();
            var shard = streams.describeStream(request -> request.streamArn(streamArn)).streamDescription().shards().get(0);
            String iterator = streams.getShardIterator(request -> request.streamArn(streamArn).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            List<Record> records = streams.getRecords(request -> request.shardIterator(iterator)).records();
            // the shape Lambda gives an event source mapping's on-failure message
            String message = """
                    {"DDBStreamBatchInfo": {"shardId": "%s", "startSequenceNumber": "%s", "endSequenceNumber": "%s",
                     "batchSize": 2, "streamArn": "%s"}}""".formatted(shard.shardId(), records.get(0).dynamodb().sequenceNumber(),
                    records.get(1).dynamodb().sequenceNumber(), streamArn);

            Set<String> named = QueueReplay.orderIdsOf(streams, QueueReplay.StreamBatch.of(message));

            assertEquals(Set.of(orderIds.get(0), orderIds.get(1)), named);
        }
    }

    @Test
    void optionsAreReadAsTyped() {
        assertEquals(new ReplayDeadLetters.Options(null, Path.of(".local-data"), URI.create("http://localhost:8000")),
                ReplayDeadLetters.parse(new String[]{"--local"}));
        assertEquals(new ReplayDeadLetters.Options(null, Path.of("/tmp/run"), URI.create("http://localhost:8001")),
                ReplayDeadLetters.parse(new String[]{"--local", "--data-dir", "/tmp/run", "--endpoint", "http://localhost:8001"}));
        assertEquals(new ReplayDeadLetters.Options("dev", null, null), ReplayDeadLetters.parse(new String[]{"--stage", "dev"}));
    }

    @Test
    void aBadOptionIsOneLineSaidPlainly() {
        assertBad("Say which dead letters: --local or --stage NAME");
        assertBad("Unknown option --bogus", "--local", "--bogus");
        assertBad("Unexpected argument 'dev'", "dev");
        assertBad("Choose one: --local or --stage NAME, not both", "--local", "--stage", "dev");
        assertBad("--stage needs a value", "--stage");
        assertBad("--stage needs a value", "--stage", "--local");
        assertBad("--stage must be a stage name like dev or prod (a-z, 0-9 and -), not 'my stage'", "--stage", "my stage");
        assertBad("--data-dir needs a value", "--local", "--data-dir");
        assertBad("--endpoint must be an http:// or https:// URL like http://localhost:8000, not 'notaurl'", "--local", "--endpoint", "notaurl");
        assertBad("--data-dir and --endpoint go with --local", "--stage", "dev", "--endpoint", "http://localhost:8000");
    }

    private static void assertBad(String message, String... args) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> ReplayDeadLetters.parse(args)).getMessage());
    }

    private static DeadLetter deadLetter(String orderId) {
        return new DeadLetter("shard-1", List.of(new DeadLetter.FailedRecord("100", "INSERT", Map.of("order_id", orderId, "sk", "ORDER"))),
                6, "the processor kept failing", Instant.now());
    }

    private static Order placedOrder() {
        return Order.place(UUID.randomUUID().toString(), new OrderDraft(
                new Customer("c-1", "c@example.com", "Casey"),
                List.of(new OrderLine("product-1", 2, new BigDecimal("19.99"))),
                new ShippingAddress("1 Main St", "Town", null, "12345", "US"),
                new Payment("credit_card", "tok_visa")), Instant.now());
    }

    private static Map<String, AttributeValue> orderItem(DynamoDbClient dynamoDb, TableNames tables, String orderId) {
        return dynamoDb.getItem(request -> request.tableName(tables.orders()).consistentRead(true)
                .key(Map.of("order_id", AttributeValue.fromS(orderId), "sk", AttributeValue.fromS("ORDER")))).item();
    }

    private static int itemsOf(DynamoDbClient dynamoDb, TableNames tables, String orderId) {
        return dynamoDb.query(request -> request.tableName(tables.orders()).consistentRead(true)
                .keyConditionExpression("order_id = :id")
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(orderId)))).count();
    }

    private static Map<String, AttributeValue> product(DynamoDbClient dynamoDb, TableNames tables) {
        return dynamoDb.getItem(request -> request.tableName(tables.catalog()).consistentRead(true)
                .key(Map.of("product_id", AttributeValue.fromS("product-1")))).item();
    }
}
