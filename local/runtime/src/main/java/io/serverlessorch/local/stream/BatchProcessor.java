package io.serverlessorch.local.stream;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.serverlessorch.local.LocalLambdaContext;
import io.serverlessorch.pipeline.TimeBudget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.Record;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Gives one batch of a shard to the handler the way Lambda's event source mapping does: partial batch
 * responses, retries with backoff, bisection, and the dead-letter destination once a part has used up its
 * retries. Returns only when every record of the batch is done or dead-lettered, so
 * the shard moves on strictly in order.
 */
final class BatchProcessor {

    static final String FUNCTION_NAME = "stream-processor";
    private static final Logger LOG = LoggerFactory.getLogger(LocalEventSourceMapping.class);

    /** Waits between retries; throws {@link MappingClosedException} when the mapping closes meanwhile. */
    interface Pause {
        void sleep(Duration duration);
    }

    /** A run of consecutive records still to deliver, and how many retries it has had. */
    private record Part(List<Record> records, int retries) {
    }

    /**
     * What an invocation came to.
     *
     * @param done  how many leading records are done
     * @param error what went wrong, for the logs and the dead letter; null when nothing did
     * @param cause what the handler threw, if it threw
     */
    private record Outcome(int done, String error, Throwable cause) {
    }

    private final String streamArn;
    private final RequestHandler<DynamodbEvent, StreamsEventResponse> handler;
    private final LocalEventSourceMapping.Settings settings;
    private final DeadLetterDestination deadLetters;
    private final Pause pause;

    BatchProcessor(String streamArn, RequestHandler<DynamodbEvent, StreamsEventResponse> handler,
                   LocalEventSourceMapping.Settings settings, DeadLetterDestination deadLetters, Pause pause) {
        this.streamArn = streamArn;
        this.handler = handler;
        this.settings = settings;
        this.deadLetters = deadLetters;
        this.pause = pause;
    }

    void process(ShardReader shard, List<Record> batch) {
        // A stack of the parts still to deliver, the earliest on top: bisection pushes both halves.
        Deque<Part> parts = new ArrayDeque<>();
        parts.push(new Part(batch, 0));
        while (!parts.isEmpty()) {
            Part part = parts.pop();
            Outcome outcome = invoke(part.records());
            if (outcome.done() > 0) {
                shard.markDone(sequenceNumber(part.records().get(outcome.done() - 1)));
            }
            if (outcome.done() == part.records().size()) {
                continue;
            }
            List<Record> failed = part.records().subList(outcome.done(), part.records().size());
            if (part.retries() >= settings.maxRetryAttempts()) {
                giveUp(shard, failed, part.retries() + 1, outcome);
                continue;
            }
            int retry = part.retries() + 1;
            Duration delay = settings.retryDelay(retry);
            // Halving isolates a bad record within a few retries, whether the handler threw or named it.
            if (settings.bisectBatchOnFunctionError() && failed.size() > 1) {
                int half = failed.size() / 2;
                LOG.warn("Shard {}: {} record(s) from sequence number {} failed ({}); bisecting into {} and {} record(s), "
                                + "retry {} of {} in {} ms",
                        shard.shardId(), failed.size(), sequenceNumber(failed.get(0)), outcome.error(), half,
                        failed.size() - half, retry, settings.maxRetryAttempts(), delay.toMillis());
                parts.push(new Part(failed.subList(half, failed.size()), retry));
                parts.push(new Part(failed.subList(0, half), retry));
            } else {
                LOG.warn("Shard {}: {} record(s) from sequence number {} failed ({}); retry {} of {} in {} ms",
                        shard.shardId(), failed.size(), sequenceNumber(failed.get(0)), outcome.error(), retry,
                        settings.maxRetryAttempts(), delay.toMillis());
                parts.push(new Part(failed, retry));
            }
            pause.sleep(delay);
        }
    }

    private Outcome invoke(List<Record> records) {
        // A fresh event each time: whatever a handler changes in it must not leak into a retry.
        DynamodbEvent event = StreamRecordConverter.toEvent(records, streamArn);
        StreamsEventResponse response;
        try {
            response = handler.handleRequest(event, new LocalLambdaContext(FUNCTION_NAME, TimeBudget.DEFAULT.processorTimeout()));
        } catch (Throwable e) {
            // As with the Lambda runtime, anything the handler throws fails the whole invocation.
            return new Outcome(0, e.toString(), e);
        }
        return outcomeOf(response, records);
    }

    /** Reads a partial batch response as Lambda does: done up to the lowest failed sequence number. */
    private static Outcome outcomeOf(StreamsEventResponse response, List<Record> records) {
        if (response == null || response.getBatchItemFailures() == null || response.getBatchItemFailures().isEmpty()) {
            return new Outcome(records.size(), null, null);
        }
        int firstFailed = records.size();
        for (StreamsEventResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
            String identifier = failure == null ? null : failure.getItemIdentifier();
            int index = indexOf(records, identifier);
            if (index < 0) {
                // An empty, null or unknown identifier fails the whole batch in AWS too.
                return new Outcome(0, "the response names item identifier '" + identifier
                        + "', which is no sequence number of the batch", null);
            }
            firstFailed = Math.min(firstFailed, index);
        }
        return new Outcome(firstFailed, "the response reports sequence number "
                + sequenceNumber(records.get(firstFailed)) + " as failed", null);
    }

    private static int indexOf(List<Record> records, String sequenceNumber) {
        for (int i = 0; i < records.size(); i++) {
            if (sequenceNumber(records.get(i)).equals(sequenceNumber)) {
                return i;
            }
        }
        return -1;
    }

    private void giveUp(ShardReader shard, List<Record> failed, int attempts, Outcome outcome) {
        deadLetters.send(DeadLetter.of(shard.shardId(), failed, attempts, outcome.error()));
        LOG.warn("Shard {}: {} record(s), sequence numbers {} to {}, sent to the dead-letter destination after {} "
                        + "attempt(s); moving past them. Last error: {}",
                shard.shardId(), failed.size(), sequenceNumber(failed.get(0)), sequenceNumber(failed.get(failed.size() - 1)),
                attempts, outcome.error(), outcome.cause());
        shard.markDone(sequenceNumber(failed.get(failed.size() - 1)));
    }

    private static String sequenceNumber(Record record) {
        return record.dynamodb().sequenceNumber();
    }
}
