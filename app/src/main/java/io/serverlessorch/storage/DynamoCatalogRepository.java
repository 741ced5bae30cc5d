package io.serverlessorch.storage;

import io.serverlessorch.domain.Product;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

import static io.serverlessorch.storage.OrderItems.s;
import static io.serverlessorch.storage.OrderItems.str;

/** {@link CatalogRepository} on the catalog table. */
public class DynamoCatalogRepository implements CatalogRepository {

    static final String NAME = "name";
    static final String UNIT_PRICE = "unit_price";
    static final String STOCK = "stock";

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoCatalogRepository(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    @Override
    public Optional<Product> find(String productId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(tableName)
                .key(Map.of(Tables.Catalog.PARTITION_KEY, s(productId)))
                .consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Product(str(item, Tables.Catalog.PARTITION_KEY), str(item, NAME),
                new BigDecimal(item.get(UNIT_PRICE).n()), Long.parseLong(item.get(STOCK).n())));
    }

    @Override
    public void save(Product product) {
        dynamoDb.putItem(r -> r.tableName(tableName).item(Map.of(
                Tables.Catalog.PARTITION_KEY, s(product.productId()),
                NAME, s(product.name()),
                UNIT_PRICE, AttributeValue.fromN(product.unitPrice().toPlainString()),
                STOCK, AttributeValue.fromN(Long.toString(product.stock())))));
    }
}
