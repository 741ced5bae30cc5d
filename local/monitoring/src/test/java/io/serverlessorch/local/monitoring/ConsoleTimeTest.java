package io.serverlessorch.local.monitoring;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The console's lines start with the time of day, always with seconds, so the columns stay aligned. */
class ConsoleTimeTest {

    @Test
    void keepsSecondsThatAreZero() {
        assertEquals("13:55:00", LocalMonitoring.consoleTime(Instant.parse("2026-12-07T13:55:00Z"), ZoneOffset.UTC));
    }

    @Test
    void keepsMidnightAndDropsFractions() {
        assertEquals("00:00:00", LocalMonitoring.consoleTime(Instant.parse("2026-12-07T00:00:00Z"), ZoneOffset.UTC));
        assertEquals("09:05:07", LocalMonitoring.consoleTime(Instant.parse("2026-12-07T09:05:07.999Z"), ZoneOffset.UTC));
    }

    @Test
    void showsTheGivenZone() {
        assertEquals("14:55:00", LocalMonitoring.consoleTime(Instant.parse("2026-12-07T13:55:00Z"), ZoneId.of("Europe/Berlin")));
    }
}
