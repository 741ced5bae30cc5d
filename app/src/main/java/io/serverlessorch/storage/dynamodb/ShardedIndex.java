package io.serverlessorch.storage.dynamodb;

import io.serverlessorch.storage.StorageContentionException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static io.serverlessorch.storage.dynamodb.OrderItems.s;
import static io.serverlessorch.storage.dynamodb.Tables.Orders;

/**
 * Reads an index whose key is split into shards (see {@link IndexKeys}) as if it were one: newest first,
 * after a position. All shards are queried side by side and merged by {@code created_at}, then order id,
 * which together order every entry. A position is therefore one (created_at, order id) pair, valid in every
 * shard, and the page token stays as small as it was before the index was sharded.
 */
final class ShardedIndex {

    static final String READER_THREAD = "index-shard-reader";

    /** Newest first; an order id breaks a tie of creation times, so no two entries are equal. */
    static final Comparator<Entry> NEWEST_FIRST = Comparator.comparing(Entry::createdAt)
            .thenComparing(Entry::orderId).reversed();

    /**
     * Shard reads under way at once, across all listings of this JVM: one listing of the default 32 shards reads
     * them all side by side; more listings at once wait their turn instead of each starting 32 threads (50
     * clients listing took a local run from about 300 threads to 1,645, and everyone's requests with them).
     */
    static final int MOST_READERS = 32;

    /** Shards are read side by side; the threads wait on the network, not the CPU. Idle ones end after a minute. */
    private static final ThreadPoolExecutor READERS = new ThreadPoolExecutor(MOST_READERS, MOST_READERS, 60, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), task -> {
                Thread thread = new Thread(task, READER_THREAD);
                thread.setDaemon(true);
                return thread;
            });

    static {
        READERS.allowCoreThreadTimeOut(true);
    }

    /** An index entry: where an order sits in the listing. */
    record Entry(String createdAt, String orderId) {

        static Entry of(Map<String, AttributeValue> indexItem) {
            return new Entry(OrderItems.str(indexItem, Orders.CREATED_AT), OrderItems.str(indexItem, Orders.PARTITION_KEY));
        }

        boolean isAfter(Entry position) {
            return NEWEST_FIRST.compare(this, position) > 0;
        }
    }

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final String indexName;
    private final String partitionAttribute;

    ShardedIndex(DynamoDbClient dynamoDb, String tableName, String indexName, String partitionAttribute) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.indexName = indexName;
        this.partitionAttribute = partitionAttribute;
    }

    /**
     * The first {@code count} entries of the merged shards after {@code position} (all of them when fewer). One key
     * (an unsharded index such as the customer index) is read on the caller's thread: there is nothing to overlap.
     */
    List<Entry> newest(List<String> shards, int count, Optional<Entry> position) {
        List<Entry> merged = new ArrayList<>();
        if (shards.size() == 1) {
            merged.addAll(newestOfShard(shards.get(0), count, position));
        } else {
            List<CompletableFuture<List<Entry>>> reads = shards.stream()
                    .map(shard -> CompletableFuture.supplyAsync(() -> newestOfShard(shard, count, position), READERS))
                    .toList();
            try {
                reads.forEach(read -> merged.addAll(read.join()));
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw new StorageContentionException("A shard of " + indexName + " could not be read", e.getCause());
            }
        }
        merged.sort(NEWEST_FIRST);
        return merged.subList(0, Math.min(count, merged.size()));
    }

    /**
     * At least the first {@code count} entries of one shard after the position, and every entry sharing the
     * creation time of the last of them: DynamoDB does not order entries of equal sort key by order id,
     * so the whole tie is read before the merge decides which of them come first. One entry more than the page
     * is asked for, so that one Query usually shows the tie has ended (the extra entry is newer or older); asking
     * for exactly the page made every full shard take a second Query to find that out. After a position, one more
     * again: the Query starts at the position's own time, so it reads the previous page's last entry again.
     */
    private List<Entry> newestOfShard(String shard, int count, Optional<Entry> position) {
        Map<String, String> names = new HashMap<>(Map.of("#pk", partitionAttribute));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":pk", s(shard)));
        String condition = "#pk = :pk";
        if (position.isPresent()) {
            names.put("#created", Orders.CREATED_AT);
            values.put(":created", s(position.get().createdAt()));
            condition += " AND #created <= :created";
        }
        List<Entry> found = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        String lastRead = null;
        do {
            QueryResponse page = dynamoDb.query(QueryRequest.builder()
                    .tableName(tableName)
                    .indexName(indexName)
                    .keyConditionExpression(condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .scanIndexForward(false)
                    .limit(count + (position.isPresent() ? 2 : 1))
                    .exclusiveStartKey(startKey)
                    .build());
            for (Map<String, AttributeValue> item : page.items()) {
                Entry entry = Entry.of(item);
                lastRead = entry.createdAt();
                if (position.isEmpty() || entry.isAfter(position.get())) {
                    found.add(entry);
                }
            }
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null && (found.size() <= count || lastRead.equals(found.get(count - 1).createdAt())));
        return found;
    }
}
