package io.serverlessorch.orders;

import io.serverlessorch.domain.Customer;
import io.serverlessorch.domain.OrderDraft;
import io.serverlessorch.domain.OrderLine;
import io.serverlessorch.domain.Payment;
import io.serverlessorch.domain.ShippingAddress;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class RequestFingerprintTest {

    static OrderDraft draft(int quantity, String price, String token) {
        return new OrderDraft(new Customer("c", "c@example.com", "C"),
                List.of(new OrderLine("product-1", quantity, new BigDecimal(price))),
                new ShippingAddress("1 Main St", "Town", "CA", "12345", "US"), new Payment("credit_card", token));
    }

    @Test
    void theSameOrderWrittenDifferentlyHasTheSameFingerprint() {
        assertEquals(RequestFingerprint.of(draft(2, "5", null)), RequestFingerprint.of(draft(2, "5.00", null)));
    }

    @Test
    void anyDifferenceChangesTheFingerprint() {
        String base = RequestFingerprint.of(draft(2, "5.00", null));
        assertNotEquals(base, RequestFingerprint.of(draft(3, "5.00", null)));
        assertNotEquals(base, RequestFingerprint.of(draft(2, "5.01", null)));
        assertNotEquals(base, RequestFingerprint.of(draft(2, "5.00", "tok_declined")));
    }

    @Test
    void aMissingOptionalFieldIsNotTheTextNull() {
        assertNotEquals(RequestFingerprint.of(draft(2, "5.00", null)), RequestFingerprint.of(draft(2, "5.00", "null")));
        OrderDraft withoutState = new OrderDraft(new Customer("c", "c@example.com", "C"), List.of(new OrderLine("product-1", 2, new BigDecimal("5.00"))),
                new ShippingAddress("1 Main St", "Town", null, "12345", "US"), new Payment("credit_card", null));
        OrderDraft stateNull = new OrderDraft(new Customer("c", "c@example.com", "C"), List.of(new OrderLine("product-1", 2, new BigDecimal("5.00"))),
                new ShippingAddress("1 Main St", "Town", "null", "12345", "US"), new Payment("credit_card", null));
        assertNotEquals(RequestFingerprint.of(withoutState), RequestFingerprint.of(stateNull));
    }

    @Test
    void anIdempotencyKeyAlwaysMapsToTheSameOrderId() {
        assertEquals(OrderService.orderIdForKey(Caller.ANONYMOUS, "k-1"), OrderService.orderIdForKey(Caller.ANONYMOUS, "k-1"));
        assertNotEquals(OrderService.orderIdForKey(Caller.ANONYMOUS, "k-1"), OrderService.orderIdForKey(Caller.ANONYMOUS, "k-2"));
    }
}
