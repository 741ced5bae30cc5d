package io.serverlessorch.api;

import io.serverlessorch.domain.Customer;
import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderDraft;
import io.serverlessorch.domain.OrderLine;
import io.serverlessorch.domain.Payment;
import io.serverlessorch.domain.ShippingAddress;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderViewTest {

    private static Order placedAt(String instant) {
        OrderDraft draft = new OrderDraft(new Customer("c", "c@example.com", "C"),
                List.of(new OrderLine("product-1", 1, new BigDecimal("5.00"))),
                new ShippingAddress("1 Main St", "Town", null, "12345", "US"), new Payment("credit_card", null));
        return Order.place("order-1", draft, Instant.parse(instant));
    }

    @Test
    void timestampsKeepTheirWidthSoThatTextOrderIsTimeOrder() {
        OrderView onTheSecond = OrderView.of(placedAt("2026-12-07T10:15:36Z"));
        OrderView later = OrderView.of(placedAt("2026-12-07T10:15:36.024Z"));

        assertEquals("2026-12-07T10:15:36.000Z", onTheSecond.createdAt());
        assertEquals("2026-12-07T10:15:36.024Z", later.createdAt());
        assertEquals(onTheSecond.createdAt().length(), later.createdAt().length());
        assertTrue(onTheSecond.createdAt().compareTo(later.createdAt()) < 0, "text order is time order");
    }
}
