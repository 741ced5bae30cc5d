package io.serverlessorch.pipeline;

import io.serverlessorch.domain.OrderStatus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static io.serverlessorch.domain.OrderStatus.CANCELLED;
import static io.serverlessorch.domain.OrderStatus.COMPLETED;
import static io.serverlessorch.domain.OrderStatus.FAILED;
import static io.serverlessorch.domain.OrderStatus.FULFILLED;
import static io.serverlessorch.domain.OrderStatus.INVENTORY_RESERVED;
import static io.serverlessorch.domain.OrderStatus.OUT_OF_STOCK;
import static io.serverlessorch.domain.OrderStatus.PAYMENT_COMPLETED;
import static io.serverlessorch.domain.OrderStatus.PAYMENT_FAILED;
import static io.serverlessorch.domain.OrderStatus.PAYMENT_PENDING;
import static io.serverlessorch.domain.OrderStatus.PENDING;
import static io.serverlessorch.domain.OrderStatus.VALIDATED;
import static io.serverlessorch.domain.OrderStatus.VALIDATION_FAILED;
import static io.serverlessorch.pipeline.Step.FULFILLMENT;
import static io.serverlessorch.pipeline.Step.INVENTORY;
import static io.serverlessorch.pipeline.Step.NOTIFICATION;
import static io.serverlessorch.pipeline.Step.PAYMENT;
import static io.serverlessorch.pipeline.Step.VALIDATOR;

/**
 * The whole order flow, in one place: for each status an order can enter, the step that runs and where
 * each of its answers leads.
 *
 * <ul>
 *   <li>success: the step did its work; the order moves on (or stays, where its stage was the last word).</li>
 *   <li>decline: a business "no" (unknown product, no stock, card declined). Where a stage names none, a
 *       decline counts as a failure.</li>
 *   <li>failure: the step kept failing for technical reasons after its retries.</li>
 * </ul>
 *
 * Each answer leads to one exit: {@code moveTo(status)}, after {@code undo(...)}ing the effects of earlier
 * steps in the order given (an order in a status holds exactly the effects of the steps behind it, so that is
 * what there is to undo); {@code stay()}: the stage is done; or {@code retryTheRecord()}: the order stays and
 * its stream record is delivered again later. A stage may {@code undoFirst(...)}: undo those effects before its step.
 *
 * <p><b>Waits and signals.</b> A step may answer that the world outside will finish its work (a payment awaiting
 * the customer's 3-D Secure challenge): {@code onPending} moves the order to a waiting status, where nothing
 * runs and nothing is spent. The signals table says what moves it on: the provider's webhook, the customer's
 * cancel, its deadline. A signal only moves the order; the stage of where it leads undoes what must be undone.
 *
 * <p><b>Who writes a move.</b> A success's or a wait's move is written by the step, in the same write as its
 * effect (the validator's move is its only write), so an effect and the move it earns cannot part. Every other
 * move of a stage (a decline's, a failure's) is written by the orchestrator, after the undos; a signal's, by
 * whoever hears it. Every move is a conditional write
 * on the status and version it was decided on, so a repeated or late delivery moves nothing.
 *
 * <p><b>One hop per order.</b> A move to a status with a stage of its own is carried on by the invocation that
 * made it: it runs the next stage straight away, and the move's own stream record only adds it to the history.
 * So a stream delivery runs an order from where it stands to its end. The delivery that started the chain answers
 * for all of it: if the chain cannot finish (a crash, a step that must be retried, too little time left), that
 * record fails and, delivered again, carries on from wherever the order then stands.
 */
public final class OrderPipeline {

