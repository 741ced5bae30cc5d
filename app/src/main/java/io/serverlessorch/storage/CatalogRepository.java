package io.serverlessorch.storage;

import io.serverlessorch.domain.Product;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** The products on sale, their prices and their stock. */
public interface CatalogRepository {

    Optional<Product> find(String productId);

    /** The products among {@code productIds} that exist, by id (one batched read). */
    Map<String, Product> findAll(Collection<String> productIds);

    /** Adds or replaces a product (seeding, administration). */
    void save(Product product);
}
