package io.serverlessorch.domain;

import java.util.List;

/** What a client asks for: an order before it has an id, a status or a total. */
public record OrderDraft(Customer customer, List<OrderLine> items, ShippingAddress shippingAddress, Payment payment) {

    public OrderDraft {
        items = List.copyOf(items);
    }
}
