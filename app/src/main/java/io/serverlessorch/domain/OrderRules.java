package io.serverlessorch.domain;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules every stored order keeps: the API refuses a request that breaks them, and the validator checks them
 * again, since an order item can reach the table by other ways than the API (a tool, a copy, a hand).
 */
public final class OrderRules {

    private OrderRules() {
    }

    public static final int MAX_LINES = 50;
    public static final int MAX_QUANTITY = 1000;
    public static final String MAX_UNIT_PRICE = "1000000.00";

    private static final BigDecimal MOST_PER_UNIT = new BigDecimal(MAX_UNIT_PRICE);

    /** What {@code order} breaks, in words for its history, or empty when it keeps every rule. */
    public static Optional<String> broken(Order order) {
        List<OrderLine> lines = order.items();
        if (lines.isEmpty() || lines.size() > MAX_LINES) {
            return Optional.of("it has " + lines.size() + " lines; an order has 1 to " + MAX_LINES);
        }
        Set<String> products = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            OrderLine line = lines.get(i);
            String which = "line " + (i + 1) + " (" + line.productId() + ")";
            if (!products.add(line.productId())) {
                return Optional.of(which + " repeats a product of an earlier line");
            }
            if (line.quantity() < 1 || line.quantity() > MAX_QUANTITY) {
                return Optional.of(which + " has quantity " + line.quantity() + "; a quantity is a whole number from 1 to " + MAX_QUANTITY);
            }
            BigDecimal price = line.unitPrice();
            if (price == null || price.signum() <= 0 || price.compareTo(MOST_PER_UNIT) > 0 || price.stripTrailingZeros().scale() > Order.MONEY_SCALE) {
                return Optional.of(which + " has unit price " + price + "; a price is from 0.01 to " + MAX_UNIT_PRICE + " in cents");
            }
        }
        BigDecimal total = order.total();
        BigDecimal sum = Order.totalOf(lines);
        if (total == null || total.compareTo(sum) != 0 || total.stripTrailingZeros().scale() > Order.MONEY_SCALE) {
            return Optional.of("its total " + total + " is not the sum of its lines, " + Money.format(sum));
        }
        return Optional.empty();
    }
}
