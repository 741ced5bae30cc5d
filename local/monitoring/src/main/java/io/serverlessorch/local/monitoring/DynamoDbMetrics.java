package io.serverlessorch.local.monitoring;

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
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The local stand-in for DynamoDB's own CloudWatch metrics ({@code ConsumedReadCapacityUnits},
 * {@code ConsumedWriteCapacityUnits}, {@code ReadThrottleEvents}, {@code WriteThrottleEvents} by
 * {@code TableName}): every data request of this JVM's SDK clients asks for its consumed capacity, and the
 * answer is recorded. Loaded by the SDK as a global interceptor (this module's {@code execution.interceptors}
 * resource); it does nothing unless a local run's monitoring is recording.
 */
public final class DynamoDbMetrics implements ExecutionInterceptor {

    private static final String NAMESPACE = "AWS/DynamoDB";
    private static final Set<String> WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem");
    private static volatile ServiceMetrics target;

    static void recordTo(ServiceMetrics metrics) {
        target = metrics;
    }

    static void stopRecordingTo(ServiceMetrics metrics) {
        if (target == metrics) {
            target = null;
        }
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        if (target == null) {
            return request;
        }
        if (request instanceof PutItemRequest put && put.returnConsumedCapacity() == null) {
            return put.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        if (request instanceof UpdateItemRequest update && update.returnConsumedCapacity() == null) {
            return update.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        if (request instanceof DeleteItemRequest delete && delete.returnConsumedCapacity() == null) {
            return delete.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        if (request instanceof GetItemRequest get && get.returnConsumedCapacity() == null) {
            return get.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        if (request instanceof QueryRequest query && query.returnConsumedCapacity() == null) {
            return query.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        if (request instanceof BatchGetItemRequest batch && batch.returnConsumedCapacity() == null) {
            return batch.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        if (request instanceof TransactWriteItemsRequest transaction && transaction.returnConsumedCapacity() == null) {
            return transaction.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        if (request instanceof BatchWriteItemRequest batch && batch.returnConsumedCapacity() == null) {
            return batch.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        return request;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        ServiceMetrics metrics = target;
        if (metrics == null || !isDynamoDb(attributes)) {
            return;
        }
        boolean write = WRITES.contains(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        for (ConsumedCapacity capacity : consumed(context.response())) {
            if (capacity.tableName() != null && capacity.capacityUnits() != null) {
                metrics.record(NAMESPACE, write ? "ConsumedWriteCapacityUnits" : "ConsumedReadCapacityUnits",
                        Map.of("TableName", capacity.tableName()), capacity.capacityUnits(), ServiceMetrics.COUNT);
            }
        }
        // Throttle events are reported as zero too, so the widgets and alarms see that the table was in use.
        tables(context.request()).forEach(table -> metrics.record(NAMESPACE, write ? "WriteThrottleEvents" : "ReadThrottleEvents",
                Map.of("TableName", table), 0, ServiceMetrics.COUNT));
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        ServiceMetrics metrics = target;
        Throwable failure = context.exception();
        boolean throttled = failure instanceof ProvisionedThroughputExceededException || failure instanceof RequestLimitExceededException
                || failure.getClass().getSimpleName().equals("ThrottlingException");
        if (metrics == null || !throttled || !isDynamoDb(attributes)) {
            return;
        }
        boolean write = WRITES.contains(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        tables(context.request()).forEach(table -> metrics.record(NAMESPACE, write ? "WriteThrottleEvents" : "ReadThrottleEvents",
                Map.of("TableName", table), 1, ServiceMetrics.COUNT));
    }

    private static boolean isDynamoDb(ExecutionAttributes attributes) {
        return "DynamoDb".equalsIgnoreCase(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME));
    }

    private static List<ConsumedCapacity> consumed(SdkResponse response) {
        if (response instanceof PutItemResponse put) {
            return single(put.consumedCapacity());
        }
        if (response instanceof UpdateItemResponse update) {
            return single(update.consumedCapacity());
        }
        if (response instanceof DeleteItemResponse delete) {
            return single(delete.consumedCapacity());
        }
        if (response instanceof GetItemResponse get) {
            return single(get.consumedCapacity());
        }
        if (response instanceof QueryResponse query) {
            return single(query.consumedCapacity());
        }
        if (response instanceof BatchGetItemResponse batch) {
            return batch.consumedCapacity();
        }
        if (response instanceof TransactWriteItemsResponse transaction) {
            return transaction.consumedCapacity();
        }
        if (response instanceof BatchWriteItemResponse batch) {
            return batch.consumedCapacity();
        }
        return List.of();
    }

    private static List<ConsumedCapacity> single(ConsumedCapacity capacity) {
        return capacity == null ? List.of() : List.of(capacity);
    }

    private static Set<String> tables(SdkRequest request) {
        Set<String> tables = new TreeSet<>();
        if (request instanceof PutItemRequest put) {
            tables.add(put.tableName());
        } else if (request instanceof UpdateItemRequest update) {
            tables.add(update.tableName());
        } else if (request instanceof DeleteItemRequest delete) {
            tables.add(delete.tableName());
        } else if (request instanceof GetItemRequest get) {
            tables.add(get.tableName());
        } else if (request instanceof QueryRequest query) {
            tables.add(query.tableName());
        } else if (request instanceof BatchGetItemRequest batch) {
            tables.addAll(batch.requestItems().keySet());
        } else if (request instanceof BatchWriteItemRequest batch) {
            tables.addAll(batch.requestItems().keySet());
        } else if (request instanceof TransactWriteItemsRequest transaction) {
            transaction.transactItems().forEach(item -> {
                if (item.put() != null) {
                    tables.add(item.put().tableName());
                } else if (item.update() != null) {
                    tables.add(item.update().tableName());
                } else if (item.delete() != null) {
                    tables.add(item.delete().tableName());
                } else if (item.conditionCheck() != null) {
                    tables.add(item.conditionCheck().tableName());
                }
            });
        }
        return tables;
    }
}
