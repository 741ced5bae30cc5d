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
            List<Order> orders = new ArrayList<>();
            for (int i = 0; i < 15; i++) {
                orders.add(bed.place(PipelineTestbed.draft("product-limited", 1, new BigDecimal("99.00"), null)));
            }
            ExecutorService pool = Executors.newFixedThreadPool(15);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<OrderStatus>> outcomes = new ArrayList<>();
            for (Order order : orders) {
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

            Map<OrderStatus, Long> counts = statuses.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertEquals(Map.of(OrderStatus.COMPLETED, 10L, OrderStatus.OUT_OF_STOCK, 5L), counts);
            Product limited = bed.product("product-limited");
            assertEquals(List.of(0L, 0L, 10L), List.of(limited.stock(), limited.reserved(), limited.shipped()));
        }
    }
}
