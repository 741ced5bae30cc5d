package io.serverlessorch.local.replay;

import io.micronaut.context.ApplicationContext;
import io.serverlessorch.domain.Customer;
import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderDraft;
import io.serverlessorch.domain.OrderLine;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.domain.Payment;
import io.serverlessorch.domain.Product;
import io.serverlessorch.domain.ShippingAddress;
import io.serverlessorch.handlers.StreamProcessorHandler;
import io.serverlessorch.storage.dynamodb.DynamoCatalogRepository;
import io.serverlessorch.storage.dynamodb.DynamoOrderRepository;
import io.serverlessorch.storage.dynamodb.TableNames;
import io.serverlessorch.storage.dynamodb.TableSetup;
import io.serverlessorch.testing.DynamoDbLocalExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A deployed stage's dead-letter queue (a stand-in SQS queue), replayed one message at a time. */
@ExtendWith(DynamoDbLocalExtension.class)
class ReplayDeadLettersQueueTest {

    private static final String PREFIX = "serverless-orch-test";
    private static final String QUEUE = PREFIX + "-stream-dead-letters";

    @Test
    void theReplayGoesOnPastAMessageWhoseRecordsAreGoneAndReportsEachMessage(URI endpoint) throws Exception {
        String prefix = "replay-" + UUID.randomUUID().toString().substring(0, 8);
        TableNames tables = TableNames.withPrefix(prefix);
        try (DynamoDbClient dynamoDb = DynamoDbClient.builder().endpointOverride(endpoint).httpClient(UrlConnectionHttpClient.create()).build();
             DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder().endpointOverride(endpoint).httpClient(UrlConnectionHttpClient.create()).build();
             StreamProcessorHandler processor = new StreamProcessorHandler(ApplicationContext.builder().properties(Map.of(
                     "aws.services.dynamodb.endpoint-override", endpoint.toString(),
                     "orch.tables.orders", tables.orders(),
                     "orch.tables.catalog", tables.catalog(),
                     "orch.steps.invoker", "in-process")))) {
            TableSetup.ensureTables(dynamoDb, tables);
            new DynamoCatalogRepository(dynamoDb, tables.catalog()).save(Product.stocked("product-1", "Mouse", new BigDecimal("19.99"), 10));
            DynamoOrderRepository orders = new DynamoOrderRepository(dynamoDb, tables.orders(), Duration.ZERO, Duration.ofDays(1));
            Order order = placedOrder();
            orders.create(order, "replay-test");
            String streamArn = dynamoDb.describeTable(request -> request.tableName(tables.orders())).table().latestStreamArn();
            String shardId = streams.describeStream(request -> request.streamArn(streamArn)).streamDescription().shards().get(0).shardId();
            String iterator = streams.getShardIterator(request -> request.streamArn(streamArn).shardId(shardId)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            String sequenceNumber = streams.getRecords(request -> request.shardIterator(iterator)).records().get(0).dynamodb().sequenceNumber();

            // given a queue whose first message's stream is gone, then the order's dead letter, then the same again
            String goneStreamArn = streamArn.replace(":table/" + tables.orders() + "/", ":table/" + prefix + "-deleted/");
            assertNotEquals(streamArn, goneStreamArn);
            StandInQueue queue = new StandInQueue(QUEUE,
                    onFailureMessage(goneStreamArn, SHARD, FIRST, LAST),
                    onFailureMessage(streamArn, shardId, sequenceNumber, sequenceNumber),
                    onFailureMessage(streamArn, shardId, sequenceNumber, sequenceNumber));
            ByteArrayOutputStream out = new ByteArrayOutputStream();

            int status = new QueueReplay(queue, streams, new DeadLetterReplay(dynamoDb, tables.orders(), processor)::replay, PREFIX,
                    printingTo(out)).replayAll();

            // expect the order driven to its end, and every message reported, the one whose records are gone kept
            assertEquals(OrderStatus.COMPLETED, orders.findWithHistory(order.orderId()).orElseThrow().order().status());
            List<String> report = lines(out);
            assertEquals(6, report.size(), String.join("\n", report));
            assertTrue(report.get(0).startsWith("message message-1: records expired: the stream or its shard no longer exists,"
                    + " so nothing can replay it; the message itself names no orders. It covered shard " + SHARD + " of "
                    + goneStreamArn + ", sequence numbers " + FIRST + " to " + LAST + " (2 records, arrived 2026-12-05T10:00:01Z to 2026-12-05T10:00:04Z):"
                    + " look those sequence numbers up in /aws/lambda/serverless-orch-test-stream-processor"), report.get(0));
            assertEquals("message message-2: replayed: 1 order; deleted from the queue", report.get(1));
            assertEquals("  order " + order.orderId() + ": replayed: PENDING -> COMPLETED", report.get(2));
            assertEquals("message message-3: already moved on: 1 order; deleted from the queue", report.get(3));
            assertEquals("  order " + order.orderId() + ": already moved on: COMPLETED, nothing to do", report.get(4));
            assertEquals("Summary: 3 dead letters: 1 replayed, 1 already moved on, 1 records expired, 0 failed again,"
                    + " 0 not processed, 0 unreadable.", report.get(5));
            assertEquals(List.of("message-1"), queue.remaining());
            assertEquals(List.of("message-1"), queue.visible(), "kept, and visible again for the next run");
            assertEquals(0, status, "nothing left that a run again could do");
        }
    }

    @Test
    void recordsTrimmedFromTheStreamAreReportedKeptAndExitZero() {
        StandInQueue queue = new StandInQueue(QUEUE, onFailureMessage(STREAM_ARN, SHARD, FIRST, LAST));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        SdkException trimmed = TrimmedDataAccessException.builder().message("Attempted to access data older than the trim point")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("TrimmedDataAccessException")
                        .errorMessage("Attempted to access data older than the trim point").build()).build();

        int status = new QueueReplay(queue, StandInStreams.failing(trimmed), orderId -> fail(), PREFIX, printingTo(out)).replayAll();

        List<String> report = lines(out);
        assertTrue(report.get(0).startsWith("message message-1: records expired: the stream has dropped them (it keeps records 24 hours)"),
                report.get(0));
        assertTrue(report.get(0).endsWith("Kept in the queue as their only trace"), report.get(0));
        assertEquals("Summary: 1 dead letter: 0 replayed, 0 already moved on, 1 records expired, 0 failed again, 0 not processed, 0 unreadable.",
                report.get(1));
        assertEquals(List.of("message-1"), queue.visible());
        assertEquals(0, status);
    }

