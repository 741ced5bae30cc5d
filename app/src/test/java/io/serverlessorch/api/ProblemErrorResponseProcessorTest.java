package io.serverlessorch.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProblemErrorResponseProcessorTest {

    @Test
    void validationPathsUseTheNamesClientsSend() {
        assertEquals("items[0].unit_price", ProblemErrorResponseProcessor.clientName("request.items[0].unitPrice"));
        assertEquals("shipping_address.postal_code", ProblemErrorResponseProcessor.clientName("request.shippingAddress.postalCode"));
        assertEquals("Idempotency-Key", ProblemErrorResponseProcessor.clientName("idempotencyKey"));
        assertEquals("limit", ProblemErrorResponseProcessor.clientName("limit"));
    }

    @Test
    void readerMessagesLoseTheirJavaInternals() {
        String raw = "Unable to decode request body: Error decoding JSON stream for type [request]: "
                + "Unexpected token VALUE_STRING, expected START_OBJECT\n at [Source: REDACTED (`X` disabled); line: 2, column: 16]";
        assertEquals("The body is not a valid request: expected an object but found a string (line 2, column 16)",
                ProblemErrorResponseProcessor.readable(raw));
    }
}
