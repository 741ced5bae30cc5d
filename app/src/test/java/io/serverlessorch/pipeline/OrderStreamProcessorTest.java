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
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A stream batch against the processor's remaining time: what cannot finish in time is not started. */
@ExtendWith(DynamoDbLocalExtension.class)
class OrderStreamProcessorTest {

    @Test
    void withTooLittleTimeLeftNoChangeStartsAndTheBatchComesBackWhole(URI endpoint) {
        try (PipelineTestbed bed = new PipelineTestbed(endpoint)) {
            Order first = bed.place(PipelineTestbed.draft("product-1", 1, PipelineTestbed.PRICE, null));
            Order second = bed.place(PipelineTestbed.draft("product-2", 1, new BigDecimal("5.00"), null));
            List<OrderChange> batch = List.of(
                    new OrderChange.StatusEntered("1", first.orderId(), first),
                    new OrderChange.StatusEntered("2", second.orderId(), second));
            OrderStreamProcessor processor = bed.streamProcessor(TimeBudget.DEFAULT);

            // given less time left than one change may take
            Instant tooSoon = Instant.now().plus(TimeBudget.DEFAULT.perChange()).minusSeconds(1);
            Optional<String> handedBack = processor.process(batch, tooSoon);

            // expect the batch back from its first record, no step asked, no order moved
            assertEquals(Optional.of("1"), handedBack);
            assertEquals(0, bed.callsTo(Step.VALIDATOR, StepRequest.Action.EXECUTE));
            assertEquals(OrderStatus.PENDING, bed.history(first.orderId()).order().status());
            assertEquals(OrderStatus.PENDING, bed.history(second.orderId()).order().status());

            // redelivered with a fresh invocation's time, both move on
            Optional<String> redelivered = processor.process(batch, Instant.now().plus(TimeBudget.DEFAULT.processorTimeout()));

            assertEquals(Optional.empty(), redelivered);
            assertEquals(OrderStatus.VALIDATED, bed.history(first.orderId()).order().status());
            assertEquals(OrderStatus.VALIDATED, bed.history(second.orderId()).order().status());
        }
    }
}
