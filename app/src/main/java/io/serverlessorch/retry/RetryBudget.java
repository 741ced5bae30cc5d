package io.serverlessorch.retry;

import java.time.Duration;
import java.util.Objects;

/**
 * Every retry budget of the system, and the timeouts they are weighed against: the one place their numbers
 * are written. The orchestrator's step retries, our loops around DynamoDB, the DynamoDB and Lambda clients,
 * the stream processor's time budget ({@code pipeline.TimeBudget}), the deployed stream mapping and the local
 * one all read {@link #DEFAULT}; tests check that each of them does, and that the worst case of one stream
 * processor invocation fits its timeout (docs/decisions.md, #5 and #32).
 *
 * <p>Each kind of failure is retried by one layer: a failed step call by {@link #steps()}, a write that lost a
 * race or items DynamoDB left unprocessed by {@link #storage()}, a failed or throttled request by
 * {@link #dynamoDb()} (in the order API {@link #apiDynamoDb()}), a stream record whose batch failed by {@link #stream()}. Layers nest, so their tries
 * multiply; the timeouts bound each layer's time whatever happens beneath it.
 *
 * @param steps     the orchestrator's tries of a step call
 * @param storage   our loops around single DynamoDB calls
 * @param dynamoDb  the DynamoDB client's own tries of one request
 * @param apiDynamoDb the order API function's DynamoDB client: fewer, shorter tries, since its caller is told to
 *                  come back ({@code 503} with {@code Retry-After}) rather than kept waiting
 * @param processor the stream processor's time
 * @param stream    the event source mapping's retries of a failed batch, in AWS and in the local run
 */
