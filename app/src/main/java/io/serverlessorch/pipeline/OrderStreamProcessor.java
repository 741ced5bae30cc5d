package io.serverlessorch.pipeline;

import io.serverlessorch.domain.Order;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Handles a batch of the orders' changes: the statuses the batch's orders entered are recorded in their
 * histories together, then each status entered that no one carried on runs its order's stages (as many as
 * follow one another at once: {@link OrderOrchestrator#onStatusChange}); every other change is skipped.
 * Changes of one order are handled in stream order; different orders are handled side by side.
 */
public class OrderStreamProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(OrderStreamProcessor.class);

    private final OrderOrchestrator orchestrator;
    private final PipelineMetrics metrics;
    private final ExecutorService workers;
    private final TimeBudget budget;
    private final Clock clock;

    /**
     * @param metrics what the orchestrator reports to; published at the end of each batch
     * @param workers runs the orders of a batch side by side
     * @param budget  how much time an order change may need: none starts unless that much is left
     */
    public OrderStreamProcessor(OrderOrchestrator orchestrator, PipelineMetrics metrics, ExecutorService workers, TimeBudget budget, Clock clock) {
        this.orchestrator = orchestrator;
        this.metrics = metrics;
        this.workers = workers;
        this.budget = budget;
        this.clock = clock;
    }

    /**
     * @param deadline when the invocation will be stopped; a change that might not finish by then is not
     *                 started, and counts as not handled
     * @return the sequence number of the earliest change that could not be handled, if any. It and every
     *         change after it are to be delivered again; some of those may have been handled already, which
     *         is safe because handling is idempotent.
     */
    public Optional<String> process(List<OrderChange> changes, Instant deadline) {
        try {
            return handleBatch(changes, deadline);
        } finally {
            metrics.publish();
        }
    }

    private Optional<String> handleBatch(List<OrderChange> changes, Instant deadline) {
        AtomicInteger firstFailure = new AtomicInteger(Integer.MAX_VALUE);
        for (int i = 0; i < changes.size(); i++) {
            if (changes.get(i) instanceof OrderChange.Unreadable unreadable) {
                LOG.error("Stream record {} of order {} cannot be read; it will be retried", unreadable.sequenceNumber(),
                        unreadable.orderId(), unreadable.problem());
                firstFailure.accumulateAndGet(i, Math::min);
            }
        }
        // The statuses entered go into the histories in one go, before any order moves on.
        try {
            List<OrderChange.StatusEntered> entered = changes.stream()
                    .filter(OrderChange.StatusEntered.class::isInstance).map(OrderChange.StatusEntered.class::cast).toList();
            orchestrator.recordEntered(
                    entered.stream().filter(change -> !change.carriedOn()).map(OrderChange.StatusEntered::order).toList(),
                    entered.stream().filter(OrderChange.StatusEntered::carriedOn).map(OrderChange.StatusEntered::order).toList());
        } catch (RuntimeException e) {
            LOG.error("Could not record the batch's statuses in the histories; the batch will be retried", e);
            return changes.isEmpty() ? Optional.empty() : Optional.of(changes.get(0).sequenceNumber());
        }

        Map<String, List<Integer>> byOrder = new LinkedHashMap<>();
        for (int i = 0; i < changes.size(); i++) {
            byOrder.computeIfAbsent(changes.get(i).orderId(), id -> new ArrayList<>()).add(i);
        }
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (List<Integer> ofOneOrder : byOrder.values()) {
            running.add(CompletableFuture.runAsync(() -> {
                for (int index : ofOneOrder) {
                    if (!budget.covers(Duration.between(clock.instant(), deadline))) {
                        LOG.warn("Too little time left to start stream record {} of order {}; it will be delivered again",
                                changes.get(index).sequenceNumber(), changes.get(index).orderId());
                        firstFailure.accumulateAndGet(index, Math::min);
                        return;
                    }
                    if (!handle(changes.get(index), deadline)) {
                        firstFailure.accumulateAndGet(index, Math::min);
                        return; // later changes of this order wait for the retry
                    }
                }
            }, workers));
        }
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
        int failed = firstFailure.get();
        return failed == Integer.MAX_VALUE ? Optional.empty() : Optional.of(changes.get(failed).sequenceNumber());
    }

    private boolean handle(OrderChange change, Instant deadline) {
        if (change instanceof OrderChange.Unreadable) {
            return false;
        }
        if (!(change instanceof OrderChange.StatusEntered entered) || entered.carriedOn()) {
            // A carried-on move's stage ran in the invocation that made it: its record only adds to the history.
            return true;
        }
        Order order = entered.order();
        try {
            orchestrator.onStatusChange(order, deadline);
            return true;
        } catch (RetryTheRecordException e) {
            LOG.warn("Stream record {} (order {} entering {}) will be retried: {}", change.sequenceNumber(),
                    order.orderId(), order.status(), e.getMessage());
            return false;
        } catch (RuntimeException e) {
            LOG.error("Stream record {} (order {} entering {}) failed; it will be retried", change.sequenceNumber(),
                    order.orderId(), order.status(), e);
            return false;
        }
    }
}
