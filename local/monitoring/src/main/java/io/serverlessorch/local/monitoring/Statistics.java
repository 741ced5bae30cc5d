package io.serverlessorch.local.monitoring;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** CloudWatch's statistics over the values of one period. */
final class Statistics {

    private static final Pattern PERCENTILE = Pattern.compile("p(\\d{1,2}(\\.\\d+)?|100)");

    private Statistics() {
    }

    /** Fails for a statistic CloudWatch has but this does not (trimmed means, for one): a blank chart would hide it. */
    static void check(String statistic) {
        if (!List.of("Sum", "Average", "Minimum", "Maximum", "SampleCount").contains(statistic) && !PERCENTILE.matcher(statistic).matches()) {
            throw new UnsupportedQueryException("The statistic '" + statistic + "' is not supported locally "
                    + "(Sum, Average, Minimum, Maximum, SampleCount and pNN are)");
        }
    }

    static double of(String statistic, double[] values) {
        check(statistic);
        switch (statistic) {
            case "Sum":
                return Arrays.stream(values).sum();
            case "Average":
                return Arrays.stream(values).average().orElseThrow();
            case "Minimum":
                return Arrays.stream(values).min().orElseThrow();
            case "Maximum":
                return Arrays.stream(values).max().orElseThrow();
            case "SampleCount":
                return values.length;
            default:
                Matcher percentile = PERCENTILE.matcher(statistic);
                percentile.matches();
                return percentile(Double.parseDouble(percentile.group(1)), values);
        }
    }

    /** The nearest-rank percentile: the smallest value with at least {@code p} % of the values at or below it. */
    private static double percentile(double p, double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
