package io.serverlessorch.local.monitoring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local run's Lambda platform reports ({@code platform.report}, one per invocation, with
 * {@code initDurationMs} on the first of each function instance), kept in memory for
 * {@link MetricStore#RETENTION}, and the small part of CloudWatch Logs Insights the dashboard's log widget
 * uses: {@code SOURCE}, {@code filter type = "..."} and {@code stats count|avg|max|min|sum(field) as name, ... by @log}.
 */
public final class PlatformReports {

    /** The log group field's value, as Logs Insights writes it: account id and log group name. */
    static final String ACCOUNT = "000000000000";
    private static final Pattern SOURCE = Pattern.compile("SOURCE\\s+'([^']+)'");
    private static final Pattern FILTER = Pattern.compile("filter\\s+type\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern STATS = Pattern.compile("stats\\s+(.+)\\s+by\\s+@log");
    private static final Pattern AGGREGATE = Pattern.compile("(count|avg|max|min|sum)\\(([A-Za-z0-9_.]+)\\)\\s+as\\s+([A-Za-z0-9_]+)");

    /** One report: the function's log group, when, and its metrics (durationMs, initDurationMs, ...). */
    public record Report(String logGroup, Instant at, Map<String, Double> metrics) {
    }

    /** A query's result: its column names and rows. */
    public record Table(List<String> columns, List<List<Object>> rows) {
    }

    private final List<Report> reports = new ArrayList<>();
    private final Clock clock;

    public PlatformReports(Clock clock) {
        this.clock = clock;
    }

    public void report(String functionName, Duration duration, Duration init) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("durationMs", duration.toNanos() / 1e6);
        if (init != null) {
            metrics.put("initDurationMs", init.toNanos() / 1e6);
        }
        synchronized (reports) {
            reports.add(new Report("/aws/lambda/" + functionName, clock.instant(), metrics));
        }
    }

    /** Forgets the reports older than {@link MetricStore#RETENTION}; called now and then, not per invocation. */
    public void prune() {
        Instant oldest = clock.instant().minus(MetricStore.RETENTION);
        synchronized (reports) {
            reports.removeIf(report -> report.at().isBefore(oldest));
        }
    }

    /** Runs {@code query} over the reports from {@code start} to {@code end}. */
    public Table query(String query, Instant start, Instant end) {
        List<String> sources = new ArrayList<>();
        String type = null;
        List<String[]> aggregates = new ArrayList<>();
        for (String command : query.split("\\|")) {
            String text = command.trim();
            Matcher source = SOURCE.matcher(text);
            Matcher filter = FILTER.matcher(text);
            Matcher stats = STATS.matcher(text);
            if (source.matches()) {
                sources.add(source.group(1));
            } else if (filter.matches()) {
                type = filter.group(1);
            } else if (stats.matches()) {
                for (String part : stats.group(1).split(",")) {
                    Matcher aggregate = AGGREGATE.matcher(part.trim());
                    if (!aggregate.matches()) {
                        throw new UnsupportedQueryException("The Logs Insights aggregate '" + part.trim() + "' is not supported locally");
                    }
                    aggregates.add(new String[] {aggregate.group(1), aggregate.group(2), aggregate.group(3)});
                }
            } else {
                throw new UnsupportedQueryException("The Logs Insights command '" + text + "' is not supported locally "
                        + "(SOURCE, filter type = \"...\" and stats ... by @log are)");
            }
        }
        if (!"platform.report".equals(type) || aggregates.isEmpty()) {
            throw new UnsupportedQueryException("Only stats over type = \"platform.report\" are kept locally: " + query);
        }
        Map<String, List<Report>> byLog = new java.util.TreeMap<>();
        synchronized (reports) {
            for (Report report : reports) {
                if (sources.contains(report.logGroup()) && !report.at().isBefore(start) && report.at().isBefore(end)) {
                    byLog.computeIfAbsent(ACCOUNT + ":" + report.logGroup(), log -> new ArrayList<>()).add(report);
                }
            }
        }
        List<String> columns = new ArrayList<>(List.of("@log"));
        aggregates.forEach(aggregate -> columns.add(aggregate[2]));
        List<List<Object>> rows = new ArrayList<>();
        byLog.forEach((log, logReports) -> {
            List<Object> row = new ArrayList<>(List.of(log));
            for (String[] aggregate : aggregates) {
                String field = aggregate[1].startsWith("record.metrics.") ? aggregate[1].substring("record.metrics.".length()) : null;
                if (field == null) {
                    throw new UnsupportedQueryException("Only record.metrics.* fields are kept locally, not " + aggregate[1]);
                }
                double[] values = logReports.stream().map(report -> report.metrics().get(field))
                        .filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
                row.add(switch (aggregate[0]) {
                    case "count" -> (Object) (long) values.length;
                    case "avg" -> values.length == 0 ? null : java.util.Arrays.stream(values).average().orElseThrow();
                    case "max" -> values.length == 0 ? null : java.util.Arrays.stream(values).max().orElseThrow();
                    case "min" -> values.length == 0 ? null : java.util.Arrays.stream(values).min().orElseThrow();
                    default -> java.util.Arrays.stream(values).sum();
                });
            }
            rows.add(row);
        });
        return new Table(columns, rows);
    }
}
