package io.serverlessorch.support;

/** Order request bodies for tests, valid unless a test changes them. */
public final class OrderRequests {

    private OrderRequests() {
    }

    public static String valid() {
        return withItems("""
                [{"product_id": "product-1", "quantity": 2, "unit_price": 19.99},
                 {"product_id": "product-2", "quantity": 1, "unit_price": 5.00}]""");
    }

    public static String withItems(String itemsJson) {
        return """
                {
                  "customer": {"customer_id": "cust-12345", "email": "customer@example.com", "name": "John Doe"},
                  "items": %s,
                  "shipping_address": {"street": "123 Main St", "city": "Anytown", "state": "CA",
                                       "postal_code": "12345", "country": "US"},
                  "payment": {"payment_method": "credit_card", "card_token": "tok_visa"}
                }""".formatted(itemsJson);
    }
}
