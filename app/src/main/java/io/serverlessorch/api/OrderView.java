package io.serverlessorch.api;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderHistory;
import io.serverlessorch.domain.OrderLine;
import io.serverlessorch.domain.StatusChange;

import java.math.BigDecimal;
import java.util.List;

/** An order as the API shows it. Never includes the card token. {@code history} only on a single order. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record OrderView(
        String orderId,
        String status,
        CreateOrderRequest.CustomerBody customer,
        List<ItemView> items,
        BigDecimal total,
        CreateOrderRequest.AddressBody shippingAddress,
        PaymentView payment,
        String createdAt,
        String updatedAt,
        List<HistoryEntry> history) {

    static OrderView of(Order order) {
        return of(order, null);
    }

    static OrderView of(OrderHistory orderHistory) {
        return of(orderHistory.order(), orderHistory.history().stream().map(HistoryEntry::of).toList());
    }

    private static OrderView of(Order order, List<HistoryEntry> history) {
        var customer = order.customer();
        var address = order.shippingAddress();
        return new OrderView(
                order.orderId(),
                order.status().name(),
                new CreateOrderRequest.CustomerBody(customer.customerId(), customer.email(), customer.name()),
                order.items().stream().map(ItemView::of).toList(),
                order.total(),
                new CreateOrderRequest.AddressBody(address.street(), address.city(), address.state(), address.postalCode(), address.country()),
                new PaymentView(order.payment().paymentMethod()),
                order.createdAt().toString(),
                order.updatedAt().toString(),
                history);
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record ItemView(String productId, int quantity, BigDecimal unitPrice, BigDecimal lineTotal) {
        static ItemView of(OrderLine line) {
            return new ItemView(line.productId(), line.quantity(), line.unitPrice(),
                    line.lineTotal().setScale(Order.MONEY_SCALE, java.math.RoundingMode.HALF_EVEN));
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record PaymentView(String paymentMethod) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record HistoryEntry(String status, String at, String reason) {
        static HistoryEntry of(StatusChange change) {
            return new HistoryEntry(change.status().name(), change.at().toString(), change.reason());
        }
    }
}
