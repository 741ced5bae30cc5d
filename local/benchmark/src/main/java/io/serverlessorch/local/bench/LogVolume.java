package io.serverlessorch.local.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bytes of log lines the functions write while it counts: what CloudWatch Logs would ingest from their
 * standard output and error in AWS (metric documents, application log lines). The benchmark's own progress
 * lines are left out. Lambda adds its platform lines per invocation; see {@link CostModel#PLATFORM_LOG_BYTES_PER_INVOCATION}.
 */
final class LogVolume {

    private static final byte[] OWN_PREFIX = "[bench]".getBytes(StandardCharsets.US_ASCII);

    private final LongAdder bytes = new LongAdder();
    private final LongAdder lines = new LongAdder();
    private PrintStream out;
    private PrintStream err;

    record Totals(long bytes, long lines) {
    }

    void start() {
        out = System.out;
        err = System.err;
        System.setOut(new PrintStream(new Counting(out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Counting(err), true, StandardCharsets.UTF_8));
    }

    Totals stop() {
        System.setOut(out);
        System.setErr(err);
        return new Totals(bytes.sum(), lines.sum());
    }

    /** Passes bytes on, and counts each finished line that is not the benchmark's own. */
    private final class Counting extends OutputStream {
        private final OutputStream target;
        private long lineBytes;
        private int prefixMatched;
        private boolean own;

        Counting(OutputStream target) {
            this.target = target;
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
            // Passed on in one piece, so counting costs the functions no more than a scan of their bytes.
            target.write(bytes, offset, length);
            for (int i = offset; i < offset + length; i++) {
                count(bytes[i]);
            }
        }

        @Override
        public synchronized void write(int b) throws IOException {
            target.write(b);
            count((byte) b);
        }

        private void count(byte b) {
            if (lineBytes < OWN_PREFIX.length && prefixMatched == lineBytes && b == OWN_PREFIX[(int) lineBytes]) {
                prefixMatched++;
                own = prefixMatched == OWN_PREFIX.length;
            }
            lineBytes++;
            if (b == '\n') {
                if (!own) {
                    bytes.add(lineBytes);
                    lines.increment();
                }
                lineBytes = 0;
                prefixMatched = 0;
                own = false;
            }
        }

        @Override
        public void flush() throws IOException {
            target.flush();
        }
    }
}
