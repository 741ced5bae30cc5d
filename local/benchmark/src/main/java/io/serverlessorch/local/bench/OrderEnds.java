package io.serverlessorch.local.bench;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;

/**
 * When each order was placed and when it reached its terminal status, read from the order items the stream
 * processor is handed: the benchmark learns of every end without querying the table it is measuring.
 */
final class OrderEnds {

    private static final Set<String> TERMINAL = Arrays.stream(OrderStatus.values()).filter(OrderStatus::isTerminal).map(Enum::name).collect(Collectors.toUnmodifiableSet());

    /** Order id to {created, ended} in epoch millis. */
    private final Map<String, long[]> ends = new ConcurrentHashMap<>();

    void observe(DynamodbEvent event) {
        for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
            Map<String, AttributeValue> order = record.getDynamodb().getNewImage();
            if (order == null || !"ORDER".equals(text(order, "sk")) || !TERMINAL.contains(text(order, "status"))) {
                continue;
            }
            ends.putIfAbsent(text(order, "order_id"), new long[]{
                    Instant.parse(text(order, "created_at")).toEpochMilli(),
                    Instant.parse(text(order, "updated_at")).toEpochMilli()});
        }
    }

    /** Waits until every one of {@code orderIds} has ended; false when {@code timeout} passed first. */
    boolean awaitAll(Collection<String> orderIds, Duration timeout, IntConsumer progress) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        int reported = -1;
        while (Instant.now().isBefore(deadline)) {
            int ended = (int) orderIds.stream().filter(ends::containsKey).count();
            if (ended == orderIds.size()) {
                return true;
            }
            if (ended / 250 != reported) {
                reported = ended / 250;
                progress.accept(ended);
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** {created, ended} in epoch millis. */
    long[] of(String orderId) {
        return ends.get(orderId);
    }

    private static String text(Map<String, AttributeValue> image, String name) {
        AttributeValue value = image.get(name);
        return value == null ? null : value.getS();
    }
}
