package io.serverlessorch.orders;

import io.serverlessorch.domain.OrderDraft;
import io.serverlessorch.domain.OrderLine;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Collectors;

/**
 * A digest of what an order request asks for, independent of JSON layout and number formatting
 * ({@code 5}, {@code 5.0} and {@code 5.00} are the same price), to tell a retry from a different request.
 */
final class RequestFingerprint {

    private RequestFingerprint() {
    }

    static String of(OrderDraft draft) {
        String lines = draft.items().stream().map(RequestFingerprint::line).collect(Collectors.joining(";"));
        String canonical = String.join("\n",
                draft.customer().customerId(), draft.customer().email(), draft.customer().name(),
                lines,
                draft.shippingAddress().street(), draft.shippingAddress().city(),
                optional(draft.shippingAddress().state()), draft.shippingAddress().postalCode(),
                draft.shippingAddress().country(),
                draft.payment().paymentMethod(), optional(draft.payment().cardToken()));
        return sha256(canonical);
    }

    /**
     * An optional field's text: a missing one is a NUL, which no accepted value contains (the API refuses
     * control characters), so it differs from every text, {@code "null"} included. A present one is written as
     * it always was, so the fingerprints of stored keys for requests that carry it still match.
     */
    private static String optional(String value) {
        return value == null ? ABSENT : value;
    }

    private static final String ABSENT = "\u0000";

    private static String line(OrderLine line) {
        return line.productId() + "x" + line.quantity() + "@" + plain(line.unitPrice());
    }

    private static String plain(BigDecimal amount) {
        return amount.stripTrailingZeros().toPlainString();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}
