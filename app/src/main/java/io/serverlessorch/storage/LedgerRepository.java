package io.serverlessorch.storage;

import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderEffects;

import java.time.Instant;

/** Money taken and given back, and messages sent, each at most once per order. */
public interface LedgerRepository {

    EffectResult charge(Order order, String reference, Instant at);

    /** Refunds the order's charge; {@link EffectResult#NOT_APPLICABLE} when nothing was charged. */
    EffectResult refund(Order order, Instant at);

    EffectResult recordMessage(Order order, OrderEffects.CustomerMessage message);
}
