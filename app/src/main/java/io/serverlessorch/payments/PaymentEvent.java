package io.serverlessorch.payments;

import java.math.BigDecimal;

/**
 * What the payment provider tells us about a payment it had left pending: its event id, whether it succeeded,
 * and the order, reference and amount it concerns.
 */
public record PaymentEvent(String id, boolean succeeded, String orderId, String reference, BigDecimal amount) {
}
