package io.serverlessorch.domain;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * What the pipeline has done for an order, each at most once: stock held and released or shipped, a payment
 * authorized and waiting for the provider's word (and voided), the total charged and refunded, the customer
 * told. Null where it has not happened.
 */
public record OrderEffects(
        Instant stockReservedAt,
        Instant stockReleasedAt,
        PendingPayment pendingPayment,
        Instant authorizationVoidedAt,
        Charge charge,
        Refund refund,
        Shipment shipment,
        CustomerMessage message) {

    public static final OrderEffects NONE = new OrderEffects(null, null, null, null, null, null, null, null);

    /**
     * A payment the provider has taken in hand but not yet confirmed (a 3-D Secure challenge, a bank transfer):
     * its word comes by webhook, for this reference and amount, before {@code deadline}.
     */
    public record PendingPayment(String reference, BigDecimal amount, Instant at, Instant deadline) {
    }

    public record Charge(String reference, BigDecimal amount, Instant at) {
    }

    public record Refund(String reference, BigDecimal amount, Instant at) {
    }

    public record Shipment(String trackingNumber, Instant at) {
    }

    public record CustomerMessage(String to, String subject, String body, Instant at) {
    }
}
