package io.serverlessorch.pipeline;

import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.domain.StatusTransition;
import io.serverlessorch.pipeline.OrderPipeline.Exit;
import io.serverlessorch.pipeline.OrderPipeline.Stage;
import io.serverlessorch.retry.Backoff;
import io.serverlessorch.storage.OrderRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Runs an order's stages, as {@link OrderPipeline} lays them out, from the status it has just entered: asks
 * each stage's step, undoes what must be undone, writes the moves that are not a step's success, and goes
 * straight on to the next stage while a move carries the order on. Keeps each status entered in the order's
 * history. Knows nothing of Lambda or streams.
 *
 * <p>Every call is safe to repeat: steps are idempotent and guarded by the order's version, and a move
 * applies only to the version it was decided on.
 */
public class OrderOrchestrator {

    private static final Logger LOG = LoggerFactory.getLogger(OrderOrchestrator.class);

    private final StepInvoker steps;
    private final OrderRepository orders;
    private final RetryPolicy retry;
    private final TimeBudget budget;
    private final PipelineMetrics metrics;
    private final Clock clock;

    /** @param budget how much time a stage may need: a chain starts a further stage only while that much is left */
    public OrderOrchestrator(StepInvoker steps, OrderRepository orders, RetryPolicy retry, TimeBudget budget,
                             PipelineMetrics metrics, Clock clock) {
        this.steps = steps;
        this.orders = orders;
        this.retry = retry;
        this.budget = budget;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Records the statuses these orders have just entered in their histories, all at once: a stream batch's
     * worth in one or a few writes. Safe to repeat.
     *
     * @param handedOver statuses whose stage is the record's to run: no one has recorded them
     * @param carriedOn  statuses a chain moved through, which it recorded before the order's end unless it was
     *                   cut short: only those it did not record are written
     */
    public void recordEntered(Collection<Order> handedOver, Collection<Order> carriedOn) {
        List<Order> unrecorded = new ArrayList<>(handedOver);
        unrecorded.addAll(orders.notYetInHistory(carriedOn));
        orders.recordHistory(unrecorded);
    }

    /**
     * Handles the order having just entered its status: runs its stage, then each next one while the moves
     * carry the order on, until it reaches a status with nothing more to do or a stage that leaves it where it is.
     *
     * @param deadline when the invocation will be stopped; a further stage starts only while the time budget
     *                 covers it
     * @throws RetryTheRecordException when the record must be delivered again (a step or an undo kept failing,
     *                                 or too little time was left to carry the order on)
     */
    public void onStatusChange(Order order, Instant deadline) {
        Chain chain = new Chain(true);
        try {
            Order current = order;
            while (true) {
                Optional<Stage> stage = OrderPipeline.stageAt(current.status());
                if (stage.isEmpty()) {
                    return;
                }
                Optional<Order> next = runStage(stage.get(), current, chain);
                if (next.isEmpty()) {
                    return;
                }
                current = next.get();
                chain.entered(current);
                if (!budget.covers(Duration.between(clock.instant(), deadline))) {
                    throw new RetryTheRecordException("Too little time left to carry order " + current.orderId() + " on from "
                            + current.status() + "; the record will be delivered again and carry on from there");
                }
            }
        } finally {
            chain.recordWhatIsLeft();
        }
    }

    /**
     * The stage of the order's status alone, its move leaving the next stage to the move's own stream record:
     * a delivery's work before stages were chained. Tests use it to stop an order at each status on its way.
     */
    public void runOneStage(Order order) {
        OrderPipeline.stageAt(order.status()).ifPresent(stage -> runStage(stage, order, new Chain(false)));
    }

    /**
     * Runs one stage of the order.
     *
     * @param chain whether a move to a status with a stage of its own is carried on by this caller, and what it
     *              has not recorded in the history yet
     * @return the order to carry on with: moved on by this stage, or, when this delivery found the order moved
     *         on already, as it now stands if the one who moved it meant to carry it on and did not get to
     *         (a crash, or a record now delivered again); empty when there is nothing more for this caller to do
     */
    private Optional<Order> runStage(Stage stage, Order order, Chain chain) {
        for (Step undo : stage.undoFirst()) {
            StepResult undone = ask(undo, StepRequest.Action.COMPENSATE, order, null, null);
            if (undone.outcome() == StepResult.Outcome.STALE) {
                return leftCarriedOn(order);
            }
            if (undone.outcome() != StepResult.Outcome.SUCCEEDED) {
                throw new RetryTheRecordException("Could not undo " + undo + " for order " + order.orderId() + " in "
                        + order.status() + ": " + undone.reason());
            }
        }
        SuccessMove onSuccess = stage.successStatus()
                .map(to -> new SuccessMove(to, clock.instant(), chain.carriesOn && carriedOn(to)))
                .orElse(null);
        SuccessMove onPending = stage.pendingStatus()
                .map(to -> new SuccessMove(to, clock.instant(), false))
                .orElse(null);
        // A wait is flushed right after its move (below, as the chain stops): flushing before every payment
        // would cost a write per order for the few that wait.
        if (onSuccess != null && endsTheChain(onSuccess.to())) {
            chain.recordHistory();
        }
        StepResult answer = ask(stage.step(), StepRequest.Action.EXECUTE, order, onSuccess, onPending);
        if (answer.outcome() == StepResult.Outcome.STALE) {
            return leftCarriedOn(order);
        }
        Exit exit = stage.exitFor(answer.outcome());
        if (exit instanceof Exit.RetryTheRecord) {
            throw new RetryTheRecordException("Order " + order.orderId() + " in " + order.status() + ": " + failure(stage, answer));
        }
        if (!(exit instanceof Exit.MoveTo move)) {
            return Optional.empty(); // Exit.Stay: the stage is done
        }
        if (answer.outcome() == StepResult.Outcome.DECLINED || answer.outcome() == StepResult.Outcome.FAILED) {
            return undoThenMove(stage, order, move, answer, chain);
        }
        // The step made this move, with its effect and its reason: to the next status, or to wait.
        StatusTransition made = (answer.outcome() == StepResult.Outcome.PENDING ? onPending : onSuccess).of(order, answer.reason());
        reportMove(order, made, answer.code());
        return Optional.of(made.applyTo(order)).filter(moved -> made.carriedOn());
    }

    private Optional<Order> undoThenMove(Stage stage, Order order, Exit.MoveTo move, StepResult answer, Chain chain) {
        for (Step undo : move.undo()) {
            StepResult undone = ask(undo, StepRequest.Action.COMPENSATE, order, null, null);
            if (undone.outcome() == StepResult.Outcome.STALE) {
                return leftCarriedOn(order);
            }
            if (undone.outcome() != StepResult.Outcome.SUCCEEDED) {
                // Never move on with stock held or money taken that is owed back: try the record again later.
                throw new RetryTheRecordException("Could not undo " + undo + " for order " + order.orderId() + ": " + undone.reason());
            }
        }
        boolean declined = answer.outcome() == StepResult.Outcome.DECLINED;
        String code = declined ? answer.code() : stage.step().name().toLowerCase() + "_failed";
        String reason = declined ? answer.reason() : failure(stage, answer);
        if (move.to() == OrderStatus.COMPLETED) {
            reason = "fulfilled, but the confirmation could not be sent (" + reason + ")";
        }
        if (endsTheChain(move.to())) {
            chain.recordHistory();
        }
        StatusTransition transition = StatusTransition.of(order, move.to(), reason, clock.instant(), chain.carriesOn && carriedOn(move.to()));
        if (!orders.applyTransition(transition)) {
            return leftCarriedOn(order);
        }
        reportMove(order, transition, code);
        return Optional.of(transition.applyTo(order)).filter(moved -> transition.carriedOn());
    }

    /**
     * The stages one call runs: whether its moves are carried on, and the in-flight statuses it entered that no
     * history record holds yet. Their stream records will write them too (decision #4), but a reader who finds
     * the order at its end must find the statuses on the way as well, so they are written before any move to
     * an end, and when the chain stops short.
     */
    private final class Chain {
        private final boolean carriesOn;
        private final List<Order> unrecorded = new ArrayList<>();

        Chain(boolean carriesOn) {
            this.carriesOn = carriesOn;
        }

        void entered(Order order) {
            if (!order.status().isTerminal()) {
                unrecorded.add(order);
            }
        }

        void recordHistory() {
            if (!unrecorded.isEmpty()) {
                orders.recordHistory(unrecorded);
                unrecorded.clear();
            }
        }

        /** After the chain, however it ended: what is left is written by the moves' stream records all the same. */
        void recordWhatIsLeft() {
            try {
                recordHistory();
            } catch (RuntimeException e) {
                LOG.warn("Could not record the history of a chain stopped short; the stream records will: {}", e.toString());
            }
        }
    }

    /**
     * Whether a chain stops in {@code status} for good: an end or a wait. Its statuses are recorded before that
     * move, so a reader who finds the order there finds the way it came too.
     */
    private static boolean endsTheChain(OrderStatus status) {
        return status.isTerminal() || status.isWaiting();
    }

    /** Whoever moves an order to {@code status} runs its stage straight away, when it has one. */
    private static boolean carriedOn(OrderStatus status) {
        return OrderPipeline.stageAt(status).isPresent();
    }

    /**
     * The order has moved on since {@code seen}. If the move was to be carried on by whoever made it, that
     * was this record's earlier delivery, which failed before it got there: carry on from where the order stands.
     */
    private Optional<Order> leftCarriedOn(Order seen) {
        Optional<Order> left = orders.findCarriedOn(seen.orderId()).filter(now -> now.version() > seen.version());
        if (left.isEmpty()) {
            LOG.info("Order {} has moved on from {}; nothing to do", seen.orderId(), seen.status());
        }
        return left;
    }

    private static String failure(Stage stage, StepResult answer) {
        return stage.step().name().toLowerCase() + " kept failing: " + answer.reason();
    }

    private void reportMove(Order order, StatusTransition move, String code) {
        if (order.status() == OrderStatus.PENDING) {
            metrics.orderReceived();
        }
        metrics.orderMoved(move.to(), code, move.to().isTerminal() ? Duration.between(order.createdAt(), move.at()) : null);
    }

    /** Asks a step, retrying technical failures with backoff; the last failure is the answer. */
    private StepResult ask(Step step, StepRequest.Action action, Order order, SuccessMove onSuccess, SuccessMove onPending) {
        StepResult answer = null;
        for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
            if (attempt > 1) {
                Backoff.sleep(retry.backoffBefore(attempt));
            }
            long started = System.nanoTime();
            try {
                answer = steps.invoke(new StepRequest(step, action, order, onSuccess, onPending));
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
