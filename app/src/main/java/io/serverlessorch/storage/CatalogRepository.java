package io.serverlessorch.storage;

import io.serverlessorch.domain.Product;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** The products on sale, their prices and their stock. */
public interface CatalogRepository {

    /** The product with its stock summed over its buckets. */
    Optional<Product> find(String productId);

    /**
     * The current price of each product among {@code productIds} that exists, by id: one batched read of the
     * product records, none of their stock counters (a hot product's are busy enough).
     */
    Map<String, BigDecimal> unitPrices(Collection<String> productIds);

    /** Adds or replaces a product (seeding, administration), its stock spread evenly over its buckets. */
    void save(Product product);
}
