package io.serverlessorch.domain;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OrderTest {

    @Test
    void aPlacedOrderIsPendingWithItsTotalToTheCent() {
        OrderDraft draft = new OrderDraft(new Customer("c", "c@example.com", "C"),
                List.of(new OrderLine("a", 3, new BigDecimal("0.10")), new OrderLine("b", 7, new BigDecimal("19.99"))),
                new ShippingAddress("s", "c", null, "1", "US"), new Payment("credit_card", null));

        Order order = Order.place("id", draft, Instant.EPOCH);

        assertEquals(OrderStatus.PENDING, order.status());
        assertEquals(new BigDecimal("140.23"), order.total());
        assertEquals(0, order.version());
    }
}
