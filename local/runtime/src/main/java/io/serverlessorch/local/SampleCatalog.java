package io.serverlessorch.local;

import io.serverlessorch.domain.Product;
import io.serverlessorch.storage.CatalogRepository;

import java.math.BigDecimal;
import java.util.List;

/** The products of a local run (also listed in the README). */
public final class SampleCatalog {

    private SampleCatalog() {
    }

    /** Enough stock for a long benchmark. */
    public static final long PLENTY = 1_000_000;

    public static final List<Product> PRODUCTS = List.of(
            Product.stocked("product-1", "Wireless Mouse", new BigDecimal("19.99"), PLENTY),
            // Sold as on a flash sale: its stock is split across 16 counters (see docs/scaling.md).
            Product.stocked("product-2", "USB-C Cable", new BigDecimal("5.00"), PLENTY).inBuckets(16),
            Product.stocked("product-3", "Mechanical Keyboard", new BigDecimal("149.50"), PLENTY),
            Product.stocked("product-limited", "Limited Edition Headphones", new BigDecimal("99.00"), 10),
            Product.stocked("product-soldout", "Sold-out Monitor", new BigDecimal("299.00"), 0));

    /**
     * Adds the products that are missing. Products already there keep their stock, so restarting a local run
     * does not undo what its orders took.
     */
    public static int seedMissing(CatalogRepository catalog) {
        int added = 0;
        for (Product product : PRODUCTS) {
            if (catalog.find(product.productId()).isEmpty()) {
                catalog.save(product);
                added++;
            }
        }
        return added;
    }

    /** A request body for an order of one line of the catalog; {@code cardToken} may be null. */
    public static String orderRequest(String productId, int quantity, String unitPrice, String cardToken) {
        return """
                {"customer": {"customer_id": "local-test", "email": "local-test@example.com", "name": "Local Test"},
                 "items": [{"product_id": "%s", "quantity": %d, "unit_price": %s}],
                 "shipping_address": {"street": "1 Main St", "city": "Anytown", "state": "CA", "postal_code": "12345", "country": "US"},
                 "payment": {"payment_method": "credit_card"%s}}"""
                .formatted(productId, quantity, unitPrice, cardToken == null ? "" : ", \"card_token\": \"" + cardToken + "\"");
    }
}
