package io.serverlessorch.local.monitoring;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import io.serverlessorch.storage.dynamodb.Tables;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/** A console line for a stream record that places an order or moves it to another status; nothing for other records. */
final class StatusChangeLine {

    private StatusChangeLine() {
    }

    static Optional<String> of(DynamodbEvent.DynamodbStreamRecord record) {
        var change = record.getDynamodb();
        if (change == null || change.getNewImage() == null || !Tables.Orders.ORDER_ITEM.equals(text(change.getKeys(), Tables.Orders.SORT_KEY))) {
            return Optional.empty();
        }
        String order = text(change.getKeys(), Tables.Orders.PARTITION_KEY);
        String status = text(change.getNewImage(), Tables.Orders.STATUS);
        String before = change.getOldImage() == null ? null : text(change.getOldImage(), Tables.Orders.STATUS);
        if (status == null || status.equals(before)) {
            return Optional.empty();
        }
        String reason = text(change.getNewImage(), Tables.Orders.STATUS_REASON);
        return Optional.of("order " + order + "  " + (before == null ? "placed, " + status : before + " -> " + status)
                + (reason == null ? "" : "  (" + reason + ")"));
    }

    /**
     * When the record's change was written: the order item's own time, to the millisecond, where it has one.
     * DynamoDB Local's approximate creation time is rounded down to the minute (AWS rounds to the second),
     * which would make every iterator age up to a minute too old.
     */
    static Instant writtenAt(DynamodbEvent.DynamodbStreamRecord record) {
        var change = record.getDynamodb();
        if (change == null) {
            return null;
        }
        String updated = text(change.getNewImage(), Tables.Orders.UPDATED_AT);
        if (updated != null) {
            try {
                return Instant.parse(updated);
            } catch (DateTimeParseException e) {
                // Not the order item's format: fall back on the stream's time.
            }
        }
        return change.getApproximateCreationDateTime() == null ? null : change.getApproximateCreationDateTime().toInstant();
    }

    private static String text(Map<String, AttributeValue> image, String name) {
        AttributeValue value = image == null ? null : image.get(name);
        return value == null ? null : value.getS();
    }
}
