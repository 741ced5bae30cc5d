package io.serverlessorch.local.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.monitoring.DashboardFile;
import io.serverlessorch.monitoring.MetricMath;
import io.serverlessorch.monitoring.MetricStat;
import io.serverlessorch.monitoring.MonitoredNames;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * {@code /dashboard}: the dashboard file drawn from the local metric store, with the alarms' states.
 * <pre>
 *   GET /dashboard                         the page
 *   GET /dashboard/api/dashboard           the dashboard file, placeholders filled with the local names
 *   GET /dashboard/api/widgets?start=&amp;end=&amp;period=   every widget's data (epoch ms; period in s, optional)
 *   GET /dashboard/api/alarms              every alarm's state
 * </pre>
 * The page's scripts and the bundled chart and markdown libraries are served from the classpath.
 */
public final class DashboardPage implements Request.Handler {

    public static final String PATH = "/dashboard";
    private static final Duration LONGEST_RANGE = MetricStore.RETENTION;
    private static final int MOST_POINTS = 1500;
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8");

    private final MetricQueries queries;
    private final PlatformReports reports;
    private final AlarmEvaluator alarms;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final JsonNode dashboard;
    /** The files the page may load, by their path under /dashboard/. */
    private final Map<String, String> files = new LinkedHashMap<>();

