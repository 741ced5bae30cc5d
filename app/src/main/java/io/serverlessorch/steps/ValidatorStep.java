package io.serverlessorch.steps;

import io.serverlessorch.domain.Money;
import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderLine;
import io.serverlessorch.domain.OrderRules;
import io.serverlessorch.pipeline.PipelineStep;
import io.serverlessorch.pipeline.Step;
import io.serverlessorch.pipeline.StepResult;
import io.serverlessorch.pipeline.SuccessMove;
import io.serverlessorch.storage.CatalogRepository;
import io.serverlessorch.storage.OrderRepository;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * The business checks of an order against the catalog. The server never trusts a client's prices: every
 * line must carry the catalog's current price. A valid order is moved on by this step, as every step moves
 * its success; its move is its only write.
 */
@Singleton
public class ValidatorStep implements PipelineStep {

    private final CatalogRepository catalog;
    private final OrderRepository orders;
    private final ValidationPolicy policy;

    public ValidatorStep(CatalogRepository catalog, OrderRepository orders, ValidationPolicy policy) {
        this.catalog = catalog;
        this.orders = orders;
        this.policy = policy;
    }

    @Override
    public Step step() {
        return Step.VALIDATOR;
    }

    @Override
    public StepResult execute(Order order, SuccessMove onSuccess) {
        Optional<String> broken = OrderRules.broken(order);
        if (broken.isPresent()) {
            return StepResult.declined("invalid_order", "the stored order breaks the API's rules: " + broken.get());
        }
        if (!policy.supportedCountries().contains(order.shippingAddress().country())) {
            return StepResult.declined("country_not_supported", "we do not ship to " + order.shippingAddress().country());
        }
        Map<String, BigDecimal> prices = catalog.unitPrices(order.items().stream().map(OrderLine::productId).toList());
        for (OrderLine line : order.items()) {
            BigDecimal price = prices.get(line.productId());
            if (price == null) {
                return StepResult.declined("unknown_product", "unknown product " + line.productId());
            }
            if (price.compareTo(line.unitPrice()) != 0) {
                return StepResult.declined("price_mismatch", "the price of " + line.productId() + " is " + price
                        + ", not " + line.unitPrice());
            }
        }
        if (order.total().compareTo(policy.maxOrderTotal()) > 0) {
            return StepResult.declined("total_above_limit", "the total " + Money.format(order.total()) + " is above the limit of " + Money.format(policy.maxOrderTotal()));
        }
        String reason = "all checks passed";
        return orders.applyTransition(onSuccess.of(order, reason)) ? StepResult.succeeded("valid", reason) : StepResult.stale();
    }
}
