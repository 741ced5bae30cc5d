package io.serverlessorch.infrastructure;

import io.serverlessorch.storage.dynamodb.Tables;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.constructs.Construct;

import static io.serverlessorch.storage.dynamodb.Tables.Orders;

/** The tables, from the one definition in {@link Tables}. */
public class DataStack extends Stack {

    private final Table orders;
    private final Table catalog;

    public DataStack(Construct scope, String id, StackProps props, StageSettings stage) {
        super(scope, id, props);
        orders = Table.Builder.create(this, "Orders")
                .tableName(Tables.ordersTableName(stage.prefix()))
                .partitionKey(string(Orders.PARTITION_KEY))
                .sortKey(string(Orders.SORT_KEY))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .stream(StreamViewType.NEW_AND_OLD_IMAGES)
                .timeToLiveAttribute(Orders.TTL_ATTRIBUTE)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
                .encryption(TableEncryption.AWS_MANAGED)
                .removalPolicy(stage.dataRemovalPolicy())
                // In prod a table cannot be deleted, by the stack or by hand, until protection is lifted.
                .deletionProtection(stage.production())
                .build();
        orders.addGlobalSecondaryIndex(keysOnlyIndex(Orders.STATUS_INDEX, Orders.STATUS_INDEX_PARTITION_KEY, Orders.CREATED_AT));
        orders.addGlobalSecondaryIndex(keysOnlyIndex(Orders.CREATION_INDEX, Orders.CREATION_INDEX_PARTITION_KEY, Orders.CREATED_AT));
        // Sparse: only an order waiting for the world outside carries its keys, so the deadline sweep reads only those.
        orders.addGlobalSecondaryIndex(keysOnlyIndex(Orders.DEADLINE_INDEX, Orders.DEADLINE_INDEX_PARTITION_KEY, Orders.DEADLINE_AT));
        // Sparse too: only order items carry a top-level customer_id. Added to a table in use, it starts with the orders
        // placed from then on; CustomerIndexBackfill adds the older ones (decision #40).
        orders.addGlobalSecondaryIndex(keysOnlyIndex(Orders.CUSTOMER_INDEX, Orders.CUSTOMER_ID, Orders.CREATED_AT));

        catalog = Table.Builder.create(this, "Catalog")
                .tableName(Tables.catalogTableName(stage.prefix()))
                .partitionKey(string(Tables.Catalog.PARTITION_KEY))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
                .encryption(TableEncryption.AWS_MANAGED)
                .removalPolicy(stage.dataRemovalPolicy())
                // In prod a table cannot be deleted, by the stack or by hand, until protection is lifted.
                .deletionProtection(stage.production())
                .build();
    }

    private static GlobalSecondaryIndexProps keysOnlyIndex(String name, String partitionKey, String sortKey) {
        return GlobalSecondaryIndexProps.builder()
                .indexName(name)
                .partitionKey(string(partitionKey))
                .sortKey(string(sortKey))
                .projectionType(ProjectionType.KEYS_ONLY)
                .build();
    }

    private static Attribute string(String name) {
        return Attribute.builder().name(name).type(AttributeType.STRING).build();
    }

    public Table orders() {
        return orders;
    }

    public Table catalog() {
        return catalog;
    }
}
