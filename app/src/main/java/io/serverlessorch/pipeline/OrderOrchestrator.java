package io.serverlessorch.pipeline;

import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.domain.StatusTransition;
import io.serverlessorch.storage.OrderRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/**
 * Moves an order one stage on each time its status changes: asks the stage's step, undoes what the
 * {@link OrderPipeline} says must be undone, and moves the order on (unless the step's own write already
 * did); and keeps each status entered in the order's history. Knows nothing of Lambda or streams.
 *
 * <p>Every call is safe to repeat: steps are idempotent and guarded by the order's version, and a move
 * applies only to the version it was decided on.
 */
public class OrderOrchestrator {

    private static final Logger LOG = LoggerFactory.getLogger(OrderOrchestrator.class);

    private final StepInvoker steps;
    private final OrderRepository orders;
    private final RetryPolicy retry;
    private final PipelineMetrics metrics;
    private final Clock clock;

    public OrderOrchestrator(StepInvoker steps, OrderRepository orders, RetryPolicy retry, PipelineMetrics metrics, Clock clock) {
        this.steps = steps;
        this.orders = orders;
        this.retry = retry;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Records the statuses these orders have just entered in their histories, all at once: a stream batch's
     * worth in one or a few writes. Safe to repeat.
     */
    public void recordEntered(Collection<Order> entered) {
        orders.recordHistory(entered);
    }

    /**
     * Handles the order having just entered its status (recorded by {@link #recordEntered} first).
     *
     * @throws RuntimeException when the order could not be moved on (for example a compensation kept failing);
     *                          the caller retries the record later
     */
    public void onStatusChange(Order order) {
        var stage = OrderPipeline.stageFrom(order.status());
        if (stage.isEmpty()) {
            if (OrderPipeline.notifiesOnArrival(order.status())) {
                tellCustomer(order);
            }
            return;
        }
        StepResult answer = ask(stage.get().step(), StepRequest.Action.EXECUTE, order, stage.get().onSuccess());
        if (answer.outcome() == StepResult.Outcome.STALE) {
            LOG.info("Order {} has moved on from {}; nothing to do", order.orderId(), order.status());
            return;
        }
        OrderPipeline.Decision decision = stage.get().decide(answer);
        if (answer.moved()) {
            reportMove(order, decision, clock.instant());
            return;
        }
        for (Step undo : decision.undo()) {
            StepResult undone = ask(undo, StepRequest.Action.COMPENSATE, order, null);
            if (undone.outcome() == StepResult.Outcome.STALE) {
                return;
            }
            if (undone.outcome() != StepResult.Outcome.SUCCEEDED) {
                // Never move on with stock held or money taken that is owed back: try the record again later.
                throw new IllegalStateException("Could not undo " + undo + " for order " + order.orderId() + ": " + undone.reason());
            }
        }
        Instant now = clock.instant();
        if (orders.applyTransition(StatusTransition.of(order, decision.to(), decision.reason(), now))) {
            reportMove(order, decision, now);
        }
    }

    private void reportMove(Order order, OrderPipeline.Decision decision, Instant at) {
        if (order.status() == OrderStatus.PENDING) {
            metrics.orderReceived();
        }
        metrics.orderMoved(decision.to(), decision.code(), decision.to().isTerminal() ? Duration.between(order.createdAt(), at) : null);
    }

    private void tellCustomer(Order order) {
        StepResult told = ask(Step.NOTIFICATION, StepRequest.Action.EXECUTE, order, null);
        if (told.outcome() == StepResult.Outcome.FAILED) {
            throw new IllegalStateException("Could not tell the customer of order " + order.orderId() + ": " + told.reason());
        }
    }

    /** Asks a step, retrying technical failures with backoff; the last failure is the answer. */
    private StepResult ask(Step step, StepRequest.Action action, Order order, OrderStatus onSuccess) {
        StepResult answer = null;
        for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
            if (attempt > 1) {
                pause(retry.backoffBefore(attempt));
            }
            long started = System.nanoTime();
            try {
                answer = steps.invoke(new StepRequest(step, action, order, onSuccess));
            } catch (RuntimeException e) {
                LOG.warn("Step {} ({}) for order {} failed: {}", step, action, order.orderId(), e.toString());
                answer = StepResult.failed(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
            metrics.stepAnswered(step, action, answer.outcome(), Duration.ofNanos(System.nanoTime() - started));
            if (answer.outcome() != StepResult.Outcome.FAILED) {
                return answer;
            }
            metrics.stepFailed(step, attempt < retry.attempts());
        }
        return answer;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to retry", e);
        }
    }
}
