package io.serverlessorch.monitoring;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code dashboards/serverless-orch.json}, the dashboard's layout, with its {@code {{Name}}} placeholders filled in
 * ({@link MonitoredNames#dashboardPlaceholders}). The CDK stack deploys it; the local run draws it.
 *
 * <p>A line of the file that names {@value #EACH_FUNCTION} (a widget's metric line, written on one line) stands for
 * one such line per function ({@link MonitoredNames#FUNCTIONS}), so the per-function widgets follow the steps.
 */
public final class DashboardFile {

    /** Where the file sits on the classpath (this module's jar). */
    public static final String RESOURCE = "dashboards/serverless-orch.json";
    /** The placeholder of a line repeated for every function, filled with the function's short name. */
    public static final String EACH_FUNCTION = "{{Function}}";

    private DashboardFile() {
    }

    /** The file as shipped in this module's jar. */
    public static String template() {
        try (InputStream in = DashboardFile.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The dashboard file " + RESOURCE + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code template} with its per-function lines repeated and every placeholder filled in; an unknown placeholder
     * is an error, not a blank widget.
     */
    public static String render(String template, Map<String, String> values) {
        String body = perFunction(template);
        for (Map.Entry<String, String> value : values.entrySet()) {
            body = body.replace("{{" + value.getKey() + "}}", value.getValue());
        }
        int unfilled = body.indexOf("{{");
        if (unfilled >= 0) {
            throw new IllegalStateException("The dashboard names an unknown placeholder: "
                    + body.substring(unfilled, Math.min(body.length(), unfilled + 40)));
        }
        return body;
    }

    /** Each line naming {@value #EACH_FUNCTION} written once per function, as elements of the same JSON array. */
    private static String perFunction(String template) {
        List<String> lines = new ArrayList<>();
        for (String line : template.split("\n", -1)) {
            if (!line.contains(EACH_FUNCTION)) {
                lines.add(line);
                continue;
            }
            String element = line.stripTrailing();
            // The line's own comma, when more elements follow it, goes after the last copy.
            boolean followed = element.endsWith(",");
            String single = followed ? element.substring(0, element.length() - 1) : element;
            List<String> copies = MonitoredNames.FUNCTIONS.stream().map(function -> single.replace(EACH_FUNCTION, function)).toList();
            lines.add(String.join(",\n", copies) + (followed ? "," : ""));
        }
        return String.join("\n", lines);
    }
}
