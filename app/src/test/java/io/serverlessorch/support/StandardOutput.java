package io.serverlessorch.support;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** What code writes to standard output: the metric documents and log lines a function leaves in its log. */
public final class StandardOutput {

    private StandardOutput() {
    }

    /** The lines written to standard output while {@code action} runs; standard output is restored after. */
    public static List<String> linesWrittenBy(Runnable action) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** The lines written to standard error while {@code action} runs (text log lines of WARN and above). */
    public static List<String> errorLinesWrittenBy(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
