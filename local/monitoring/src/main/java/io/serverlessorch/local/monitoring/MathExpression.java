package io.serverlessorch.local.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.DoubleBinaryOperator;

/**
 * The part of CloudWatch metric math the alarms use: numbers, metric ids, {@code + - * /}, comparisons
 * ({@code > < >= <= == !=}, giving 1 or 0), {@code IF(condition, then, else)} and {@code FILL(series, value)}.
 * Anything else is refused when parsed. Series combine period by period; a period missing from either side
 * is missing from the result, and a division by zero gives no value, as in CloudWatch.
 */
public final class MathExpression {

    /** A scalar, or a series keyed by period start. */
    private record Value(Double scalar, SortedMap<Long, Double> series) {
        static Value of(double number) {
            return new Value(number, null);
        }

        static Value of(SortedMap<Long, Double> series) {
            return new Value(null, series);
        }

        Double at(long period) {
            return scalar != null ? scalar : series.get(period);
        }
    }

    private interface Node {
        Value evaluate(Map<String, SortedMap<Long, Double>> metrics, List<Long> periods);
    }

    private final String text;
    private final Node root;
    private int position;

    private MathExpression(String text) {
        this.text = text;
        this.root = parseComparison();
        skipSpaces();
        if (position < text.length()) {
            throw error("unexpected '" + text.substring(position) + "'");
        }
    }

    public static MathExpression parse(String expression) {
        return new MathExpression(expression);
    }

    /**
     * The expression's value in each of {@code periods}, given the series of the metrics it names. A scalar
     * result holds in every period.
     */
    public SortedMap<Long, Double> evaluate(Map<String, SortedMap<Long, Double>> metrics, List<Long> periods) {
        Value value = root.evaluate(metrics, periods);
        SortedMap<Long, Double> result = new TreeMap<>();
        for (long period : periods) {
            Double at = value.at(period);
            if (at != null && !at.isNaN() && !at.isInfinite()) {
                result.put(period, at);
            }
        }
        return result;
    }

    // ---- parsing (recursive descent, one method per precedence level)

    private Node parseComparison() {
        Node left = parseSum();
        skipSpaces();
        for (String operator : List.of(">=", "<=", "==", "!=", ">", "<")) {
            if (text.startsWith(operator, position)) {
                position += operator.length();
                Node right = parseSum();
                DoubleBinaryOperator compare = switch (operator) {
                    case ">=" -> (a, b) -> a >= b ? 1 : 0;
                    case "<=" -> (a, b) -> a <= b ? 1 : 0;
                    case "==" -> (a, b) -> a == b ? 1 : 0;
                    case "!=" -> (a, b) -> a != b ? 1 : 0;
                    case ">" -> (a, b) -> a > b ? 1 : 0;
                    default -> (a, b) -> a < b ? 1 : 0;
                };
                return combine(left, right, compare);
            }
        }
        return left;
    }

    private Node parseSum() {
        Node left = parseProduct();
        while (true) {
            skipSpaces();
            if (accept('+')) {
                left = combine(left, parseProduct(), Double::sum);
            } else if (accept('-')) {
                left = combine(left, parseProduct(), (a, b) -> a - b);
            } else {
                return left;
            }
        }
    }

    private Node parseProduct() {
        Node left = parseUnary();
        while (true) {
            skipSpaces();
            if (accept('*')) {
                left = combine(left, parseUnary(), (a, b) -> a * b);
            } else if (accept('/')) {
                left = combine(left, parseUnary(), (a, b) -> b == 0 ? Double.NaN : a / b);
            } else {
                return left;
            }
        }
    }

    private Node parseUnary() {
        skipSpaces();
        if (accept('-')) {
            Node operand = parseUnary();
            return combine((metrics, periods) -> Value.of(0), operand, (a, b) -> a - b);
        }
        return parsePrimary();
    }

    private Node parsePrimary() {
        skipSpaces();
        if (accept('(')) {
            Node inner = parseComparison();
            expect(')');
            return inner;
        }
        int start = position;
        if (position < text.length() && (Character.isDigit(text.charAt(position)) || text.charAt(position) == '.')) {
            while (position < text.length() && (Character.isDigit(text.charAt(position)) || text.charAt(position) == '.')) {
                position++;
            }
            double number = Double.parseDouble(text.substring(start, position));
            return (metrics, periods) -> Value.of(number);
        }
        while (position < text.length() && (Character.isLetterOrDigit(text.charAt(position)) || text.charAt(position) == '_')) {
            position++;
        }
        if (start == position) {
            throw error("expected a number, a metric id or a function at '" + text.substring(position) + "'");
        }
        String name = text.substring(start, position);
        skipSpaces();
        if (accept('(')) {
            List<Node> arguments = new ArrayList<>();
            do {
                arguments.add(parseComparison());
                skipSpaces();
            } while (accept(','));
            expect(')');
            return function(name, arguments);
        }
        return (metrics, periods) -> {
            SortedMap<Long, Double> series = metrics.get(name);
            if (series == null) {
                throw new UnsupportedQueryException("The expression " + text + " names '" + name + "', which is not one of its metrics " + metrics.keySet());
            }
            return Value.of(series);
        };
    }

    private Node function(String name, List<Node> arguments) {
        if (name.equals("IF") && arguments.size() == 3) {
            return (metrics, periods) -> {
                Value condition = arguments.get(0).evaluate(metrics, periods);
                Value then = arguments.get(1).evaluate(metrics, periods);
                Value otherwise = arguments.get(2).evaluate(metrics, periods);
                SortedMap<Long, Double> result = new TreeMap<>();
                for (long period : periods) {
                    Double test = condition.at(period);
                    Double chosen = test == null ? null : test != 0 ? then.at(period) : otherwise.at(period);
                    if (chosen != null) {
                        result.put(period, chosen);
                    }
                }
                return Value.of(result);
            };
        }
        if (name.equals("FILL") && arguments.size() == 2) {
            return (metrics, periods) -> {
                Value series = arguments.get(0).evaluate(metrics, periods);
                Value filler = arguments.get(1).evaluate(metrics, periods);
                SortedMap<Long, Double> result = new TreeMap<>();
                for (long period : periods) {
                    Double value = series.at(period) != null ? series.at(period) : filler.at(period);
                    if (value != null) {
                        result.put(period, value);
                    }
                }
                return Value.of(result);
            };
        }
        throw error("the function " + name + " with " + arguments.size() + " arguments is not supported locally (IF(c, a, b) and FILL(s, v) are)");
    }

    private static Node combine(Node left, Node right, DoubleBinaryOperator operator) {
        return (metrics, periods) -> {
            Value a = left.evaluate(metrics, periods);
            Value b = right.evaluate(metrics, periods);
            if (a.scalar() != null && b.scalar() != null) {
                return Value.of(operator.applyAsDouble(a.scalar(), b.scalar()));
            }
            SortedMap<Long, Double> result = new TreeMap<>();
            for (long period : periods) {
                Double x = a.at(period);
                Double y = b.at(period);
                if (x != null && y != null) {
                    result.put(period, operator.applyAsDouble(x, y));
                }
            }
            return Value.of(result);
        };
    }

    private void skipSpaces() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }

    private boolean accept(char expected) {
        skipSpaces();
        if (position < text.length() && text.charAt(position) == expected) {
            position++;
            return true;
        }
        return false;
    }

    private void expect(char expected) {
        if (!accept(expected)) {
            throw error("expected '" + expected + "' at position " + position);
        }
    }

    private UnsupportedQueryException error(String what) {
        return new UnsupportedQueryException("The metric math expression '" + text + "' cannot be evaluated locally: " + what);
    }
}
