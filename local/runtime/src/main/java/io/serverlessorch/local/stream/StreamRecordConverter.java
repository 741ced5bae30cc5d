package io.serverlessorch.local.stream;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.Record;

import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;

/**
 * Builds the records of a {@link DynamodbEvent} from what DynamoDB Streams returns, shaped as Lambda
 * delivers them in AWS.
 */
public final class StreamRecordConverter {

    /** The value Lambda puts in every DynamoDB stream record's {@code eventSource}. */
    public static final String EVENT_SOURCE = "aws:dynamodb";
    /**
     * DynamoDB Local reports its own pseudo region ("ddblocal"); a handler sees the region the stack
     * runs in.
     */
    public static final String REGION = "us-east-1";

    private StreamRecordConverter() {
    }

    /** A fresh event holding {@code records} in the order given. */
    public static DynamodbEvent toEvent(List<Record> records, String streamArn) {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(records.stream().map(record -> toEventRecord(record, streamArn)).toList());
        return event;
    }

    /** The event form of one stream record read from the stream {@code streamArn}. */
    public static DynamodbEvent.DynamodbStreamRecord toEventRecord(Record record, String streamArn) {
        DynamodbEvent.DynamodbStreamRecord converted = new DynamodbEvent.DynamodbStreamRecord();
        converted.setEventID(record.eventID());
        converted.setEventName(record.eventNameAsString());
        converted.setEventVersion(record.eventVersion());
        converted.setEventSource(EVENT_SOURCE);
        converted.setAwsRegion(REGION);
        converted.setEventSourceARN(streamArn);
        if (record.userIdentity() != null) {
            // Only deletions by TTL carry one: principal "dynamodb.amazonaws.com", type "Service".
            converted.setUserIdentity(new Identity()
                    .withPrincipalId(record.userIdentity().principalId())
                    .withType(record.userIdentity().type()));
        }
        if (record.dynamodb() != null) {
            converted.setDynamodb(toEventStreamRecord(record.dynamodb()));
        }
        return converted;
    }

    private static StreamRecord toEventStreamRecord(software.amazon.awssdk.services.dynamodb.model.StreamRecord source) {
        StreamRecord converted = new StreamRecord();
        // An absent image stays null, as in AWS (no OldImage on INSERT, no NewImage on REMOVE).
        if (source.hasKeys()) {
            converted.setKeys(AttributeValueConverter.toEventMap(source.keys()));
        }
        if (source.hasNewImage()) {
            converted.setNewImage(AttributeValueConverter.toEventMap(source.newImage()));
        }
        if (source.hasOldImage()) {
            converted.setOldImage(AttributeValueConverter.toEventMap(source.oldImage()));
        }
        converted.setSequenceNumber(source.sequenceNumber());
        converted.setSizeBytes(source.sizeBytes());
        if (source.streamViewTypeAsString() != null) {
            converted.setStreamViewType(StreamViewType.fromValue(source.streamViewTypeAsString()));
        }
        if (source.approximateCreationDateTime() != null) {
            // Lambda's events carry whole epoch seconds.
            converted.setApproximateCreationDateTime(
                    Date.from(source.approximateCreationDateTime().truncatedTo(ChronoUnit.SECONDS)));
        }
        return converted;
    }
}