    @Test
    void theExitStatusIsOneOnlyWhenSomethingIsLeftThatARunAgainCouldDo() {
        Function<String, DeadLetterReplay.Outcome> moves = orderId -> outcome(orderId, DeadLetterReplay.Result.MOVED_ON);
        Function<String, DeadLetterReplay.Outcome> failsAgain = orderId -> outcome(orderId, DeadLetterReplay.Result.FAILED_AGAIN);
        SdkException throttled = LimitExceededException.builder().message("Rate exceeded").awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("LimitExceededException").errorMessage("Rate exceeded").build()).build();

        assertEquals(0, replay(StandInStreams.naming("order-1"), moves).status());
        assertEquals(1, replay(StandInStreams.naming("order-1"), failsAgain).status());
        assertEquals(1, replay(StandInStreams.failing(throttled), moves).status());

        Run failedAgain = replay(StandInStreams.naming("order-1"), failsAgain);
        assertEquals(List.of("message message-1: failed again: kept in the queue; run the replay again once the cause is fixed",
                "  order order-1: failed again in PAYMENT_PENDING (replayed from PENDING): the stream processor's error is in this run's log",
                "Summary: 1 dead letter: 0 replayed, 0 already moved on, 0 records expired, 1 failed again, 0 not processed, 0 unreadable."),
                failedAgain.report());
        Run nothingRead = replay(StandInStreams.naming(), moves);
        assertEquals("message message-1: not processed: the stream gave none of its records back; kept in the queue, run the replay again",
                nothingRead.report().get(0));
        assertEquals(1, nothingRead.status());
        assertEquals(List.of("message-1"), nothingRead.queue().visible(), "an empty read deletes nothing");
        Run notRead = replay(StandInStreams.failing(throttled), moves);
        assertEquals("message message-1: not processed: could not read its records from the stream (LimitExceededException: Rate exceeded);"
                + " kept in the queue, run the replay again", notRead.report().get(0));
        assertEquals(List.of("message-1"), notRead.queue().visible());
    }

    @Test
    void aMessageThatIsNoDeadLetterOfTheStreamIsReportedAndTheOthersReplayed() {
        StandInQueue queue = new StandInQueue(QUEUE, "{\"hello\": 1}", onFailureMessage(STREAM_ARN, SHARD, FIRST, LAST));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int status = new QueueReplay(queue, StandInStreams.naming("order-1"),
                orderId -> outcome(orderId, DeadLetterReplay.Result.MOVED_ON), PREFIX, printingTo(out)).replayAll();

        List<String> report = lines(out);
        assertEquals("message message-1: unreadable: not a dead letter of the orders stream (no DDBStreamBatchInfo.streamArn); kept in the queue",
                report.get(0));
        assertEquals("message message-2: replayed: 1 order; deleted from the queue", report.get(1));
        assertEquals(List.of("message-1"), queue.remaining());
        assertEquals(0, status);
    }

    @Test
    void anEmptyQueueSaysThereIsNothingToReplay() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int status = new QueueReplay(new StandInQueue(QUEUE), StandInStreams.naming(), orderId -> fail(), PREFIX, printingTo(out)).replayAll();

        assertEquals(List.of("No dead letters in serverless-orch-test-stream-dead-letters: nothing to replay."), lines(out));
        assertEquals(0, status);
    }

    private static final String SHARD = "shardId-00000001764921600000-0a1b2c3d";
    private static final String FIRST = "400000000012345678901";
    private static final String LAST = "400000000012345678955";
    private static final String STREAM_ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/serverless-orch-test-orders/stream/2026-12-01T00:00:00.000";

    /** The shape of the message Lambda sends a stream mapping's SQS on-failure destination. */
    static String onFailureMessage(String streamArn, String shardId, String first, String last) {
        return """
                {"requestContext": {"requestId": "6c8ae6e5-0d6f-4dfe-a0bb-a8c5a1b1e3f1", "condition": "RetryAttemptsExhausted",
                  "functionArn": "arn:aws:lambda:us-east-1:000000000000:function:serverless-orch-test-stream-processor:live",
                  "approximateInvokeCount": 6},
                 "responseContext": {"statusCode": 200, "executedVersion": "3", "functionError": ""},
                 "version": "1.0", "timestamp": "2026-12-05T10:05:00.000Z",
                 "DDBStreamBatchInfo": {"shardId": "%s", "startSequenceNumber": "%s", "endSequenceNumber": "%s",
                  "approximateArrivalOfFirstRecord": "2026-12-05T10:00:01Z", "approximateArrivalOfLastRecord": "2026-12-05T10:00:04Z",
                  "batchSize": 2, "streamArn": "%s"}}""".formatted(shardId, first, last, streamArn);
    }

    private record Run(int status, List<String> report, StandInQueue queue) {
    }

    private static Run replay(DynamoDbStreamsClient streams, Function<String, DeadLetterReplay.Outcome> replayOrder) {
        StandInQueue queue = new StandInQueue(QUEUE, onFailureMessage(STREAM_ARN, SHARD, FIRST, LAST));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = new QueueReplay(queue, streams, replayOrder, PREFIX, printingTo(out)).replayAll();
        return new Run(status, lines(out), queue);
    }

    private static DeadLetterReplay.Outcome outcome(String orderId, DeadLetterReplay.Result result) {
        return new DeadLetterReplay.Outcome(orderId, result, "PENDING", result == DeadLetterReplay.Result.MOVED_ON ? "COMPLETED" : "PAYMENT_PENDING", null);
    }

    private static DeadLetterReplay.Outcome fail() {
        throw new AssertionError("no order was to be replayed");
    }

    private static Order placedOrder() {
        return Order.place(UUID.randomUUID().toString(), new OrderDraft(
                new Customer("c-1", "c@example.com", "Casey"),
                List.of(new OrderLine("product-1", 2, new BigDecimal("19.99"))),
                new ShippingAddress("1 Main St", "Town", null, "12345", "US"),
                new Payment("credit_card", "tok_visa")), Instant.now());
    }

    static PrintStream printingTo(ByteArrayOutputStream out) {
        return new PrintStream(out, true, StandardCharsets.UTF_8);
    }

    static List<String> lines(ByteArrayOutputStream out) {
        String text = out.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    /** A stream whose shard holds records of the given orders, or that fails every read as AWS would. */
    private static final class StandInStreams implements DynamoDbStreamsClient {
        private final List<String> orderIds;
        private final RuntimeException failure;

        private StandInStreams(List<String> orderIds, RuntimeException failure) {
            this.orderIds = orderIds;
            this.failure = failure;
        }

        static StandInStreams naming(String... orderIds) {
            return new StandInStreams(List.of(orderIds), null);
        }

        static StandInStreams failing(RuntimeException failure) {
            return new StandInStreams(List.of(), failure);
        }

        @Override
        public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
            if (failure != null) {
                throw failure;
            }
            return GetShardIteratorResponse.builder().shardIterator("iterator-" + request.sequenceNumber()).build();
        }

        @Override
        public GetRecordsResponse getRecords(GetRecordsRequest request) {
            List<Record> records = orderIds.stream().map(orderId -> Record.builder().dynamodb(StreamRecord.builder()
                    .sequenceNumber(FIRST).keys(Map.of("order_id", AttributeValue.fromS(orderId), "sk", AttributeValue.fromS("ORDER")))
                    .build()).build()).toList();
            return GetRecordsResponse.builder().records(records).build();
        }

        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {
        }
    }
}
