package io.serverlessorch.storage.dynamodb;

import io.serverlessorch.retry.RetryBudget;
import io.serverlessorch.storage.StorageContentionException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads items of one table by key with BatchGetItem: at most 100 keys a request, and the keys DynamoDB
 * leaves unprocessed (throttling, or a response over 16 MB) asked for again after a backoff, as the storage
 * budget allows ({@link RetryBudget#storage()}).
 */
final class BatchGets {

    /** BatchGetItem takes at most this many keys. */
    static final int MAX_KEYS = 100;

    private BatchGets() {
    }

    /** The items found under {@code keys}, in no particular order; keys with no item are left out. */
    static List<Map<String, AttributeValue>> getAll(DynamoDbClient dynamoDb, String table,
                                                    List<Map<String, AttributeValue>> keys, boolean consistentRead) {
        RetryBudget.Storage storage = RetryBudget.DEFAULT.storage();
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += MAX_KEYS) {
            List<Map<String, AttributeValue>> pending = keys.subList(from, Math.min(keys.size(), from + MAX_KEYS));
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                if (attempt > 1) {
                    if (attempt > storage.tries()) {
                        throw new StorageContentionException("Reads of " + table + " kept being throttled: "
                                + pending.size() + " keys left", null);
                    }
                    storage.backoff().sleepBeforeRetry(attempt - 1);
                }
                List<Map<String, AttributeValue>> request = pending;
                BatchGetItemResponse response = dynamoDb.batchGetItem(r -> r.requestItems(Map.of(table,
                        KeysAndAttributes.builder().keys(request).consistentRead(consistentRead).build())));
                found.addAll(response.responses().getOrDefault(table, List.of()));
                KeysAndAttributes unprocessed = response.unprocessedKeys().get(table);
                pending = unprocessed == null ? List.of() : unprocessed.keys();
            }
        }
        return found;
    }
}
