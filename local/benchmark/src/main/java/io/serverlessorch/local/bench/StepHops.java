package io.serverlessorch.local.bench;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import io.serverlessorch.domain.Order;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Stream deliveries that called at least one step: how many times an order waited on the stream to be
 * moved on. Counted from outside the pipeline. A delivery is an order item's stream record handed to the
 * stream processor, which shows the order at one version; it is a hop when, while that invocation runs, a
 * step is called for the order at that very version. Each delivery counts once however many steps it
 * calls; a redelivery that calls a step again is another hop. A step called for a version the invocation
 * was not handed (a later stage of the same order run within the same invocation) is no hop of its own.
 *
 * <p>The local mapping invokes the processor one batch at a time, but the steps are called from the
 * processor's worker threads, so the invocation is not known by thread: a step call is matched against
 * what each running invocation was handed.
 */
final class StepHops {

    /** An order at one version, as one stream record showed it. */
    private record OrderVersion(String orderId, long version) {
    }

    /** One processor invocation: the order versions it was handed, and those that have called a step. */
    final class Invocation {
        private final Set<OrderVersion> delivered;
        private final Set<OrderVersion> hopped = ConcurrentHashMap.newKeySet();

        private Invocation(Set<OrderVersion> delivered) {
            this.delivered = delivered;
        }

        /** The invocation has returned or thrown: later step calls are not its. */
        void ended() {
            running.remove(this);
        }
    }

    private final Set<Invocation> running = ConcurrentHashMap.newKeySet();
    private final LongAdder hops = new LongAdder();

    /** An invocation about to be handed {@code event}; say when it has {@link Invocation#ended()}. */
    Invocation invoked(DynamodbEvent event) {
        Set<OrderVersion> delivered = new HashSet<>();
        for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
            Map<String, AttributeValue> image = record.getDynamodb() == null ? null : record.getDynamodb().getNewImage();
            if (image == null || !"ORDER".equals(text(image, "sk"))) {
                continue;
            }
            String orderId = text(image, "order_id");
            AttributeValue version = image.get("version");
            // An item the processor cannot read as an order calls no step: nothing to note.
            if (orderId != null && version != null && version.getN() != null) {
                delivered.add(new OrderVersion(orderId, Long.parseLong(version.getN())));
            }
        }
        Invocation invocation = new Invocation(Set.copyOf(delivered));
        running.add(invocation);
        return invocation;
    }

    /** A step is being called for {@code order}, as its request carries it. */
    void stepCalled(Order order) {
        OrderVersion asked = new OrderVersion(order.orderId(), order.version());
        for (Invocation invocation : running) {
            if (invocation.delivered.contains(asked)) {
                if (invocation.hopped.add(asked)) {
                    hops.increment();
                }
                return;
            }
        }
    }

    /** The hops since the last call, which start again from zero. */
    long sumThenReset() {
        return hops.sumThenReset();
    }

    private static String text(Map<String, AttributeValue> image, String name) {
        AttributeValue value = image.get(name);
        return value == null ? null : value.getS();
    }
}
