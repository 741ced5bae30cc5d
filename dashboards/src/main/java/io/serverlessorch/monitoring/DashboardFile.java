package io.serverlessorch.monitoring;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code dashboards/serverless-orch.json}, the dashboard's layout, with its {@code {{Name}}} placeholders filled in
 * ({@link MonitoredNames#dashboardPlaceholders}). The CDK stack deploys it; the local run draws it.
 */
public final class DashboardFile {

    /** Where the file sits on the classpath (this module's jar). */
    public static final String RESOURCE = "dashboards/serverless-orch.json";

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

    /** {@code template} with every placeholder filled in; an unknown placeholder is an error, not a blank widget. */
    public static String render(String template, Map<String, String> values) {
        String body = template;
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
}
