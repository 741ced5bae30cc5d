package io.serverlessorch.domain;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing of orders. {@code nextToken} asks for the page after it; it is absent on the last
 * page.
 */
public record OrderPage(List<Order> orders, Optional<String> nextToken) {

    public OrderPage {
        orders = List.copyOf(orders);
    }
}
