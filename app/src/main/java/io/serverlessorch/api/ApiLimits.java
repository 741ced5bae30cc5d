package io.serverlessorch.api;

import io.serverlessorch.domain.OrderRules;

/**
 * What the API accepts, in one place (the API Gateway request model is built from these too). Patterns are
 * anchored: Jakarta's {@code @Pattern} matches the whole value anyway, but the OpenAPI document copies them, and
 * an OpenAPI (JSON Schema) pattern only has to be found somewhere in the value.
 */
public final class ApiLimits {

    private ApiLimits() {
    }

    public static final int MAX_ITEMS = OrderRules.MAX_LINES;
    public static final int MAX_QUANTITY = OrderRules.MAX_QUANTITY;
    public static final String MAX_UNIT_PRICE = OrderRules.MAX_UNIT_PRICE;
    public static final String IDENTIFIER = "^[A-Za-z0-9_-]+$";
    public static final String IDENTIFIER_MESSAGE = "may hold only letters, digits, '_' and '-'";
    /** Customer and product ids: at most this many characters of {@link #IDENTIFIER}. */
    public static final int MAX_IDENTIFIER_LENGTH = 64;
    public static final String CREDIT_CARD = "credit_card";
    public static final String DEBIT_CARD = "debit_card";
    public static final String PAYPAL = "paypal";
    /** The payment methods an order may name; the document lists the same names as its enum. */
    public static final String PAYMENT_METHODS = "^(" + CREDIT_CARD + "|" + DEBIT_CARD + "|" + PAYPAL + ")$";
    public static final String PAYMENT_METHODS_MESSAGE = "must be one of " + CREDIT_CARD + ", " + DEBIT_CARD + ", " + PAYPAL;
    public static final String POSTAL_CODE = "^[A-Za-z0-9 -]+$";
    public static final String COUNTRY = "^[A-Z]{2}$";

    /** Larger request bodies are refused with 413 before they are parsed. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    public static final int DEFAULT_PAGE_SIZE = 20;
    public static final int MAX_PAGE_SIZE = 100;

    /** A cancel's reason: one line of text. */
    public static final int MAX_CANCEL_REASON = 500;
    public static final String ONE_LINE = "^[^\\r\\n\\u2028\\u2029]*\\S[^\\r\\n\\u2028\\u2029]*$";
    public static final String ONE_LINE_MESSAGE = "must be one line of text, not blank";

    /** A payment webhook's event id: the provider's {@code evt_...}. */
    public static final String EVENT_ID = "^evt_[A-Za-z0-9_]{1,251}$";
    public static final String PAYMENT_REFERENCE = "^[A-Za-z0-9_-]{1,64}$";

    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;
    /** Printable ASCII without spaces. */
    public static final String IDEMPOTENCY_KEY = "^[\\x21-\\x7E]+$";
}
