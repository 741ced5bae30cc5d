package io.serverlessorch.pipeline;

import io.serverlessorch.domain.Order;
import io.serverlessorch.storage.OrderStreamRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Handles a batch of the orders table's stream records: the statuses the batch's orders entered are
 * recorded in their histories together, then each order status change moves its order one stage on; every
 * other record is skipped. Records of one order are handled in stream order; different orders are handled
 * side by side.
 */
public class OrderStreamProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(OrderStreamProcessor.class);

    private final OrderOrchestrator orchestrator;
    private final ExecutorService workers;

    /** @param workers runs the orders of a batch side by side */
    public OrderStreamProcessor(OrderOrchestrator orchestrator, ExecutorService workers) {
        this.orchestrator = orchestrator;
        this.workers = workers;
    }

    /** One stream record, in the SDK's attribute model. */
    public record Change(String sequenceNumber, String eventName, Map<String, AttributeValue> keys,
                         Map<String, AttributeValue> newImage, Map<String, AttributeValue> oldImage) {
    }

    /**
     * @return the sequence number of the earliest record that could not be handled, if any. It and every
     *         record after it are to be delivered again; some of those may have been handled already, which
     *         is safe because handling is idempotent.
     */
    public Optional<String> process(List<Change> changes) {
        // Read every record first; the statuses entered go into the histories in one go.
        List<Optional<Order>> orders = new ArrayList<>();
        AtomicInteger firstFailure = new AtomicInteger(Integer.MAX_VALUE);
        for (int i = 0; i < changes.size(); i++) {
            Change change = changes.get(i);
            try {
                orders.add(OrderStreamRecords.statusChange(change.eventName(), change.keys(), change.newImage(), change.oldImage()));
            } catch (RuntimeException e) {
                LOG.error("Stream record {} ({} {}) cannot be read; it will be retried", change.sequenceNumber(), change.eventName(), change.keys(), e);
                orders.add(null);
                firstFailure.accumulateAndGet(i, Math::min);
            }
        }
        try {
            orchestrator.recordEntered(orders.stream().filter(o -> o != null && o.isPresent()).map(Optional::get).toList());
        } catch (RuntimeException e) {
            LOG.error("Could not record the batch's statuses in the histories; the batch will be retried", e);
            return Optional.of(changes.get(0).sequenceNumber());
        }

        Map<String, List<Integer>> byOrder = new LinkedHashMap<>();
        for (int i = 0; i < changes.size(); i++) {
            Map<String, AttributeValue> keys = changes.get(i).keys();
            String orderId = keys.containsKey("order_id") ? keys.get("order_id").s() : "#" + i;
            byOrder.computeIfAbsent(orderId, id -> new ArrayList<>()).add(i);
        }
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (List<Integer> ofOneOrder : byOrder.values()) {
            running.add(CompletableFuture.runAsync(() -> {
                for (int index : ofOneOrder) {
                    Optional<Order> order = orders.get(index);
                    if (order == null || !handle(changes.get(index), order)) {
                        firstFailure.accumulateAndGet(index, Math::min);
                        return; // later records of this order wait for the retry
                    }
                }
            }, workers));
        }
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
        int failed = firstFailure.get();
        return failed == Integer.MAX_VALUE ? Optional.empty() : Optional.of(changes.get(failed).sequenceNumber());
    }

    private boolean handle(Change change, Optional<Order> order) {
        try {
            order.ifPresent(orchestrator::onStatusChange);
            return true;
        } catch (RuntimeException e) {
            LOG.error("Stream record {} ({} {}) failed; it will be retried", change.sequenceNumber(), change.eventName(), change.keys(), e);
            return false;
        }
    }
}
