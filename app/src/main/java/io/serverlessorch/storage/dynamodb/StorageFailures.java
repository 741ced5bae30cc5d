package io.serverlessorch.storage.dynamodb;

import io.serverlessorch.storage.StorageContentionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;

import java.util.Optional;

/**
 * Which failures of a DynamoDB call mean "come back later" rather than a fault of ours: what is left of throttling,
 * contention or a service error once the client's retries and our loops gave up, and a table that could not be
 * reached at all (refused or cut-off connections, calls that timed out). Anything else (a missing table, a refused
 * request) is a fault to fix, not to wait out.
 */
public final class StorageFailures {

    /** Why storage could not serve a request that should be tried again later. */
    public enum Kind {
        /** DynamoDB throttled the requests, or they kept losing races, or it answered with a server error. */
        BUSY,
        /** DynamoDB did not answer: no connection, or no answer within the call's timeout. */
        UNREACHABLE
    }

    private StorageFailures() {
    }

    /** The kind of {@code failure} or of one of its causes; empty when it is not one to wait out. */
    public static Optional<Kind> of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            Optional<Kind> kind = kindOf(cause);
            if (kind.isPresent()) {
                return kind;
            }
        }
        return Optional.empty();
    }

    private static Optional<Kind> kindOf(Throwable failure) {
        if (failure instanceof StorageContentionException
                || failure instanceof ProvisionedThroughputExceededException
                || failure instanceof RequestLimitExceededException
                || failure instanceof ThrottlingException) {
            return Optional.of(Kind.BUSY);
        }
        if (failure instanceof AwsServiceException service && (service.isThrottlingException() || service.statusCode() >= 500)) {
            return Optional.of(Kind.BUSY);
        }
        if (failure instanceof SdkClientException) {
            // Connection refused or reset, unknown host, the call's or an attempt's timeout: all the same to a client.
            return Optional.of(Kind.UNREACHABLE);
        }
        return Optional.empty();
    }
}
