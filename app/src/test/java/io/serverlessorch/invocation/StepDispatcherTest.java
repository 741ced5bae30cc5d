package io.serverlessorch.invocation;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.serverlessorch.pipeline.PipelineStep;
import io.serverlessorch.pipeline.Step;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The step classes are found as beans: each step has one, and a missing or doubled one stops the start. */
class StepDispatcherTest {

    @Test
    void everyStepHasExactlyOneClassAndAMissingOrDoubledOneStopsTheStart() {
        try (ApplicationContext context = ApplicationContext.run()) {
            List<PipelineStep> steps = List.copyOf(context.getBeansOfType(PipelineStep.class));
            assertEquals(List.of(Step.values()), steps.stream().map(PipelineStep::step).sorted().toList());
            JsonMapper json = context.getBean(JsonMapper.class);

            IllegalStateException missing = assertThrows(IllegalStateException.class, () -> new StepDispatcher(steps.subList(1, steps.size()), json));
            assertTrue(missing.getMessage().startsWith("No class runs the " + steps.get(0).step() + " step"), missing.getMessage());
            List<PipelineStep> doubled = new ArrayList<>(steps);
            doubled.add(steps.get(0));
            IllegalStateException twice = assertThrows(IllegalStateException.class, () -> new StepDispatcher(doubled, json));
            assertTrue(twice.getMessage().startsWith("Two classes run the " + steps.get(0).step() + " step"), twice.getMessage());
        }
    }
}
