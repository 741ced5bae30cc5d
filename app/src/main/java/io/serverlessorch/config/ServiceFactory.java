package io.serverlessorch.config;

import io.micronaut.context.annotation.Factory;
import io.serverlessorch.orders.OrderMetrics;
import io.serverlessorch.orders.OrderService;
import io.serverlessorch.storage.CatalogRepository;
import io.serverlessorch.storage.OrderRepository;
import io.serverlessorch.storage.dynamodb.DynamoCatalogRepository;
import io.serverlessorch.storage.dynamodb.DynamoOrderRepository;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;

/**
 * Builds the plain service and repository classes from configuration ({@link TableProperties},
 * {@link RetentionProperties}). The only place, with {@link PipelineFactory}, that knows both Micronaut and
 * them.
 */
@Factory
public class ServiceFactory {

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Singleton
    OrderRepository orderRepository(DynamoDbClient dynamoDb, TableProperties tables,
                                    RetentionProperties.Orders orders, RetentionProperties.History history,
                                    IndexProperties indexes) {
        return new DynamoOrderRepository(dynamoDb, tables.orders(), orders.retention(), history.retention(), indexes.indexKeys());
    }

    @Singleton
    CatalogRepository catalogRepository(DynamoDbClient dynamoDb, TableProperties tables) {
        return new DynamoCatalogRepository(dynamoDb, tables.catalog());
    }

    @Singleton
    OrderService orderService(OrderRepository orders, OrderMetrics metrics, Clock clock, IdempotencyProperties idempotency) {
        return new OrderService(orders, metrics, clock, idempotency.legacyKeyWindow());
    }
}
