package io.serverlessorch.steps;

import java.time.Duration;

/**
 * How long a payment the provider must confirm may wait ({@code orch.payment.confirmation-timeout}): after that
 * the order is cancelled, its stock released and its authorization voided.
 */
public record PaymentTerms(Duration confirmationTimeout) {

    public PaymentTerms {
        if (confirmationTimeout.isNegative() || confirmationTimeout.isZero()) {
            throw new IllegalArgumentException("The payment confirmation timeout must be positive, not " + confirmationTimeout);
        }
    }
}
