package io.serverlessorch.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.serverlessorch.logging.LogContext;
import io.serverlessorch.pipeline.OrderStreamProcessor;
import io.serverlessorch.pipeline.Step;
import io.serverlessorch.pipeline.TimeBudget;
import io.serverlessorch.invocation.StepDispatcher;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The stream processor Lambda, on the orders table's stream. Reports the first record it could not handle
 * as a batch item failure (ReportBatchItemFailures), so that one record does not replay the whole batch.
 *
 * <p>A plain {@link RequestHandler} over a Micronaut context rather than Micronaut's {@code MicronautRequestHandler},
 * which registers each invocation's Lambda context as beans before every call: the handler reads the request id
 * and the time left from the context itself.
 */
public class StreamProcessorHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse>, AutoCloseable {

    private final ApplicationContext context;
    private final OrderStreamProcessor processor;
    private final TimeBudget budget;
    private final Clock clock;
    private final SnapStartPriming snapStart;

    /** Lambda's entry point. */
    public StreamProcessorHandler() {
        this(FunctionContexts.builder().start(), true);
    }

    public StreamProcessorHandler(ApplicationContextBuilder contextBuilder) {
        this(contextBuilder.start(), false);
    }

    private StreamProcessorHandler(ApplicationContext context, boolean inLambda) {
        this.context = context;
        this.processor = context.getBean(OrderStreamProcessor.class);
        this.budget = context.getBean(TimeBudget.class);
        this.clock = context.getBean(Clock.class);
        this.snapStart = inLambda ? SnapStartPriming.register("stream-processor", this::prime) : null;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context lambda) {
        LogContext.invocationStarted(lambda == null ? null : lambda.getAwsRequestId());
        try {
            // Lambda's own clock where there is one; a caller without a context gets the configured timeout.
            Duration remaining = lambda == null ? budget.processorTimeout() : Duration.ofMillis(lambda.getRemainingTimeInMillis());
            List<StreamsEventResponse.BatchItemFailure> failures = processor.process(OrderStreamEvents.changes(event), clock.instant().plus(remaining))
                    .map(sequenceNumber -> List.of(new StreamsEventResponse.BatchItemFailure(sequenceNumber)))
                    .orElse(List.of());
            return new StreamsEventResponse(failures);
        } finally {
            LogContext.invocationEnded();
        }
    }

    /** SnapStart priming: a batch of one record that is no order change, and every step's payloads. */
    void prime() {
        SnapStartPriming.primeStreamProcessor(event -> handleRequest(event, null));
        SnapStartPriming.primeStepPayloads(context.getBean(StepDispatcher.class), List.of(Step.values()));
    }

    public ApplicationContext getApplicationContext() {
        return context;
    }

    @Override
    public void close() {
        context.close();
    }
}
