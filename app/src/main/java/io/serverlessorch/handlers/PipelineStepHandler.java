package io.serverlessorch.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.micronaut.context.ApplicationContext;
import io.serverlessorch.invocation.StepDispatcher;
import io.serverlessorch.logging.LogContext;
import io.serverlessorch.pipeline.Step;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * A step Lambda: a {@code StepRequest} as JSON in, a {@code StepResult} as JSON out. One subclass per step,
 * so each function's configuration names what it runs.
 */
public abstract class PipelineStepHandler implements RequestStreamHandler, AutoCloseable {

    private final Step step;
    private final ApplicationContext context;
    private final StepDispatcher dispatcher;
    private final SnapStartPriming snapStart;

    /** Lambda's entry point. */
    protected PipelineStepHandler(Step step) {
        this(step, FunctionContexts.builder().start(), true);
    }

    protected PipelineStepHandler(Step step, ApplicationContext context) {
        this(step, context, false);
    }

    private PipelineStepHandler(Step step, ApplicationContext context, boolean inLambda) {
        this.step = step;
        this.context = context;
        this.dispatcher = context.getBean(StepDispatcher.class);
        this.snapStart = inLambda ? SnapStartPriming.register(step.name().toLowerCase() + "-step", this::prime) : null;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context lambdaContext) throws IOException {
        LogContext.invocationStarted(lambdaContext == null ? null : lambdaContext.getAwsRequestId());
        try {
            output.write(dispatcher.handle(input.readAllBytes(), step));
        } finally {
            LogContext.invocationEnded();
        }
    }

    /** SnapStart priming: the step's request and result through their JSON (the step itself reads and writes data). */
    void prime() {
        SnapStartPriming.primeStepPayloads(dispatcher, List.of(step));
    }

    public ApplicationContext getApplicationContext() {
        return context;
    }

    @Override
    public void close() {
        context.close();
    }
}
