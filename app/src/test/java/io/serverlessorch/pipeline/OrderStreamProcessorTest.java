package io.serverlessorch.pipeline;

import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.support.PipelineTestbed;
import io.serverlessorch.testing.DynamoDbLocalExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.serverlessorch.domain.OrderStatus.COMPLETED;
import static io.serverlessorch.domain.OrderStatus.PENDING;
import static io.serverlessorch.domain.OrderStatus.VALIDATED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stream batches through the processor: one delivery runs an order from where it stands to its end, the
 * records of the moves it carried on do no step work, and what cannot finish in time comes back to be
 * delivered again.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class OrderStreamProcessorTest {

    @Test
    void oneDeliveryRunsAnOrderToItsEndAndTheRecordsOfItsMovesOnlyFillTheHistory(URI endpoint) {
        try (PipelineTestbed bed = new PipelineTestbed(endpoint)) {
            Order order = bed.place(PipelineTestbed.draft("product-1", 1, PipelineTestbed.PRICE, null));
            OrderStreamProcessor processor = bed.streamProcessor();

            // given the order's creation delivered
            assertEquals(Optional.empty(), processor.process(List.of(entered("1", order, false)), freshInvocation(bed)));

            // expect every stage run, each step asked once, and every status in the history as soon as the order has ended
            assertEquals(COMPLETED, bed.history(order.orderId()).order().status());
            assertEquals(OrderPipeline.pathTo(COMPLETED), bed.statuses(order.orderId()), "before any record of its moves arrived");
            for (Step step : Step.values()) {
                assertEquals(1, bed.callsTo(step, StepRequest.Action.EXECUTE), step.name());
            }

            // when the records of the moves it carried on arrive, as the stream delivers them
            List<OrderStatus> path = OrderPipeline.pathTo(COMPLETED);
            List<OrderChange> moves = new ArrayList<>();
            for (int version = 1; version < path.size(); version++) {
                boolean last = version == path.size() - 1;
                moves.add(entered("m" + version, at(order, path.get(version), version), !last));
            }
            assertEquals(Optional.empty(), processor.process(moves, freshInvocation(bed)));

            // expect no step asked again, and every status in the history
            for (Step step : Step.values()) {
                assertEquals(1, bed.callsTo(step, StepRequest.Action.EXECUTE), step + " after the moves' records");
            }
            assertEquals(path, bed.statuses(order.orderId()));
        }
    }

    @Test
    void withTooLittleTimeLeftNoChangeStartsAndTheBatchComesBackWhole(URI endpoint) {
        try (PipelineTestbed bed = new PipelineTestbed(endpoint)) {
            Order first = bed.place(PipelineTestbed.draft("product-1", 1, PipelineTestbed.PRICE, null));
            Order second = bed.place(PipelineTestbed.draft("product-2", 1, new BigDecimal("5.00"), null));
            List<OrderChange> batch = List.of(entered("1", first, false), entered("2", second, false));
            OrderStreamProcessor processor = bed.streamProcessor();

            // given less time left than one stage may take
            Instant tooSoon = bed.clock().instant().plus(PipelineTestbed.BUDGET.perChange()).minusSeconds(1);
            Optional<String> handedBack = processor.process(batch, tooSoon);

            // expect the batch back from its first record, no step asked, no order moved
            assertEquals(Optional.of("1"), handedBack);
            assertEquals(0, bed.callsTo(Step.VALIDATOR, StepRequest.Action.EXECUTE));
            assertEquals(PENDING, bed.history(first.orderId()).order().status());
            assertEquals(PENDING, bed.history(second.orderId()).order().status());

            // redelivered with a fresh invocation's time, both run to their end
            Optional<String> redelivered = processor.process(batch, freshInvocation(bed));

            assertEquals(Optional.empty(), redelivered);
            assertEquals(COMPLETED, bed.history(first.orderId()).order().status());
            assertEquals(COMPLETED, bed.history(second.orderId()).order().status());
        }
    }

    @Test
    void aChainThatRunsOutOfTimeHandsItsRecordBackAndTheRedeliveryCarriesOnWhereItStopped(URI endpoint) {
        try (PipelineTestbed bed = new PipelineTestbed(endpoint)) {
            Order order = bed.place(PipelineTestbed.draft("product-1", 1, PipelineTestbed.PRICE, null));
            OrderStreamProcessor processor = bed.streamProcessor();
            // given a validator that seems to take so long that no further stage fits in the invocation
            bed.injectFaults(real -> request -> {
                StepResult answer = real.invoke(request);
                if (request.step() == Step.VALIDATOR && answer.outcome() == StepResult.Outcome.SUCCEEDED) {
                    bed.clock().advance(PipelineTestbed.BUDGET.processorTimeout().minus(PipelineTestbed.BUDGET.perChange()).plusSeconds(1));
                }
                return answer;
            });

            Optional<String> handedBack = processor.process(List.of(entered("1", order, false)), freshInvocation(bed));

            // expect the order validated, its move carried on, and the record handed back
            assertEquals(Optional.of("1"), handedBack);
            assertEquals(VALIDATED, bed.history(order.orderId()).order().status());
            assertTrue(bed.orders().findCarriedOn(order.orderId()).isPresent(), "the move was to be carried on");
            assertEquals(0, bed.callsTo(Step.INVENTORY, StepRequest.Action.EXECUTE));

            // when the same record is delivered again, with a fresh invocation's time
            bed.injectFaults(real -> real);
            assertEquals(Optional.empty(), processor.process(List.of(entered("1", order, false)), freshInvocation(bed)));

            // expect the order carried on from VALIDATED to its end: the validator found it moved on, nothing twice
            assertEquals(COMPLETED, bed.history(order.orderId()).order().status());
            assertEquals(2, bed.callsTo(Step.VALIDATOR, StepRequest.Action.EXECUTE), "asked again, it found the order moved on");
            assertEquals(1, bed.callsTo(Step.INVENTORY, StepRequest.Action.EXECUTE));
            assertEquals(1, bed.callsTo(Step.PAYMENT, StepRequest.Action.EXECUTE));
        }
    }

    private static Instant freshInvocation(PipelineTestbed bed) {
        return bed.clock().instant().plus(PipelineTestbed.BUDGET.processorTimeout());
    }

    private static OrderChange entered(String sequenceNumber, Order order, boolean carriedOn) {
        return new OrderChange.StatusEntered(sequenceNumber, order.orderId(), order, carriedOn);
    }

    /** The order as a record of its move to {@code status}, the {@code version}th, would show it. */
    private static Order at(Order order, OrderStatus status, long version) {
        return new Order(order.orderId(), status, order.customer(), order.items(), order.total(), order.shippingAddress(),
                order.payment(), order.createdAt(), order.createdAt().plusMillis(version), version, "moved");
    }
}
