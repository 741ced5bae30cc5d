package io.serverlessorch.storage.dynamodb;

import io.serverlessorch.domain.Timestamps;
import io.serverlessorch.domain.InvalidPageTokenException;
import io.serverlessorch.domain.Order;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * The position after which the next page starts, as an opaque token. It names the listing it belongs to
 * (a status or all orders), so a token cannot be replayed against another listing.
 */
record PageToken(String scope, String createdAt, String orderId) {

    private static final String VERSION = "v1";

    String encode() {
        String plain = String.join("|", VERSION, scope, createdAt, orderId);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    static PageToken decode(String token, String expectedScope) {
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidPageTokenException("next_token is not a token this API handed out");
        }
        String[] parts = plain.split("\\|", -1);
        if (parts.length != 4 || !VERSION.equals(parts[0]) || !Order.isWellFormedId(parts[3]) || !isTimestamp(parts[2])) {
            throw new InvalidPageTokenException("next_token is not a token this API handed out");
        }
        if (!parts[1].equals(expectedScope)) {
            throw new InvalidPageTokenException("next_token belongs to another listing; repeat the request that returned it");
        }
        return new PageToken(parts[1], parts[2], parts[3]);
    }

    private static boolean isTimestamp(String text) {
        try {
            return Timestamps.format(Instant.parse(text)).equals(text);
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
