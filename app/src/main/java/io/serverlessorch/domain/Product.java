package io.serverlessorch.domain;

import java.math.BigDecimal;

/**
 * A catalog entry: what a product costs and where its units are. {@code stock} units are free to sell,
 * {@code reserved} are held for orders not yet shipped, {@code shipped} have left. The three only move
 * between each other, so their sum stays what was stocked. {@code stockBuckets} is how many counters the
 * units are split across, so that a product sold very fast is not one hot record; the three figures here
 * are the sums over them.
 */
public record Product(String productId, String name, BigDecimal unitPrice, long stock, long reserved, long shipped,
                      int stockBuckets) {

    /** More buckets than this buy nothing: 100 buckets take about 25,000 orders a second of one product. */
    public static final int MAX_STOCK_BUCKETS = 100;

    public Product {
        if (stockBuckets < 1 || stockBuckets > MAX_STOCK_BUCKETS) {
            throw new IllegalArgumentException("A product's stock is split into 1 to " + MAX_STOCK_BUCKETS + " buckets, not " + stockBuckets);
        }
    }

    public Product(String productId, String name, BigDecimal unitPrice, long stock, long reserved, long shipped) {
        this(productId, name, unitPrice, stock, reserved, shipped, 1);
    }

    public static Product stocked(String productId, String name, BigDecimal unitPrice, long stock) {
        return new Product(productId, name, unitPrice, stock, 0, 0);
    }

    /** The same product with its stock split across {@code buckets} counters. */
    public Product inBuckets(int buckets) {
        return new Product(productId, name, unitPrice, stock, reserved, shipped, buckets);
    }
}
