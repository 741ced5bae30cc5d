package io.serverlessorch.local;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The option values of the local tools ({@code run_local.sh}, {@code local_test.sh}, {@code bench.sh},
 * {@code replay-dead-letters.sh}), read one way: each wrong value is an {@link IllegalArgumentException}
 * whose message is one line for the person who typed it.
 */
public final class OptionValues {

    private OptionValues() {
    }

    /**
     * The options {@code parse} reads from {@code args}; when they are wrong, its one-line reason and the
     * usage on standard error and exit code 2, never a stack trace.
     */
    public static <T> T parseOrExit(String[] args, Function<String[], T> parse, String usage) {
        try {
            return parse.apply(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(usage);
            System.exit(2);
            throw e;
        }
    }

    /** The value after the option at {@code index - 1}; another option or nothing there means it is missing. */
    public static String value(String[] args, int index) {
        if (index >= args.length || args[index].isBlank() || args[index].startsWith("--")) {
            throw new IllegalArgumentException(args[index - 1] + " needs a value");
        }
        return args[index];
    }

    public static long wholeNumber(String text, String option, long min, long max, String unit) {
        try {
            long value = Long.parseLong(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(option + " must be a whole number" + (unit.isEmpty() ? "" : " of " + unit)
                + " from " + min + " to " + max + ", not '" + text + "'");
    }

    public static URI httpUrl(String text, String option, String example) {
        try {
            URI uri = new URI(text);
            if (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // said below
        }
        throw new IllegalArgumentException(option + " must be an http:// or https:// URL like " + example + ", not '" + text + "'");
    }

    /** The stacks' own rule for a stage name. */
    public static String stageName(String text) {
        if (!text.matches("[a-z][a-z0-9-]{0,15}")) {
            throw new IllegalArgumentException("--stage must be a stage name like dev or prod (a-z, 0-9 and -), not '" + text + "'");
        }
        return text;
    }

    public static Path directory(String text, String option) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(option + " must be a directory path, not '" + text + "'");
        }
    }
}
