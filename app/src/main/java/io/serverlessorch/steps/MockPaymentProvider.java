package io.serverlessorch.steps;

import io.serverlessorch.domain.Order;
import jakarta.inject.Singleton;

/**
 * Stands in for a card processor. Test tokens in {@code payment.card_token}: {@code tok_declined} is declined,
 * {@code tok_unavailable} fails as if the provider were down (on every attempt), {@code tok_3ds} needs a 3-D
 * Secure challenge (the provider answers "pending" and tells the outcome later by webhook; scripts/payment_webhook.sh
 * plays it), anything else (or no token) is approved.
 */
@Singleton
public class MockPaymentProvider {

    public static final String DECLINED_TOKEN = "tok_declined";
    public static final String UNAVAILABLE_TOKEN = "tok_unavailable";
    public static final String CHALLENGE_TOKEN = "tok_3ds";

    public enum Answer { APPROVED, PENDING, DECLINED, UNAVAILABLE }

    public Answer authorize(String cardToken) {
        if (DECLINED_TOKEN.equals(cardToken)) {
            return Answer.DECLINED;
        }
        if (CHALLENGE_TOKEN.equals(cardToken)) {
            return Answer.PENDING;
        }
        return UNAVAILABLE_TOKEN.equals(cardToken) ? Answer.UNAVAILABLE : Answer.APPROVED;
    }

    /** The provider's reference of the order's payment: one per order, so asking again names the same payment. */
    public String referenceFor(Order order) {
        return "pay_" + order.orderId().replace("-", "").substring(0, 16);
    }
}
