package io.serverlessorch.api;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.server.types.files.FileCustomizableResponseType;

/**
 * Serves the OpenAPI document as {@code application/yaml} (RFC 9512). Static files get their type from
 * Micronaut's mime.types, which has no YAML and falls back to {@code text/plain}; a type set here is kept.
 */
@ServerFilter("/openapi/**")
public class OpenApiContentTypeFilter {

    public static final String APPLICATION_YAML = "application/yaml";

    /** The document is read-only: anything but GET and HEAD is a 405, not the document. */
    @RequestFilter
    public void readOnly(HttpRequest<?> request) {
        if (request.getMethod() != HttpMethod.GET && request.getMethod() != HttpMethod.HEAD) {
            throw new HttpStatusException(HttpStatus.METHOD_NOT_ALLOWED,
                    request.getMethodName() + " is not allowed on " + OrderController.abbreviate(request.getPath()) + "; use GET");
        }
    }

    @ResponseFilter
    public void yamlContentType(HttpRequest<?> request, MutableHttpResponse<?> response) {
        String path = request.getPath();
        if (response.body() instanceof FileCustomizableResponseType && (path.endsWith(".yml") || path.endsWith(".yaml"))) {
            response.contentType(APPLICATION_YAML);
        }
    }
}
