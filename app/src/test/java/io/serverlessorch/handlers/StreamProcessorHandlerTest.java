package io.serverlessorch.handlers;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import io.micronaut.context.ApplicationContext;
import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.pipeline.OrderPipeline;
import io.serverlessorch.support.PipelineTestbed;
import io.serverlessorch.testing.DynamoDbLocalExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The stream processor Lambda with DynamoDB stream events, as the event source mapping sends them. */
@ExtendWith(DynamoDbLocalExtension.class)
class StreamProcessorHandlerTest {

    @Test
    void runsNewOrdersToTheirEndSkipsOtherRecordsAndReportsThePoisonRecord(URI endpoint) {
        try (PipelineTestbed bed = new PipelineTestbed(endpoint)) {
            StreamProcessorHandler handler = new StreamProcessorHandler(ApplicationContext.builder().properties(Map.of(
                    "aws.services.dynamodb.endpoint-override", endpoint.toString(),
                    "orch.tables.orders", bed.tables().orders(),
                    "orch.tables.catalog", bed.tables().catalog(),
                    "orch.steps.invoker", "in-process")));
            Order first = bed.place(PipelineTestbed.draft("product-1", 1, PipelineTestbed.PRICE, null));
            Order second = bed.place(PipelineTestbed.draft("product-1", 1, PipelineTestbed.PRICE, null));
            Order third = bed.place(PipelineTestbed.draft("product-1", 1, PipelineTestbed.PRICE, null));
            // A record marked as a move its maker carried on runs no stage, even where one is due: the mark is read.
            Map<String, AttributeValue> carriedOn = new HashMap<>(insertOf(bed, third.orderId(), "6").getDynamodb().getNewImage());
            carriedOn.put("carried_on", new AttributeValue().withBOOL(true));

            var poison = record("4", "INSERT", Map.of("order_id", s("poison"), "sk", s("ORDER")),
                    Map.of("order_id", s("poison"), "sk", s("ORDER"), "status", s("PENDING")));
            var secondPlaced = insertOf(bed, second.orderId(), "5");
            StreamsEventResponse response = handler.handleRequest(event(
                    insertOf(bed, first.orderId(), "1"),
                    record("2", "INSERT", Map.of("order_id", s(first.orderId()), "sk", s("TRANSITION#000001")), Map.of("to_status", s("VALIDATED"))),
                    record("3", "REMOVE", Map.of("order_id", s("gone"), "sk", s("ORDER")), null),
                    poison,
                    secondPlaced,
                    record("6", "MODIFY", Map.of("order_id", s(third.orderId()), "sk", s("ORDER")), carriedOn)), null);

            assertEquals(List.of("4"), response.getBatchItemFailures().stream().map(StreamsEventResponse.BatchItemFailure::getItemIdentifier).toList());
            assertEquals(OrderStatus.COMPLETED, bed.history(first.orderId()).order().status());
            assertEquals(OrderStatus.COMPLETED, bed.history(second.orderId()).order().status(), "other orders of the batch go on");
            assertEquals(OrderStatus.PENDING, bed.history(third.orderId()).order().status(), "a carried-on move's record runs no stage");

            // Lambda redelivers from the failed record on: the poison fails again, the rest changes nothing.
            StreamsEventResponse redelivered = handler.handleRequest(event(poison, secondPlaced), null);
            assertEquals(1, redelivered.getBatchItemFailures().size());
            assertEquals(OrderPipeline.pathTo(OrderStatus.COMPLETED), bed.statuses(second.orderId()),
                    "every status on the way, recorded by the chain before the end");
            handler.getApplicationContext().close();
        }
    }

    private static DynamodbEvent.DynamodbStreamRecord insertOf(PipelineTestbed bed, String orderId, String sequenceNumber) {
        GetItemResponse item = bed.dynamoDb().getItem(r -> r.tableName(bed.tables().orders())
                .key(Map.of("order_id", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(orderId),
                        "sk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("ORDER"))));
        return record(sequenceNumber, "INSERT", Map.of("order_id", s(orderId), "sk", s("ORDER")), toEvent(item.item()));
    }

    private static Map<String, AttributeValue> toEvent(Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item) {
        Map<String, AttributeValue> converted = new HashMap<>();
        item.forEach((name, value) -> converted.put(name, toEvent(value)));
        return converted;
    }

    private static AttributeValue toEvent(software.amazon.awssdk.services.dynamodb.model.AttributeValue value) {
        return switch (value.type()) {
            case S -> new AttributeValue().withS(value.s());
            case N -> new AttributeValue().withN(value.n());
            case BOOL -> new AttributeValue().withBOOL(value.bool());
            case NUL -> new AttributeValue().withNULL(true);
            case M -> new AttributeValue().withM(toEvent(value.m()));
            case L -> new AttributeValue().withL(value.l().stream().map(StreamProcessorHandlerTest::toEvent).toList());
            default -> throw new IllegalArgumentException("unused in orders: " + value.type());
        };
    }

    private static AttributeValue s(String value) {
        return new AttributeValue().withS(value);
    }

    private static DynamodbEvent.DynamodbStreamRecord record(String sequenceNumber, String eventName,
                                                             Map<String, AttributeValue> keys, Map<String, AttributeValue> newImage) {
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName(eventName);
        record.setDynamodb(new StreamRecord().withSequenceNumber(sequenceNumber).withKeys(keys).withNewImage(newImage));
        return record;
    }

    private static DynamodbEvent event(DynamodbEvent.DynamodbStreamRecord... records) {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(List.of(records));
        return event;
    }
}
