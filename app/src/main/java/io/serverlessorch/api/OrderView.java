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
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

import jakarta.validation.constraints.NotNull;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * An order as the API shows it. Never includes the card token. Fields without a value are left out; the
 * required ones always have one. {@code history} only on a single order ({@code GET /orders/{order_id}}), and
 * always there.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@Schema(name = "Order")
public record OrderView(
        @Schema(requiredMode = RequiredMode.REQUIRED, example = ApiDocumentation.ORDER_ID_EXAMPLE) String orderId,
        @Schema(requiredMode = RequiredMode.REQUIRED, implementation = OrderStatus.class) String status,
        @Schema(description = "Why the order ended or waits, when it did", example = "Card declined") String statusReason,
        @NotNull CreateOrderRequest.CustomerBody customer,
        @Schema(requiredMode = RequiredMode.REQUIRED) List<ItemView> items,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "The sum of the lines, computed by the server", example = "149.50")
        BigDecimal total,
        @NotNull CreateOrderRequest.AddressBody shippingAddress,
        @NotNull PaymentView payment,
        ShipmentView shipment,
        MessageView customerMessage,
        @Schema(requiredMode = RequiredMode.REQUIRED, format = ApiDocumentation.DATE_TIME, example = ApiDocumentation.TIMESTAMP_EXAMPLE)
        String createdAt,
        @Schema(requiredMode = RequiredMode.REQUIRED, format = ApiDocumentation.DATE_TIME, example = ApiDocumentation.TIMESTAMP_EXAMPLE)
        String updatedAt,
        @Schema(description = "Every status the order went through, oldest first: only on GET /orders/{order_id}, and always there")
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
    @Schema(name = "OrderLine")
    public record ItemView(
            @Schema(requiredMode = RequiredMode.REQUIRED, example = "product-3") String productId,
            @Schema(requiredMode = RequiredMode.REQUIRED, example = "1") int quantity,
            @Schema(requiredMode = RequiredMode.REQUIRED, example = "149.50") BigDecimal unitPrice,
            @Schema(requiredMode = RequiredMode.REQUIRED, example = "149.50") BigDecimal lineTotal) {
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
    @Schema(name = "Payment")
    public record PaymentView(
            @Schema(type = "string", requiredMode = RequiredMode.REQUIRED, allowableValues = {ApiLimits.CREDIT_CARD, ApiLimits.DEBIT_CARD, ApiLimits.PAYPAL},
                    example = ApiLimits.CREDIT_CARD) String paymentMethod,
            @Schema(example = "pay_8f3a1c") String reference,
            @Schema(example = "149.50") BigDecimal amountCharged,
            @Schema(format = ApiDocumentation.DATE_TIME, example = ApiDocumentation.TIMESTAMP_EXAMPLE) String confirmBy,
            @Schema(format = ApiDocumentation.DATE_TIME, example = ApiDocumentation.TIMESTAMP_EXAMPLE) String voidedAt,
            @Schema(format = ApiDocumentation.DATE_TIME, example = ApiDocumentation.TIMESTAMP_EXAMPLE) String refundedAt) {
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
    @Schema(name = "Shipment")
    public record ShipmentView(
            @Schema(requiredMode = RequiredMode.REQUIRED, example = "1Z999AA10123456784") String trackingNumber,
            @Schema(requiredMode = RequiredMode.REQUIRED, format = ApiDocumentation.DATE_TIME, example = ApiDocumentation.TIMESTAMP_EXAMPLE)
            String shippedAt) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "CustomerMessage")
    public record MessageView(
            @Schema(requiredMode = RequiredMode.REQUIRED, example = "ada@example.com") String to,
            @Schema(requiredMode = RequiredMode.REQUIRED, example = "Your order has shipped") String subject,
            @Schema(requiredMode = RequiredMode.REQUIRED, format = ApiDocumentation.DATE_TIME, example = ApiDocumentation.TIMESTAMP_EXAMPLE)
            String sentAt) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "StatusChange")
    public record HistoryEntry(
            @Schema(requiredMode = RequiredMode.REQUIRED, implementation = OrderStatus.class) String status,
            @Schema(requiredMode = RequiredMode.REQUIRED, format = ApiDocumentation.DATE_TIME, example = ApiDocumentation.TIMESTAMP_EXAMPLE)
            String at,
            @Schema(example = "Card declined") String reason) {
        static HistoryEntry of(StatusChange change) {
            return new HistoryEntry(change.status().name(), Timestamps.format(change.at()), change.reason());
        }
    }
}
