package io.serverlessorch.handlers;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import io.serverlessorch.pipeline.OrderChange;
import io.serverlessorch.storage.dynamodb.OrderStreamRecords;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;

import static com.amazonaws.services.lambda.runtime.events.transformers.v2.dynamodb.DynamodbAttributeValueTransformer.toAttributeValueMapV2;

/** Reads the orders table's stream records, as Lambda delivers them, into the pipeline's {@link OrderChange}s. */
final class OrderStreamEvents {

    private OrderStreamEvents() {
    }

    static List<OrderChange> changes(DynamodbEvent event) {
        return event.getRecords().stream().map(OrderStreamEvents::change).toList();
    }

    private static OrderChange change(DynamodbEvent.DynamodbStreamRecord record) {
        StreamRecord stream = record.getDynamodb();
        String sequenceNumber = stream.getSequenceNumber();
        Map<String, AttributeValue> keys = stream.getKeys() == null ? Map.of() : toAttributeValueMapV2(stream.getKeys());
        // A record without an order id is a stranger: it gets a key of its own, so it holds up no order.
        String orderId = OrderStreamRecords.orderIdOf(keys).orElse("#" + sequenceNumber);
        try {
            Map<String, AttributeValue> newImage = stream.getNewImage() == null ? Map.of() : toAttributeValueMapV2(stream.getNewImage());
            Map<String, AttributeValue> oldImage = stream.getOldImage() == null ? Map.of() : toAttributeValueMapV2(stream.getOldImage());
            return OrderStreamRecords.statusChange(record.getEventName(), keys, newImage, oldImage)
                    .<OrderChange>map(order -> new OrderChange.StatusEntered(sequenceNumber, orderId, order,
                            OrderStreamRecords.carriedOn(newImage)))
                    .orElseGet(() -> new OrderChange.Other(sequenceNumber, orderId));
        } catch (RuntimeException e) {
            return new OrderChange.Unreadable(sequenceNumber, orderId, e);
        }
    }
}
