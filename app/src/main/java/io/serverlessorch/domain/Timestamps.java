package io.serverlessorch.domain;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Timestamps as text, stored and answered alike: fixed-width ISO-8601 UTC with milliseconds
 * ({@code 2026-12-07T10:15:36.000Z}), so that text order is time order ({@code Instant.toString()} drops zero
 * milliseconds).
 */
public final class Timestamps {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }

    public static Instant parse(String text) {
        return Instant.parse(text);
    }
}