    private static final Map<OrderStatus, Stage> STAGES = table(
            at(PENDING).run(VALIDATOR)
                    .onSuccess(moveTo(VALIDATED))
                    .onDecline(moveTo(VALIDATION_FAILED))
                    .onFailure(moveTo(FAILED)),
            at(VALIDATED).run(INVENTORY)
                    .onSuccess(moveTo(INVENTORY_RESERVED))
                    .onDecline(moveTo(OUT_OF_STOCK))
                    .onFailure(moveTo(FAILED)),
            // A payment the provider must confirm later (a 3-D Secure challenge) waits in PAYMENT_PENDING,
            // where nothing runs: the signals below move it on.
            at(INVENTORY_RESERVED).run(PAYMENT)
                    .onSuccess(moveTo(PAYMENT_COMPLETED))
                    .onPending(moveTo(PAYMENT_PENDING))
                    .onDecline(undo(INVENTORY).thenMoveTo(PAYMENT_FAILED))
                    .onFailure(undo(INVENTORY).thenMoveTo(FAILED)),
            at(PAYMENT_COMPLETED).run(FULFILLMENT)
                    .onSuccess(moveTo(FULFILLED))
                    .onFailure(undo(PAYMENT, INVENTORY).thenMoveTo(FAILED)),
            // The customer's confirmation. A fulfilled order is never undone: if the message cannot be sent,
            // the order completes all the same, with the reason saying so.
            at(FULFILLED).run(NOTIFICATION)
                    .onSuccess(moveTo(COMPLETED))
                    .onFailure(moveTo(COMPLETED)),
            // Every other end tells the customer once why the order did not go through, and stays. An end that a
            // signal reaches first undoes what the order still holds (a signal only moves the order): undos are
            // idempotent, so one already done by the pipeline is found done.
            at(VALIDATION_FAILED).run(NOTIFICATION).onSuccess(stay()).onFailure(retryTheRecord()),
            at(OUT_OF_STOCK).run(NOTIFICATION).onSuccess(stay()).onFailure(retryTheRecord()),
            at(PAYMENT_FAILED).undoFirst(INVENTORY).run(NOTIFICATION).onSuccess(stay()).onFailure(retryTheRecord()),
            at(FAILED).run(NOTIFICATION).onSuccess(stay()).onFailure(retryTheRecord()),
            at(CANCELLED).undoFirst(PAYMENT, INVENTORY).run(NOTIFICATION).onSuccess(stay()).onFailure(retryTheRecord()));
            // COMPLETED: nothing more to do.

    /**
     * What the world outside the pipeline can say about an order, and where it takes the order from the statuses
     * it applies in; anywhere else it changes nothing. Each is one conditional write of the move, made by whoever
     * hears the signal; the stage of the status it leads to does the rest.
     */
    private static final Map<Signal, SignalRule> SIGNALS = signals(
            when(Signal.CUSTOMER_CANCELS).in(PENDING, VALIDATED, INVENTORY_RESERVED, PAYMENT_PENDING, PAYMENT_COMPLETED).moveTo(CANCELLED),
            when(Signal.PAYMENT_CONFIRMED).in(PAYMENT_PENDING).moveTo(PAYMENT_COMPLETED),
            when(Signal.PAYMENT_REFUSED).in(PAYMENT_PENDING).moveTo(PAYMENT_FAILED),
            when(Signal.DEADLINE_PASSED).in(PAYMENT_PENDING).moveTo(CANCELLED));

    /** What the world outside says; who hears it is named on each. */
    public enum Signal {
        /** The customer cancels ({@code POST /orders/{order_id}/cancel}). */
        CUSTOMER_CANCELS,
        /** The payment provider confirms a pending payment (its webhook). */
        PAYMENT_CONFIRMED,
        /** The payment provider reports that a pending payment failed (its webhook). */
        PAYMENT_REFUSED,
        /** A waiting order's deadline passed with no word from outside (the deadline sweep). */
        DEADLINE_PASSED
    }

    /** A signal's row: the statuses it applies in, and the status it moves the order to. */
    public record SignalRule(Signal signal, Set<OrderStatus> in, OrderStatus to) {
        public SignalRule {
            in = Set.copyOf(in);
        }

        public boolean appliesIn(OrderStatus status) {
            return in.contains(status);
        }
    }

    private OrderPipeline() {
    }

    /** The stage of an order that has just entered {@code status}; empty where nothing more happens. */
    public static Optional<Stage> stageAt(OrderStatus status) {
        return Optional.ofNullable(STAGES.get(status));
    }

    /**
     * The statuses the table takes an order through to {@code end}: from {@code PENDING} along every stage's
     * success, until a stage whose success, wait, decline or failure leads to {@code end}. An order's history should
     * show exactly these. Signals are not followed: see {@link #pathTo(OrderStatus, Signal)}.
     *
     * @throws IllegalArgumentException when no path of successes leads to {@code end}
     */
    public static List<OrderStatus> pathTo(OrderStatus end) {
        return pathFrom(PENDING, end);
    }

