package io.serverlessorch.pipeline;

import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.domain.Product;
import io.serverlessorch.testing.DynamoDbLocalExtension;
import io.serverlessorch.support.PipelineTestbed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Many orders, driven in parallel, for the last units of one product: never oversold, none lost to the race. */
@ExtendWith(DynamoDbLocalExtension.class)
class StockRaceTest {

    @Test
    void fifteenOrdersForTenUnitsEndTenCompletedAndFiveOutOfStock(URI endpoint) throws Exception {
        try (PipelineTestbed bed = new PipelineTestbed(endpoint)) {
            Map<OrderStatus, Long> counts = race(bed, "product-limited", new BigDecimal("99.00"), 15, 15);

            assertEquals(Map.of(OrderStatus.COMPLETED, 10L, OrderStatus.OUT_OF_STOCK, 5L), counts);
            Product limited = bed.product("product-limited");
            assertEquals(List.of(0L, 0L, 10L), List.of(limited.stock(), limited.reserved(), limited.shipped()));
        }
    }

    /**
     * A flash sale: the stock is split across 8 counters and each order starts at the one its hash picks,
     * so counters run dry unevenly; an order whose counter is dry must find the units left in the others.
     */
    @Test
    void threeHundredOrdersForTwoHundredUnitsInEightBucketsSellEveryUnitExactlyOnce(URI endpoint) throws Exception {
        try (PipelineTestbed bed = new PipelineTestbed(endpoint)) {
            Map<OrderStatus, Long> counts = race(bed, PipelineTestbed.HOT_PRODUCT, PipelineTestbed.HOT_PRICE, 300, 32);

            assertEquals(Map.of(OrderStatus.COMPLETED, PipelineTestbed.HOT_STOCK, OrderStatus.OUT_OF_STOCK, 300 - PipelineTestbed.HOT_STOCK), counts);
            Product hot = bed.product(PipelineTestbed.HOT_PRODUCT);
            assertEquals(PipelineTestbed.HOT_BUCKETS, hot.stockBuckets());
            assertEquals(List.of(0L, 0L, PipelineTestbed.HOT_STOCK), List.of(hot.stock(), hot.reserved(), hot.shipped()));
        }
    }

    /** Orders larger than any bucket, all at once: each is split over the buckets, and the stock is sold to the last order it can serve. */
    @Test
    void tenOrdersOfThirtyUnitsFromEightBucketsOfTwentyFiveSellSixAndEveryUnitOnce(URI endpoint) throws Exception {
        try (PipelineTestbed bed = new PipelineTestbed(endpoint)) {
            Map<OrderStatus, Long> counts = race(bed, PipelineTestbed.HOT_PRODUCT, PipelineTestbed.HOT_PRICE, 30, 10, 10);

            assertEquals(Map.of(OrderStatus.COMPLETED, 6L, OrderStatus.OUT_OF_STOCK, 4L), counts);
            Product hot = bed.product(PipelineTestbed.HOT_PRODUCT);
            assertEquals(List.of(20L, 0L, 180L), List.of(hot.stock(), hot.reserved(), hot.shipped()));
        }
    }

    /** Places {@code orders} orders of one unit, then drives them all at once on {@code threads} threads. */
    private static Map<OrderStatus, Long> race(PipelineTestbed bed, String productId, BigDecimal price, int orders, int threads)
            throws Exception {
        return race(bed, productId, price, 1, orders, threads);
    }

    /** Places {@code orders} orders of {@code units} units, then drives them all at once on {@code threads} threads. */
    private static Map<OrderStatus, Long> race(PipelineTestbed bed, String productId, BigDecimal price, int units, int orders, int threads)
            throws Exception {
        List<Order> placed = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            placed.add(bed.place(PipelineTestbed.draft(productId, units, price, null)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<OrderStatus>> outcomes = new ArrayList<>();
        for (Order order : placed) {
            Callable<OrderStatus> drive = () -> {
                go.await();
                return bed.drive(order.orderId()).order().status();
            };
            outcomes.add(pool.submit(drive));
        }
        go.countDown();
        List<OrderStatus> statuses = new ArrayList<>();
        for (Future<OrderStatus> outcome : outcomes) {
            statuses.add(outcome.get());
        }
        pool.shutdown();
        return statuses.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
