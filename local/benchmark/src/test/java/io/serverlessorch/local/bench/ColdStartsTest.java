package io.serverlessorch.local.bench;

import io.serverlessorch.local.LocalSystem;
import io.serverlessorch.pipeline.Step;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every step's function has its cold start timed: its probe, in a fresh JVM told its step as the stack tells a
 * step function, handles the request the processor would send it. (On the test's classpath rather than the
 * deployment jar, which LambdaJarIT covers.)
 */
class ColdStartsTest {

    @Test
    void everyStepHasAProbeThatHandlesItsRequest() throws Exception {
        String classpath = System.getProperty("java.class.path");
        try (LocalSystem system = LocalSystem.start(new LocalSystem.Options(0, null, 0))) {
            for (Step step : Step.values()) {
                String kind = step.id();
                assertTrue(ColdStarts.kinds().contains(kind), "the benchmark times " + kind);
                // The probe fails with its output when it does not handle the request.
                assertTrue(ColdStarts.timeToFirstRequest(system, classpath, kind, ColdStarts.argumentFor(system, kind)) > 0, kind);
            }
        }
    }
}
