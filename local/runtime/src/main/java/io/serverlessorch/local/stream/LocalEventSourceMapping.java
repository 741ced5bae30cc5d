package io.serverlessorch.local.stream;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.serverlessorch.retry.Backoff;
import io.serverlessorch.retry.RetryBudget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Plays Lambda's event source mapping for a DynamoDB stream on this machine: a background thread reads
 * every shard of the stream in order and invokes a stream handler with batches of records, with partial
 * batch responses (ReportBatchItemFailures), retries, BisectBatchOnFunctionError, MaximumRetryAttempts and
 * an on-failure destination.
 *
 * <p>Each shard starts right after its checkpoint, or at its oldest record (TRIM_HORIZON) without one. A
 * closed shard is read to its end before its children. Shards are read one after the other on a single
 * thread, so a shard that is retrying holds up the others (in AWS they would proceed in parallel), and the
 * handler is never invoked twice at once. As in Lambda, a poll that returned records is followed by
 * another at once; only when every shard is caught up (or a read failed) does the mapping wait
 * {@link Settings#idlePollInterval()} before polling again.
 *
 * <pre>{@code
 * try (var mapping = new LocalEventSourceMapping(streams, streamArn, handler,
 *         LocalEventSourceMapping.Settings.defaults(), deadLetters, checkpoints)) {
 *     mapping.start();
 *     ...
 * }
 * }</pre>
 */
public final class LocalEventSourceMapping implements AutoCloseable {

    /**
     * How the mapping batches and retries.
     *
     * @param batchSize                  the most records per invocation, 1 to 1000 (GetRecords' limit)
     * @param maxRetryAttempts           retries of a failed record before it goes to the dead-letter
     *                                   destination, together with the records it last failed with; 0 gives
     *                                   up after the first failure. With bisection, a batchSize up to
     *                                   2^maxRetryAttempts gets a bad record into a dead letter on its own
     * @param bisectBatchOnFunctionError whether what failed is split in two halves before it is retried,
     *                                   one half after the other; each half counts as a retry. What failed is
     *                                   the whole batch when the handler throws, and the reported record with
     *                                   every record after it for a partial batch response. (AWS documents
     *                                   splitting a partial batch response at the reported record only;
     *                                   halving that part too gets a bad record alone in fewer retries.)
     * @param idlePollInterval           the wait between polls once every shard is caught up, and after a
     *                                   failed read
     * @param retryBackoff               the wait before the first retry, doubled for each further retry and
     *                                   capped at {@link #MAX_RETRY_BACKOFF}
     */
    public record Settings(int batchSize, int maxRetryAttempts, boolean bisectBatchOnFunctionError,
                           Duration idlePollInterval, Duration retryBackoff) {

        public static final Duration MAX_RETRY_BACKOFF = RetryBudget.DEFAULT.stream().localBackoff().max();

        public Settings {
            if (batchSize < 1 || batchSize > 1000) {
                throw new IllegalArgumentException("batchSize must be between 1 and 1000, not " + batchSize);
            }
            if (maxRetryAttempts < 0) {
                throw new IllegalArgumentException("maxRetryAttempts must not be negative, not " + maxRetryAttempts);
            }
            Objects.requireNonNull(idlePollInterval, "idlePollInterval");
            Objects.requireNonNull(retryBackoff, "retryBackoff");
            if (idlePollInterval.isNegative() || idlePollInterval.isZero()) {
                throw new IllegalArgumentException("idlePollInterval must be positive, not " + idlePollInterval);
            }
            if (retryBackoff.isNegative()) {
                throw new IllegalArgumentException("retryBackoff must not be negative, not " + retryBackoff);
            }
        }

        /** How often Lambda polls a DynamoDB stream's shard that has no new records: four times a second. */
        public static final Duration LAMBDA_IDLE_POLL_INTERVAL = Duration.ofMillis(250);

        /**
         * As the stacks configure the mapping, from the one retry budget ({@link RetryBudget#stream()}): its batch
         * size, retries and bisection, and the waits before retries; an idle stream polled every 250 ms as Lambda
         * does ({@link #LAMBDA_IDLE_POLL_INTERVAL}).
         */
        public static Settings defaults() {
            RetryBudget.Stream stream = RetryBudget.DEFAULT.stream();
            return new Settings(stream.batchSize(), stream.retries(), stream.bisectOnError(), LAMBDA_IDLE_POLL_INTERVAL,
                    stream.localBackoff().first());
        }

        public Settings withBatchSize(int batchSize) {
            return new Settings(batchSize, maxRetryAttempts, bisectBatchOnFunctionError, idlePollInterval, retryBackoff);
        }

        public Settings withMaxRetryAttempts(int maxRetryAttempts) {
            return new Settings(batchSize, maxRetryAttempts, bisectBatchOnFunctionError, idlePollInterval, retryBackoff);
        }

        public Settings withBisectBatchOnFunctionError(boolean bisectBatchOnFunctionError) {
            return new Settings(batchSize, maxRetryAttempts, bisectBatchOnFunctionError, idlePollInterval, retryBackoff);
        }

        public Settings withIdlePollInterval(Duration idlePollInterval) {
            return new Settings(batchSize, maxRetryAttempts, bisectBatchOnFunctionError, idlePollInterval, retryBackoff);
        }

        public Settings withRetryBackoff(Duration retryBackoff) {
            return new Settings(batchSize, maxRetryAttempts, bisectBatchOnFunctionError, idlePollInterval, retryBackoff);
        }

        /** The wait before retry number {@code retry} (1 for the first). */
        Duration retryDelay(int retry) {
            return new Backoff(retryBackoff, MAX_RETRY_BACKOFF, RetryBudget.DEFAULT.stream().localBackoff().jittered()).beforeRetry(retry);
        }
    }

    /** How one pass over the shards went; a later constant outweighs an earlier one. */
    private enum Sweep {
        CAUGHT_UP, PROGRESSED, FAILED;

        Sweep and(Sweep other) {
            return compareTo(other) >= 0 ? this : other;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(LocalEventSourceMapping.class);
    /** How long close() lets a running invocation finish before interrupting it. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(30);

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final Settings settings;
    private final Checkpoints checkpoints;
    private final BatchProcessor processor;
    /** The stream's shards in the order DescribeStream lists them; poller thread only. */
    private final Predicate<Record> filter;
    private final Map<String, ShardReader> shards = new LinkedHashMap<>();
    /** The failure logged last, until a poll succeeds; poller thread only. */
    private String lastFailure;

    /** Guards the fields below; close() and finished sweeps notify on it. */
    private final Object monitor = new Object();
    private Thread poller;
    private volatile boolean closed;
    private long sweepsStarted;
    private long lastCaughtUpSweep;

    /**
     * A mapping that is not polling yet; see {@link #start()}.
     *
     * @param streamArn   the stream to read, as in the table's {@code LatestStreamArn}
     * @param handler     the stream handler, invoked on the poller thread only
     * @param deadLetters where records go once they have used up their retries
     * @param checkpoints where each shard's position is kept, and read from at the start
     */
    public LocalEventSourceMapping(DynamoDbStreamsClient streams, String streamArn,
                                   RequestHandler<DynamodbEvent, StreamsEventResponse> handler, Settings settings,
                                   DeadLetterDestination deadLetters, Checkpoints checkpoints) {
        this(streams, streamArn, handler, settings, deadLetters, checkpoints, record -> true);
    }

    /**
     * A mapping with filter criteria, as Lambda's: records that do not pass are skipped (done without an
     * invocation), and only those that pass are batched for the handler.
     *
     * @param filter which records the handler gets
     */
    public LocalEventSourceMapping(DynamoDbStreamsClient streams, String streamArn,
                                   RequestHandler<DynamodbEvent, StreamsEventResponse> handler, Settings settings,
                                   DeadLetterDestination deadLetters, Checkpoints checkpoints, Predicate<Record> filter) {
        this.filter = Objects.requireNonNull(filter, "filter");
        this.streams = Objects.requireNonNull(streams, "streams");
        this.streamArn = Objects.requireNonNull(streamArn, "streamArn");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
        this.processor = new BatchProcessor(streamArn, Objects.requireNonNull(handler, "handler"), settings,
                Objects.requireNonNull(deadLetters, "deadLetters"), this::pause);
    }

    /** Starts polling on a daemon thread. */
    public void start() {
        synchronized (monitor) {
            if (closed) {
                throw new IllegalStateException("The event source mapping is closed");
            }
            if (poller != null) {
                throw new IllegalStateException("The event source mapping is already started");
            }
            poller = new Thread(this::poll, "event-source-mapping-" + tableName(streamArn));
            poller.setDaemon(true);
            poller.start();
        }
    }

    /**
     * Waits until a poll that began after this call found every shard read up to its latest record, with
     * no invocation in flight: whatever was written before the call has then been handled.
     *
     * @return true when that happened, false on timeout or if the mapping is closed
     */
    public boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (monitor) {
            long firstSweepAfterNow = sweepsStarted + 1;
            while (lastCaughtUpSweep < firstSweepAfterNow) {
                long remaining = deadline - System.nanoTime();
                if (closed || remaining <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(monitor, remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Stops polling and waits for the poller. A batch in the middle of its retries is left unfinished and
     * not checkpointed, so the next mapping delivers it again.
     */
    @Override
    public void close() {
        Thread running;
        synchronized (monitor) {
            closed = true;
            monitor.notifyAll();
            running = poller;
        }
        if (running == null || running == Thread.currentThread()) {
            return;
        }
        try {
            running.join(CLOSE_GRACE.toMillis());
            if (running.isAlive()) {
                LOG.warn("Stream {}: the handler is still running {} s after close; interrupting it",
                        streamArn, CLOSE_GRACE.toSeconds());
                running.interrupt();
                running.join(CLOSE_GRACE.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void poll() {
        try {
            while (!closed) {
                long sweep = beginSweep();
                Sweep result = sweep();
                if (result != Sweep.FAILED) {
                    lastFailure = null;
                }
                endSweep(sweep, result);
                if (result != Sweep.PROGRESSED) {
                    pause(settings.idlePollInterval());
                }
            }
        } catch (MappingClosedException e) {
            // Closing: nothing unfinished was checkpointed, so it is redelivered next time.
        }
    }

    private Sweep sweep() {
        try {
            refreshShards();
        } catch (RuntimeException e) {
            reportFailure("Stream " + streamArn + ": cannot list its shards, trying again: " + e, null);
            return Sweep.FAILED;
        }
        Sweep result = Sweep.CAUGHT_UP;
        for (ShardReader shard : List.copyOf(shards.values())) {
            if (closed) {
                throw new MappingClosedException();
            }
            if (shard.finished()) {
                continue;
            }
            // A child waiting for its parent still has records to come: not caught up.
            result = result.and(waitsForParent(shard) ? Sweep.PROGRESSED : readAndProcess(shard));
        }
        return result;
    }

    private Sweep readAndProcess(ShardReader shard) {
        try {
            List<Record> records = shard.read(settings.batchSize());
            List<Record> passing = records.stream().filter(filter).toList();
            if (!passing.isEmpty()) {
                processor.process(shard, passing);
            }
            if (!records.isEmpty()) {
                // Records the filter skipped are done once read, the last one included.
                shard.markDone(records.get(records.size() - 1).dynamodb().sequenceNumber());
            }
            // A shard that has just finished frees its children, so it is progress too.
            return records.isEmpty() && !shard.finished() ? Sweep.CAUGHT_UP : Sweep.PROGRESSED;
        } catch (MappingClosedException e) {
            throw e;
        } catch (TrimmedDataAccessException e) {
            // DynamoDB Local answers this for a shard it has just created and not yet written to: try again later.
            shard.rewind();
            LOG.debug("Shard {}: nothing to read yet ({})", shard.shardId(), e.getMessage());
            return Sweep.FAILED;
        } catch (RuntimeException e) {
            // The read records are not all done: read them again from the last one that is.
            shard.rewind();
            reportFailure("Shard " + shard.shardId() + ": reading or delivering records failed, starting again after "
                    + "the last record done: " + e, e);
            return Sweep.FAILED;
        }
    }

    /** Logs a failure at WARN, or at DEBUG while it repeats the previous one, so a lasting fault does not flood the log. */
    private void reportFailure(String message, Throwable cause) {
        if (message.equals(lastFailure)) {
            LOG.debug(message, cause);
        } else {
            LOG.warn(message, cause);
            lastFailure = message;
        }
    }

    /** A child shard waits until its parent, if still listed, has been read to its end. */
    private boolean waitsForParent(ShardReader shard) {
        ShardReader parent = shard.parentShardId() == null ? null : shards.get(shard.parentShardId());
        return parent != null && !parent.finished();
    }

    private void refreshShards() {
        Set<String> listed = new HashSet<>();
        String lastEvaluatedShardId = null;
        do {
            StreamDescription description = streams.describeStream(DescribeStreamRequest.builder()
                    .streamArn(streamArn).exclusiveStartShardId(lastEvaluatedShardId).build()).streamDescription();
            for (Shard shard : description.shards()) {
                listed.add(shard.shardId());
                shards.computeIfAbsent(shard.shardId(), id -> new ShardReader(streams, streamArn, shard, checkpoints));
            }
            lastEvaluatedShardId = description.lastEvaluatedShardId();
        } while (lastEvaluatedShardId != null);
        // Shards past the stream's retention disappear from the listing and cannot be read any more.
        shards.keySet().retainAll(listed);
    }

    private long beginSweep() {
        synchronized (monitor) {
            return ++sweepsStarted;
        }
    }

    private void endSweep(long sweep, Sweep result) {
        synchronized (monitor) {
            if (result == Sweep.CAUGHT_UP) {
                lastCaughtUpSweep = sweep;
            }
            monitor.notifyAll();
        }
    }

    /** Sleeps on the poller thread; close() cuts it short with {@link MappingClosedException}. */
    private void pause(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        synchronized (monitor) {
            while (!closed) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(monitor, remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            throw new MappingClosedException();
        }
    }

    /** "orders" from arn:aws:dynamodb:region:account:table/orders/stream/label, for the thread's name. */
    private static String tableName(String streamArn) {
        String[] parts = streamArn.split("/");
        return parts.length > 1 ? parts[1] : streamArn;
    }
}
