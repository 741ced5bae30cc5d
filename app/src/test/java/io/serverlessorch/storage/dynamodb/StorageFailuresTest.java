package io.serverlessorch.storage.dynamodb;

import io.serverlessorch.storage.StorageContentionException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.util.Optional;

import static io.serverlessorch.storage.dynamodb.StorageFailures.Kind.BUSY;
import static io.serverlessorch.storage.dynamodb.StorageFailures.Kind.UNREACHABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which failures of DynamoDB a client should wait out, and which are faults. */
class StorageFailuresTest {

    @Test
    void throttlingAndContentionAreBusy() {
        assertEquals(Optional.of(BUSY), StorageFailures.of(ProvisionedThroughputExceededException.builder().message("slow down").build()));
        assertEquals(Optional.of(BUSY), StorageFailures.of(RequestLimitExceededException.builder().message("slow down").build()));
        assertEquals(Optional.of(BUSY), StorageFailures.of(ThrottlingException.builder().message("slow down").build()));
        assertEquals(Optional.of(BUSY), StorageFailures.of(new StorageContentionException("lost the race 4 times", null)));
        assertEquals(Optional.of(BUSY), StorageFailures.of(DynamoDbException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").build()).build()));
        assertEquals(Optional.of(BUSY), StorageFailures.of(InternalServerErrorException.builder().statusCode(500).build()));
    }

    @Test
    void noAnswerIsUnreachable() {
        assertEquals(Optional.of(UNREACHABLE), StorageFailures.of(SdkClientException.create("Unable to execute HTTP request", new ConnectException("refused"))));
        assertEquals(Optional.of(UNREACHABLE), StorageFailures.of(ApiCallTimeoutException.create(2000)));
    }

    @Test
    void aCauseIsFoundUnderWrappers() {
        assertEquals(Optional.of(BUSY), StorageFailures.of(new IllegalStateException("reading the order",
                ProvisionedThroughputExceededException.builder().build())));
        assertEquals(Optional.of(UNREACHABLE), StorageFailures.of(new UncheckedIOException("read", new java.io.IOException(
                SdkClientException.create("reset")))));
    }

    @Test
    void faultsToFixAreNotWaitedOut() {
        assertEquals(Optional.empty(), StorageFailures.of(ResourceNotFoundException.builder().statusCode(400).message("no such table").build()));
        assertEquals(Optional.empty(), StorageFailures.of(ConditionalCheckFailedException.builder().statusCode(400).build()));
        assertEquals(Optional.empty(), StorageFailures.of(DynamoDbException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ValidationException").build()).build()));
        assertEquals(Optional.empty(), StorageFailures.of(new IllegalStateException("a bug")));
    }
}
