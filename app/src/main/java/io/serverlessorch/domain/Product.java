package io.serverlessorch.domain;

import java.math.BigDecimal;

/**
 * A catalog entry: what a product costs and where its units are. {@code stock} units are free to sell,
 * {@code reserved} are held for orders not yet shipped, {@code shipped} have left. The three only move
 * between each other, so their sum stays what was stocked.
 */
public record Product(String productId, String name, BigDecimal unitPrice, long stock, long reserved, long shipped) {

    public static Product stocked(String productId, String name, BigDecimal unitPrice, long stock) {
        return new Product(productId, name, unitPrice, stock, 0, 0);
    }
}
