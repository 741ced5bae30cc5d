package io.serverlessorch.pipeline;

import io.micronaut.serde.annotation.Serdeable;
import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.domain.StatusTransition;

import java.time.Instant;

/**
 * Where a step's success takes the order, as the orchestrator decided it from the flow table before asking the
 * step. The step writes it, with its effect, and with the reason only the step knows (what it did).
 *
 * @param carriedOn see {@link StatusTransition#carriedOn}
 */
@Serdeable
public record SuccessMove(OrderStatus to, Instant at, boolean carriedOn) {

    /** The move of {@code order}, as the step found it, for {@code reason}. */
    public StatusTransition of(Order order, String reason) {
        return StatusTransition.of(order, to, reason, at, carriedOn);
    }
}
