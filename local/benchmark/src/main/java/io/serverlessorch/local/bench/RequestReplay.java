package io.serverlessorch.local.bench;

import io.serverlessorch.local.SampleCatalog;
import io.serverlessorch.storage.dynamodb.DynamoCatalogRepository;
import io.serverlessorch.storage.dynamodb.TableNames;
import io.serverlessorch.storage.dynamodb.TableSchemas;
import io.serverlessorch.storage.dynamodb.Tables;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * The yardstick for the pipeline's throughput: the DynamoDB requests the pipeline made for its orders, exactly as
 * the application sent them (recorded by {@link DynamoDbUsage}: the same items, conditions and transactions),
 * sent again from a bare SDK client at the same concurrency into fresh copies of the tables on the same
 * DynamoDB Local (without the orders table's stream: see {@link #run}). What the pipeline adds on top of that
 * database work (the API, the handlers, the stream, JSON, the steps) is what the ratio of the two rates shows.
 *
 * <p>An order's requests go one after another in the order they were made, so each condition meets the item it
 * met the first time; the workers take whole orders. Requests of no one order (catalog reads, batches of
 * history records) go on their own.
 */
final class RequestReplay {

    private RequestReplay() {
    }

    /**
     * @param orders  the orders the requests were made for
     * @param refused requests that DynamoDB refused (a condition or a cancelled transaction), as it may have the
     *                first time
     */
    record Result(int orders, long requests, long refused, Duration took) {
        double ordersPerSecond() {
            return orders / Math.max(0.001, took.toNanos() / 1e9);
        }
    }

    static Result run(URI endpoint, TableNames original, List<SdkRequest> requests, int orders, int concurrency) throws Exception {
        TableNames copy = TableNames.withPrefix("replay-" + UUID.randomUUID().toString().substring(0, 8));
        Map<String, String> renamed = Map.of(original.orders(), copy.orders(), original.catalog(), copy.catalog());
        try (DynamoDbClient dynamoDb = DynamoDbClient.builder().endpointOverride(endpoint).httpClient(UrlConnectionHttpClient.create()).build()) {
            // Without a stream. With one, DynamoDB Local's bookkeeping of a second table's stream slows every write
            // (7 orders a second, read or not, against the pipeline's 45 to 51 on the first), which would flatter the
            // ratio. So the replay leaves out the stream's cost that the pipeline pays: the ratio is if anything low.
            dynamoDb.createTable(TableSchemas.orders(copy.orders()).toBuilder().streamSpecification((StreamSpecification) null).build());
            dynamoDb.createTable(TableSchemas.catalog(copy.catalog()));
            SampleCatalog.seedMissing(new DynamoCatalogRepository(dynamoDb, copy.catalog()));
            ConcurrentLinkedQueue<List<SdkRequest>> work = new ConcurrentLinkedQueue<>(byOrder(requests, original.orders(),
                    name -> renamed.getOrDefault(name, name)));
            AtomicLong refused = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(concurrency);
            long started = System.nanoTime();
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < concurrency; c++) {
                workers.add(pool.submit(() -> {
                    for (List<SdkRequest> chain = work.poll(); chain != null; chain = work.poll()) {
                        for (SdkRequest request : chain) {
                            try {
                                send(dynamoDb, request);
                            } catch (DynamoDbException e) {
                                refused.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            pool.shutdown();
            dynamoDb.deleteTable(r -> r.tableName(copy.orders()));
            dynamoDb.deleteTable(r -> r.tableName(copy.catalog()));
            return new Result(orders, requests.size(), refused.get(), took);
        }
    }

    /** The requests as chains, one per order in the order of its first request, each in the order sent. */
    static List<List<SdkRequest>> byOrder(List<SdkRequest> requests, String ordersTable, UnaryOperator<String> tableName) {
        Map<String, List<SdkRequest>> chains = new LinkedHashMap<>();
        int loose = 0;
        for (SdkRequest request : requests) {
            String orderId = orderIdOf(request, ordersTable);
            String chain = orderId == null ? "#" + loose++ : orderId;
            chains.computeIfAbsent(chain, key -> new ArrayList<>()).add(renamed(request, tableName));
        }
        return List.copyOf(chains.values());
    }

    /** The order a request is about: the partition key of the order item it writes or reads, if one. */
    static String orderIdOf(SdkRequest request, String ordersTable) {
        Map<String, AttributeValue> key = null;
        if (request instanceof PutItemRequest put && ordersTable.equals(put.tableName())) {
            key = put.item();
        } else if (request instanceof UpdateItemRequest update && ordersTable.equals(update.tableName())) {
            key = update.key();
        } else if (request instanceof DeleteItemRequest delete && ordersTable.equals(delete.tableName())) {
            key = delete.key();
        } else if (request instanceof GetItemRequest get && ordersTable.equals(get.tableName())) {
            key = get.key();
        } else if (request instanceof TransactWriteItemsRequest transaction) {
            for (TransactWriteItem item : transaction.transactItems()) {
                if (item.put() != null && ordersTable.equals(item.put().tableName())) {
                    key = item.put().item();
                } else if (item.update() != null && ordersTable.equals(item.update().tableName())) {
                    key = item.update().key();
                } else if (item.conditionCheck() != null && ordersTable.equals(item.conditionCheck().tableName())) {
                    key = item.conditionCheck().key();
                } else if (item.delete() != null && ordersTable.equals(item.delete().tableName())) {
                    key = item.delete().key();
                }
                if (key != null) {
                    break;
                }
            }
        }
        AttributeValue orderId = key == null ? null : key.get(Tables.Orders.PARTITION_KEY);
        return orderId == null ? null : orderId.s();
    }

    /** The same request on other tables. */
    static SdkRequest renamed(SdkRequest request, UnaryOperator<String> name) {
        if (request instanceof PutItemRequest put) {
            return put.toBuilder().tableName(name.apply(put.tableName())).build();
        }
        if (request instanceof UpdateItemRequest update) {
            return update.toBuilder().tableName(name.apply(update.tableName())).build();
        }
        if (request instanceof DeleteItemRequest delete) {
            return delete.toBuilder().tableName(name.apply(delete.tableName())).build();
        }
        if (request instanceof GetItemRequest get) {
            return get.toBuilder().tableName(name.apply(get.tableName())).build();
        }
        if (request instanceof QueryRequest query) {
            return query.toBuilder().tableName(name.apply(query.tableName())).build();
        }
        if (request instanceof BatchGetItemRequest batch) {
            return batch.toBuilder().requestItems(rekeyed(batch.requestItems(), name)).build();
        }
        if (request instanceof BatchWriteItemRequest batch) {
            return batch.toBuilder().requestItems(rekeyed(batch.requestItems(), name)).build();
        }
        if (request instanceof TransactWriteItemsRequest transaction) {
            return transaction.toBuilder().transactItems(transaction.transactItems().stream().map(item -> TransactWriteItem.builder()
                    .put(item.put() == null ? null : item.put().toBuilder().tableName(name.apply(item.put().tableName())).build())
                    .update(item.update() == null ? null : item.update().toBuilder().tableName(name.apply(item.update().tableName())).build())
                    .delete(item.delete() == null ? null : item.delete().toBuilder().tableName(name.apply(item.delete().tableName())).build())
                    .conditionCheck(item.conditionCheck() == null ? null
                            : item.conditionCheck().toBuilder().tableName(name.apply(item.conditionCheck().tableName())).build())
                    .build()).toList()).build();
        }
        throw new IllegalArgumentException("Not a table request the replay knows: " + request.getClass().getSimpleName());
    }

    private static <V> Map<String, V> rekeyed(Map<String, V> byTable, UnaryOperator<String> name) {
        Map<String, V> rekeyed = new LinkedHashMap<>();
        byTable.forEach((table, value) -> rekeyed.put(name.apply(table), value));
        return rekeyed;
    }

    private static void send(DynamoDbClient dynamoDb, SdkRequest request) {
        if (request instanceof PutItemRequest put) {
            dynamoDb.putItem(put);
        } else if (request instanceof UpdateItemRequest update) {
            dynamoDb.updateItem(update);
        } else if (request instanceof DeleteItemRequest delete) {
            dynamoDb.deleteItem(delete);
        } else if (request instanceof GetItemRequest get) {
            dynamoDb.getItem(get);
        } else if (request instanceof QueryRequest query) {
            dynamoDb.query(query);
        } else if (request instanceof BatchGetItemRequest batch) {
            dynamoDb.batchGetItem(batch);
        } else if (request instanceof BatchWriteItemRequest batch) {
            dynamoDb.batchWriteItem(batch);
        } else if (request instanceof TransactWriteItemsRequest transaction) {
            dynamoDb.transactWriteItems(transaction);
        }
    }
}
