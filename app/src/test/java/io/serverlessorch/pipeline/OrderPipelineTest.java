package io.serverlessorch.pipeline;

import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.pipeline.OrderPipeline.Decision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

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
            INVENTORY_RESERVED | PAYMENT      | DECLINED  | PAYMENT_FAILED     | INVENTORY
            INVENTORY_RESERVED | PAYMENT      | FAILED    | FAILED             | INVENTORY
            PAYMENT_COMPLETED  | FULFILLMENT  | SUCCEEDED | FULFILLED          |
            PAYMENT_COMPLETED  | FULFILLMENT  | FAILED    | FAILED             | PAYMENT INVENTORY
            PAYMENT_COMPLETED  | FULFILLMENT  | DECLINED  | FAILED             | PAYMENT INVENTORY
            FULFILLED          | NOTIFICATION | SUCCEEDED | COMPLETED          |
            FULFILLED          | NOTIFICATION | FAILED    | COMPLETED          |
            """)
    void stage(OrderStatus from, Step step, StepResult.Outcome answer, OrderStatus expected, String undo) {
        OrderPipeline.Stage stage = OrderPipeline.stageAt(from).orElseThrow();

        Decision.Move decision = assertInstanceOf(Decision.Move.class, stage.decide(new StepResult(answer, "code", "because", false)));

        assertEquals(step, stage.step());
        assertEquals(expected, decision.to());
        List<Step> expectedUndo = undo == null ? List.of() : Arrays.stream(undo.split(" ")).map(Step::valueOf).toList();
        assertEquals(expectedUndo, decision.undo());
    }

    @ParameterizedTest
    @CsvSource({"VALIDATION_FAILED", "OUT_OF_STOCK", "PAYMENT_FAILED", "FAILED"})
    void everyUnsuccessfulEndTellsTheCustomerAndStays(OrderStatus status) {
        OrderPipeline.Stage stage = OrderPipeline.stageAt(status).orElseThrow();

        assertEquals(Step.NOTIFICATION, stage.step());
        assertInstanceOf(Decision.Stay.class, stage.decide(StepResult.succeeded("notified", "told")));
        // A message that could not be sent is tried again with the stream record; the order never moves.
        assertInstanceOf(Decision.RetryLater.class, stage.decide(StepResult.failed("mail server down")));
    }

    @ParameterizedTest
    @CsvSource({"VALIDATION_FAILED", "OUT_OF_STOCK", "PAYMENT_FAILED", "FAILED", "COMPLETED"})
    void terminalStatusesNeverMove(OrderStatus status) {
        assertTrue(status.isTerminal());
        OrderPipeline.stageAt(status).ifPresent(stage -> {
            for (StepResult.Outcome outcome : List.of(StepResult.Outcome.SUCCEEDED, StepResult.Outcome.DECLINED, StepResult.Outcome.FAILED)) {
                assertFalse(stage.decide(new StepResult(outcome, "c", "r", false)) instanceof Decision.Move,
                        status + " moved on " + outcome);
            }
        });
    }

    @Test
    void aCompletedOrderHasNothingMoreToDo() {
        assertTrue(OrderPipeline.stageAt(OrderStatus.COMPLETED).isEmpty());
    }

    @Test
    void aFailureNamesTheStepThatKeptFailing() {
        Decision.Move move = (Decision.Move) OrderPipeline.stageAt(OrderStatus.VALIDATED).orElseThrow()
                .decide(StepResult.failed("timeout"));

        assertEquals("inventory_failed", move.code());
        assertEquals("inventory kept failing: timeout", move.reason());
    }

    @ParameterizedTest
    @CsvSource({"PENDING", "VALIDATED", "INVENTORY_RESERVED", "PAYMENT_COMPLETED", "FULFILLED"})
    void everyStageEndsSomewhereWhateverTheStepAnswers(OrderStatus from) {
        OrderPipeline.Stage stage = OrderPipeline.stageAt(from).orElseThrow();
        for (StepResult.Outcome outcome : List.of(StepResult.Outcome.SUCCEEDED, StepResult.Outcome.DECLINED, StepResult.Outcome.FAILED)) {
            Decision decision = stage.decide(new StepResult(outcome, "c", "r", false));
            OrderStatus to = assertInstanceOf(Decision.Move.class, decision, from + " + " + outcome).to();
            assertFalse(to == from, "a stage never stays where it was");
        }
    }
}
