package io.serverlessorch.api;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * An RFC 9457 problem: every 4xx and 5xx of this API has this body, as {@code application/problem+json}.
 * {@code errors} lists the fields that failed validation, each with its JSON path.
 */
@Serdeable
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    @Serdeable
    public record FieldError(String field, String message) {
    }
}
