package io.serverlessorch.local.replay;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import io.serverlessorch.handlers.StreamProcessorHandler;
import io.serverlessorch.local.LocalLambdaContext;
import io.serverlessorch.local.stream.AttributeValueConverter;
import io.serverlessorch.pipeline.TimeBudget;
import io.serverlessorch.storage.dynamodb.Tables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;

/**
 * Drives the orders of dead letters on: for each, the order as it is now is handed to the stream processor's
 * handler as if it had just entered its status, again until it reaches an end or stops moving. Safe to run
 * twice: steps are idempotent and every move is guarded by the order's version, so an order that has moved
 * on, or has ended, is left as it is.
 */
public final class DeadLetterReplay {

    /** More than the flow has stages: an order that has not ended by then is waiting on something else. */
    private static final int MOST_ROUNDS = 10;
    /** The order item's version, bumped by every move (see storage/dynamodb/OrderMoves). */
    private static final String ORDER_VERSION = "version";

    private final DynamoDbClient dynamoDb;
    private final String ordersTable;
    private final StreamProcessorHandler processor;

    public DeadLetterReplay(DynamoDbClient dynamoDb, String ordersTable, StreamProcessorHandler processor) {
        this.dynamoDb = dynamoDb;
        this.ordersTable = ordersTable;
        this.processor = processor;
    }

    /** What became of one order. */
    public record Outcome(String orderId, String statusBefore, String statusAfter, String note) {
    }

    public Outcome replay(String orderId) {
        Map<String, AttributeValue> item = read(orderId);
        if (item == null) {
            return new Outcome(orderId, "-", "-", "no such order (expired or never written)");
        }
        String before = status(item);
        for (int round = 0; round < MOST_ROUNDS; round++) {
            StreamsEventResponse response = processor.handleRequest(eventOf(item, round),
                    new LocalLambdaContext("stream-processor", TimeBudget.DEFAULT.processorTimeout()));
            if (!response.getBatchItemFailures().isEmpty()) {
                return new Outcome(orderId, before, status(item), "the processor failed it again; see its log");
            }
            Map<String, AttributeValue> now = read(orderId);
            if (version(now).equals(version(item))) {
                break; // nothing more to do for this order now
            }
            item = now;
        }
        String after = status(item);
        return new Outcome(orderId, before, after, after.equals(before) ? "unchanged" : "moved on");
    }

    /** The order item as a stream record of it entering its status would carry it. */
    private static DynamodbEvent eventOf(Map<String, AttributeValue> item, int round) {
        StreamRecord record = new StreamRecord();
        record.setKeys(AttributeValueConverter.toEventMap(Map.of(
                Tables.Orders.PARTITION_KEY, item.get(Tables.Orders.PARTITION_KEY),
                Tables.Orders.SORT_KEY, item.get(Tables.Orders.SORT_KEY))));
        record.setNewImage(AttributeValueConverter.toEventMap(item));
        record.setSequenceNumber("replay-" + round);
        record.setStreamViewType(StreamViewType.NEW_AND_OLD_IMAGES);
        DynamodbEvent.DynamodbStreamRecord streamRecord = new DynamodbEvent.DynamodbStreamRecord();
        streamRecord.setEventName("INSERT");
        streamRecord.setEventSource("aws:dynamodb");
        streamRecord.setDynamodb(record);
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(List.of(streamRecord));
        return event;
    }

    private Map<String, AttributeValue> read(String orderId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(request -> request.tableName(ordersTable).consistentRead(true)
                .key(Map.of(Tables.Orders.PARTITION_KEY, AttributeValue.fromS(orderId),
                        Tables.Orders.SORT_KEY, AttributeValue.fromS(Tables.Orders.ORDER_ITEM)))).item();
        return item == null || item.isEmpty() ? null : item;
    }

    private static String status(Map<String, AttributeValue> item) {
        AttributeValue status = item.get(Tables.Orders.STATUS);
        return status == null ? "?" : status.s();
    }

    private static String version(Map<String, AttributeValue> item) {
        AttributeValue version = item == null ? null : item.get(ORDER_VERSION);
        return version == null ? "" : version.n();
    }
}
