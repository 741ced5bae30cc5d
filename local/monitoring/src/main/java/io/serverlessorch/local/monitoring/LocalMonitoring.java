package io.serverlessorch.local.monitoring;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.serverlessorch.metrics.MetricDocumentSink;
import io.serverlessorch.monitoring.Alarms;
import io.serverlessorch.monitoring.MonitoredNames;
import io.serverlessorch.pipeline.StepInvoker;
import io.serverlessorch.pipeline.StepResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The local run's CloudWatch: the metric store (the functions' own metric documents, and local stand-ins for
 * the metrics AWS services publish), the platform reports, the alarms of {@link Alarms} evaluated every few
 * seconds, and the dashboard page. The local runtime wraps each function with it, so the handlers themselves
 * stay as they run in AWS.
 */
public final class LocalMonitoring implements AutoCloseable {

    /** How often the dead-letter depth is sampled, recorded values written and the alarms evaluated. */
    static final Duration TICK = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(LocalMonitoring.class);
    /** Always with seconds: {@code LocalTime.toString()} leaves out ":00", which makes the console's columns uneven. */
    private static final DateTimeFormatter CONSOLE_TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    /**
     * @param folder      where the metric documents are kept; null keeps them in memory only
     * @param deadLetters what waits in the dead-letter destination
     * @param console     where people-readable lines go: each order's status change, each alarm's change of state
     */
    public record Settings(Path folder, MonitoredNames names, Supplier<DeadLetters> deadLetters, Consumer<String> console) {
    }

    /** How many dead letters wait, and when the oldest was sent (null when none waits). */
    public record DeadLetters(int waiting, Instant oldest) {
    }

    private final Settings settings;
    private final Clock clock;
    private final MetricStore store;
    private final ServiceMetrics services;
    private final PlatformReports reports;
    private final AlarmEvaluator alarms;
    private final DashboardPage dashboard;
    private final ScheduledExecutorService ticker;

    private LocalMonitoring(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        store = settings.folder() == null ? MetricStore.inMemory(clock) : MetricStore.persistent(settings.folder(), clock);
        services = new ServiceMetrics(store, clock);
        reports = new PlatformReports(clock);
        MetricQueries queries = new MetricQueries(store);
        alarms = new AlarmEvaluator(Alarms.of(settings.names()), settings.names().prefix(), queries, clock,
                state -> settings.console().accept(time() + "  alarm " + state.name() + " is " + state.state() + ": " + state.reason()));
        dashboard = new DashboardPage(settings.names(), queries, reports, alarms, clock);
        DynamoDbMetrics.recordTo(services);
        ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "local-monitoring");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleWithFixedDelay(this::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
        ticker.scheduleWithFixedDelay(() -> {
            store.prune();
            reports.prune();
        }, 10, 10, TimeUnit.MINUTES);
    }

    public static LocalMonitoring start(Settings settings) {
        return new LocalMonitoring(settings, Clock.systemUTC());
    }

    /** Where the stream processor's metric documents go instead of its standard output. */
    public MetricDocumentSink documents() {
        return store::accept;
    }

    /** {@code /dashboard} and what is under it. */
    public DashboardPage dashboard() {
        return dashboard;
    }

    /** What the front door answered and how long it took: API Gateway's {@code Count}, {@code 4XXError}, {@code 5XXError}, {@code Latency}. */
    public void apiAnswered(int status, Duration latency) {
        Map<String, String> api = Map.of("ApiName", settings.names().api());
        services.record("AWS/ApiGateway", "Count", api, 1, ServiceMetrics.COUNT);
        services.record("AWS/ApiGateway", "4XXError", api, status >= 400 && status < 500 ? 1 : 0, ServiceMetrics.COUNT);
        services.record("AWS/ApiGateway", "5XXError", api, status >= 500 ? 1 : 0, ServiceMetrics.COUNT);
        services.record("AWS/ApiGateway", "Latency", api, latency.toNanos() / 1e6, ServiceMetrics.MILLISECONDS);
    }

    /**
     * {@code handler} as the function {@code shortName}, reporting what Lambda reports for it: invocations,
     * errors, throttles (none locally), duration, and a platform report per invocation, the first with the
     * time the function took to start ({@code init}).
     */
    public <I, O> RequestHandler<I, O> function(String shortName, Duration init, RequestHandler<I, O> handler) {
        String functionName = settings.names().function(shortName);
        AtomicBoolean first = new AtomicBoolean(true);
        return (input, context) -> {
            long started = System.nanoTime();
            boolean failed = true;
            try {
                O output = handler.handleRequest(input, context);
                failed = false;
                return output;
            } finally {
                invoked(functionName, Duration.ofNanos(System.nanoTime() - started), failed, first.getAndSet(false) ? init : null);
            }
        };
    }

