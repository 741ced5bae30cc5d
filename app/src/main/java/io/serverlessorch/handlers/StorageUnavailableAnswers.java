package io.serverlessorch.handlers;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.serverlessorch.api.Problem;
import io.serverlessorch.api.RetryAfter;
import io.serverlessorch.orders.OrderMetrics;
import io.serverlessorch.storage.StorageContentionException;
import io.serverlessorch.storage.dynamodb.StorageFailures;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

import java.util.Locale;
import java.util.Optional;

/**
 * The API's answer when storage failed in a way a client should wait out (see {@link StorageFailures}): {@code 503
 * Service Unavailable} with {@code Retry-After} and a problem that says whether the store was busy or unreachable,
 * never a {@code 500}. Each such answer is counted ({@code StorageUnavailable} by {@code Reason}) and logged once.
 * Any other failure of a DynamoDB call is the {@code 500} Micronaut would have answered.
 */
@Singleton
public class StorageUnavailableAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(StorageUnavailableAnswers.class);

    private final ErrorResponseProcessor<?> errors;
    private final OrderMetrics metrics;

    StorageUnavailableAnswers(ErrorResponseProcessor<?> errors, OrderMetrics metrics) {
        this.errors = errors;
        this.metrics = metrics;
    }

    HttpResponse<?> answer(HttpRequest<?> request, RuntimeException failure) {
        Optional<StorageFailures.Kind> kind = StorageFailures.of(failure);
        if (kind.isEmpty()) {
            LOG.error("Unexpected error occurred: {}", failure.getMessage(), failure);
            return errors.processResponse(ErrorContext.builder(request).cause(failure).errorMessage("Internal Server Error").build(),
                    HttpResponse.serverError());
        }
        boolean busy = kind.get() == StorageFailures.Kind.BUSY;
        int seconds = busy ? RetryAfter.busy() : RetryAfter.unreachable();
        String reason = kind.get().name().toLowerCase(Locale.ROOT);
        metrics.storageUnavailable(reason);
        LOG.warn("Storage {} after the client's retries: {} {} answered 503, Retry-After {} s ({}: {})",
                busy ? "was busy" : "could not be reached", request.getMethodName(), request.getPath(), seconds,
                failure.getClass().getSimpleName(), failure.getMessage());
        String detail = (busy ? "The order store is busy" : "The order store cannot be reached")
                + "; try again in " + seconds + " seconds (Retry-After)";
        return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(seconds))
                .contentType(Problem.MEDIA_TYPE)
                .body(new Problem("about:blank", HttpStatus.SERVICE_UNAVAILABLE.getReason(), 503, detail, null));
    }

    /** A DynamoDB call failed: throttled or unreachable is a 503. */
    @Singleton
    static class SdkFailures implements ExceptionHandler<SdkException, HttpResponse<?>> {
        private final StorageUnavailableAnswers answers;

        SdkFailures(StorageUnavailableAnswers answers) {
            this.answers = answers;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, SdkException exception) {
            return answers.answer(request, exception);
        }
    }

    /** Our loops around DynamoDB gave up on a contended or throttled write: a 503. */
    @Singleton
    static class Contention implements ExceptionHandler<StorageContentionException, HttpResponse<?>> {
        private final StorageUnavailableAnswers answers;

        Contention(StorageUnavailableAnswers answers) {
            this.answers = answers;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, StorageContentionException exception) {
            return answers.answer(request, exception);
        }
    }
}
