package io.serverlessorch.pipeline;

import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.StatusTransition;
import io.serverlessorch.storage.OrderRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Moves an order one stage on each time its status changes: asks the stage's step, undoes what the
 * {@link OrderPipeline} says must be undone, and records the transition. Knows nothing of Lambda or streams.
 *
 * <p>Every call is safe to repeat: steps are idempotent and guarded by the order's version, and the
 * transition applies only to the version it was decided on.
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
     * Handles the order having just entered its status.
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
        StepResult answer = ask(stage.get().step(), StepRequest.Action.EXECUTE, order);
        if (answer.outcome() == StepResult.Outcome.STALE) {
            LOG.info("Order {} has moved on from {}; nothing to do", order.orderId(), order.status());
            return;
        }
        OrderPipeline.Decision decision = stage.get().decide(answer);
        for (Step undo : decision.undo()) {
            StepResult undone = ask(undo, StepRequest.Action.COMPENSATE, order);
            if (undone.outcome() == StepResult.Outcome.STALE) {
                return;
            }
            if (undone.outcome() != StepResult.Outcome.SUCCEEDED) {
                // Never move on with stock held or money taken that is owed back: try the record again later.
                throw new IllegalStateException("Could not undo " + undo + " for order " + order.orderId() + ": " + undone.reason());
            }
        }
        Instant now = clock.instant();
        boolean moved = orders.applyTransition(new StatusTransition(order.orderId(), order.status(), order.version(),
                decision.to(), decision.reason(), now));
        if (moved) {
            if (order.status() == io.serverlessorch.domain.OrderStatus.PENDING) {
                metrics.orderReceived();
            }
            metrics.orderMoved(decision.to(), decision.code(),
                    decision.to().isTerminal() ? Duration.between(order.createdAt(), now) : null);
        }
    }

    private void tellCustomer(Order order) {
        StepResult told = ask(Step.NOTIFICATION, StepRequest.Action.EXECUTE, order);
        if (told.outcome() == StepResult.Outcome.FAILED) {
            throw new IllegalStateException("Could not tell the customer of order " + order.orderId() + ": " + told.reason());
        }
    }

    /** Asks a step, retrying technical failures with backoff; the last failure is the answer. */
    private StepResult ask(Step step, StepRequest.Action action, Order order) {
        StepResult answer = null;
        for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
            if (attempt > 1) {
                pause(retry.backoffBefore(attempt));
            }
            long started = System.nanoTime();
            try {
                answer = steps.invoke(new StepRequest(step, action, order));
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
