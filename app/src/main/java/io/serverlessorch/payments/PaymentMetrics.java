package io.serverlessorch.payments;

import io.serverlessorch.orders.OrderMetrics;

import java.time.Duration;

/** What the webhook and the deadline sweep report. */
public interface PaymentMetrics extends OrderMetrics {

    /** A webhook was refused; {@code code}: missing, malformed, timestamp, signature, body, unknown_order, mismatch. */
    void webhookRefused(String code);

    /** A webhook was taken; {@code outcome} says what it did (see {@link PaymentWebhooks.Outcome}). */
    void webhookTaken(PaymentWebhooks.Outcome outcome);

    /**
     * One sweep of the deadlines: how many orders wait, how many it found past their deadline, and the latest of
     * them (how long after its deadline the sweep found it; zero when none).
     */
    void deadlinesSwept(long waiting, int overdue, Duration mostOverdue);
}
