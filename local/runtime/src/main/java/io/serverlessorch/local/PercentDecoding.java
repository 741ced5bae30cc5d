package io.serverlessorch.local;

import io.serverlessorch.local.ApiGatewayHttpBridge.Refusal;
import org.eclipse.jetty.http.HttpStatus;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Query strings decoded once and strictly: a malformed escape or bytes that are not UTF-8 are refused, not guessed at. */
final class PercentDecoding {

    private PercentDecoding() {
    }

    /** A name or value of a query string: {@code %XX} escapes and {@code +} for a space. */
    static String decodeQueryPart(String raw) throws Refusal {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int high = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int low = high >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (low < 0) {
                    throw malformed("a '%' that is not followed by two hexadecimal digits");
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else {
                int codePoint = raw.codePointAt(i);
                byte[] encoded = Character.toString(codePoint).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
                i += Character.charCount(codePoint) - 1;
            }
        }
        try {
            return utf8(bytes.toByteArray());
        } catch (CharacterCodingException e) {
            throw malformed("escapes that are not UTF-8");
        }
    }

    /** The text these bytes encode, or an exception when they are not UTF-8: never a guess (U+FFFD). */
    static String utf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString();
    }

    private static Refusal malformed(String what) {
        return new Refusal(HttpStatus.BAD_REQUEST_400, "The query string has " + what);
    }
}
