package io.serverlessorch.payments;

import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.domain.Timestamps;
import io.serverlessorch.pipeline.OrderPipeline;
import io.serverlessorch.pipeline.OrderPipeline.Signal;
import io.serverlessorch.pipeline.OrderPipeline.SignalRule;
import io.serverlessorch.storage.OrderRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The timer of waiting orders: a sweep, run every minute in AWS (every few seconds locally), that ends each order
 * still waiting past its deadline as the signals table says ({@code DEADLINE_PASSED}: {@code CANCELLED}). A sweep
 * that runs twice, or late, or beside another, is harmless: each move is one conditional write on the order still
 * waiting, so a webhook or a cancel that got there first wins and the sweep moves nothing.
 */
public class PaymentDeadlines {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentDeadlines.class);

    /** Orders one sweep ends at most; the next sweep takes the rest, in a minute. */
    static final int MOST_PER_SWEEP = 1_000;

    private final OrderRepository orders;
    private final PaymentMetrics metrics;
    private final Clock clock;

    public PaymentDeadlines(OrderRepository orders, PaymentMetrics metrics, Clock clock) {
        this.orders = orders;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** What one sweep found and did. */
    public record Sweep(long waiting, int overdue, int ended, Duration mostOverdue) {
    }

    public Sweep sweep() {
        SignalRule rule = OrderPipeline.onSignal(Signal.DEADLINE_PASSED);
        Instant now = clock.instant();
        List<OrderStatus> waitingStatuses = Arrays.stream(OrderStatus.values()).filter(OrderStatus::isWaiting).toList();
        long waiting = 0;
        int overdue = 0;
        int ended = 0;
        Duration mostOverdue = Duration.ZERO;
        for (OrderStatus status : waitingStatuses) {
            waiting += orders.countWaiting(status);
            for (OrderRepository.Overdue order : orders.overdue(status, now, MOST_PER_SWEEP)) {
                overdue++;
                Duration late = Duration.between(order.deadline(), now);
                mostOverdue = late.compareTo(mostOverdue) > 0 ? late : mostOverdue;
                String reason = "its payment was not confirmed by " + Timestamps.format(order.deadline()) + ", the confirmation deadline";
                if (orders.applySignal(order.orderId(), rule.in(), rule.to(), reason, clock.instant()).applied()) {
                    ended++;
                    metrics.orderSignalled(rule.to(), "payment_deadline_passed");
                }
            }
        }
        metrics.deadlinesSwept(waiting, overdue, mostOverdue);
        if (overdue > 0) {
            LOG.info("Deadline sweep: {} waiting, {} past their deadline, {} cancelled; the latest was found {} s after its deadline",
                    waiting, overdue, ended, mostOverdue.toSeconds());
        }
        return new Sweep(waiting, overdue, ended, mostOverdue);
    }
}
