package io.serverlessorch.domain;

/**
 * How the customer pays. {@code cardToken} is the provider's token for a card (never a card number); it
 * is kept for the payment step and never shown back to a client. May be null.
 */
public record Payment(String paymentMethod, String cardToken) {
}
