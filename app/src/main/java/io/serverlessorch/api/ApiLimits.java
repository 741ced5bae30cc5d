package io.serverlessorch.api;

/** What the API accepts, in one place. */
final class ApiLimits {

    private ApiLimits() {
    }

    static final int MAX_ITEMS = 50;
    static final int MAX_QUANTITY = 1000;
    static final String MAX_UNIT_PRICE = "1000000.00";
    static final String IDENTIFIER = "[A-Za-z0-9_-]+";
    static final String IDENTIFIER_MESSAGE = "may hold only letters, digits, '_' and '-'";
    static final String PAYMENT_METHODS = "credit_card|debit_card|paypal";

    /** Larger request bodies are refused with 413 before they are parsed. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    static final int DEFAULT_PAGE_SIZE = 20;
    static final int MAX_PAGE_SIZE = 100;

    static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;
    /** Printable ASCII without spaces. */
    static final String IDEMPOTENCY_KEY = "[\\x21-\\x7E]+";
}
