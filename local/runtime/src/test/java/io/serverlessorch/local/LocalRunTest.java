package io.serverlessorch.local;

import io.serverlessorch.local.stream.LocalEventSourceMapping;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** scripts/run_local.sh's options: read as typed, and a bad one said in one line, never taken as a value. */
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
        assertBad("--stream-poll-ms needs a value", "--stream-poll-ms");
        assertBad("--stream-poll-ms must be a whole number of milliseconds from 1 to 60000, not '0'", "--stream-poll-ms", "0");
        assertBad("--stream-poll-ms must be a whole number of milliseconds from 1 to 60000, not '0.5'", "--stream-poll-ms", "0.5");
        assertBad("--stream-poll-ms must be a whole number of milliseconds from 1 to 60000, not '1m'", "--stream-poll-ms", "1m");
    }

    @Test
    void theStreamIsPolledAsLambdaPollsItUnlessToldOtherwise() {
        assertEquals(Duration.ofMillis(250), LocalRun.parse(new String[]{"--in-memory"}).stream().idlePollInterval());
        assertEquals(Duration.ofMillis(40), LocalRun.parse(new String[]{"--stream-poll-ms", "40"}).stream().idlePollInterval());
        assertEquals(LocalEventSourceMapping.Settings.defaults().withIdlePollInterval(Duration.ofSeconds(1)),
                LocalRun.parse(new String[]{"--stream-poll-ms", "1000"}).stream(), "nothing else of the mapping changes");
    }

    private static void assertBad(String message, String... args) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> LocalRun.parse(args)).getMessage());
    }
}
