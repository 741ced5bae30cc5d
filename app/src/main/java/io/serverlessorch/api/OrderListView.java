package io.serverlessorch.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** A page of orders, newest first; {@code next_token} is absent on the last page. */
@Serdeable(naming = SnakeCaseStrategy.class)
@Schema(name = "OrderPage")
public record OrderListView(
        @JsonInclude(JsonInclude.Include.ALWAYS) @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<OrderView> orders,
        @Schema(example = "eyJwayI6Im9yZGVyIzNmMmI4YzFlIn0") String nextToken) {
}
