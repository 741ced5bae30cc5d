package io.serverlessorch.local.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import io.serverlessorch.monitoring.MetricStat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@link MetricStore} as CloudWatch's GetMetricData would: a metric's statistic per period, the
 * dashboard file's {@code SEARCH} expressions, and metric math. What the dashboard file and the alarms use
 * is supported; anything else fails with an {@link UnsupportedQueryException} naming it.
 */
public final class MetricQueries {

    private static final Pattern SEARCH = Pattern.compile(
            "SEARCH\\(\\s*'\\{([^}]*)\\}((?:[^'\\\\]|\\\\.)*)'\\s*,\\s*'([^']+)'\\s*,\\s*(\\d+)\\s*\\)");
    private static final Pattern SEARCH_TERM = Pattern.compile("\\s*([A-Za-z][A-Za-z0-9_]*)=\"([^\"]*)\"");
    /** Options of a metric line that only change how it is drawn. */
    private static final Set<String> DRAWING_OPTIONS = Set.of("label", "stat", "period", "id", "visible", "color", "yAxis", "region");

    private final MetricStore store;

    public MetricQueries(MetricStore store) {
        this.store = store;
    }

    /** The periods of {@code period} that overlap [{@code start}, {@code end}), by their start. */
    public static List<Long> periods(Instant start, Instant end, Duration period) {
        long size = period.toMillis();
        List<Long> periods = new ArrayList<>();
        for (long at = Math.floorDiv(start.toEpochMilli(), size) * size; at < end.toEpochMilli(); at += size) {
            periods.add(at);
        }
        return periods;
    }

    /** One metric's statistic per period over [{@code start}, {@code end}). */
    public SortedMap<Long, Double> series(MetricKey key, String statistic, Duration period, Instant start, Instant end) {
        Statistics.check(statistic);
        long size = period.toMillis();
        long from = Math.floorDiv(start.toEpochMilli(), size) * size;
        Map<Long, List<Double>> byPeriod = new TreeMap<>();
        for (MetricStore.Sample sample : store.samples(key, Instant.ofEpochMilli(from), end)) {
            byPeriod.computeIfAbsent(Math.floorDiv(sample.epochMillis(), size) * size, at -> new ArrayList<>()).add(sample.value());
        }
        SortedMap<Long, Double> series = new TreeMap<>();
        byPeriod.forEach((at, values) -> series.put(at, Statistics.of(statistic, values.stream().mapToDouble(Double::doubleValue).toArray())));
        return series;
    }

    public SortedMap<Long, Double> series(MetricStat stat, Instant start, Instant end) {
        return series(new MetricKey(stat.namespace(), stat.metricName(), stat.dimensions()), stat.statistic(), stat.period(), start, end);
    }

    /**
     * The lines of a dashboard metric widget ({@code properties} as in the dashboard file).
     *
     * @param periodOverride the period chosen on the page, or null for the widget's own
     */
    public List<TimeSeries> widget(JsonNode properties, Instant start, Instant end, Duration periodOverride) {
        Duration widgetPeriod = Duration.ofSeconds(properties.path("period").asLong(300));
        String widgetStat = properties.path("stat").asText("Average");
        List<TimeSeries> lines = new ArrayList<>();
        Map<String, SortedMap<Long, Double>> byId = new LinkedHashMap<>();
        List<JsonNode> expressions = new ArrayList<>();
        Map<String, Integer> linesByName = new java.util.HashMap<>();
        properties.path("metrics").forEach(metric -> {
            if (metric.isArray() && metric.size() > 1) {
                linesByName.merge(metric.get(1).asText(), 1, Integer::sum);
            }
        });
        for (JsonNode metric : properties.path("metrics")) {
            if (metric.isArray()) {
                boolean nameShared = linesByName.getOrDefault(metric.path(1).asText(), 0) > 1;
                TimeSeries line = metricLine(metric, widgetStat, periodOverride != null ? periodOverride : widgetPeriod, periodOverride != null,
                        nameShared, start, end);
                lines.add(line);
                JsonNode options = metric.get(metric.size() - 1);
                if (options.isObject() && options.has("id")) {
                    byId.put(options.get("id").asText(), line.points());
                }
            } else if (metric.isObject() && metric.has("expression")) {
                expressions.add(metric);
            } else {
                throw new UnsupportedQueryException("A widget metric must be an array or an expression: " + metric);
            }
        }
        boolean severalSearches = expressions.size() > 1;
        for (JsonNode expression : expressions) {
            String text = expression.get("expression").asText();
            String label = expression.path("label").asText("");
            Matcher search = SEARCH.matcher(text.trim());
            if (search.matches()) {
                Duration period = periodOverride != null ? periodOverride : Duration.ofSeconds(Long.parseLong(search.group(4)));
                lines.addAll(search(search.group(1), search.group(2), search.group(3), period, label, severalSearches, start, end));
            } else {
                Duration period = periodOverride != null ? periodOverride : widgetPeriod;
                lines.add(new TimeSeries(label.isEmpty() ? expression.path("id").asText(text) : label,
                        MathExpression.parse(text).evaluate(byId, periods(start, end, period))));
            }
        }
        return lines;
    }

