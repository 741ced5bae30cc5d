package io.serverlessorch.handlers;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.transformers.v2.dynamodb.DynamodbAttributeValueTransformer;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.serverlessorch.pipeline.OrderStreamProcessor;
import jakarta.inject.Inject;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;

/**
 * The stream processor Lambda, on the orders table's stream. Reports the first record it could not handle
 * as a batch item failure (ReportBatchItemFailures), so that one record does not replay the whole batch.
 */
public class StreamProcessorHandler extends MicronautRequestHandler<DynamodbEvent, StreamsEventResponse> {

    @Inject
    OrderStreamProcessor processor;

    public StreamProcessorHandler() {
        super();
    }

    public StreamProcessorHandler(ApplicationContextBuilder contextBuilder) {
        super(contextBuilder);
    }

    @Override
    public StreamsEventResponse execute(DynamodbEvent event) {
        List<OrderStreamProcessor.Change> changes = event.getRecords().stream()
                .map(record -> new OrderStreamProcessor.Change(
                        record.getDynamodb().getSequenceNumber(),
                        record.getEventName(),
                        sdk(record.getDynamodb().getKeys()),
                        sdk(record.getDynamodb().getNewImage()),
                        sdk(record.getDynamodb().getOldImage())))
                .toList();
        List<StreamsEventResponse.BatchItemFailure> failures = processor.process(changes)
                .map(sequenceNumber -> List.of(new StreamsEventResponse.BatchItemFailure(sequenceNumber)))
                .orElse(List.of());
        return new StreamsEventResponse(failures);
    }

    private static Map<String, AttributeValue> sdk(Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image) {
        return image == null ? Map.of() : DynamodbAttributeValueTransformer.toAttributeValueMapV2(image);
    }
}
