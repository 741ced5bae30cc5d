package io.serverlessorch.local.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** scripts/bench.sh's options: read as typed, and a bad one said in one line. */
class BenchmarkTest {

    @Test
    void optionsAreReadAsTyped() {
        assertEquals(new Benchmark.Options(2000, 8, 10, 20, 400, Path.of("target", "benchmark")), Benchmark.parse(new String[0]));
        assertEquals(new Benchmark.Options(50, 2, 1, 3, 0, Path.of("/tmp/bench")), Benchmark.parse(new String[]{
                "--orders", "50", "--concurrency", "2", "--baseline-seconds", "1", "--steady-seconds", "3",
                "--warmup-orders", "0", "--out", "/tmp/bench"}));
    }

    @Test
    void aBadOptionIsOneLineSaidPlainly() {
        assertBad("Unknown option --bogus", "--bogus");
        assertBad("Unexpected argument '100'", "100");
        assertBad("--orders needs a value", "--orders");
        assertBad("--orders needs a value", "--orders", "--concurrency", "2");
        assertBad("--orders must be a whole number from 1 to 1000000, not 'abc'", "--orders", "abc");
        assertBad("--orders must be a whole number from 1 to 1000000, not '0'", "--orders", "0");
        assertBad("--concurrency must be a whole number from 1 to 256, not '-1'", "--concurrency", "-1");
        assertBad("--concurrency must be a whole number from 1 to 256, not '2.5'", "--concurrency", "2.5");
        assertBad("--baseline-seconds must be a whole number from 1 to 3600, not '0'", "--baseline-seconds", "0");
        assertBad("--steady-seconds must be a whole number from 1 to 3600, not '99999999999'", "--steady-seconds", "99999999999");
        assertBad("--warmup-orders must be a whole number from 0 to 1000000, not '-5'", "--warmup-orders", "-5");
        assertBad("--out needs a value", "--out");
    }

    private static void assertBad(String message, String... args) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> Benchmark.parse(args)).getMessage());
    }
}
