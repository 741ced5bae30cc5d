package io.serverlessorch.pipeline;

/**
 * Calls a step function. In AWS, a Lambda invocation; locally, an in-process call through the same JSON.
 * An invocation that fails (the function crashed, timed out, or could not be reached) throws.
 */
public interface StepInvoker {
    StepResult invoke(StepRequest request);
}
