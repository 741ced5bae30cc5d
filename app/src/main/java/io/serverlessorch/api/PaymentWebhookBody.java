package io.serverlessorch.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.extensions.Extension;
import io.swagger.v3.oas.annotations.extensions.ExtensionProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;

/**
 * The body of {@code POST /payments/webhook}, as the provider sends it. Fields the provider adds over time are
 * ignored, as providers ask of their receivers; the ones read here must be there and well formed.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@Schema(name = "PaymentEvent")
public record PaymentWebhookBody(
        @NotBlank @Size(max = 255) @Pattern(regexp = ApiLimits.EVENT_ID, message = "must be the provider's event id, evt_ and letters, digits or '_'")
        @Schema(example = "evt_1QdR7sExample") @StrictString String id,
        @NotNull @Pattern(regexp = TYPES, message = "must be " + SUCCEEDED + " or " + FAILED)
        @Schema(type = "string", allowableValues = {SUCCEEDED, FAILED}, example = SUCCEEDED) @StrictString String type,
        @NotNull @Valid Data data) {

    public static final String SUCCEEDED = "payment.succeeded";
    public static final String FAILED = "payment.failed";
    static final String TYPES = "^(payment\\.succeeded|payment\\.failed)$";

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "PaymentEventData")
    public record Data(
            @NotBlank @Size(max = 64) @Schema(example = ApiDocumentation.ORDER_ID_EXAMPLE) @StrictString String orderId,
            @NotBlank @Pattern(regexp = ApiLimits.PAYMENT_REFERENCE, message = "must be the provider's payment reference")
            @Schema(example = "pay_8f3a1c") @StrictString String reference,
            @NotNull @DecimalMin(value = "0.01", message = "must be at least 0.01") @Digits(integer = 10, fraction = 2,
                    message = "must have at most 2 decimal places")
            @Schema(maximum = "9999999999.99", description = ApiDocumentation.CENTS, example = "149.50",
                    extensions = @Extension(properties = @ExtensionProperty(name = ApiDocumentation.FRACTION_DIGITS, value = "2", parseValue = true)))
            BigDecimal amount) {
    }
}
