package io.serverlessorch.payments;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The payment provider's signature of a webhook, as Stripe signs: the header
 * {@code Payment-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">}, keyed with the webhook
 * secret. Several {@code v1} entries may come (a provider rolling its secret signs with both); one that matches is
 * enough. The timestamp must lie within {@link #TOLERANCE} of now, so a captured request cannot be replayed later.
 */
public final class WebhookSignature {

    public static final String HEADER = "Payment-Signature";
    public static final Duration TOLERANCE = Duration.ofMinutes(5);
    /** A header longer than this is no signature: it is refused before any parsing. */
    static final int MAX_HEADER_LENGTH = 1_000;

    private WebhookSignature() {
    }

    /** Why a signature was refused: a short code for the metric, and the words for the caller. */
    public record Refusal(String code, String detail) {
    }

    /** Empty when {@code header} signs {@code body} with {@code secret} within the tolerance of {@code now}. */
    public static Optional<Refusal> check(String header, String body, String secret, Instant now) {
        if (header == null || header.isBlank()) {
            return refuse("missing", "The " + HEADER + " header is missing");
        }
        if (header.length() > MAX_HEADER_LENGTH) {
            return refuse("malformed", "The " + HEADER + " header is longer than " + MAX_HEADER_LENGTH + " characters");
        }
        Long timestamp = null;
        List<String> signatures = new ArrayList<>();
        for (String part : header.split(",", -1)) {
            int equals = part.indexOf('=');
            if (equals < 1) {
                return refuse("malformed", "The " + HEADER + " header is not t=<unix seconds>,v1=<hex HMAC-SHA256>");
            }
            String key = part.substring(0, equals).trim();
            String value = part.substring(equals + 1).trim();
            if (key.equals("t")) {
                if (timestamp != null || !value.matches("[0-9]{1,12}")) {
                    return refuse("malformed", "The " + HEADER + " header needs one t=<unix seconds>");
                }
                timestamp = Long.parseLong(value);
            } else if (key.equals("v1")) {
                if (!value.matches("[0-9a-fA-F]{64}")) {
                    return refuse("malformed", "A v1 signature is 64 hex digits (HMAC-SHA256)");
                }
                signatures.add(value.toLowerCase());
            }
            // Other schemes (v0, ...) are ignored, as the provider documents.
        }
        if (timestamp == null || signatures.isEmpty()) {
            return refuse("malformed", "The " + HEADER + " header needs t=<unix seconds> and at least one v1=<hex HMAC-SHA256>");
        }
        Duration age = Duration.between(Instant.ofEpochSecond(timestamp), now).abs();
        if (age.compareTo(TOLERANCE) > 0) {
            return refuse("timestamp", "The signature's timestamp is " + age.toSeconds() + " s from now; at most "
                    + TOLERANCE.toSeconds() + " s is accepted");
        }
        byte[] expected = hmac(secret, timestamp + "." + body);
        boolean matches = signatures.stream().anyMatch(given -> MessageDigest.isEqual(expected, HexFormat.of().parseHex(given)));
        return matches ? Optional.empty() : refuse("signature", "The signature does not match the body");
    }

    /** The header the provider would send for {@code body} at {@code at}: for tests and the local provider script. */
    public static String sign(String body, String secret, Instant at) {
        long t = at.getEpochSecond();
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(hmac(secret, t + "." + body));
    }

    private static byte[] hmac(String secret, String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static Optional<Refusal> refuse(String code, String detail) {
        return Optional.of(new Refusal(code, detail));
    }
}
