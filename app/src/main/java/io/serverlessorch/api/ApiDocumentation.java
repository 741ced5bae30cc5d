package io.serverlessorch.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

/** The OpenAPI document's header; the build generates the rest from the controllers. */
@OpenAPIDefinition(info = @Info(
        title = "ServerlessOrch Order API",
        version = "1.0",
        description = "Place, read and list e-commerce orders. Errors are RFC 9457 problems (application/problem+json)."))
final class ApiDocumentation {
    private ApiDocumentation() {
    }
}
