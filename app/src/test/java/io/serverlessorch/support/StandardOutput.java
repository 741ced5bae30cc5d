package io.serverlessorch.support;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/** What code writes to standard output: the metric documents and log lines a function leaves in its log. */
public final class StandardOutput {

    private StandardOutput() {
    }

    /** The lines written to standard output while {@code action} runs; standard output is restored after. */
    public static List<String> linesWrittenBy(Runnable action) {
        return captured(action, System::setOut, System.out);
    }

    /** The lines written to standard error while {@code action} runs (text log lines of WARN and above). */
    public static List<String> errorLinesWrittenBy(Runnable action) {
        return captured(action, System::setErr, System.err);
    }

    private static List<String> captured(Runnable action, Consumer<PrintStream> setStream, PrintStream original) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        setStream.accept(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            setStream.accept(original);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
