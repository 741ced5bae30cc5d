package io.serverlessorch.orders;

import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderDraft;
import io.serverlessorch.domain.OrderHistory;
import io.serverlessorch.domain.OrderPage;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.storage.OrderRepository;
import io.serverlessorch.storage.OrderRepository.CreateOutcome;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/** Placing, finding and listing orders. Knows nothing of HTTP or Lambda. */
public class OrderService {

    private final OrderRepository orders;
    private final Clock clock;

    public OrderService(OrderRepository orders, Clock clock) {
        this.orders = orders;
        this.clock = clock;
    }

    /**
     * Places an order. With an idempotency key the order id is derived from the key, so any number of
     * retries, also concurrent ones, race for one conditional write and all get the one order.
     *
     * @throws IdempotencyKeyReusedException when the key already placed an order for a different request
     */
    public PlacedOrder place(OrderDraft draft, Optional<String> idempotencyKey) {
        String orderId = idempotencyKey.map(OrderService::orderIdForKey).orElseGet(() -> UUID.randomUUID().toString());
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
        CreateOutcome outcome = orders.create(Order.place(orderId, draft, now), RequestFingerprint.of(draft));
        if (!outcome.created() && !outcome.sameRequest()) {
            throw new IdempotencyKeyReusedException(idempotencyKey.orElse(""));
        }
        return new PlacedOrder(outcome.order(), outcome.created());
    }

    static String orderIdForKey(String idempotencyKey) {
        return UUID.nameUUIDFromBytes(("idempotency-key:" + idempotencyKey).getBytes(StandardCharsets.UTF_8)).toString();
    }

    public Optional<OrderHistory> find(String orderId) {
        return orders.findWithHistory(orderId);
    }

    public OrderPage list(Optional<OrderStatus> status, int limit, Optional<String> pageToken) {
        return orders.list(status, limit, pageToken);
    }

    /** Throws when the orders' storage cannot be reached. */
    public void checkStorage() {
        orders.checkReachable();
    }

    /** @param created false when an earlier request with the same idempotency key had placed it */
    public record PlacedOrder(Order order, boolean created) {
    }
}
