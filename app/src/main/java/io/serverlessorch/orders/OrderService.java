package io.serverlessorch.orders;

import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderDraft;
import io.serverlessorch.domain.OrderHistory;
import io.serverlessorch.domain.OrderPage;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.pipeline.OrderPipeline;
import io.serverlessorch.pipeline.OrderPipeline.Signal;
import io.serverlessorch.pipeline.OrderPipeline.SignalRule;
import io.serverlessorch.storage.OrderRepository;
import io.serverlessorch.storage.OrderRepository.CreateOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Placing, finding and listing orders. Knows nothing of HTTP or Lambda. */
public class OrderService {

    private static final Logger LOG = LoggerFactory.getLogger(OrderService.class);

    /** Unreadable orders logged so far, at most this many: a log line each, not one per listing. */
    private static final int MOST_REPORTED_UNREADABLE = 1_000;

    private final OrderRepository orders;
    private final OrderMetrics metrics;
    private final Clock clock;
    private final Duration legacyKeyWindow;
    private final Set<String> reportedUnreadable = ConcurrentHashMap.newKeySet();

    /** Without the look for orders placed before keys were scoped to callers. */
    public OrderService(OrderRepository orders, OrderMetrics metrics, Clock clock) {
        this(orders, metrics, clock, Duration.ZERO);
    }

    /**
     * @param legacyKeyWindow how long after it was placed an order whose id came from its key alone is still found by
     *                        a principal's retry with that key and request; {@link Duration#ZERO} looks for none
     */
    public OrderService(OrderRepository orders, OrderMetrics metrics, Clock clock, Duration legacyKeyWindow) {
        this.orders = orders;
        this.metrics = metrics;
        this.clock = clock;
        this.legacyKeyWindow = legacyKeyWindow;
    }

    /**
     * Places an order. With an idempotency key the order id is derived from the caller and the key, so any number of
     * retries, also concurrent ones, race for one conditional write and all get the one order, and another caller's
     * same key is another order.
     *
     * <p>While {@code legacyKeyWindow} lasts, a principal's keyed request first looks for the order its key placed
     * before keys were scoped to callers (its id derived from the key alone, as an anonymous caller's still is): an
     * order placed within the window by a request with the same fingerprint is the answer, so a retry across the
     * deploy places no second order (docs/decisions.md, #41).
     *
     * @throws IdempotencyKeyReusedException when the caller's key already placed an order for a different request
     */
    public PlacedOrder place(OrderDraft draft, Optional<String> idempotencyKey, Caller caller) {
        String fingerprint = RequestFingerprint.of(draft);
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
        if (idempotencyKey.isPresent() && !caller.isAnonymous() && !legacyKeyWindow.isZero()) {
            Optional<Order> placedBefore = orders.findPlacedBy(orderIdForKey(Caller.ANONYMOUS, idempotencyKey.get()), fingerprint)
                    .filter(order -> order.createdAt().isAfter(now.minus(legacyKeyWindow)));
            if (placedBefore.isPresent()) {
                LOG.info("Idempotency-Key of {} matched order {}, placed before keys were scoped to callers", caller, placedBefore.get().orderId());
                return new PlacedOrder(placedBefore.get(), false);
            }
        }
        String orderId = idempotencyKey.map(key -> orderIdForKey(caller, key)).orElseGet(() -> UUID.randomUUID().toString());
        CreateOutcome outcome = orders.create(Order.place(orderId, draft, now), fingerprint);
        if (!outcome.created() && !outcome.sameRequest()) {
            throw new IdempotencyKeyReusedException(idempotencyKey.orElse(""));
        }
        if (outcome.created()) {
            metrics.orderPlaced();
        }
        return new PlacedOrder(outcome.order(), outcome.created());
    }

    /**
     * The id of the order {@code caller}'s key places. An anonymous key's is what every key's was before keys were
     * scoped; a principal's has its own prefix and the principal's length, so no other caller's key, and no key
     * written to look like one, derives it.
     */
    static String orderIdForKey(Caller caller, String idempotencyKey) {
        String name = caller.isAnonymous()
                ? "idempotency-key:" + idempotencyKey
                : "caller-idempotency-key:" + caller.principal().length() + ":" + caller.principal() + ":" + idempotencyKey;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    public Optional<OrderHistory> find(String orderId) {
        return orders.findWithHistory(orderId);
    }

    public OrderPage list(Optional<OrderStatus> status, int limit, Optional<String> pageToken) {
        return reported(orders.list(status, limit, pageToken));
    }

    /** One customer's orders, newest first; see {@link OrderRepository#listOfCustomer}. */
    public OrderPage listOfCustomer(String customerId, Optional<OrderStatus> status, int limit, Optional<String> pageToken) {
        return reported(orders.listOfCustomer(customerId, status, limit, pageToken));
    }

    /** The page, once its unreadable orders are counted and (the first time each) logged. */
    private OrderPage reported(OrderPage page) {
        for (String orderId : page.unreadable()) {
            metrics.unreadableOrderSkipped();
            // Once per order and function instance: every listing meets it again until someone mends it.
            if (reportedUnreadable.size() < MOST_REPORTED_UNREADABLE && reportedUnreadable.add(orderId)) {
                LOG.error("The stored order {} cannot be read and is left out of listings; mend or delete its item", orderId);
            }
        }
        return page;
    }


    /**
     * Cancels the order, if it has not been handed to fulfillment: one conditional write moves it to
     * {@code CANCELLED} from any status the signals table lets a customer cancel in, so no step can move it past
     * that point meanwhile. The stage of {@code CANCELLED} then releases its stock, refunds or voids its payment and
     * tells the customer. Cancelling a cancelled order again changes nothing.
     *
     * @param reason the customer's words, if any
     */
    public Cancellation cancel(String orderId, Optional<String> reason) {
        SignalRule rule = OrderPipeline.onSignal(Signal.CUSTOMER_CANCELS);
        String why = reason.map(words -> "cancelled by the customer: " + words).orElse("cancelled by the customer");
        OrderRepository.SignalOutcome outcome = orders.applySignal(orderId, rule.in(), rule.to(), why, Instant.now(clock).truncatedTo(ChronoUnit.MILLIS));
        if (outcome.order().isEmpty()) {
            return new Cancellation(Cancellation.Result.NO_SUCH_ORDER, null);
        }
        Order order = outcome.order().get();
        if (outcome.applied()) {
            metrics.orderSignalled(rule.to(), "customer_cancelled");
            return new Cancellation(Cancellation.Result.CANCELLED, order);
        }
        if (order.status() == rule.to()) {
            return new Cancellation(Cancellation.Result.ALREADY_CANCELLED, order);
        }
        boolean handedOver = order.status() == OrderStatus.FULFILLED || order.status() == OrderStatus.COMPLETED;
        return new Cancellation(handedOver ? Cancellation.Result.HANDED_TO_FULFILLMENT : Cancellation.Result.ENDED, order);
    }

    /** What a cancel did: the order as it now stands (none when there is no such order). */
    public record Cancellation(Result result, Order order) {
        public enum Result { CANCELLED, ALREADY_CANCELLED, HANDED_TO_FULFILLMENT, ENDED, NO_SUCH_ORDER }
    }

    /** Throws when the orders' storage cannot be reached. */
    public void checkStorage() {
        orders.checkReachable();
    }

    /** @param created false when an earlier request with the same caller and idempotency key had placed it */
    public record PlacedOrder(Order order, boolean created) {
    }
}
