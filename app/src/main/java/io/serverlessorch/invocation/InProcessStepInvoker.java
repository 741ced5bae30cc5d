package io.serverlessorch.invocation;

import io.serverlessorch.pipeline.StepInvoker;
import io.serverlessorch.pipeline.StepRequest;
import io.serverlessorch.pipeline.StepResult;

/**
 * Runs steps in this JVM, through the same JSON payloads a Lambda invocation carries: for the local run
 * and the tests.
 */
public class InProcessStepInvoker implements StepInvoker {

    private final StepDispatcher dispatcher;

    public InProcessStepInvoker(StepDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public StepResult invoke(StepRequest request) {
        return dispatcher.readResult(dispatcher.handle(dispatcher.write(request), request.step()));
    }
}
