package io.serverlessorch.local;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** scripts/run_local.sh's options: a bad one is said in one line, never taken as a value. */
class LocalRunTest {

    @Test
    void aBadOptionIsOneLineSaidPlainly() {
        assertBad("Unknown option --bogus", "--bogus");
        assertBad("--port needs a value", "--port");
        assertBad("--port needs a value", "--port", "--in-memory");
        assertBad("--port must be a port number (0-65535), not 'abc'", "--port", "abc");
        assertBad("--dynamodb-port must be a port number (0-65535), not '70000'", "--dynamodb-port", "70000");
        assertBad("--data-dir needs a value", "--data-dir", "--in-memory");
        assertBad("--data-dir needs a value", "--data-dir", "");
    }

    private static void assertBad(String message, String... args) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> LocalRun.parse(args)).getMessage());
    }
}