    private TimeSeries metricLine(JsonNode metric, String widgetStat, Duration period, boolean periodChosen, boolean nameShared,
                                  Instant start, Instant end) {
        List<String> parts = new ArrayList<>();
        JsonNode options = null;
        for (JsonNode part : metric) {
            if (part.isObject()) {
                options = part;
            } else {
                if (part.asText().equals(".") || part.asText().equals("..")) {
                    throw new UnsupportedQueryException("The shorthand '.' in a metric line is not supported locally: " + metric);
                }
                parts.add(part.asText());
            }
        }
        if (parts.size() < 2 || parts.size() % 2 != 0) {
            throw new UnsupportedQueryException("A metric line is [namespace, name, dimension, value, ..., {options}]: " + metric);
        }
        Map<String, String> dimensions = new LinkedHashMap<>();
        for (int i = 2; i < parts.size(); i += 2) {
            dimensions.put(parts.get(i), parts.get(i + 1));
        }
        String stat = widgetStat;
        // Without a label, the metric's name, as CloudWatch shows it; with the dimension values when another line
        // of the widget has the same name (two tables' capacity, say).
        String label = nameShared ? (parts.get(1) + " " + String.join(" ", dimensions.values())).trim() : parts.get(1);
        if (options != null) {
            options.fieldNames().forEachRemaining(option -> {
                if (!DRAWING_OPTIONS.contains(option)) {
                    throw new UnsupportedQueryException("The metric option '" + option + "' is not supported locally: " + metric);
                }
            });
            stat = options.path("stat").asText(stat);
            label = options.path("label").asText(label);
            if (options.has("period") && !periodChosen) {
                period = Duration.ofSeconds(options.get("period").asLong());
            }
        }
        return new TimeSeries(label, series(new MetricKey(parts.get(0), parts.get(1), dimensions), stat, period, start, end));
    }

    /**
     * {@code SEARCH('{Namespace,Key1,Key2} Name="value" ...', 'statistic', period)}: every metric of the
     * namespace whose dimension keys are exactly those of the schema and whose name and dimension values match
     * the terms; one line each.
     */
    private List<TimeSeries> search(String schema, String terms, String statistic, Duration period, String label,
                                    boolean severalSearches, Instant start, Instant end) {
        String[] schemaParts = schema.split(",");
        String namespace = schemaParts[0].trim();
        Set<String> keys = new java.util.TreeSet<>();
        for (int i = 1; i < schemaParts.length; i++) {
            keys.add(schemaParts[i].trim());
        }
        String unescaped = terms.replace("\\\"", "\"");
        Map<String, String> wanted = new LinkedHashMap<>();
        Matcher term = SEARCH_TERM.matcher(unescaped);
        int matched = 0;
        while (term.lookingAt()) {
            wanted.put(term.group(1), term.group(2));
            matched = term.end();
            term.region(matched, unescaped.length());
        }
        String rest = unescaped.substring(matched).trim();
        if (!rest.isEmpty()) {
            throw new UnsupportedQueryException("Only Name=\"value\" terms are supported in a local SEARCH, not '" + rest + "'");
        }
        List<MetricKey> found = store.keys().stream()
                .filter(key -> key.namespace().equals(namespace) && key.dimensions().keySet().equals(keys))
                .filter(key -> wanted.entrySet().stream().allMatch(want -> want.getKey().equals("MetricName")
                        ? key.name().equals(want.getValue()) : want.getValue().equals(key.dimensions().get(want.getKey()))))
                .sorted(Comparator.comparing((MetricKey key) -> key.name()).thenComparing(key -> key.dimensions().toString()))
                .toList();
        List<TimeSeries> lines = new ArrayList<>();
        for (MetricKey key : found) {
            String values = String.join(" ", key.dimensions().values());
            // The dimension values tell the lines apart; the metric name too when the widget searches several.
            String name = wanted.containsKey("MetricName") && !severalSearches ? values : (values + " " + key.name()).trim();
            String lineLabel = label.isEmpty() ? (name.isEmpty() ? key.name() : name)
                    : found.size() == 1 ? label : label + " " + name;
            SortedMap<Long, Double> points = series(key, statistic, period, start, end);
            if (!points.isEmpty()) {
                // A search lists the metrics with data in the range, as CloudWatch's does.
                lines.add(new TimeSeries(lineLabel, points));
            }
        }
        return lines;
    }
}
