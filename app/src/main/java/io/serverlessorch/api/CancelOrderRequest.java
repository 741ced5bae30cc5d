package io.serverlessorch.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Pattern;

/** The optional body of {@code POST /orders/{order_id}/cancel}. Unknown fields are rejected rather than silently dropped. */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = false)
@Schema(additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record CancelOrderRequest(
        @Nullable @Characters(max = ApiLimits.MAX_CANCEL_REASON)
        @Pattern(regexp = ApiLimits.ONE_LINE, message = ApiLimits.ONE_LINE_MESSAGE)
        @Schema(example = "Ordered the wrong size") @StrictString String reason) {
}
