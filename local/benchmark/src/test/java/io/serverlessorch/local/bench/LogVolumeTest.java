package io.serverlessorch.local.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LogVolumeTest {

    @Test
    void countsTheFunctionsLinesOnBothStreamsAndNotTheBenchmarksOwn() {
        LogVolume volume = new LogVolume();
        volume.start();
        try {
            System.out.println("[bench] 500 orders placed");
            System.out.println("{\"_aws\":{}}");
            System.err.print("INFO order moved\n");
            System.err.print("[bencher] not ours\n");
        } finally {
            LogVolume.Totals totals = volume.stop();
            assertEquals(3, totals.lines());
            assertEquals("{\"_aws\":{}}\n".length() + "INFO order moved\n".length() + "[bencher] not ours\n".length(), totals.bytes());
        }
    }
}
