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
    void aStatusIsTerminalExactlyWhereTheTableLeavesAnOrderThatSucceeds() {
        for (OrderStatus status : OrderStatus.values()) {
            boolean leftThere = OrderPipeline.stageAt(status).flatMap(OrderPipeline.Stage::successStatus).isEmpty();
            assertEquals(leftThere, status.isTerminal() || status.isWaiting(), status.name());
        }
        assertFalse(OrderStatus.PENDING.isTerminal());
    }

    @Test
    void thePathToAnEndFollowsTheSuccessesUntilTheStageThatLeadsThere() {
        assertEquals(List.of(OrderStatus.PENDING, OrderStatus.VALIDATED, OrderStatus.INVENTORY_RESERVED, OrderStatus.PAYMENT_COMPLETED,
                OrderStatus.FULFILLED, OrderStatus.COMPLETED), OrderPipeline.pathTo(OrderStatus.COMPLETED));
        assertEquals(List.of(OrderStatus.PENDING, OrderStatus.VALIDATED, OrderStatus.INVENTORY_RESERVED, OrderStatus.PAYMENT_FAILED),
                OrderPipeline.pathTo(OrderStatus.PAYMENT_FAILED));
        assertEquals(List.of(OrderStatus.PENDING, OrderStatus.VALIDATION_FAILED), OrderPipeline.pathTo(OrderStatus.VALIDATION_FAILED));
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
    void aCustomerCannotCancelAnOrderHandedToFulfillmentNorOneThatEnded() {
        OrderPipeline.SignalRule cancel = OrderPipeline.onSignal(OrderPipeline.Signal.CUSTOMER_CANCELS);

        assertFalse(cancel.appliesIn(OrderStatus.FULFILLED));
        for (OrderStatus status : OrderStatus.values()) {
            if (status.isTerminal()) {
                assertFalse(cancel.appliesIn(status), status.name());
            }
        }
    }

    /**
     * A signal only moves the order: the stage of the end it leads to must undo whatever the order may hold in any
     * status the signal applies in (stock from INVENTORY_RESERVED on, a payment from PAYMENT_PENDING on).
     */
    @ParameterizedTest(name = "{0}: undoes {1} first")
    @CsvSource(delimiter = '|', textBlock = """
            CANCELLED      | PAYMENT INVENTORY
            PAYMENT_FAILED | INVENTORY
            """)
    void anEndASignalLeadsToUndoesWhatTheOrderMayHoldBeforeTellingTheCustomer(OrderStatus end, String undo) {
        OrderPipeline.Stage stage = OrderPipeline.stageAt(end).orElseThrow();

        assertEquals(Arrays.stream(undo.split(" ")).map(Step::valueOf).toList(), stage.undoFirst());
        assertEquals(Step.NOTIFICATION, stage.step());
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
