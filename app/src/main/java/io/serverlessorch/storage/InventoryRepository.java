package io.serverlessorch.storage;

import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.StatusTransition;

import java.time.Instant;

/**
 * Stock held for orders. Each operation moves units between a product's {@code stock}, {@code reserved}
 * and {@code shipped}, for every line of the order at once, or for none. Holding and shipping move the
 * order on in the same write, so each happens once per order, and never for an order that has moved on.
 */
public interface InventoryRepository {

    /**
     * Holds every line of the order, all or nothing, never below zero stock, and makes the move {@code next}.
     * {@link EffectResult#NOT_APPLICABLE} when a line is short of stock; {@link EffectResult#STALE} when the
     * order is no longer where {@code next} starts.
     */
    Reservation reserve(Order order, StatusTransition next);

    /** Turns the held units into shipped ones, records the shipment under {@code trackingNumber}, and makes the move {@code next}. */
    EffectResult ship(Order order, String trackingNumber, StatusTransition next);

    /** Puts held units back on sale (an undo); {@link EffectResult#NOT_APPLICABLE} when nothing is held. */
    EffectResult release(Order order, Instant at);

    /** @param unavailableProductId with {@link EffectResult#NOT_APPLICABLE}: a product short of stock */
    record Reservation(EffectResult result, String unavailableProductId) {
    }
}
