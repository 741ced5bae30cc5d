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

    @Test
    void aPaymentEventTheReaderCouldNotReadIsDescribedWithoutTheReadersSettings() {
        // given what the JSON mapper says of a signed body cut off in the middle
        String raw = "Unexpected end-of-input within/between Object entries\n at [Source: REDACTED "
                + "(`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 26]";

        // when / then: what and where, in the client's words
        assertEquals("The body is not a payment event: Unexpected end-of-input within/between Object entries (line 1, column 26)",
                ProblemErrorResponseProcessor.bodyError("a payment event", raw));
    }

    @Test
    void aRawBodyThatWasNotSentAtAllIsNamedSo() {
        assertEquals("The request needs a JSON object as its body",
                ProblemErrorResponseProcessor.readable("Failed to convert argument [body] for value [null] due to: nothing"));
    }
}
