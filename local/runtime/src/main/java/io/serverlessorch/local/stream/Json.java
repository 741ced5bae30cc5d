package io.serverlessorch.local.stream;

import java.util.Map;
import java.util.TreeMap;

/** Just enough JSON writing for dead letters and the front door's problems, so the local run needs no JSON library for them. */
public final class Json {

    private Json() {
    }

    /** A JSON string literal (RFC 8259), or {@code null}: quotes, backslashes and control characters escaped. */
    public static String string(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder json = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                default -> {
                    // U+2028 and U+2029 are valid in JSON but end lines for some readers: escaped too.
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }

    /** A JSON object of string members, sorted by name so equal maps read the same. */
    static String object(Map<String, String> members) {
        StringBuilder json = new StringBuilder("{");
        new TreeMap<>(members).forEach((name, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append(string(name)).append(':').append(string(value));
        });
        return json.append('}').toString();
    }
}
