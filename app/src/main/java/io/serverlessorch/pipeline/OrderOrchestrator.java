package io.serverlessorch.pipeline;

import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.domain.StatusTransition;
import io.serverlessorch.pipeline.OrderPipeline.Decision;
import io.serverlessorch.pipeline.OrderPipeline.Stage;
import io.serverlessorch.retry.Backoff;
import io.serverlessorch.storage.OrderRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * Moves an order one stage on each time its status changes: asks the stage's step, undoes what the
 * {@link OrderPipeline} says must be undone, and moves the order on (unless the step applied the move with
 * its effect); and keeps each status entered in the order's history. Knows nothing of Lambda or streams.
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
        Optional<Stage> found = OrderPipeline.stageAt(order.status());
        if (found.isEmpty()) {
            return;
        }
        Stage stage = found.get();
        StatusTransition onSuccess = stage.onSuccess()
                .map(to -> StatusTransition.of(order, to, stage.step().name().toLowerCase() + " succeeded", clock.instant()))
                .orElse(null);
        StepResult answer = ask(stage.step(), StepRequest.Action.EXECUTE, order, onSuccess);
        if (answer.outcome() == StepResult.Outcome.STALE) {
            LOG.info("Order {} has moved on from {}; nothing to do", order.orderId(), order.status());
            return;
        }
        Decision decision = stage.decide(answer);
        if (decision instanceof Decision.RetryLater later) {
            throw new IllegalStateException("Order " + order.orderId() + " in " + order.status() + ": " + later.reason());
        }
        if (decision instanceof Decision.Move move) {
            if (answer.moved()) {
                reportMove(order, move, clock.instant());
            } else {
                undoThenMove(order, move);
            }
        }
        // Decision.Stay: this stage is done.
    }

    private void undoThenMove(Order order, Decision.Move move) {
        for (Step undo : move.undo()) {
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
        if (orders.applyTransition(StatusTransition.of(order, move.to(), move.reason(), now))) {
            reportMove(order, move, now);
        }
    }

    private void reportMove(Order order, Decision.Move move, Instant at) {
        if (order.status() == OrderStatus.PENDING) {
            metrics.orderReceived();
        }
        metrics.orderMoved(move.to(), move.code(), move.to().isTerminal() ? Duration.between(order.createdAt(), at) : null);
    }

    /** Asks a step, retrying technical failures with backoff; the last failure is the answer. */
    private StepResult ask(Step step, StepRequest.Action action, Order order, StatusTransition onSuccess) {
        StepResult answer = null;
        for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
            if (attempt > 1) {
                Backoff.sleep(retry.backoffBefore(attempt));
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
}
