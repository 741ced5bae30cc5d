package io.serverlessorch.handlers;

import io.micronaut.context.ApplicationContext;
import io.serverlessorch.pipeline.Step;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One handler class for every step function: each runs the step its setting names. */
class StepHandlerTest {

    @Test
    void eachStepsFunctionRunsTheStepItsSettingNames() {
        for (Step step : Step.values()) {
            try (StepHandler handler = new StepHandler(ApplicationContext.run(Map.of(StepHandler.STEP_PROPERTY, step.id())))) {
                assertEquals(step, handler.step());
            }
        }
    }

    @Test
    void aFunctionWithoutAStepOrWithAnUnknownOneDoesNotStart() {
        IllegalStateException none = assertThrows(IllegalStateException.class, () -> StepHandler.stepOf(null));
        assertTrue(none.getMessage().contains("orch.step (ORCH_STEP)") && none.getMessage().contains("not none"), none.getMessage());
        IllegalStateException unknown = assertThrows(IllegalStateException.class, () -> StepHandler.stepOf("validater"));
        assertTrue(unknown.getMessage().contains("validator") && unknown.getMessage().contains("not 'validater'"), unknown.getMessage());
    }
}
