package io.serverlessorch.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.serverlessorch.logging.LogContext;
import io.serverlessorch.pipeline.OrderStreamProcessor;
import io.serverlessorch.pipeline.TimeBudget;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The stream processor Lambda, on the orders table's stream. Reports the first record it could not handle
 * as a batch item failure (ReportBatchItemFailures), so that one record does not replay the whole batch.
 */
public class StreamProcessorHandler extends MicronautRequestHandler<DynamodbEvent, StreamsEventResponse> {

    @Inject
    OrderStreamProcessor processor;

    @Inject
    TimeBudget budget;

    @Inject
    Clock clock;

    public StreamProcessorHandler() {
        super();
    }

    public StreamProcessorHandler(ApplicationContextBuilder contextBuilder) {
        super(contextBuilder);
    }

    @Override
    public StreamsEventResponse execute(DynamodbEvent event) {
        // Micronaut's final handleRequest(event, context) registers the invocation's Context as a bean, then calls this.
        Optional<Context> lambda = getApplicationContext().findBean(Context.class);
        LogContext.invocationStarted(lambda.map(Context::getAwsRequestId).orElse(null));
        try {
            // Lambda's own clock where there is one; a caller without a context gets the configured timeout.
            Duration remaining = lambda.map(context -> Duration.ofMillis(context.getRemainingTimeInMillis()))
                    .orElse(budget.processorTimeout());
            List<StreamsEventResponse.BatchItemFailure> failures = processor.process(OrderStreamEvents.changes(event), clock.instant().plus(remaining))
                    .map(sequenceNumber -> List.of(new StreamsEventResponse.BatchItemFailure(sequenceNumber)))
                    .orElse(List.of());
            return new StreamsEventResponse(failures);
        } finally {
            LogContext.invocationEnded();
        }
    }
}
