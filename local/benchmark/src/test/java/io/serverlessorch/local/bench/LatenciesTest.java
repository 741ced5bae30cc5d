package io.serverlessorch.local.bench;

import org.junit.jupiter.api.Test;

import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LatenciesTest {

    @Test
    void percentilesOfOneToAHundredMilliseconds() {
        long[] nanos = LongStream.rangeClosed(1, 100).map(ms -> ms * 1_000_000).toArray();

        Latencies latencies = Latencies.ofNanos(nanos);

        assertEquals(new Latencies(100, 50.0, 95.0, 99.0, 100.0), latencies);
    }

    @Test
    void noSamplesIsAllZero() {
        assertEquals(new Latencies(0, 0, 0, 0, 0), Latencies.ofNanos(new long[0]));
    }
}