    /**
     * The statuses an order goes through to {@code end} when it waits and {@code signal} is what moves it on: the
     * path to the first waiting status the signal applies in, the signal's move, then the successes from there as in
     * {@link #pathTo(OrderStatus)}. (A signal heard before the order waits, a cancel of an order on its way, finds it
     * wherever the pipeline has taken it by then: no one path.)
     *
     * @throws IllegalArgumentException when {@code signal} applies in no waiting status, or no path leads on to {@code end}
     */
    public static List<OrderStatus> pathTo(OrderStatus end, Signal signal) {
        SignalRule rule = onSignal(signal);
        OrderStatus waiting = Arrays.stream(OrderStatus.values()).filter(OrderStatus::isWaiting).filter(rule::appliesIn)
                .findFirst().orElseThrow(() -> new IllegalArgumentException(signal + " moves no waiting order"));
        List<OrderStatus> path = new ArrayList<>(pathTo(waiting));
        path.addAll(pathFrom(rule.to(), end));
        return List.copyOf(path);
    }

    private static List<OrderStatus> pathFrom(OrderStatus start, OrderStatus end) {
        List<OrderStatus> path = new ArrayList<>(List.of(start));
        for (OrderStatus at = start; at != end; ) {
            Stage stage = stageAt(at).orElseThrow(() -> new IllegalArgumentException("No path of successes leads to " + end));
            boolean leadsThere = List.of(stage.onSuccess(), stage.onPending(), stage.onDecline(), stage.onFailure()).stream()
                    .anyMatch(exit -> exit instanceof Exit.MoveTo move && move.to() == end);
            at = leadsThere ? end : stage.successStatus()
                    .orElseThrow(() -> new IllegalArgumentException("No path of successes leads to " + end));
            path.add(at);
        }
        return List.copyOf(path);
    }

    /** Where {@code signal} leads, and from which statuses. */
    public static SignalRule onSignal(Signal signal) {
        return SIGNALS.get(signal);
    }

    /** The most step calls one stage can need: its undos first, its step, then the longest list of undos. */
    public static int mostStepCallsPerChange() {
        return STAGES.values().stream()
                .mapToInt(stage -> stage.undoFirst().size() + 1 + List.of(stage.onDecline(), stage.onFailure()).stream()
                        .mapToInt(exit -> exit instanceof Exit.MoveTo move ? move.undo().size() : 0).max().orElse(0))
                .max().orElse(1);
    }

    /** Where an answer leads. */
    public sealed interface Exit {

        /** Undo these steps' effects, in this order, then move the order to {@code to}. */
        record MoveTo(List<Step> undo, OrderStatus to) implements Exit {
            public MoveTo {
                undo = List.copyOf(undo);
                Objects.requireNonNull(to, "to");
            }
        }

        /** The stage is done; the order stays where it is. */
        record Stay() implements Exit {
        }

        /** The order stays where it is, and its stream record is delivered again later. */
        record RetryTheRecord() implements Exit {
        }
    }

    /**
     * One row of the table.
     *
     * @param undoFirst steps whose effects are undone, in this order, before the step runs
     */
    public record Stage(OrderStatus at, List<Step> undoFirst, Step step, Exit onSuccess, Exit onPending, Exit onDecline, Exit onFailure) {

        public Stage {
            undoFirst = List.copyOf(undoFirst);
        }

        /** Where the step's answer leads; a stale answer leads nowhere (the order has moved on). */
        public Exit exitFor(StepResult.Outcome outcome) {
            return switch (outcome) {
                case SUCCEEDED -> onSuccess;
                case PENDING -> onPending;
                case DECLINED -> onDecline;
                case FAILED -> onFailure;
                case STALE -> throw new IllegalArgumentException("A stale answer leads nowhere: the order has moved on");
            };
        }

        /** The status a success moves the order to; empty where the order stays. */
        public Optional<OrderStatus> successStatus() {
            return onSuccess instanceof Exit.MoveTo move ? Optional.of(move.to()) : Optional.empty();
        }

        /** The status the order waits in when the step's work is finished outside; empty where the stage has no wait. */
        public Optional<OrderStatus> pendingStatus() {
            return onPending instanceof Exit.MoveTo move && move.to().isWaiting() ? Optional.of(move.to()) : Optional.empty();
        }
    }

    // The small language the table above is written in.

    private static StageBuilder at(OrderStatus status) {
        return new StageBuilder(status, List.of(), null, null, null, null, null);
    }

    private static Exit.MoveTo moveTo(OrderStatus status) {
        return new Exit.MoveTo(List.of(), status);
    }

    private static Undoing undo(Step... steps) {
        return new Undoing(List.of(steps));
    }

    private record Undoing(List<Step> steps) {
        Exit.MoveTo thenMoveTo(OrderStatus status) {
            return new Exit.MoveTo(steps, status);
        }
    }

