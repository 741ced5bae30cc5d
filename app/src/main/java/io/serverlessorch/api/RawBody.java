package io.serverlessorch.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.codec.CodecException;

/**
 * A request's body as the text it came as, for the routes that read it themselves. Bound with {@code @Body}, a
 * request with no body at all is refused before the route runs (400), which the cancel (whose body is optional)
 * and the webhook (whose signature must be checked first, so a missing one is 401) cannot have. Asked of an
 * {@code HttpRequest<String>}, the body is the text as it came, not JSON read and written again: a signature is
 * over its bytes.
 */
final class RawBody {

    private RawBody() {
    }

    /** The body as it came; null when there is none. */
    static @Nullable String of(HttpRequest<String> request) {
        try {
            return request.getBody().orElse(null);
        } catch (CodecException e) {
            // The reader refuses an empty body: it is no body.
            return null;
        }
    }
}
