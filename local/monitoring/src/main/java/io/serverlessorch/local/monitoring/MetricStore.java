package io.serverlessorch.local.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The local run's CloudWatch metrics: every metric document (Embedded Metric Format, the very lines the
 * functions write to their logs in AWS) is kept in a file per hour under the data folder and read into
 * memory, where the dashboard and the alarms query it. Three hours are kept in memory (the dashboard's
 * longest range), a day on disk.
 */
public final class MetricStore {

    public static final Duration RETENTION = Duration.ofHours(3);
    static final Duration KEPT_ON_DISK = Duration.ofDays(1);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH").withZone(ZoneOffset.UTC);
    private static final Logger LOG = LoggerFactory.getLogger(MetricStore.class);

    /** One value of a metric at a time. */
    public record Sample(long epochMillis, double value) {
    }

    private final Map<MetricKey, List<Sample>> metrics = new ConcurrentHashMap<>();
    private final ObjectMapper json = new ObjectMapper();
    private final Path folder;
    private final Clock clock;
    private BufferedWriter file;
    private String fileHour;

    private MetricStore(Path folder, Clock clock) {
        this.folder = folder;
        this.clock = clock;
    }

    public static MetricStore inMemory(Clock clock) {
        return new MetricStore(null, clock);
    }

    /** A store kept in {@code folder}: the documents of the last {@link #RETENTION} are read back. */
    public static MetricStore persistent(Path folder, Clock clock) {
        MetricStore store = new MetricStore(folder, clock);
        store.load();
        return store;
    }

    /** Keeps one metric document; a line that is not one is logged and dropped, as CloudWatch Logs would. */
    public void accept(String document) {
        JsonNode root;
        try {
            root = json.readTree(document);
        } catch (IOException e) {
            LOG.warn("Not a metric document, dropped: {}", e.getMessage());
            return;
        }
        if (!read(root)) {
            LOG.warn("Not a metric document, dropped: {}", document.length() > 200 ? document.substring(0, 200) + "..." : document);
            return;
        }
        write(document);
    }

    /** The metrics that have values. */
    public Set<MetricKey> keys() {
        return Set.copyOf(metrics.keySet());
    }

    /** The samples of {@code key} from {@code start} (inclusive) to {@code end} (exclusive). */
    public List<Sample> samples(MetricKey key, Instant start, Instant end) {
        List<Sample> all = metrics.get(key);
        if (all == null) {
            return List.of();
        }
        long from = start.toEpochMilli();
        long to = end.toEpochMilli();
        List<Sample> found = new ArrayList<>();
        synchronized (all) {
            for (Sample sample : all) {
                if (sample.epochMillis() >= from && sample.epochMillis() < to) {
                    found.add(sample);
                }
            }
        }
        return found;
    }

    /** Forgets the samples older than {@link #RETENTION}. */
    public void prune() {
        long oldest = clock.instant().minus(RETENTION).toEpochMilli();
        for (Iterator<Map.Entry<MetricKey, List<Sample>>> entries = metrics.entrySet().iterator(); entries.hasNext(); ) {
            List<Sample> samples = entries.next().getValue();
            synchronized (samples) {
                samples.removeIf(sample -> sample.epochMillis() < oldest);
                if (samples.isEmpty()) {
                    entries.remove();
                }
            }
        }
    }

    /**
     * The values of an EMF document: each metric of each directive, once per dimension set, at the
     * document's timestamp. False if it is not an EMF document.
     */
    private boolean read(JsonNode root) {
        JsonNode aws = root.path("_aws");
        JsonNode directives = aws.path("CloudWatchMetrics");
        if (!aws.path("Timestamp").canConvertToLong() || !directives.isArray()) {
            return false;
        }
        long timestamp = aws.path("Timestamp").asLong();
        for (JsonNode directive : directives) {
            String namespace = directive.path("Namespace").asText();
            List<List<String>> dimensionSets = new ArrayList<>();
            directive.path("Dimensions").forEach(set -> {
                List<String> keys = new ArrayList<>();
                set.forEach(key -> keys.add(key.asText()));
                dimensionSets.add(keys);
            });
            if (dimensionSets.isEmpty()) {
                dimensionSets.add(List.of());
            }
            for (JsonNode metric : directive.path("Metrics")) {
                String name = metric.path("Name").asText();
                JsonNode values = root.path(name);
                for (List<String> keys : dimensionSets) {
                    Map<String, String> dimensions = new LinkedHashMap<>();
                    keys.forEach(key -> dimensions.put(key, root.path(key).asText()));
                    add(new MetricKey(namespace, name, dimensions), timestamp, values);
                }
            }
        }
        return true;
    }

    private void add(MetricKey key, long timestamp, JsonNode values) {
        List<Sample> samples = metrics.computeIfAbsent(key, k -> new ArrayList<>());
        synchronized (samples) {
            if (values.isArray()) {
                values.forEach(value -> samples.add(new Sample(timestamp, value.asDouble())));
            } else if (values.isNumber()) {
                samples.add(new Sample(timestamp, values.asDouble()));
            }
        }
    }

    private synchronized void write(String document) {
        if (folder == null) {
            return;
        }
        try {
            String hour = HOUR.format(clock.instant());
            if (!hour.equals(fileHour)) {
                if (file != null) {
                    file.close();
                }
                Files.createDirectories(folder);
                file = Files.newBufferedWriter(folder.resolve("emf-" + hour + ".jsonl"), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                fileHour = hour;
            }
            file.write(document);
            file.newLine();
            file.flush();
        } catch (IOException e) {
            // The dashboard still has it in memory; only a restart would lose it.
            LOG.warn("A metric document could not be saved in {}: {}", folder, e.toString());
        }
    }

    private void load() {
        if (!Files.isDirectory(folder)) {
            return;
        }
        Instant now = clock.instant();
        String firstKept = HOUR.format(now.minus(RETENTION));
        String firstOnDisk = HOUR.format(now.minus(KEPT_ON_DISK));
        try (Stream<Path> files = Files.list(folder)) {
            for (Path path : files.sorted().toList()) {
                String name = path.getFileName().toString();
                if (!name.startsWith("emf-") || !name.endsWith(".jsonl")) {
                    continue;
                }
                String hour = name.substring(4, name.length() - 6);
                if (hour.compareTo(firstOnDisk) < 0) {
                    Files.deleteIfExists(path);
                } else if (hour.compareTo(firstKept) >= 0) {
                    for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                        try {
                            read(json.readTree(line));
                        } catch (IOException e) {
                            // A line cut short by a crash.
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The metrics in " + folder + " cannot be read", e);
        }
        prune();
    }

    public synchronized void close() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                LOG.debug("Closing the metric file: {}", e.toString());
            }
            file = null;
            fileHour = null;
        }
    }
}
