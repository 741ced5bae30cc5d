package io.serverlessorch.pipeline;

import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.pipeline.OrderPipeline.Exit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The flow table, row by row: given an order in a status, when its step answers, expect the move and the undo. */
class OrderPipelineTest {

    @ParameterizedTest(name = "{0} + {1} answers {2} -> {3}, undoing [{4}]")
    @CsvSource(delimiter = '|', textBlock = """
            PENDING            | VALIDATOR    | SUCCEEDED | VALIDATED          |
            PENDING            | VALIDATOR    | DECLINED  | VALIDATION_FAILED  |
            PENDING            | VALIDATOR    | FAILED    | FAILED             |
            VALIDATED          | INVENTORY    | SUCCEEDED | INVENTORY_RESERVED |
            VALIDATED          | INVENTORY    | DECLINED  | OUT_OF_STOCK       |
            VALIDATED          | INVENTORY    | FAILED    | FAILED             |
            INVENTORY_RESERVED | PAYMENT      | SUCCEEDED | PAYMENT_COMPLETED  |
            INVENTORY_RESERVED | PAYMENT      | PENDING   | PAYMENT_PENDING    |
            INVENTORY_RESERVED | PAYMENT      | DECLINED  | PAYMENT_FAILED     | INVENTORY
            INVENTORY_RESERVED | PAYMENT      | FAILED    | FAILED             | INVENTORY
            PAYMENT_COMPLETED  | FULFILLMENT  | SUCCEEDED | FULFILLED          |
            PAYMENT_COMPLETED  | FULFILLMENT  | FAILED    | FAILED             | PAYMENT INVENTORY
            PAYMENT_COMPLETED  | FULFILLMENT  | DECLINED  | FAILED             | PAYMENT INVENTORY
            PAYMENT_COMPLETED  | FULFILLMENT  | PENDING   | FAILED             | PAYMENT INVENTORY
            VALIDATED          | INVENTORY    | PENDING   | FAILED             |
            FULFILLED          | NOTIFICATION | SUCCEEDED | COMPLETED          |
            FULFILLED          | NOTIFICATION | FAILED    | COMPLETED          |
            """)
    void stage(OrderStatus from, Step step, StepResult.Outcome answer, OrderStatus expected, String undo) {
        OrderPipeline.Stage stage = OrderPipeline.stageAt(from).orElseThrow();

        Exit.MoveTo decision = assertInstanceOf(Exit.MoveTo.class, stage.exitFor(answer));

        assertEquals(step, stage.step());
        assertEquals(expected, decision.to());
        List<Step> expectedUndo = undo == null ? List.of() : Arrays.stream(undo.split(" ")).map(Step::valueOf).toList();
        assertEquals(expectedUndo, decision.undo());
    }

    @ParameterizedTest
    @CsvSource({"VALIDATION_FAILED", "OUT_OF_STOCK", "PAYMENT_FAILED", "FAILED", "CANCELLED"})
    void everyUnsuccessfulEndTellsTheCustomerAndStays(OrderStatus status) {
        OrderPipeline.Stage stage = OrderPipeline.stageAt(status).orElseThrow();

        assertEquals(Step.NOTIFICATION, stage.step());
        assertInstanceOf(Exit.Stay.class, stage.exitFor(StepResult.Outcome.SUCCEEDED));
        // A message that could not be sent is tried again with the stream record; the order never moves.
        assertInstanceOf(Exit.RetryTheRecord.class, stage.exitFor(StepResult.Outcome.FAILED));
        assertInstanceOf(Exit.RetryTheRecord.class, stage.exitFor(StepResult.Outcome.DECLINED), "no decline named: a decline fails");
    }

    @ParameterizedTest
    @CsvSource({"VALIDATION_FAILED", "OUT_OF_STOCK", "PAYMENT_FAILED", "FAILED", "COMPLETED", "CANCELLED"})
    void terminalStatusesNeverMove(OrderStatus status) {
        assertTrue(status.isTerminal());
        OrderPipeline.stageAt(status).ifPresent(stage -> {
            for (StepResult.Outcome outcome : List.of(StepResult.Outcome.SUCCEEDED, StepResult.Outcome.DECLINED, StepResult.Outcome.FAILED)) {
                assertFalse(stage.exitFor(outcome) instanceof Exit.MoveTo,
                        status + " moved on " + outcome);
            }
        });
    }

