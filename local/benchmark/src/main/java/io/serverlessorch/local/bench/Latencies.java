package io.serverlessorch.local.bench;

import java.util.Arrays;

/** Percentiles of a set of durations, in milliseconds. */
record Latencies(int count, double p50, double p95, double p99, double max) {

    static Latencies ofNanos(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Latencies(sorted.length, at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99),
                sorted.length == 0 ? 0 : tenths(sorted[sorted.length - 1] / 1e6));
    }

    private static double at(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return tenths(sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6);
    }

    private static double tenths(double millis) {
        return Math.round(millis * 10) / 10.0;
    }
}
