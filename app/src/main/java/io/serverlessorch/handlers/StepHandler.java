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
import java.util.Arrays;
import java.util.List;

/**
 * Every step Lambda: a {@code StepRequest} as JSON in, a {@code StepResult} as JSON out. Which step a function runs
 * is its {@value #STEP_PROPERTY} setting, which the stack sets on each step function ({@code ORCH_STEP=inventory}),
 * so a new step needs no handler of its own.
 */
public class StepHandler implements RequestStreamHandler, AutoCloseable {

    /** The step the function runs, in lower case: {@code validator}, {@code inventory}, ... */
    public static final String STEP_PROPERTY = "orch.step";

    private final Step step;
    private final ApplicationContext context;
    private final StepDispatcher dispatcher;
    private final SnapStartPriming snapStart;

    /** Lambda's entry point. */
    public StepHandler() {
        this(FunctionContexts.builder().start(), true);
    }

    /** @param context a started context whose {@value #STEP_PROPERTY} names the step */
    public StepHandler(ApplicationContext context) {
        this(context, false);
    }

    private StepHandler(ApplicationContext context, boolean inLambda) {
        this.context = context;
        this.step = stepOf(context.getProperty(STEP_PROPERTY, String.class).orElse(null));
        this.dispatcher = context.getBean(StepDispatcher.class);
        this.snapStart = inLambda ? SnapStartPriming.register(step.id() + "-step", this::prime) : null;
    }

    /** The step a {@value #STEP_PROPERTY} value names; none or an unknown one stops the function's start. */
    static Step stepOf(String name) {
        return Step.ofId(name)
                .orElseThrow(() -> new IllegalStateException("A step function runs the step its " + STEP_PROPERTY
                        + " (ORCH_STEP) names, one of " + Arrays.stream(Step.values()).map(Step::id).toList()
                        + ", not " + (name == null ? "none" : "'" + name + "'")));
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

    /** The step this function runs. */
    public Step step() {
        return step;
    }

    public ApplicationContext getApplicationContext() {
        return context;
    }

    @Override
    public void close() {
        context.close();
    }
}
