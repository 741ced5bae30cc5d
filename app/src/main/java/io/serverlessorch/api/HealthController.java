package io.serverlessorch.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.serde.annotation.Serdeable;
import io.serverlessorch.orders.OrderService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /health}: 200 when the orders table answers, 503 otherwise. */
@Controller("/health")
@ApiDocumentation.SharedAnswers
public class HealthController {

    private static final Logger LOG = LoggerFactory.getLogger(HealthController.class);

    private final OrderService orders;

    public HealthController(OrderService orders) {
        this.orders = orders;
    }

    @Operation(operationId = "getHealth", tags = ApiDocumentation.HEALTH, summary = "Whether the service can reach its table")
    @ApiResponse(responseCode = "200", description = "UP: the orders table answers")
    @Get
    public HttpResponse<Health> health() {
        try {
            orders.checkStorage();
            return HttpResponse.ok(new Health("UP"));
        } catch (RuntimeException e) {
            LOG.warn("Health check failed: the orders table did not answer", e);
            throw new HttpStatusException(HttpStatus.SERVICE_UNAVAILABLE, "The orders table cannot be reached");
        }
    }

    @Serdeable
    @Schema(name = "Health")
    public record Health(@Schema(type = "string", requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = "UP", example = "UP") String status) {
    }
}
