package io.serverlessorch.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.serverlessorch.domain.Customer;
import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderDraft;
import io.serverlessorch.domain.OrderLine;
import io.serverlessorch.domain.Payment;
import io.serverlessorch.domain.ShippingAddress;
import io.swagger.v3.oas.annotations.extensions.Extension;
import io.swagger.v3.oas.annotations.extensions.ExtensionProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.util.List;

/** The body of {@code POST /orders}. Unknown fields are rejected rather than silently dropped. */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = false)
@Schema(additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record CreateOrderRequest(
        @NotNull @Valid CustomerBody customer,
        @NotEmpty @Size(max = ApiLimits.MAX_ITEMS, message = "must hold between 1 and " + ApiLimits.MAX_ITEMS + " items")
        @DistinctProducts List<@NotNull @Valid ItemBody> items,
        @NotNull @Valid AddressBody shippingAddress,
        @NotNull @Valid PaymentBody payment) {

    public OrderDraft toDraft() {
        return new OrderDraft(
                new Customer(customer.customerId(), customer.email(), customer.name()),
                // Validated to at most two decimals, so the scale never rounds.
                items.stream().map(item -> new OrderLine(item.productId(), item.quantity(),
                        item.unitPrice().setScale(Order.MONEY_SCALE))).toList(),
                new ShippingAddress(shippingAddress.street(), shippingAddress.city(), shippingAddress.state(),
                        shippingAddress.postalCode(), shippingAddress.country()),
                new Payment(payment.paymentMethod(), payment.cardToken()));
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = false)
    @Schema(name = "Customer", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record CustomerBody(
            @NotBlank @Size(max = ApiLimits.MAX_IDENTIFIER_LENGTH) @Pattern(regexp = ApiLimits.IDENTIFIER, message = ApiLimits.IDENTIFIER_MESSAGE) @Schema(example = "cust-1001") @StrictString String customerId,
            @NotBlank @Characters(max = 254) @Email @Schema(example = "ada@example.com") @StrictString String email,
            @NotBlank @Characters(max = 200) @Schema(example = "Ada Lovelace") @StrictString String name) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = false)
    @Schema(name = "OrderLineRequest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record ItemBody(
            @NotBlank @Size(max = ApiLimits.MAX_IDENTIFIER_LENGTH) @Pattern(regexp = ApiLimits.IDENTIFIER, message = ApiLimits.IDENTIFIER_MESSAGE) @Schema(example = "product-3") @StrictString String productId,
            @NotNull @Min(1) @Max(ApiLimits.MAX_QUANTITY) @Schema(example = "1")
            @Serdeable.Deserializable(using = WholeNumberDeserializer.class) Integer quantity,
            @NotNull @DecimalMin("0.01") @DecimalMax(ApiLimits.MAX_UNIT_PRICE)
            @Digits(integer = 7, fraction = 2, message = "must have at most 2 decimal places")
            @Schema(description = ApiDocumentation.CENTS, example = "149.50",
                    extensions = @Extension(properties = @ExtensionProperty(name = ApiDocumentation.FRACTION_DIGITS, value = "2", parseValue = true)))
            @Serdeable.Deserializable(using = StrictDecimalDeserializer.class) BigDecimal unitPrice) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = false)
    @Schema(name = "Address", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record AddressBody(
            @NotBlank @Characters(max = 200) @Schema(example = "12 Analytical Row") @StrictString String street,
            @NotBlank @Characters(max = 100) @Schema(example = "Seattle") @StrictString String city,
            @Characters(max = 100) @Schema(example = "WA") @StrictString String state,
            @NotBlank @Size(max = 20) @Pattern(regexp = ApiLimits.POSTAL_CODE, message = "may hold only letters, digits, spaces and hyphens")
            @Schema(example = "98101") @StrictString String postalCode,
            @NotBlank @Pattern(regexp = ApiLimits.COUNTRY, message = "must be an ISO 3166-1 alpha-2 country code such as US")
            @Schema(example = "US") @StrictString String country) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = false)
    @Schema(name = "PaymentRequest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record PaymentBody(
            @NotBlank @Pattern(regexp = ApiLimits.PAYMENT_METHODS, message = ApiLimits.PAYMENT_METHODS_MESSAGE)
            @Schema(type = "string", allowableValues = {ApiLimits.CREDIT_CARD, ApiLimits.DEBIT_CARD, ApiLimits.PAYPAL}, example = ApiLimits.CREDIT_CARD)
            @StrictString String paymentMethod,
            @Size(min = 1, max = 128) @Pattern(regexp = ApiLimits.IDENTIFIER, message = ApiLimits.IDENTIFIER_MESSAGE)
            @Schema(example = "tok_visa_4242") @StrictString String cardToken) {
    }
}