    private static Exit.Stay stay() {
        return new Exit.Stay();
    }

    private static Exit.RetryTheRecord retryTheRecord() {
        return new Exit.RetryTheRecord();
    }

    private record StageBuilder(OrderStatus at, List<Step> undoFirst, Step step, Exit onSuccess, Exit onPending, Exit onDecline,
                                Exit onFailure) {

        StageBuilder undoFirst(Step... steps) {
            return new StageBuilder(at, List.of(steps), step, onSuccess, onPending, onDecline, onFailure);
        }

        StageBuilder run(Step step) {
            return new StageBuilder(at, undoFirst, step, onSuccess, onPending, onDecline, onFailure);
        }

        StageBuilder onSuccess(Exit exit) {
            return new StageBuilder(at, undoFirst, step, exit, onPending, onDecline, onFailure);
        }

        StageBuilder onPending(Exit.MoveTo exit) {
            return new StageBuilder(at, undoFirst, step, onSuccess, exit, onDecline, onFailure);
        }

        StageBuilder onDecline(Exit exit) {
            return new StageBuilder(at, undoFirst, step, onSuccess, onPending, exit, onFailure);
        }

        StageBuilder onFailure(Exit exit) {
            return new StageBuilder(at, undoFirst, step, onSuccess, onPending, onDecline, exit);
        }

        Stage build() {
            if (step == null || onSuccess == null || onFailure == null) {
                throw new IllegalStateException("The stage at " + at + " needs a step, a success exit and a failure exit");
            }
            if (onSuccess instanceof Exit.MoveTo move && !move.undo().isEmpty()) {
                throw new IllegalStateException("The stage at " + at + " undoes on success: a success's move is its step's own write");
            }
            if (onSuccess instanceof Exit.RetryTheRecord) {
                throw new IllegalStateException("The stage at " + at + " retries its record on success: it would never end");
            }
            if (onPending instanceof Exit.MoveTo wait && (!wait.undo().isEmpty() || !wait.to().isWaiting())) {
                throw new IllegalStateException("The stage at " + at + " waits in " + wait.to()
                        + ": a wait is the step's own move, to a waiting status, with nothing undone");
            }
            if (at.isWaiting()) {
                throw new IllegalStateException(at + " waits for the world outside: nothing runs there");
            }
            // Where no decline is named, a decline counts as a failure; so does a wait where the stage has none.
            return new Stage(at, undoFirst, step, onSuccess, onPending == null ? onFailure : onPending,
                    onDecline == null ? onFailure : onDecline, onFailure);
        }
    }

    private static SignalBuilder when(Signal signal) {
        return new SignalBuilder(signal, Set.of());
    }

    private record SignalBuilder(Signal signal, Set<OrderStatus> in) {
        SignalBuilder in(OrderStatus... statuses) {
            return new SignalBuilder(signal, Set.of(statuses));
        }

        SignalRule moveTo(OrderStatus to) {
            return new SignalRule(signal, in, to);
        }
    }

    private static Map<Signal, SignalRule> signals(SignalRule... rules) {
        Map<Signal, SignalRule> bySignal = new EnumMap<>(Signal.class);
        for (SignalRule rule : rules) {
            if (bySignal.put(rule.signal(), rule) != null) {
                throw new IllegalStateException("Two rows for " + rule.signal());
            }
            if (rule.in().stream().anyMatch(OrderStatus::isTerminal)) {
                throw new IllegalStateException(rule.signal() + " would move an order that has ended");
            }
        }
        if (bySignal.size() != Signal.values().length) {
            throw new IllegalStateException("Every signal needs its row");
        }
        // No order waits for ever: a deadline ends every wait.
        Arrays.stream(OrderStatus.values()).filter(OrderStatus::isWaiting)
                .filter(waiting -> !bySignal.get(Signal.DEADLINE_PASSED).appliesIn(waiting))
                .findFirst().ifPresent(waiting -> {
                    throw new IllegalStateException(waiting + " waits with no deadline");
                });
        return Map.copyOf(bySignal);
    }

    private static Map<OrderStatus, Stage> table(StageBuilder... rows) {
        Map<OrderStatus, Stage> stages = new EnumMap<>(OrderStatus.class);
        Arrays.stream(rows).map(StageBuilder::build).forEach(stage -> {
            if (stages.put(stage.at(), stage) != null) {
                throw new IllegalStateException("Two stages at " + stage.at());
            }
        });
        return Map.copyOf(stages);
    }
}
