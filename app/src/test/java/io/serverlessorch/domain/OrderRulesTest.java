package io.serverlessorch.domain;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderRulesTest {

    private static Order order(List<OrderLine> lines, String total) {
        return new Order("o-1", OrderStatus.PENDING, new Customer("c", "c@example.com", "C"), lines, new BigDecimal(total),
                new ShippingAddress("1 Main St", "Town", null, "12345", "US"), new Payment("credit_card", null),
                Instant.EPOCH, Instant.EPOCH, 0, null);
    }

    private static OrderLine line(String product, int quantity, String price) {
        return new OrderLine(product, quantity, new BigDecimal(price));
    }

    @Test
    void anOrderTheApiWouldAcceptKeepsEveryRule() {
        assertEquals(Optional.empty(), OrderRules.broken(order(List.of(line("a", 2, "19.99"), line("b", 1000, "0.01")), "49.98")));
        assertEquals(Optional.empty(), OrderRules.broken(order(List.of(line("a", 1, "1000000.00")), "1000000.00")));
    }

    @Test
    void eachBrokenRuleIsNamed() {
        assertTrue(OrderRules.broken(order(List.of(line("a", 0, "1.00")), "0.00")).orElseThrow().contains("quantity 0"));
        assertTrue(OrderRules.broken(order(List.of(line("a", 1001, "1.00")), "1001.00")).orElseThrow().contains("quantity 1001"));
        assertTrue(OrderRules.broken(order(List.of(line("a", 1, "19.991")), "19.99")).orElseThrow().contains("unit price 19.991"));
        assertTrue(OrderRules.broken(order(List.of(line("a", 1, "0.00")), "0.00")).orElseThrow().contains("unit price 0.00"));
        assertTrue(OrderRules.broken(order(List.of(line("a", 1, "1000000.01")), "1000000.01")).orElseThrow().contains("unit price"));
        assertTrue(OrderRules.broken(order(List.of(line("a", 2, "5.00")), "10.01")).orElseThrow().contains("total 10.01"));
        assertTrue(OrderRules.broken(order(List.of(line("a", 2, "5.00")), "10.001")).orElseThrow().contains("total 10.001"));
        assertTrue(OrderRules.broken(order(List.of(), "0.00")).orElseThrow().contains("0 lines"));
        assertTrue(OrderRules.broken(order(Collections.nCopies(51, line("a", 1, "1.00")), "51.00")).orElseThrow().contains("51 lines"));
        assertTrue(OrderRules.broken(order(List.of(line("a", 1, "1.00"), line("a", 1, "1.00")), "2.00")).orElseThrow().contains("repeats"));
    }
}
