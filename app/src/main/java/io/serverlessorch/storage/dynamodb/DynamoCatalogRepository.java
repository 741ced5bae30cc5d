package io.serverlessorch.storage.dynamodb;

import io.serverlessorch.domain.Product;
import io.serverlessorch.storage.CatalogRepository;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.serverlessorch.storage.dynamodb.OrderItems.s;
import static io.serverlessorch.storage.dynamodb.OrderItems.str;

/** {@link CatalogRepository} on the catalog table. */
public class DynamoCatalogRepository implements CatalogRepository {

    static final String NAME = "name";
    static final String UNIT_PRICE = "unit_price";

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoCatalogRepository(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    @Override
    public Optional<Product> find(String productId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(tableName)
                .key(key(productId))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toProduct(item));
    }

    @Override
    public Map<String, Product> findAll(Collection<String> productIds) {
        List<Map<String, AttributeValue>> keys = productIds.stream().distinct().map(DynamoCatalogRepository::key).toList();
        Map<String, Product> found = new HashMap<>();
        BatchGets.getAll(dynamoDb, tableName, keys, true).stream()
                .map(DynamoCatalogRepository::toProduct)
                .forEach(product -> found.put(product.productId(), product));
        return found;
    }

    private static Map<String, AttributeValue> key(String productId) {
        return Map.of(Tables.Catalog.PARTITION_KEY, s(productId));
    }

    private static Product toProduct(Map<String, AttributeValue> item) {
        return new Product(str(item, Tables.Catalog.PARTITION_KEY), str(item, NAME),
                new BigDecimal(item.get(UNIT_PRICE).n()), number(item, Tables.Catalog.STOCK),
                number(item, Tables.Catalog.RESERVED), number(item, Tables.Catalog.SHIPPED));
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? 0 : Long.parseLong(value.n());
    }

    @Override
    public void save(Product product) {
        dynamoDb.putItem(r -> r.tableName(tableName).item(Map.of(
                Tables.Catalog.PARTITION_KEY, s(product.productId()),
                NAME, s(product.name()),
                UNIT_PRICE, AttributeValue.fromN(product.unitPrice().toPlainString()),
                Tables.Catalog.STOCK, AttributeValue.fromN(Long.toString(product.stock())),
                Tables.Catalog.RESERVED, AttributeValue.fromN(Long.toString(product.reserved())),
                Tables.Catalog.SHIPPED, AttributeValue.fromN(Long.toString(product.shipped())))));
    }
}
