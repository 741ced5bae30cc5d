package io.serverlessorch.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.server.types.files.FileCustomizableResponseType;

/**
 * Serves the OpenAPI document as {@code application/yaml} (RFC 9512). Static files get their type from
 * Micronaut's mime.types, which has no YAML and falls back to {@code text/plain}; a type set here is kept.
 */
@ServerFilter("/openapi/**")
public class OpenApiContentTypeFilter {

    public static final String APPLICATION_YAML = "application/yaml";

    @ResponseFilter
    public void yamlContentType(HttpRequest<?> request, MutableHttpResponse<?> response) {
        String path = request.getPath();
        if (response.body() instanceof FileCustomizableResponseType && (path.endsWith(".yml") || path.endsWith(".yaml"))) {
            response.contentType(APPLICATION_YAML);
        }
    }
}
