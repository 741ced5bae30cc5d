package io.serverlessorch.api;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

import java.util.List;

/**
 * An RFC 9457 problem: every 4xx and 5xx of this API has this body, as {@code application/problem+json}.
 * {@code errors} lists the fields that failed validation, each with its JSON path.
 */
@Serdeable
public record Problem(
        @Schema(requiredMode = RequiredMode.REQUIRED, example = "about:blank") String type,
        @Schema(requiredMode = RequiredMode.REQUIRED, example = "Not Found") String title,
        @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "400", maximum = "599", example = "404") int status,
        @Schema(example = "No order has the id '3f2b8c1e-5d4a-4e6f-9a7b-2c1d0e9f8a7b'") String detail,
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    @Serdeable
    @Schema(name = "FieldError")
    public record FieldError(
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "The field's JSON path", example = "items[0].quantity") String field,
            @Schema(requiredMode = RequiredMode.REQUIRED, example = "must be less than or equal to 1000") String message) {
    }
}