    DashboardPage(MonitoredNames names, MetricQueries queries, PlatformReports reports, AlarmEvaluator alarms, Clock clock) {
        this.queries = queries;
        this.reports = reports;
        this.alarms = alarms;
        this.clock = clock;
        try {
            dashboard = json.readTree(DashboardFile.render(DashboardFile.template(), names.dashboardPlaceholders("local")));
        } catch (IOException e) {
            throw new UncheckedIOException("The dashboard file is not JSON", e);
        }
        Properties webjars = new Properties();
        try (InputStream in = resource("dashboard/webjars.properties")) {
            webjars.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.put("", "dashboard/index.html");
        files.put("assets/dashboard.js", "dashboard/dashboard.js");
        files.put("assets/dashboard.css", "dashboard/dashboard.css");
        files.put("lib/uPlot.iife.min.js", webjars.getProperty("uplot") + "uPlot.iife.min.js");
        files.put("lib/uPlot.min.css", webjars.getProperty("uplot") + "uPlot.min.css");
        files.put("lib/marked.umd.js", webjars.getProperty("marked") + "marked.umd.js");
    }

    MetricQueries queries() {
        return queries;
    }

    /** Whether {@code path} is the dashboard's. */
    public static boolean serves(String path) {
        return path.equals(PATH) || path.startsWith(PATH + "/");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        String below = path.equals(PATH) ? "" : path.substring(PATH.length() + 1);
        if (!HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            problem(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "The dashboard is read-only: use GET");
            return true;
        }
        try {
            switch (below) {
                case "api/dashboard" -> send(response, callback, "application/json", page().toString());
                case "api/alarms" -> send(response, callback, "application/json", alarmStates().toString());
                case "api/widgets" -> widgets(request, response, callback);
                default -> {
                    String file = files.get(below);
                    if (file == null) {
                        problem(response, callback, HttpStatus.NOT_FOUND_404, "The dashboard has no " + path);
                    } else {
                        file(response, callback, file);
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            problem(response, callback, HttpStatus.BAD_REQUEST_400, e.getMessage());
        }
        return true;
    }

    private void widgets(Request request, Response response, Callback callback) {
        Map<String, String> query = query(request.getHttpURI().getQuery());
        Instant end = query.containsKey("end") ? Instant.ofEpochMilli(number(query, "end")) : clock.instant();
        Instant start = query.containsKey("start") ? Instant.ofEpochMilli(number(query, "start")) : end.minus(Duration.ofHours(1));
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("start must be before end");
        }
        if (Duration.between(start, end).compareTo(LONGEST_RANGE) > 0) {
            throw new IllegalArgumentException("The local run keeps " + LONGEST_RANGE.toHours() + " hours of metrics: choose a shorter range");
        }
        Duration range = Duration.between(start, end);
        Duration period = query.containsKey("period") ? Duration.ofSeconds(number(query, "period")) : null;
        // Checked against the range before any arithmetic: a period of years would overflow the millisecond sums.
        if (period != null && (period.toSeconds() < 1 || period.compareTo(range) > 0 || range.dividedBy(period) > MOST_POINTS)) {
            throw new IllegalArgumentException("period must be from 1 s to the range's length (" + range.toSeconds()
                    + " s) and give at most " + MOST_POINTS + " points in the range");
        }
        ArrayNode answer = json.createArrayNode();
        JsonNode widgets = dashboard.path("widgets");
        for (int index = 0; index < widgets.size(); index++) {
            JsonNode widget = widgets.get(index);
            ObjectNode data = answer.addObject().put("index", index).put("type", widget.path("type").asText());
            try {
                switch (widget.path("type").asText()) {
                    case "metric" -> {
                        ArrayNode lines = data.putArray("series");
                        for (TimeSeries series : queries.widget(widget.path("properties"), start, end, period)) {
                            ObjectNode line = lines.addObject().put("label", series.label());
                            ArrayNode points = line.putArray("points");
                            series.points().forEach((at, value) -> points.addArray().add(at).add(value));
                        }
                    }
                    case "log" -> {
                        PlatformReports.Table table = reports.query(widget.path("properties").path("query").asText(), start, end);
                        data.set("columns", json.valueToTree(table.columns()));
                        data.set("rows", json.valueToTree(table.rows()));
                    }
                    case "text" -> data.put("markdown", widget.path("properties").path("markdown").asText());
                    default -> throw new UnsupportedQueryException("The widget type '" + widget.path("type").asText() + "' is not drawn locally");
                }
            } catch (UnsupportedQueryException e) {
                data.put("error", e.getMessage());
            }
        }
        send(response, callback, "application/json", answer.toString());
    }

    /** The dashboard file, and the statuses an order ends in (the timeline stops following an order there). */
    private ObjectNode page() {
        ObjectNode page = dashboard.deepCopy();
        ArrayNode terminal = page.putArray("terminalStatuses");
        for (OrderStatus status : OrderStatus.values()) {
            if (status.isTerminal()) {
                terminal.add(status.name());
            }
        }
        return page;
    }

    /** How the alarm compares, as the page writes it; a silence that breaches is said too. */
    private static String comparison(io.serverlessorch.monitoring.AlarmDefinition alarm) {
        String operator;
        switch (alarm.comparison()) {
            case ABOVE:
                operator = ">";
                break;
            case BELOW:
                operator = "<";
                break;
            default:
                operator = ">=";
        }
        return alarm.missingData() == io.serverlessorch.monitoring.AlarmDefinition.MissingData.BREACHING ? operator + " (or missing)" : operator;
    }

    private ArrayNode alarmStates() {
        ArrayNode answer = json.createArrayNode();
        for (AlarmEvaluator.AlarmState state : alarms.states()) {
            ObjectNode alarm = answer.addObject()
                    .put("name", state.name())
                    .put("state", state.state().name())
                    .put("reason", state.reason())
                    .put("since", state.since().toString())
                    .put("description", state.alarm().description())
                    .put("threshold", state.alarm().threshold())
                    .put("comparison", comparison(state.alarm()))
                    .put("evaluation", state.alarm().evaluation().datapointsToAlarm + " of " + state.alarm().evaluation().evaluationPeriods);
            alarm.put("metric", state.alarm().metric() instanceof MetricStat stat
                    ? stat.namespace() + " " + stat.metricName() + " " + stat.statistic() + " per " + stat.period().toSeconds() + " s"
                    : ((MetricMath) state.alarm().metric()).expression());
            ArrayNode datapoints = alarm.putArray("datapoints");
            state.datapoints().forEach(value -> {
                if (value == null) {
                    datapoints.addNull();
                } else {
                    datapoints.add(value);
                }
            });
        }
        return answer;
    }

    private static long number(Map<String, String> query, String name) {
        try {
            return Long.parseLong(query.get(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + query.get(name) + "'");
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] nameAndValue = pair.split("=", 2);
                if (!nameAndValue[0].isEmpty()) {
                    values.put(nameAndValue[0], nameAndValue.length > 1 ? java.net.URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8) : "");
                }
            }
        }
        return values;
    }

    private void file(Response response, Callback callback, String resource) {
        try (InputStream in = resource(resource)) {
            byte[] bytes = in.readAllBytes();
            String extension = resource.substring(resource.lastIndexOf('.') + 1);
            response.setStatus(HttpStatus.OK_200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, TYPES.getOrDefault(extension, "application/octet-stream"));
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
            response.write(true, ByteBuffer.wrap(bytes), callback);
        } catch (IOException e) {
            callback.failed(e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = DashboardPage.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("The dashboard's file " + name + " is missing from the classpath");
        }
        return in;
    }

    private static void send(Response response, Callback callback, String type, String body) {
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Content.Sink.write(response, true, body, callback);
    }

    private void problem(Response response, Callback callback, int status, String detail) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/problem+json");
        ObjectNode problem = json.createObjectNode().put("type", "about:blank").put("title", HttpStatus.getMessage(status))
                .put("status", status).put("detail", detail);
        Content.Sink.write(response, true, problem.toString(), callback);
    }
}
