package io.serverlessorch.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.IOException;
import java.util.Optional;

/**
 * What the JSON binding lets through and a strict reader does not: text after the document (or a second
 * document), a key given twice, and strings holding control characters, lone surrogates or U+FFFD (what
 * bytes that were not UTF-8 became on the way in). Checked on the body as sent, before it is bound.
 */
final class StrictJson {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private StrictJson() {
    }

    /** Why the body is not one strict JSON document, or empty when it is. */
    static Optional<String> problem(String body) {
        try (JsonParser parser = FACTORY.createParser(body)) {
            if (parser.nextToken() == null) {
                return Optional.empty(); // no document at all: the binding says what is missing
            }
            for (int depth = 0; ; ) {
                JsonToken token = parser.currentToken();
                if (token == JsonToken.FIELD_NAME || token == JsonToken.VALUE_STRING) {
                    Optional<String> bad = badCharacter(parser.getText());
                    if (bad.isPresent()) {
                        String what = token == JsonToken.FIELD_NAME ? "a key" : "the string at " + where(parser);
                        return Optional.of("The body is not valid: " + what + " holds " + bad.get());
                    }
                }
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                }
                if (depth == 0) {
                    break;
                }
                parser.nextToken();
            }
            return moreAfter(parser)
                    ? Optional.of("The body must be one JSON document; more follows it at " + where(parser))
                    : Optional.empty();
        } catch (JsonParseException e) {
            // The binding reports malformed JSON in its own words; a duplicate key it would let through.
            String message = e.getOriginalMessage();
            if (message != null && message.startsWith("Duplicate field")) {
                return Optional.of("The body is not valid: " + message.replace("Duplicate field", "the key")
                        + " appears twice (" + location(e.getLocation()) + ")");
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** True when anything but whitespace follows the document, even text that is not JSON at all. */
    private static boolean moreAfter(JsonParser parser) throws IOException {
        try {
            return parser.nextToken() != null;
        } catch (JsonParseException e) {
            return true;
        }
    }

    /** A character no name, id, address or token of an order has any business holding. */
    static Optional<String> badCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of("a lone surrogate (\\u" + hex(c) + "), which is not a character");
            } else if (Character.isISOControl(c)) {
                return Optional.of("the control character \\u" + hex(c));
            } else if (c == '\uFFFD') {
                return Optional.of("U+FFFD, the mark of bytes that were not valid UTF-8");
            } else if (c == '\u2028' || c == '\u2029') {
                return Optional.of("a line or paragraph separator (U+" + hex(c) + ")");
            } else if ((c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')) {
                // Bidirectional overrides make text display as something other than what it is.
                return Optional.of("a bidirectional control (U+" + hex(c) + ")");
            } else if (c == '\uFFFE' || c == '\uFFFF' || (c >= '\uFDD0' && c <= '\uFDEF')) {
                return Optional.of("a noncharacter (U+" + hex(c) + ")");
            }
        }
        return Optional.empty();
    }

    private static String hex(char c) {
        return String.format("%04X", (int) c);
    }

    private static String where(JsonParser parser) {
        return location(parser.currentTokenLocation());
    }

    private static String location(JsonLocation location) {
        return "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
