package io.serverlessorch.domain;

import java.math.BigDecimal;

/** A catalog entry: what a product costs and how many units are free to sell. */
public record Product(String productId, String name, BigDecimal unitPrice, long stock) {
}
