package io.serverlessorch.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.serverlessorch.pipeline.StepInvoker;

import java.util.function.UnaryOperator;

/**
 * Trouble to put into a local run on purpose, to see the pipeline cope: wrap the stream processor (to
 * deliver records twice, say) or the step calls (to crash after an effect, or fail now and then). The same
 * hooks let the benchmark time every function, the API handler included.
 */
public record Faults(UnaryOperator<RequestHandler<DynamodbEvent, StreamsEventResponse>> streamProcessor,
                     UnaryOperator<StepInvoker> steps,
                     UnaryOperator<RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>> api) {

    public static final Faults NONE = new Faults(UnaryOperator.identity(), UnaryOperator.identity());

    /** Wraps the stream processor and the step calls; the API handler as it is. */
    public Faults(UnaryOperator<RequestHandler<DynamodbEvent, StreamsEventResponse>> streamProcessor,
                  UnaryOperator<StepInvoker> steps) {
        this(streamProcessor, steps, UnaryOperator.identity());
    }

    public static Faults inStreamProcessor(UnaryOperator<RequestHandler<DynamodbEvent, StreamsEventResponse>> wrapper) {
        return new Faults(wrapper, UnaryOperator.identity());
    }

    public static Faults inSteps(UnaryOperator<StepInvoker> wrapper) {
        return new Faults(UnaryOperator.identity(), wrapper);
    }
}