    @Test
    void aStatusIsTerminalExactlyWhereTheTableLeavesAnOrderThatSucceedsAndWaitsForNothing() {
        for (OrderStatus status : OrderStatus.values()) {
            boolean leftThere = OrderPipeline.stageAt(status).flatMap(OrderPipeline.Stage::successStatus).isEmpty();
            assertEquals(leftThere, status.isTerminal() || status.isWaiting(), status.name());
        }
        assertFalse(OrderStatus.PENDING.isTerminal());
    }

    @Test
    void aWaitingStatusRunsNothingAndIsLeftBySignalsAlone() {
        assertTrue(OrderStatus.PAYMENT_PENDING.isWaiting());
        assertFalse(OrderStatus.PAYMENT_PENDING.isTerminal());
        assertTrue(OrderPipeline.stageAt(OrderStatus.PAYMENT_PENDING).isEmpty());
        for (OrderPipeline.Signal signal : OrderPipeline.Signal.values()) {
            assertTrue(OrderPipeline.onSignal(signal).appliesIn(OrderStatus.PAYMENT_PENDING), signal + " moves a waiting order");
        }
    }

    @Test
    void noSignalMovesAnOrderHandedToFulfillmentOrEnded() {
        for (OrderPipeline.Signal signal : OrderPipeline.Signal.values()) {
            assertFalse(OrderPipeline.onSignal(signal).appliesIn(OrderStatus.FULFILLED), signal.name());
            Arrays.stream(OrderStatus.values()).filter(OrderStatus::isTerminal)
                    .forEach(end -> assertFalse(OrderPipeline.onSignal(signal).appliesIn(end), signal + " in " + end));
        }
    }

    @Test
    void theStageOfAnEndASignalReachesUndoesWhatTheOrderMayHold() {
        assertEquals(List.of(Step.PAYMENT, Step.INVENTORY), OrderPipeline.stageAt(OrderStatus.CANCELLED).orElseThrow().undoFirst());
        assertEquals(List.of(Step.INVENTORY), OrderPipeline.stageAt(OrderStatus.PAYMENT_FAILED).orElseThrow().undoFirst());
    }

    @Test
    void thePathToAnEndFollowsTheSuccessesUntilTheStageThatLeadsThere() {
        assertEquals(List.of(OrderStatus.PENDING, OrderStatus.VALIDATED, OrderStatus.INVENTORY_RESERVED, OrderStatus.PAYMENT_COMPLETED,
                OrderStatus.FULFILLED, OrderStatus.COMPLETED), OrderPipeline.pathTo(OrderStatus.COMPLETED));
        assertEquals(List.of(OrderStatus.PENDING, OrderStatus.VALIDATED, OrderStatus.INVENTORY_RESERVED, OrderStatus.PAYMENT_FAILED),
                OrderPipeline.pathTo(OrderStatus.PAYMENT_FAILED));
        assertEquals(List.of(OrderStatus.PENDING, OrderStatus.VALIDATION_FAILED), OrderPipeline.pathTo(OrderStatus.VALIDATION_FAILED));
        assertEquals(List.of(OrderStatus.PENDING, OrderStatus.VALIDATED, OrderStatus.INVENTORY_RESERVED, OrderStatus.PAYMENT_PENDING),
                OrderPipeline.pathTo(OrderStatus.PAYMENT_PENDING), "a wait is reached as an exit of its stage");
    }

    @Test
    void thePathThroughAWaitTakesTheSignalsMoveThenTheSuccessesFromThere() {
        List<OrderStatus> toTheWait = List.of(OrderStatus.PENDING, OrderStatus.VALIDATED, OrderStatus.INVENTORY_RESERVED,
                OrderStatus.PAYMENT_PENDING);
        assertEquals(concat(toTheWait, List.of(OrderStatus.PAYMENT_COMPLETED, OrderStatus.FULFILLED, OrderStatus.COMPLETED)),
                OrderPipeline.pathTo(OrderStatus.COMPLETED, OrderPipeline.Signal.PAYMENT_CONFIRMED));
        assertEquals(concat(toTheWait, List.of(OrderStatus.PAYMENT_FAILED)),
                OrderPipeline.pathTo(OrderStatus.PAYMENT_FAILED, OrderPipeline.Signal.PAYMENT_REFUSED));
        assertEquals(concat(toTheWait, List.of(OrderStatus.CANCELLED)),
                OrderPipeline.pathTo(OrderStatus.CANCELLED, OrderPipeline.Signal.DEADLINE_PASSED));
        assertEquals(concat(toTheWait, List.of(OrderStatus.CANCELLED)),
                OrderPipeline.pathTo(OrderStatus.CANCELLED, OrderPipeline.Signal.CUSTOMER_CANCELS));
    }

