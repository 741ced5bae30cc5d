package io.serverlessorch.pipeline;

import io.serverlessorch.storage.OrderStreamRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Handles a batch of the orders table's stream records in order: each order status change moves its order
 * one stage on; every other record is skipped.
 */
public class OrderStreamProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(OrderStreamProcessor.class);

    private final OrderOrchestrator orchestrator;

    public OrderStreamProcessor(OrderOrchestrator orchestrator) {
        this.orchestrator = orchestrator;
    }

    /** One stream record, in the SDK's attribute model. */
    public record Change(String sequenceNumber, String eventName, Map<String, AttributeValue> keys,
                         Map<String, AttributeValue> newImage, Map<String, AttributeValue> oldImage) {
    }

    /**
     * @return the sequence number of the first record that could not be handled, if any. It and the records
     *         after it are to be delivered again (they may have been handled already: handling is idempotent).
     */
    public Optional<String> process(List<Change> changes) {
        for (Change change : changes) {
            try {
                OrderStreamRecords.statusChange(change.eventName(), change.keys(), change.newImage(), change.oldImage())
                        .ifPresent(orchestrator::onStatusChange);
            } catch (RuntimeException e) {
                LOG.error("Stream record {} ({} {}) failed; it will be retried", change.sequenceNumber(), change.eventName(), change.keys(), e);
                return Optional.of(change.sequenceNumber());
            }
        }
        return Optional.empty();
    }
}
