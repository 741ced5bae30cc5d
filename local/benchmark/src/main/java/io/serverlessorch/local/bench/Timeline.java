package io.serverlessorch.local.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Orders finished per second through a phase, with the POST-to-terminal latency of those orders, and the
 * picture of it (SVG, no library: a few polylines and labels). Where a table gives one figure per phase,
 * this shows a queue building or draining.
 */
final class Timeline {

    private static final int WIDTH = 960;
    private static final int PLOT_HEIGHT = 150;
    private static final int MARGIN = 60;

    private Timeline() {
    }

    /**
     * One second of a phase, counted from the phase's first order: orders that finished in it, and their
     * latency (null when none finished).
     */
    record Second(int at, int finished, Long p50Ms, Long p95Ms) {
    }

    /** Where a series has no value: no point is drawn, and the line goes on from the next one. */
    private static final long NONE = Long.MIN_VALUE;

    /** Seconds from the first order's creation to the last order's end, each with the orders that ended in it. */
    static List<Second> of(List<long[]> createdAndEnded) {
        if (createdAndEnded.isEmpty()) {
            return List.of();
        }
        long start = createdAndEnded.stream().mapToLong(times -> times[0]).min().orElseThrow();
        Map<Integer, List<Long>> bySecond = createdAndEnded.stream().collect(Collectors.groupingBy(
                times -> (int) ((times[1] - start) / 1000), Collectors.mapping(times -> times[1] - times[0], Collectors.toList())));
        int last = bySecond.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        List<Second> seconds = new ArrayList<>();
        for (int at = 0; at <= last; at++) {
            long[] latencies = bySecond.getOrDefault(at, List.of()).stream().mapToLong(Long::longValue).sorted().toArray();
            seconds.add(new Second(at, latencies.length, percentile(latencies, 50), percentile(latencies, 95)));
        }
        return seconds;
    }

    /** Nearest-rank percentile; null for a second in which nothing finished. */
    private static Long percentile(long[] sorted, int percent) {
        if (sorted.length == 0) {
            return null;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** Each phase as two plots, one above the other: orders finished per second, and their p50 and p95 latency. */
    static String svg(Map<String, List<Second>> phases) {
        int height = phases.size() * (2 * PLOT_HEIGHT + 3 * MARGIN) + MARGIN;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n", WIDTH, height, WIDTH, height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        int top = MARGIN;
        for (Map.Entry<String, List<Second>> phase : phases.entrySet()) {
            List<Second> seconds = phase.getValue();
            svg.append(text(MARGIN, top - 20, "bold", escape(phase.getKey())));
            plot(svg, top, "orders finished per second", seconds,
                    Map.of("finished", seconds.stream().mapToLong(Second::finished).toArray()), Map.of("finished", "#1f77b4"));
            top += PLOT_HEIGHT + MARGIN;
            Map<String, long[]> latency = new LinkedHashMap<>();
            latency.put("p50", seconds.stream().mapToLong(second -> second.p50Ms() == null ? NONE : second.p50Ms()).toArray());
            latency.put("p95", seconds.stream().mapToLong(second -> second.p95Ms() == null ? NONE : second.p95Ms()).toArray());
            plot(svg, top, "POST to terminal, ms (of the orders that finished that second)", seconds, latency,
                    Map.of("p50", "#2ca02c", "p95", "#d62728"));
            top += PLOT_HEIGHT + 2 * MARGIN;
        }
        return svg.append("</svg>\n").toString();
    }

    private static void plot(StringBuilder svg, int top, String title, List<Second> seconds, Map<String, long[]> series, Map<String, String> colours) {
        int left = MARGIN;
        int plotWidth = WIDTH - 2 * MARGIN;
        long max = Math.max(1, series.values().stream().flatMapToLong(Arrays::stream).max().orElse(1));
        int span = Math.max(1, seconds.size() - 1);
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>\n",
                left, top, plotWidth, PLOT_HEIGHT));
        svg.append(text(left, top - 5, "normal", escape(title)));
        svg.append(text(left - 5, top + 10, "end", Long.toString(max)));
        svg.append(text(left - 5, top + PLOT_HEIGHT, "end", "0"));
        svg.append(text(left, top + PLOT_HEIGHT + 15, "normal", "0 s"));
        svg.append(text(left + plotWidth, top + PLOT_HEIGHT + 15, "end", span + " s"));
        int legend = left + plotWidth;
        for (Map.Entry<String, long[]> line : series.entrySet()) {
            StringBuilder points = new StringBuilder();
            long[] values = line.getValue();
            for (int i = 0; i < values.length; i++) {
                if (values[i] == NONE) {
                    continue;
                }
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ",
                        left + (double) i / span * plotWidth, top + PLOT_HEIGHT - (double) values[i] / max * PLOT_HEIGHT));
            }
            String colour = colours.get(line.getKey());
            svg.append(String.format(Locale.ROOT, "<polyline data-series=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>\n",
                    line.getKey(), colour, points.toString().trim()));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"%s\">%s</text>\n",
                    legend, top - 5, colour, line.getKey()));
            legend -= 40;
        }
    }

    private static String text(int x, int y, String style, String content) {
        String anchor = "end".equals(style) ? " text-anchor=\"end\"" : "";
        String weight = "bold".equals(style) ? " font-weight=\"bold\" font-size=\"14\"" : "";
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\"%s%s>%s</text>\n", x, y, anchor, weight, content);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
