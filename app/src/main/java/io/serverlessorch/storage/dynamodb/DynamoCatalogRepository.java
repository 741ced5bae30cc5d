package io.serverlessorch.storage.dynamodb;

import io.serverlessorch.domain.Product;
import io.serverlessorch.storage.CatalogRepository;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static io.serverlessorch.storage.dynamodb.OrderItems.s;
import static io.serverlessorch.storage.dynamodb.OrderItems.str;
import static io.serverlessorch.storage.dynamodb.Tables.Catalog;

/** {@link CatalogRepository} on the catalog table; stock counters as {@link StockBuckets} places them. */
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
                .key(StockBuckets.productKey(productId))
                .consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        int buckets = StockBuckets.countOf(item);
        // Held units of orders placed before a split stay on the product item, so it is always counted.
        List<Map<String, AttributeValue>> counters = new ArrayList<>(List.of(item));
        if (buckets > 1) {
            counters.addAll(BatchGets.getAll(dynamoDb, tableName,
                    IntStream.range(0, buckets).mapToObj(bucket -> StockBuckets.bucketKey(productId, bucket)).toList(), true));
        }
        return Optional.of(new Product(productId, str(item, NAME), new BigDecimal(item.get(UNIT_PRICE).n()),
                sum(counters, Catalog.STOCK), sum(counters, Catalog.RESERVED), sum(counters, Catalog.SHIPPED), buckets));
    }

    /** Eventually consistent, like every read of a hot product: a new price reaches orders within about a second. */
    @Override
    public Map<String, BigDecimal> unitPrices(Collection<String> productIds) {
        List<Map<String, AttributeValue>> keys = productIds.stream().distinct().map(StockBuckets::productKey).toList();
        Map<String, BigDecimal> prices = new HashMap<>();
        BatchGets.getAll(dynamoDb, tableName, keys, false)
                .forEach(item -> prices.put(str(item, Catalog.PARTITION_KEY), new BigDecimal(item.get(UNIT_PRICE).n())));
        return prices;
    }

    private static long sum(List<Map<String, AttributeValue>> items, String counter) {
        return items.stream().map(item -> item.get(counter)).filter(value -> value != null)
                .mapToLong(value -> Long.parseLong(value.n())).sum();
    }

    @Override
    public void save(Product product) {
        int buckets = product.stockBuckets();
        Map<String, AttributeValue> item = new HashMap<>(StockBuckets.productKey(product.productId()));
        item.put(NAME, s(product.name()));
        item.put(UNIT_PRICE, AttributeValue.fromN(product.unitPrice().toPlainString()));
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        if (buckets == 1) {
            item.putAll(counters(product.stock(), product.reserved(), product.shipped()));
        } else {
            item.put(Catalog.STOCK_BUCKETS, AttributeValue.fromN(Integer.toString(buckets)));
            for (int bucket = 0; bucket < buckets; bucket++) {
                Map<String, AttributeValue> counter = new HashMap<>(StockBuckets.bucketKey(product.productId(), bucket));
                counter.putAll(counters(share(product.stock(), buckets, bucket), share(product.reserved(), buckets, bucket),
                        share(product.shipped(), buckets, bucket)));
                items.add(counter);
            }
        }
        // The product item last: a reader that sees its bucket count finds the buckets there.
        items.add(item);
        items.forEach(write -> dynamoDb.putItem(r -> r.tableName(tableName).item(write)));
    }

    /** An even split of {@code units}, the remainder going to the first buckets. */
    private static long share(long units, int buckets, int bucket) {
        return units / buckets + (bucket < units % buckets ? 1 : 0);
    }

    private static Map<String, AttributeValue> counters(long stock, long reserved, long shipped) {
        return Map.of(Catalog.STOCK, AttributeValue.fromN(Long.toString(stock)),
                Catalog.RESERVED, AttributeValue.fromN(Long.toString(reserved)),
                Catalog.SHIPPED, AttributeValue.fromN(Long.toString(shipped)));
    }
}
