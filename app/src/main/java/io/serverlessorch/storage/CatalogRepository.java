package io.serverlessorch.storage;

import io.serverlessorch.domain.Product;

import java.util.Optional;

/** The products on sale, their prices and their stock. */
public interface CatalogRepository {

    Optional<Product> find(String productId);

    /** Adds or replaces a product (seeding, administration). */
    void save(Product product);
}
