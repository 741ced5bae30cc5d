package io.serverlessorch.local.replay;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import io.serverlessorch.handlers.StreamProcessorHandler;
import io.serverlessorch.local.LocalLambdaContext;
import io.serverlessorch.local.stream.AttributeValueConverter;
import io.serverlessorch.pipeline.TimeBudget;
import io.serverlessorch.storage.dynamodb.OrderStreamRecords;
import io.serverlessorch.storage.dynamodb.Tables;
import software.amazon.awssdk.core.exception.SdkException;
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

    /** What a replay did to one order. */
    public enum Result {
        /** Its status changed. */
        MOVED_ON,
        /** Handed on, it did not move: it had ended or moved on before. */
        UNCHANGED,
        /** There is no order item (expired or never written). */
        NO_SUCH_ORDER,
        /** The processor failed it again; its error is in the processor's log. */
        FAILED_AGAIN,
        /** A call to DynamoDB (or the steps) failed on the way, for example throttled: a later replay may do it. */
        NOT_PROCESSED
    }

    /**
     * What became of one order.
     *
     * @param statusBefore its status when the replay read it, "-" when there was no order to read
     * @param problem      for {@link Result#NOT_PROCESSED}, what failed; otherwise null
     */
    public record Outcome(String orderId, Result result, String statusBefore, String statusAfter, String problem) {
    }

    public Outcome replay(String orderId) {
        String before = "-";
        String now = "-";
        try {
            Map<String, AttributeValue> item = read(orderId);
            if (item == null) {
                return new Outcome(orderId, Result.NO_SUCH_ORDER, before, now, null);
            }
            before = status(item);
            now = before;
            for (int round = 0; round < MOST_ROUNDS; round++) {
                StreamsEventResponse response = processor.handleRequest(eventOf(item, round),
                        new LocalLambdaContext("stream-processor", TimeBudget.DEFAULT.processorTimeout()));
                if (!response.getBatchItemFailures().isEmpty()) {
                    return new Outcome(orderId, Result.FAILED_AGAIN, before, now, null);
                }
                Map<String, AttributeValue> next = read(orderId);
                if (version(next).equals(version(item))) {
                    break; // nothing more to do for this order now
                }
                item = next;
                now = status(item);
            }
            return new Outcome(orderId, now.equals(before) ? Result.UNCHANGED : Result.MOVED_ON, before, now, null);
        } catch (SdkException e) {
            // One order's trouble (a throttled read, a dropped connection) is reported, not thrown: the others go on.
            return new Outcome(orderId, Result.NOT_PROCESSED, before, now, Problems.oneLine(e));
        }
    }

    /** The order item as a stream record of it entering its status would carry it. */
    private static DynamodbEvent eventOf(Map<String, AttributeValue> item, int round) {
        StreamRecord record = new StreamRecord();
        record.setKeys(AttributeValueConverter.toEventMap(Map.of(
                Tables.Orders.PARTITION_KEY, item.get(Tables.Orders.PARTITION_KEY),
                Tables.Orders.SORT_KEY, item.get(Tables.Orders.SORT_KEY))));
        record.setNewImage(AttributeValueConverter.toEventMap(OrderStreamRecords.handedToTheProcessor(item)));
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
