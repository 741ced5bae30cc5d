package io.serverlessorch.steps;

import jakarta.inject.Singleton;

/**
 * Stands in for a card processor. Test tokens in {@code payment.card_token}:
 * {@code tok_declined} is declined, {@code tok_unavailable} fails as if the provider were down (on every
 * attempt), anything else (or no token) is approved.
 */
@Singleton
public class MockPaymentProvider {

    public static final String DECLINED_TOKEN = "tok_declined";
    public static final String UNAVAILABLE_TOKEN = "tok_unavailable";

    public enum Answer { APPROVED, DECLINED, UNAVAILABLE }

    public Answer authorize(String cardToken) {
        if (DECLINED_TOKEN.equals(cardToken)) {
            return Answer.DECLINED;
        }
        return UNAVAILABLE_TOKEN.equals(cardToken) ? Answer.UNAVAILABLE : Answer.APPROVED;
    }
}
