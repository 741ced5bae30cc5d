package io.serverlessorch.local.bench;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderStatus;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StepHopsTest {

    private final StepHops hops = new StepHops();

    @Test
    void eachStageReachedThroughTheStreamIsOneHop() {
        // Today's pipeline: each move is written, streamed, and delivered to call the next stage's step.
        for (long version = 0; version < 5; version++) {
            long delivered = version;
            invoke(List.of(orderRecord("a", delivered)), () -> hops.stepCalled(order("a", delivered)));
        }
        // The move to COMPLETED is delivered too, and calls no step.
        invoke(List.of(orderRecord("a", 5)), () -> { });

        assertEquals(5, hops.sumThenReset());
    }

    @Test
    void stagesRunOneAfterTheOtherInOneInvocationAreOneHop() {
        // The order is moved on within the invocation: the later steps see versions it was not handed.
        invoke(List.of(orderRecord("a", 0)), () -> {
            for (long version = 0; version < 5; version++) {
                hops.stepCalled(order("a", version));
            }
        });
        // The stream records of those moves come later and call nothing.
        for (long version = 1; version <= 5; version++) {
            invoke(List.of(orderRecord("a", version)), () -> { });
        }

        assertEquals(1, hops.sumThenReset());
    }

    @Test
    void aDeliveryCountsOnceHoweverManyStepsItCalls() {
        // A declined payment: the step, then the undo of the stock reservation, for the same delivered version.
        invoke(List.of(orderRecord("a", 2)), () -> {
            hops.stepCalled(order("a", 2));
            hops.stepCalled(order("a", 2));
        });

        assertEquals(1, hops.sumThenReset());
    }

    @Test
    void aRedeliveryThatCallsAStepAgainIsAnotherHop() {
        invoke(List.of(orderRecord("a", 1)), () -> hops.stepCalled(order("a", 1)));
        invoke(List.of(orderRecord("a", 1)), () -> hops.stepCalled(order("a", 1)));

        assertEquals(2, hops.sumThenReset());
    }

    @Test
    void eachOrderOfABatchCountsForItself() {
        invoke(List.of(orderRecord("a", 0), orderRecord("b", 3), orderRecord("c", 1)), () -> {
            hops.stepCalled(order("a", 0));
            hops.stepCalled(order("b", 3));
        });

        assertEquals(2, hops.sumThenReset());
    }

    @Test
    void onlyStepCallsDuringTheInvocationThatWasHandedTheOrderCount() {
        hops.stepCalled(order("a", 0));
        invoke(List.of(orderRecord("a", 0)), () -> hops.stepCalled(order("b", 0)));
        hops.stepCalled(order("a", 0));

        assertEquals(0, hops.sumThenReset());
    }

    @Test
    void recordsOfOtherItemsAndRemovalsAreNoDeliveriesOfAnOrder() {
        DynamodbEvent.DynamodbStreamRecord history = record(Map.of(
                "order_id", text("a"), "sk", text("TRANSITION#0001"), "version", number(0)));
        DynamodbEvent.DynamodbStreamRecord removal = new DynamodbEvent.DynamodbStreamRecord();
        removal.setDynamodb(new StreamRecord().withKeys(Map.of("order_id", text("a"), "sk", text("ORDER"))));
        DynamodbEvent.DynamodbStreamRecord unreadable = record(Map.of("order_id", text("a"), "sk", text("ORDER")));

        invoke(List.of(history, removal, unreadable), () -> hops.stepCalled(order("a", 0)));

        assertEquals(0, hops.sumThenReset());
    }

    @Test
    void theCountStartsAgainAfterItIsTaken() {
        invoke(List.of(orderRecord("a", 0)), () -> hops.stepCalled(order("a", 0)));
        assertEquals(1, hops.sumThenReset());

        invoke(List.of(orderRecord("a", 1)), () -> hops.stepCalled(order("a", 1)));
        assertEquals(1, hops.sumThenReset());
    }

    /** One processor invocation handed {@code records}, calling steps as {@code steps} does. */
    private void invoke(List<DynamodbEvent.DynamodbStreamRecord> records, Runnable steps) {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(records);
        StepHops.Invocation invocation = hops.invoked(event);
        try {
            steps.run();
        } finally {
            invocation.ended();
        }
    }

    private static DynamodbEvent.DynamodbStreamRecord orderRecord(String orderId, long version) {
        return record(Map.of("order_id", text(orderId), "sk", text("ORDER"), "version", number(version)));
    }

    private static DynamodbEvent.DynamodbStreamRecord record(Map<String, AttributeValue> newImage) {
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName("MODIFY");
        record.setDynamodb(new StreamRecord().withNewImage(newImage));
        return record;
    }

    /** The order as a step request carries it; only its id and version matter here. */
    private static Order order(String orderId, long version) {
        return new Order(orderId, OrderStatus.PENDING, null, List.of(), BigDecimal.ZERO, null, null,
                Instant.EPOCH, Instant.EPOCH, version, null);
    }

    private static AttributeValue text(String value) {
        return new AttributeValue().withS(value);
    }

    private static AttributeValue number(long value) {
        return new AttributeValue().withN(Long.toString(value));
    }
}
