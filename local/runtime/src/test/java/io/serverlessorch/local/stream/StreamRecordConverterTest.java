package io.serverlessorch.local.stream;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

import java.time.Instant;
import java.util.Date;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class StreamRecordConverterTest {

    private static final String STREAM_ARN = "arn:aws:dynamodb:ddblocal:000000000000:table/orders/stream/2024-01-01T00:00:00.000";

    @Test
    void aTtlDeletionKeepsEveryFieldAndItsServiceIdentity() {
        Record ttlDeletion = Record.builder()
                .eventID("event-1")
                .eventName(OperationType.REMOVE)
                .eventVersion("1.1")
                .eventSource("aws:dynamodb")
                .awsRegion("ddblocal")
                .userIdentity(Identity.builder().principalId("dynamodb.amazonaws.com").type("Service").build())
                .dynamodb(StreamRecord.builder()
                        .keys(Map.of("pk", AttributeValue.fromS("a")))
                        .oldImage(Map.of("pk", AttributeValue.fromS("a"), "expires", AttributeValue.fromN("1700000000")))
                        .sequenceNumber("000000000000000000042")
                        .sizeBytes(27L)
                        .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)
                        .approximateCreationDateTime(Instant.parse("2024-05-01T10:00:07.345Z"))
                        .build())
                .build();

        DynamodbEvent.DynamodbStreamRecord converted = StreamRecordConverter.toEventRecord(ttlDeletion, STREAM_ARN);

        assertEquals("event-1", converted.getEventID());
        assertEquals("REMOVE", converted.getEventName());
        assertEquals("1.1", converted.getEventVersion());
        assertEquals("aws:dynamodb", converted.getEventSource());
        assertEquals("us-east-1", converted.getAwsRegion());
        assertEquals(STREAM_ARN, converted.getEventSourceARN());
        assertEquals("dynamodb.amazonaws.com", converted.getUserIdentity().getPrincipalId());
        assertEquals("Service", converted.getUserIdentity().getType());
        assertEquals("a", converted.getDynamodb().getKeys().get("pk").getS());
        assertEquals("1700000000", converted.getDynamodb().getOldImage().get("expires").getN());
        assertNull(converted.getDynamodb().getNewImage());
        assertEquals("000000000000000000042", converted.getDynamodb().getSequenceNumber());
        assertEquals(27L, converted.getDynamodb().getSizeBytes());
        assertEquals("NEW_AND_OLD_IMAGES", converted.getDynamodb().getStreamViewType());
        assertEquals(Date.from(Instant.parse("2024-05-01T10:00:07Z")), converted.getDynamodb().getApproximateCreationDateTime());
    }

    @Test
    void aWriteByAnApplicationHasNoIdentity() {
        Record insert = Record.builder()
                .eventName(OperationType.INSERT)
                .dynamodb(StreamRecord.builder()
                        .keys(Map.of("pk", AttributeValue.fromS("a")))
                        .newImage(Map.of("pk", AttributeValue.fromS("a")))
                        .sequenceNumber("1")
                        .build())
                .build();

        DynamodbEvent.DynamodbStreamRecord converted = StreamRecordConverter.toEventRecord(insert, STREAM_ARN);

        assertNull(converted.getUserIdentity());
        assertNull(converted.getDynamodb().getOldImage());
        assertEquals("a", converted.getDynamodb().getNewImage().get("pk").getS());
    }
}
