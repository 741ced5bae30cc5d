package io.serverlessorch.storage.dynamodb;

import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.pipeline.TimeBudget;
import io.serverlessorch.retry.RetryBudget;
import io.serverlessorch.storage.StorageContentionException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our loops around single DynamoDB calls (contended transactions, unprocessed batch items and keys) all try as
 * often as the one storage budget says, and no more.
 */
class StorageRetriesTest {

    private static final int TRIES = RetryBudget.DEFAULT.storage().tries();
    private static final String TABLE = "orders";

    @Test
    void aTransactionThatKeepsLosingRacesIsTriedAsOftenAsTheBudgetSaysThenFails() {
        AtomicInteger tries = new AtomicInteger();
        DynamoDbClient dynamoDb = new StandIn() {
            @Override
            public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
                tries.incrementAndGet();
                throw cancelled("None", "TransactionConflict");
            }
        };

        assertThrows(StorageContentionException.class, () -> GuardedWrites.write(dynamoDb, List.of()));
        assertEquals(TRIES, tries.get());
    }

    @Test
    void aRaceLostOnceIsTriedAgainAndCommits() {
        AtomicInteger tries = new AtomicInteger();
        DynamoDbClient dynamoDb = new StandIn() {
            @Override
            public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
                if (tries.incrementAndGet() == 1) {
                    throw cancelled("ThrottlingError", "None");
                }
                return TransactWriteItemsResponse.builder().build();
            }
        };

        assertEquals(Optional.empty(), GuardedWrites.write(dynamoDb, List.of()));
        assertEquals(2, tries.get());
    }

    @Test
    void aRefusedConditionIsTheAnswerNotARace() {
        AtomicInteger tries = new AtomicInteger();
        DynamoDbClient dynamoDb = new StandIn() {
            @Override
            public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
                tries.incrementAndGet();
                throw cancelled(GuardedWrites.CONDITION_FAILED, "None");
            }
        };

        Optional<List<CancellationReason>> refused = GuardedWrites.write(dynamoDb, List.of());

        assertTrue(GuardedWrites.failed(refused.orElseThrow(), 0));
        assertEquals(1, tries.get());
    }

    @Test
    void keysLeftUnprocessedAreAskedForAgainAsOftenAsTheBudgetSaysThenTheReadFails() {
        AtomicInteger tries = new AtomicInteger();
        List<Map<String, AttributeValue>> keys = List.of(Map.of("id", AttributeValue.fromS("1")));
        DynamoDbClient dynamoDb = new StandIn() {
            @Override
            public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
                tries.incrementAndGet();
                return BatchGetItemResponse.builder()
                        .unprocessedKeys(Map.of(TABLE, KeysAndAttributes.builder().keys(keys).build())).build();
            }
        };

        assertThrows(StorageContentionException.class, () -> BatchGets.getAll(dynamoDb, TABLE, keys, false));
        assertEquals(TRIES, tries.get());
    }

    @Test
    void historyRecordsLeftUnprocessedAreWrittenAgainAsOftenAsTheBudgetSaysThenTheWriteFails() {
        AtomicInteger tries = new AtomicInteger();
        DynamoDbClient dynamoDb = new StandIn() {
            @Override
            public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
                tries.incrementAndGet();
                return BatchWriteItemResponse.builder().unprocessedItems(request.requestItems()).build();
            }
        };
        Order placed = DynamoOrderRepositoryTest.order(Instant.parse("2026-03-01T10:00:00Z"));
        Order validated = new Order(placed.orderId(), OrderStatus.VALIDATED, placed.customer(), placed.items(), placed.total(),
                placed.shippingAddress(), placed.payment(), placed.createdAt(), placed.updatedAt(), 1, "validated");

        DynamoOrderRepository orders = new DynamoOrderRepository(dynamoDb, TABLE, Duration.ZERO, Duration.ofDays(1));

        assertThrows(StorageContentionException.class, () -> orders.recordHistory(List.of(validated)));
        assertEquals(TRIES, tries.get());
    }

    /** The processor's time budget counts one BatchWriteItem per try of a batch's history. */
    @Test
    void aStreamBatchsHistoryFitsOneBatchWrite() {
        assertTrue(TimeBudget.BATCH_SIZE <= DynamoOrderRepository.BATCH_WRITE_LIMIT);
    }

    private static TransactionCanceledException cancelled(String... codes) {
        return TransactionCanceledException.builder().message("cancelled")
                .cancellationReasons(Arrays.stream(codes).map(code -> CancellationReason.builder().code(code).build()).toList())
                .build();
    }

    /** A DynamoDB client whose operations, unless a test gives one, are not supported. */
    private abstract static class StandIn implements DynamoDbClient {
        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {
        }
    }
}
