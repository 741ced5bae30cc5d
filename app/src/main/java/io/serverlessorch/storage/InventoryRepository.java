package io.serverlessorch.storage;

import io.serverlessorch.domain.Order;

import java.time.Instant;

/**
 * Stock held for orders. Each operation moves units between a product's {@code stock}, {@code reserved}
 * and {@code shipped}, for every line of the order at once, or for none.
 */
public interface InventoryRepository {

    /** Holds every line of the order, all or nothing; never below zero stock. */
    Reservation reserve(Order order, Instant at);

    /** Puts held units back on sale (compensation); {@link EffectResult#NOT_APPLICABLE} when nothing is held. */
    EffectResult release(Order order, Instant at);

    /** Turns the held units into shipped ones and records the shipment under {@code trackingNumber}. */
    EffectResult ship(Order order, String trackingNumber, Instant at);

    /** @param unavailableProductId with {@link EffectResult#NOT_APPLICABLE}: a product short of stock */
    record Reservation(EffectResult result, String unavailableProductId) {
    }
}
