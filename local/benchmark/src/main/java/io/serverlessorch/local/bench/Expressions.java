package io.serverlessorch.local.bench;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of DynamoDB's expression language to tell what a request does to one attribute: an update's
 * {@code SET a = :v} and {@code REMOVE a}, and a query's {@code a = :v} key condition. Names may be given as
 * {@code #placeholders}; values are {@code :placeholders}.
 */
final class Expressions {

    private static final Pattern CLAUSE = Pattern.compile("(?i)(?<![#:\\w.])(SET|REMOVE|ADD|DELETE)\\b");
    private static final Pattern EQUALS = Pattern.compile("([#A-Za-z_][A-Za-z0-9_.#-]*)\\s*=\\s*(:[A-Za-z0-9_]+)");

    private Expressions() {
    }

    /**
     * What an update does to {@code attribute}.
     *
     * @param touched whether the update sets or removes it
     * @param value   the value it is set to, null when it is removed or the value is not a plain placeholder
     */
    record Change(boolean touched, boolean removed, String value) {
        static final Change NONE = new Change(false, false, null);
    }

    static Change change(String expression, Map<String, String> names, Map<String, AttributeValue> values, String attribute) {
        if (expression == null) {
            return Change.NONE;
        }
        Matcher clauses = CLAUSE.matcher(expression);
        List<int[]> starts = new ArrayList<>();
        while (clauses.find()) {
            starts.add(new int[]{clauses.start(), clauses.end()});
        }
        for (int i = 0; i < starts.size(); i++) {
            String keyword = expression.substring(starts.get(i)[0], starts.get(i)[1]).toUpperCase();
            String body = expression.substring(starts.get(i)[1], i + 1 < starts.size() ? starts.get(i + 1)[0] : expression.length());
            for (String action : topLevel(body)) {
                if (keyword.equals("SET")) {
                    int equals = action.indexOf('=');
                    if (equals > 0 && attribute.equals(name(action.substring(0, equals).trim(), names))) {
                        String right = action.substring(equals + 1).trim();
                        return new Change(true, false, right.matches(":[A-Za-z0-9_]+") ? text(values == null ? null : values.get(right)) : null);
                    }
                } else if (keyword.equals("REMOVE") && attribute.equals(name(action.trim(), names))) {
                    return new Change(true, true, null);
                } else if (!action.isBlank() && attribute.equals(name(action.trim().split("\\s+")[0], names))) {
                    return new Change(true, false, null);
                }
            }
        }
        return Change.NONE;
    }

    /** The value a key condition gives {@code attribute} ({@code attribute = :v}), or null. */
    static String equalsValue(String condition, Map<String, String> names, Map<String, AttributeValue> values, String attribute) {
        if (condition == null) {
            return null;
        }
        Matcher equals = EQUALS.matcher(condition);
        while (equals.find()) {
            if (attribute.equals(name(equals.group(1), names))) {
                return text(values == null ? null : values.get(equals.group(2)));
            }
        }
        return null;
    }

    /** A key attribute's value as text: strings as they are, numbers as written; null for anything else. */
    static String text(AttributeValue value) {
        if (value == null) {
            return null;
        }
        return value.s() != null ? value.s() : value.n();
    }

    private static String name(String token, Map<String, String> names) {
        return token.startsWith("#") && names != null ? names.getOrDefault(token, token) : token;
    }

    /** The comma-separated parts of a clause, commas inside function calls left alone. */
    private static List<String> topLevel(String body) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(body.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(body.substring(start));
        return parts;
    }
}
