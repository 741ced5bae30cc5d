package io.serverlessorch.domain;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing of orders. {@code nextToken} asks for the page after it; it is absent on the last
 * page. {@code unreadable} names the orders on the page's stretch of the index whose stored items could not
 * be read: left out, so that one damaged item costs its own order and not every listing.
 */
public record OrderPage(List<Order> orders, Optional<String> nextToken, List<String> unreadable) {

    public OrderPage {
        orders = List.copyOf(orders);
        unreadable = List.copyOf(unreadable);
    }
}
