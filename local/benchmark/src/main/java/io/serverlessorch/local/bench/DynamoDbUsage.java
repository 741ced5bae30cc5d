package io.serverlessorch.local.bench;

import io.serverlessorch.storage.dynamodb.TableNames;
import io.serverlessorch.storage.dynamodb.Tables;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts every DynamoDB request this JVM's SDK clients make, by operation, with the read and write capacity
 * it consumed (it asks each data request to return its consumed capacity). Loaded by the SDK as a global
 * interceptor (see the {@code execution.interceptors} resource of this module); it counts only while
 * {@link #start()} has been called, so the local run pays nothing for it. It also bills each request as AWS
 * would ({@link AwsWriteUnits}, {@link AwsReadUnits}), and while tracing keeps every request with the units
 * it spent on each partition key: what {@code scripts/capacity.sh} projects.
 */
public final class DynamoDbUsage implements ExecutionInterceptor {

    private static volatile boolean counting;
    private static final Map<String, LongAdder> REQUESTS = new ConcurrentHashMap<>();
    private static final DoubleAdder READ_UNITS = new DoubleAdder();
    private static final DoubleAdder WRITE_UNITS = new DoubleAdder();
    private static final LongAdder ITEM_WRITES = new LongAdder();
    private static final List<String> WRITES = List.of("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem");
    /** The same writes and reads, billed as AWS bills them (the local run's table names). */
    private static final AwsWriteUnits AWS = AwsWriteUnits.forTables(
            TableNames.withPrefix(Tables.DEFAULT_PREFIX).orders(), TableNames.withPrefix(Tables.DEFAULT_PREFIX).catalog());
    private static final AwsReadUnits AWS_READS = AwsReadUnits.forTables(
            TableNames.withPrefix(Tables.DEFAULT_PREFIX).orders(), TableNames.withPrefix(Tables.DEFAULT_PREFIX).catalog());
    private static final DoubleAdder AWS_READ_UNITS = new DoubleAdder();
    /** The table requests exactly as the application sent them, while counting: what {@link RequestReplay} sends again. */
    private static final Queue<SdkRequest> SENT = new ConcurrentLinkedQueue<>();
    /** Every request with the units it spent on each key, while tracing; null when not. */
    private static volatile Queue<TracedRequest> trace;

    /**
     * Totals since {@link #start()}. {@code itemWrites} counts items written: one per PutItem or UpdateItem,
     * one per put, update or delete inside a transaction (condition checks write nothing) or a batch.
     */
    public record Totals(Map<String, Long> requestsByOperation, double readUnits, double writeUnits, long itemWrites,
                         AwsWriteUnits.Totals awsWrites, double awsReadUnits, List<TracedRequest> trace, List<SdkRequest> sent) {
        public long requests() {
            return requestsByOperation.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** One request: its operation, and the units it spent on each partition key, as AWS bills them. */
    record TracedRequest(String operation, List<KeyUnits> units) {
    }

    public static void start() {
        start(false);
    }

    /** Counts, and also keeps every request's units per key ({@link Totals#trace()}). */
    public static void startTracing() {
        start(true);
    }

    private static void start(boolean tracing) {
        REQUESTS.clear();
        READ_UNITS.reset();
        WRITE_UNITS.reset();
        ITEM_WRITES.reset();
        AWS.reset();
        AWS_READ_UNITS.reset();
        SENT.clear();
        trace = tracing ? new ConcurrentLinkedQueue<>() : null;
        counting = true;
    }

    public static Totals stop() {
        counting = false;
        Map<String, Long> requests = new TreeMap<>();
        REQUESTS.forEach((operation, count) -> requests.put(operation, count.sum()));
        Queue<TracedRequest> traced = trace;
        trace = null;
        return new Totals(requests, READ_UNITS.sum(), WRITE_UNITS.sum(), ITEM_WRITES.sum(), AWS.totals(),
                AWS_READ_UNITS.sum(), traced == null ? List.of() : List.copyOf(traced), List.copyOf(SENT));
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        if (!counting) {
            return context.request();
        }
        SdkRequest request = context.request();
        if (isTableRequest(request)) {
            SENT.add(request);
        }
        if (request instanceof PutItemRequest put) {
            return put.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        if (request instanceof UpdateItemRequest update) {
            // The item after the update tells its billed size; nothing the application asked for is replaced.
            boolean asksNothing = update.returnValues() == null || update.returnValues() == ReturnValue.NONE;
            return update.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                    .returnValues(asksNothing ? ReturnValue.ALL_NEW : update.returnValues()).build();
        }
        if (request instanceof GetItemRequest get) {
            return get.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        if (request instanceof QueryRequest query) {
            return query.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        if (request instanceof BatchGetItemRequest batch) {
            return batch.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        if (request instanceof TransactWriteItemsRequest transaction) {
            return transaction.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        if (request instanceof BatchWriteItemRequest batch) {
            return batch.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        return request;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (!counting || !"DynamoDb".equalsIgnoreCase(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))) {
            return;
        }
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        REQUESTS.computeIfAbsent(operation, k -> new LongAdder()).increment();
        boolean write = WRITES.contains(operation);
        if (context.request() instanceof TransactWriteItemsRequest transaction) {
            ITEM_WRITES.add(transaction.transactItems().stream().filter(item -> item.conditionCheck() == null).count());
        } else if (context.request() instanceof BatchWriteItemRequest batch) {
            // Items left unprocessed are sent again and counted then.
            int unprocessed = context.response() instanceof BatchWriteItemResponse answer
                    ? answer.unprocessedItems().values().stream().mapToInt(List::size).sum() : 0;
            ITEM_WRITES.add(batch.requestItems().values().stream().mapToInt(List::size).sum() - unprocessed);
        } else if (write) {
            ITEM_WRITES.increment();
        }
        SdkRequest sent = context.request();
        SdkResponse response = context.response();
        List<KeyUnits> units = List.of();
        if (sent instanceof PutItemRequest put) {
            units = AWS.put(put);
        } else if (sent instanceof UpdateItemRequest update && response instanceof UpdateItemResponse updated) {
            units = AWS.update(update, update.returnValues() == ReturnValue.ALL_NEW ? updated.attributes() : null);
        } else if (sent instanceof TransactWriteItemsRequest transaction) {
            units = AWS.transaction(transaction);
        } else if (sent instanceof BatchWriteItemRequest batch) {
            units = AWS.batch(batch);
        } else if (sent instanceof GetItemRequest get && response instanceof GetItemResponse got) {
            units = AWS_READS.get(get, got);
        } else if (sent instanceof BatchGetItemRequest batch && response instanceof BatchGetItemResponse got) {
            units = AWS_READS.batchGet(batch, got);
        } else if (sent instanceof QueryRequest query && response instanceof QueryResponse found) {
            units = AWS_READS.query(query, found);
        }
        units.forEach(unit -> AWS_READ_UNITS.add(unit.readUnits()));
        Queue<TracedRequest> traced = trace;
        if (traced != null) {
            traced.add(new TracedRequest(operation, units));
        }
        if (response instanceof PutItemResponse put) {
            add(put.consumedCapacity(), write);
        } else if (response instanceof UpdateItemResponse update) {
            add(update.consumedCapacity(), write);
        } else if (response instanceof GetItemResponse get) {
            add(get.consumedCapacity(), write);
        } else if (response instanceof QueryResponse query) {
            add(query.consumedCapacity(), write);
        } else if (response instanceof BatchGetItemResponse batch) {
            batch.consumedCapacity().forEach(capacity -> add(capacity, write));
        } else if (response instanceof TransactWriteItemsResponse transaction) {
            transaction.consumedCapacity().forEach(capacity -> add(capacity, write));
        } else if (response instanceof BatchWriteItemResponse batch) {
            batch.consumedCapacity().forEach(capacity -> add(capacity, write));
        }
    }

    /** A request on a table's items (not on its stream or its definition). */
    private static boolean isTableRequest(SdkRequest request) {
        return request instanceof PutItemRequest || request instanceof UpdateItemRequest || request instanceof DeleteItemRequest
                || request instanceof GetItemRequest || request instanceof QueryRequest || request instanceof BatchGetItemRequest
                || request instanceof BatchWriteItemRequest || request instanceof TransactWriteItemsRequest;
    }

    /** The operation's total units (table and indexes), as read or write units by what the operation does. */
    private static void add(ConsumedCapacity capacity, boolean write) {
        if (capacity == null || capacity.capacityUnits() == null) {
            return;
        }
        (write ? WRITE_UNITS : READ_UNITS).add(capacity.capacityUnits());
    }
}