    @Test
    void noPathIsMadeUpWhereNoneLeads() {
        assertThrows(IllegalArgumentException.class, () -> OrderPipeline.pathTo(OrderStatus.CANCELLED));
        assertThrows(IllegalArgumentException.class,
                () -> OrderPipeline.pathTo(OrderStatus.OUT_OF_STOCK, OrderPipeline.Signal.PAYMENT_CONFIRMED));
    }

    private static List<OrderStatus> concat(List<OrderStatus> first, List<OrderStatus> then) {
        return java.util.stream.Stream.concat(first.stream(), then.stream()).toList();
    }

    @ParameterizedTest(name = "{0} in {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            CUSTOMER_CANCELS  | PENDING VALIDATED INVENTORY_RESERVED PAYMENT_PENDING PAYMENT_COMPLETED | CANCELLED
            PAYMENT_CONFIRMED | PAYMENT_PENDING                                                      | PAYMENT_COMPLETED
            PAYMENT_REFUSED   | PAYMENT_PENDING                                                      | PAYMENT_FAILED
            DEADLINE_PASSED   | PAYMENT_PENDING                                                      | CANCELLED
            """)
    void signal(OrderPipeline.Signal signal, String in, OrderStatus to) {
        OrderPipeline.SignalRule rule = OrderPipeline.onSignal(signal);

        assertEquals(Arrays.stream(in.split(" ")).map(OrderStatus::valueOf).collect(Collectors.toSet()), rule.in());
        assertEquals(to, rule.to());
    }

    @Test
    void aWaitingStatusRunsNothingAndHasADeadline() {
        for (OrderStatus status : OrderStatus.values()) {
            if (status.isWaiting()) {
                assertTrue(OrderPipeline.stageAt(status).isEmpty(), status + " runs a stage");
                assertTrue(OrderPipeline.onSignal(OrderPipeline.Signal.DEADLINE_PASSED).appliesIn(status), status + " has no deadline");
            }
        }
        assertEquals(Optional.of(OrderStatus.PAYMENT_PENDING), OrderPipeline.stageAt(OrderStatus.INVENTORY_RESERVED).orElseThrow().pendingStatus());
        assertEquals(Optional.empty(), OrderPipeline.stageAt(OrderStatus.PAYMENT_COMPLETED).orElseThrow().pendingStatus());
    }

    @Test
    void aCancelThatUndoesTwoStepsBeforeItsMessageCountsInTheMostStepCallsOfAStage() {
        assertEquals(3, OrderPipeline.mostStepCallsPerChange());
    }

    @Test
    void aCompletedOrderHasNothingMoreToDo() {
        assertTrue(OrderPipeline.stageAt(OrderStatus.COMPLETED).isEmpty());
    }

    @Test
    void aSuccessMovesWithoutUndoingAndOnlyAnEndsStageStays() {
        for (OrderStatus status : OrderStatus.values()) {
            OrderPipeline.stageAt(status).ifPresent(stage -> {
                Exit success = stage.exitFor(StepResult.Outcome.SUCCEEDED);
                if (success instanceof Exit.MoveTo move) {
                    assertEquals(List.of(), move.undo(), status + ": a success's move is its step's own write");
                    assertEquals(move.to(), stage.successStatus().orElseThrow());
                } else {
                    assertInstanceOf(Exit.Stay.class, success, status.name());
                    assertTrue(status.isTerminal(), status + " stays on success but is no end");
                }
            });
        }
    }

    @ParameterizedTest
    @CsvSource({"PENDING", "VALIDATED", "INVENTORY_RESERVED", "PAYMENT_COMPLETED", "FULFILLED"})
    void everyStageEndsSomewhereWhateverTheStepAnswers(OrderStatus from) {
        OrderPipeline.Stage stage = OrderPipeline.stageAt(from).orElseThrow();
        for (StepResult.Outcome outcome : List.of(StepResult.Outcome.SUCCEEDED, StepResult.Outcome.DECLINED, StepResult.Outcome.FAILED)) {
            OrderStatus to = assertInstanceOf(Exit.MoveTo.class, stage.exitFor(outcome), from + " + " + outcome).to();
            assertFalse(to == from, "a stage never stays where it was");
        }
    }
}