public record RetryBudget(StepCalls steps, Storage storage, DynamoDbCalls dynamoDb, DynamoDbCalls apiDynamoDb, Processor processor,
                          Stream stream) {

    public static final RetryBudget DEFAULT = new RetryBudget(
            new StepCalls(3, Backoff.jittered(Duration.ofMillis(200), Duration.ofSeconds(2)), Duration.ofSeconds(10), Duration.ofSeconds(5)),
            new Storage(4, Backoff.jittered(Duration.ofMillis(20), Duration.ofMillis(500)), 10),
            new DynamoDbCalls(3, Backoff.jittered(Duration.ofMillis(100), Duration.ofSeconds(1)),
                    Backoff.jittered(Duration.ofSeconds(1), Duration.ofSeconds(2)), Duration.ofSeconds(5)),
            new DynamoDbCalls(2, Backoff.jittered(Duration.ofMillis(50), Duration.ofMillis(50)),
                    Backoff.jittered(Duration.ofMillis(200), Duration.ofMillis(200)), Duration.ofSeconds(2)),
            new Processor(Duration.ofSeconds(180), Duration.ofSeconds(10)),
            new Stream(25, 5, true, Duration.ofHours(6), Backoff.doubling(Duration.ofMillis(100), Duration.ofSeconds(2))));

    public RetryBudget {
        Objects.requireNonNull(steps, "steps");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(dynamoDb, "dynamoDb");
        Objects.requireNonNull(apiDynamoDb, "apiDynamoDb");
        Objects.requireNonNull(processor, "processor");
        Objects.requireNonNull(stream, "stream");
    }

    public RetryBudget withSteps(StepCalls steps) {
        return new RetryBudget(steps, storage, dynamoDb, apiDynamoDb, processor, stream);
    }

    public RetryBudget withProcessor(Processor processor) {
        return new RetryBudget(steps, storage, dynamoDb, apiDynamoDb, processor, stream);
    }

    /**
     * A step call that throws or answers failed (the step's function timed out, crashed, was throttled, or
     * its own storage gave up) is tried again by the orchestrator, do or undo alike; the last failure is the
     * answer, and the flow table says where it leads. The Lambda client does not retry: these are the only
     * tries of a step, and the client waits for one at most {@link #callTimeout()}.
     *
     * @param tries        tries of one step call (1 to 10 where set by {@code orch.pipeline.step-attempts})
     * @param backoff      the wait between tries, jittered so that orders that failed together do not try again together
     * @param timeout      each step function's timeout
     * @param clientMargin what the Lambda client allows a call beyond the function's timeout: the way there and
     *                     back, and a start or a SnapStart restore, which the function's timeout does not count
     */
    public record StepCalls(int tries, Backoff backoff, Duration timeout, Duration clientMargin) {
        public StepCalls {
            requireTries(tries, "step tries");
            Objects.requireNonNull(backoff, "backoff");
            requirePositive(timeout, "step timeout");
            requireNotNegative(clientMargin, "client margin");
        }

        /** The longest the Lambda client waits for one try. */
        public Duration callTimeout() {
            return timeout.plus(clientMargin);
        }

        /** The longest one step call takes: every try cut off by the client, with the longest waits between them. */
        public Duration longestCall() {
            return callTimeout().multipliedBy(tries).plus(backoff.longestWaits(tries));
        }
    }

    /**
     * Our loops around single DynamoDB calls: a transaction cancelled because it lost a race with another or was
     * throttled ({@code GuardedWrites}), and the items or keys a batch write or read left unprocessed (history
     * records, {@code BatchGets}). A few quick tries absorb a passing conflict inside one step call; a conflict
     * that outlasts them fails the step call, and the step retries' longer waits spread the contenders out. When
     * the tries run out, a {@code StorageContentionException} fails the step call, the batch's history write (Lambda
     * retries the batch) or the API's read (an error answer).
     *
     * @param tries      tries of one call, the first included
     * @param backoff    the wait between them
     * @param splitTries splits of one order line over stock buckets, each after reading the buckets again, before
     *                   the line counts as out of stock although the buckets held enough. A split lost is a split
     *                   another order won, so ten covers ten orders splitting the same product at once; the waits
     *                   are {@code backoff}'s, under 3 s in all, inside the step's timeout
     */
    public record Storage(int tries, Backoff backoff, int splitTries) {
        public Storage {
            requireTries(tries, "storage tries");
            Objects.requireNonNull(backoff, "backoff");
            requireTries(splitTries, "split tries");
        }

        /** The longest one loop takes when each of its calls takes up to {@code call}. */
        public Duration longestLoop(Duration call) {
            return call.multipliedBy(tries).plus(backoff.longestWaits(tries));
        }
    }

    /**
     * The DynamoDB client's tries of one request: throttling, 5xx and I/O errors, as the SDK's standard strategy
     * decides, with our jittered waits (whose random source a SnapStart restore renews). Whatever happens inside,
     * one call, its retries and any wait the service asks for included, ends within {@link #callTimeout}; then the
     * error reaches the layer above.
     *
     * @param tries            tries of one request, the first included
     * @param backoff          the wait after an error
     * @param throttledBackoff the wait after a throttled request: longer, since throttling passes slowly
     * @param callTimeout      the longest one call may take, retries and waits included
     */
    public record DynamoDbCalls(int tries, Backoff backoff, Backoff throttledBackoff, Duration callTimeout) {
        public DynamoDbCalls {
            requireTries(tries, "DynamoDB tries");
            Objects.requireNonNull(backoff, "backoff");
            Objects.requireNonNull(throttledBackoff, "throttledBackoff");
            requirePositive(callTimeout, "DynamoDB call timeout");
        }
    }

    /**
     * @param timeout       the stream processor function's timeout
     * @param batchOverhead what one invocation needs besides the history write and its order changes: reading
     *                      the records, publishing the batch's metrics, answering
     */
    public record Processor(Duration timeout, Duration batchOverhead) {
        public Processor {
            requirePositive(timeout, "processor timeout");
            requireNotNegative(batchOverhead, "batch overhead");
        }
    }

    /**
     * The event source mapping on the orders table's stream. A batch that fails (the handler throws or times
     * out, or reports a record as failed) is delivered again from its first failed record, halved when
     * {@code bisectOnError}, until it has been retried {@code retries} times or its oldest record is
     * {@code maxRecordAge} old; then it goes to the dead letters and the shard moves on.
     *
     * @param batchSize     records per invocation of the processor
     * @param retries       retries of a failed batch after its first delivery (enough halvings to get one bad
     *                      record of a full batch alone: 2^5 &ge; 25)
     * @param bisectOnError whether a failed batch is halved before it is retried
     * @param maxRecordAge  the oldest record the mapping still delivers (AWS only: the local run has no age limit)
     * @param localBackoff  the local mapping's wait before each retry (AWS's mapping waits as it sees fit)
     */
    public record Stream(int batchSize, int retries, boolean bisectOnError, Duration maxRecordAge, Backoff localBackoff) {
        public Stream {
            requireTries(batchSize, "batch size");
            if (retries < 0) {
                throw new IllegalArgumentException("stream retries cannot be negative: " + retries);
            }
            requirePositive(maxRecordAge, "maximum record age");
            Objects.requireNonNull(localBackoff, "localBackoff");
        }
    }

    private static void requireTries(int tries, String what) {
        if (tries < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, not " + tries);
        }
    }

    private static void requirePositive(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, not " + duration);
        }
    }

    private static void requireNotNegative(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(what + " cannot be negative: " + duration);
        }
    }
}
