package io.serverlessorch.config;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.serverlessorch.orders.OrderService;
import io.serverlessorch.storage.CatalogRepository;
import io.serverlessorch.storage.DynamoCatalogRepository;
import io.serverlessorch.storage.DynamoOrderRepository;
import io.serverlessorch.storage.OrderRepository;
import io.serverlessorch.storage.TableNames;
import io.serverlessorch.storage.Tables;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.time.Duration;

/**
 * Builds the plain service and repository classes from configuration. The only place that knows both
 * Micronaut and them. Table names come from {@code orch.tables.*} (environment {@code ORCH_TABLES_ORDERS},
 * {@code ORCH_TABLES_CATALOG}), set by the CDK stacks and the local run.
 */
@Factory
public class ServiceFactory {

    @Singleton
    TableNames tableNames(@Value("${orch.tables.orders:" + Tables.DEFAULT_PREFIX + "-orders}") String orders,
                          @Value("${orch.tables.catalog:" + Tables.DEFAULT_PREFIX + "-catalog}") String catalog) {
        return new TableNames(orders, catalog);
    }

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Singleton
    OrderRepository orderRepository(DynamoDbClient dynamoDb, TableNames tables,
                                    @Value("${orch.orders.retention-days:0}") int retentionDays,
                                    @Value("${orch.history.retention-days:90}") int historyRetentionDays) {
        return new DynamoOrderRepository(dynamoDb, tables.orders(), Duration.ofDays(retentionDays), Duration.ofDays(historyRetentionDays));
    }

    @Singleton
    CatalogRepository catalogRepository(DynamoDbClient dynamoDb, TableNames tables) {
        return new DynamoCatalogRepository(dynamoDb, tables.catalog());
    }

    @Singleton
    OrderService orderService(OrderRepository orders, Clock clock) {
        return new OrderService(orders, clock);
    }
}
