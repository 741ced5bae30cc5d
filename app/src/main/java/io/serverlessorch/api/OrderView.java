package io.serverlessorch.api;

import io.serverlessorch.domain.Timestamps;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderEffects;
import io.serverlessorch.domain.OrderHistory;
import io.serverlessorch.domain.OrderLine;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.domain.StatusChange;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/** An order as the API shows it. Never includes the card token. {@code history} only on a single order. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record OrderView(
        String orderId,
        String status,
        String statusReason,
        CreateOrderRequest.CustomerBody customer,
        List<ItemView> items,
        BigDecimal total,
        CreateOrderRequest.AddressBody shippingAddress,
        PaymentView payment,
        ShipmentView shipment,
        MessageView customerMessage,
        String createdAt,
        String updatedAt,
        List<HistoryEntry> history) {

    static OrderView of(Order order) {
        return of(order, OrderEffects.NONE, null);
    }

    static OrderView of(OrderHistory orderHistory) {
        return of(orderHistory.order(), orderHistory.effects(), orderHistory.history().stream().map(HistoryEntry::of).toList());
    }

    private static OrderView of(Order order, OrderEffects effects, List<HistoryEntry> history) {
        var customer = order.customer();
        var address = order.shippingAddress();
        return new OrderView(
                order.orderId(),
                order.status().name(),
                order.statusReason(),
                new CreateOrderRequest.CustomerBody(customer.customerId(), customer.email(), customer.name()),
                order.items().stream().map(ItemView::of).toList(),
                order.total(),
                new CreateOrderRequest.AddressBody(address.street(), address.city(), address.state(), address.postalCode(), address.country()),
                PaymentView.of(order, effects),
                effects.shipment() == null ? null
                        : new ShipmentView(effects.shipment().trackingNumber(), Timestamps.format(effects.shipment().at())),
                effects.message() == null ? null
                        : new MessageView(effects.message().to(), effects.message().subject(), Timestamps.format(effects.message().at())),
                Timestamps.format(order.createdAt()),
                Timestamps.format(order.updatedAt()),
                history);
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record ItemView(String productId, int quantity, BigDecimal unitPrice, BigDecimal lineTotal) {
        static ItemView of(OrderLine line) {
            return new ItemView(line.productId(), line.quantity(), line.unitPrice(),
                    line.lineTotal().setScale(Order.MONEY_SCALE, RoundingMode.HALF_EVEN));
        }
    }

    /**
     * How the order is paid: {@code reference} (the provider's) once the payment is taken in hand or charged,
     * {@code confirm_by} while the provider's confirmation is awaited, {@code voided_at} once a pending authorization
     * was given up, {@code refunded_at} once refunded.
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record PaymentView(String paymentMethod, String reference, BigDecimal amountCharged, String confirmBy, String voidedAt,
                              String refundedAt) {
        static PaymentView of(Order order, OrderEffects effects) {
            var charge = effects.charge();
            var pending = effects.pendingPayment();
            return new PaymentView(order.payment().paymentMethod(),
                    charge != null ? charge.reference() : pending == null ? null : pending.reference(),
                    charge == null ? null : charge.amount(),
                    pending == null || order.status() != OrderStatus.PAYMENT_PENDING ? null : Timestamps.format(pending.deadline()),
                    effects.authorizationVoidedAt() == null ? null : Timestamps.format(effects.authorizationVoidedAt()),
                    effects.refund() == null ? null : Timestamps.format(effects.refund().at()));
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record ShipmentView(String trackingNumber, String shippedAt) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record MessageView(String to, String subject, String sentAt) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record HistoryEntry(String status, String at, String reason) {
        static HistoryEntry of(StatusChange change) {
            return new HistoryEntry(change.status().name(), Timestamps.format(change.at()), change.reason());
        }
    }
}
