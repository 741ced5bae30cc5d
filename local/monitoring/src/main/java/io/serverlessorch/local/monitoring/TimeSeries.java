package io.serverlessorch.local.monitoring;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One value per period (keyed by the period's start, epoch milliseconds); a period with no data has no entry,
 * as in CloudWatch.
 */
public record TimeSeries(String label, SortedMap<Long, Double> points) {

    public TimeSeries {
        points = Collections.unmodifiableSortedMap(new TreeMap<>(points));
    }

    public boolean hasData() {
        return !points.isEmpty();
    }
}
