package io.serverlessorch.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An order as stored. {@code version} counts the status changes it has been through, so that a change
 * can be applied only to the version it was decided on. {@code statusReason} says why it is in its status,
 * where a reason applies (null otherwise).
 */
public record Order(
        String orderId,
        OrderStatus status,
        Customer customer,
        List<OrderLine> items,
        BigDecimal total,
        ShippingAddress shippingAddress,
        Payment payment,
        Instant createdAt,
        Instant updatedAt,
        long version,
        String statusReason) {

    /** Money is kept to the cent; totals are always computed here, never taken from a client. */
    public static final int MONEY_SCALE = 2;

    /** Order ids are lower-case UUIDs; anything else names no order. */
    private static final Pattern ID_FORMAT =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public static boolean isWellFormedId(String orderId) {
        return ID_FORMAT.matcher(orderId).matches();
    }

    public Order {
        // JSON leaves an empty list out; an order without lines must still read back (to be refused by the validator).
        items = items == null ? List.of() : List.copyOf(items);
    }

    /** A new order in {@link OrderStatus#PENDING}, its total computed from its lines. */
    public static Order place(String orderId, OrderDraft draft, Instant now) {
        return new Order(orderId, OrderStatus.PENDING, draft.customer(), draft.items(), totalOf(draft.items()),
                draft.shippingAddress(), draft.payment(), now, now, 0, null);
    }

    public static BigDecimal totalOf(List<OrderLine> lines) {
        return lines.stream()
                .map(OrderLine::lineTotal)
                .reduce(BigDecimal.ZERO, BigDecimal::add)
                .setScale(MONEY_SCALE, RoundingMode.HALF_EVEN);
    }
}