    /**
     * The stream processor: a {@link #function} that also reports the mapping's iterator age (how old the
     * batch's last record is, as Lambda reports it for a stream mapping) and prints a line for each order status change it is given.
     */
    public RequestHandler<DynamodbEvent, StreamsEventResponse> streamProcessor(Duration init,
                                                                              RequestHandler<DynamodbEvent, StreamsEventResponse> handler) {
        RequestHandler<DynamodbEvent, StreamsEventResponse> measured = function("stream-processor", init, handler);
        String functionName = settings.names().function("stream-processor");
        return (DynamodbEvent event, Context context) -> {
            List<DynamodbEvent.DynamodbStreamRecord> records = event.getRecords();
            if (records != null && !records.isEmpty()) {
                Instant created = StatusChangeLine.writtenAt(records.get(records.size() - 1));
                if (created != null) {
                    services.record("AWS/Lambda", "IteratorAge", Map.of("FunctionName", functionName),
                            Math.max(0, clock.millis() - created.toEpochMilli()), ServiceMetrics.MILLISECONDS);
                }
                records.forEach(record -> StatusChangeLine.of(record).ifPresent(line -> settings.console().accept(time() + "  " + line)));
            }
            return measured.handleRequest(event, context);
        };
    }

    /** The step functions, each by its own name, as {@link #function} reports them (they start with the processor). */
    public StepInvoker steps(StepInvoker steps) {
        return request -> {
            String functionName = settings.names().function(request.step().id());
            long started = System.nanoTime();
            boolean failed = true;
            try {
                StepResult result = steps.invoke(request);
                failed = false;
                return result;
            } finally {
                invoked(functionName, Duration.ofNanos(System.nanoTime() - started), failed, null);
            }
        };
    }

    private void invoked(String functionName, Duration duration, boolean failed, Duration init) {
        Map<String, String> function = Map.of("FunctionName", functionName);
        services.record("AWS/Lambda", "Invocations", function, 1, ServiceMetrics.COUNT);
        services.record("AWS/Lambda", "Errors", function, failed ? 1 : 0, ServiceMetrics.COUNT);
        services.record("AWS/Lambda", "Throttles", function, 0, ServiceMetrics.COUNT);
        services.record("AWS/Lambda", "Duration", function, duration.toNanos() / 1e6, ServiceMetrics.MILLISECONDS);
        reports.report(functionName, duration, init);
    }

    /** Samples the dead-letter depths, writes what was recorded, evaluates the alarms. */
    private void tick() {
        try {
            Map<String, String> queue = Map.of("QueueName", settings.names().deadLetterQueue());
            DeadLetters deadLetters = settings.deadLetters().get();
            services.record("AWS/SQS", "ApproximateNumberOfMessagesVisible", queue, deadLetters.waiting(), ServiceMetrics.COUNT);
            long oldestAge = deadLetters.oldest() == null ? 0 : Math.max(0, Duration.between(deadLetters.oldest(), clock.instant()).toSeconds());
            services.record("AWS/SQS", "ApproximateAgeOfOldestMessage", queue, oldestAge, ServiceMetrics.SECONDS);
            // The local timer calls the deadline sweep in process: no schedule delivers it, so none can fail to.
            services.record("AWS/SQS", "ApproximateNumberOfMessagesVisible",
                    Map.of("QueueName", settings.names().deadlineSweepDeadLetterQueue()), 0, ServiceMetrics.COUNT);
            services.flush();
            alarms.evaluate();
        } catch (RuntimeException e) {
            // The next tick tries again; the pipeline is not held up by its monitoring.
            LOG.warn("Local monitoring could not update: {}", e.toString());
        }
    }

    /** Writes everything recorded so far and evaluates the alarms now (tests, and the dashboard's first paint). */
    public void update() {
        tick();
    }

    public List<AlarmEvaluator.AlarmState> alarmStates() {
        return alarms.states();
    }

    public MetricQueries queries() {
        return dashboard.queries();
    }

    private String time() {
        return consoleTime(clock.instant(), ZoneId.systemDefault());
    }

    /** The time of day a console line starts with, {@code HH:mm:ss} in {@code zone}. */
    static String consoleTime(Instant instant, ZoneId zone) {
        return CONSOLE_TIME.format(instant.atZone(zone));
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        services.flush();
        DynamoDbMetrics.stopRecordingTo(services);
        store.close();
    }
}
