package io.serverlessorch.local.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serverlessorch.storage.dynamodb.Tables;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.PrintStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A deployed stage's dead-letter queue, replayed one message at a time: a message that cannot be replayed is
 * reported with the reason and kept, and the run goes on to the next.
 */
final class QueueReplay {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a received message stays hidden from other receives: long enough to drive its orders on. */
    private static final int VISIBILITY_SECONDS = 300;

    private final SqsClient sqs;
    private final DynamoDbStreamsClient streams;
    private final Function<String, DeadLetterReplay.Outcome> replayOrder;
    private final String queueName;
    private final String processorLog;
    private final PrintStream out;
    private final ReplayReport report;

    /**
     * @param replayOrder drives one order on: {@link DeadLetterReplay#replay}
     * @param prefix      the start of the stage's resource names, {@code serverless-orch-<stage>}
     */
    QueueReplay(SqsClient sqs, DynamoDbStreamsClient streams, Function<String, DeadLetterReplay.Outcome> replayOrder, String prefix,
                PrintStream out) {
        this.sqs = sqs;
        this.streams = streams;
        this.replayOrder = replayOrder;
        this.queueName = prefix + "-stream-dead-letters";
        this.processorLog = "/aws/lambda/" + prefix + "-stream-processor";
        this.out = out;
        this.report = new ReplayReport(out);
    }

    String queueName() {
        return queueName;
    }

    /**
     * Replays every message of the queue once, and reports on each.
     *
     * @return the exit status ({@link ReplayReport#exitStatus()})
     * @throws SdkException when the queue itself cannot be read: credentials, region, no such queue
     */
    int replayAll() {
        String queueUrl = sqs.getQueueUrl(request -> request.queueName(queueName)).queueUrl();
        Set<String> seen = new HashSet<>();
        List<Message> kept = new ArrayList<>();
        while (true) {
            List<Message> messages = sqs.receiveMessage(request -> request.queueUrl(queueUrl)
                    .maxNumberOfMessages(10).visibilityTimeout(VISIBILITY_SECONDS).waitTimeSeconds(1)).messages();
            // A message seen before is one this run kept, back after its visibility timeout in a long run.
            List<Message> unseen = messages.stream().filter(message -> seen.add(message.messageId())).toList();
            if (unseen.isEmpty()) {
                break;
            }
            for (Message message : unseen) {
                if (!replayOne(queueUrl, message)) {
                    kept.add(message);
                }
            }
        }
        if (seen.isEmpty()) {
            out.println("No dead letters in " + queueName + ": nothing to replay.");
            return 0;
        }
        makeVisibleAgain(queueUrl, kept);
        report.summary();
        return report.exitStatus();
    }

    /** Replays one message's orders and reports on it; returns whether it was deleted. */
    private boolean replayOne(String queueUrl, Message message) {
        String name = "message " + message.messageId();
        try {
            StreamBatch batch;
            try {
                batch = StreamBatch.of(message.body());
            } catch (IllegalArgumentException e) {
                report.add(name, ReplayReport.Outcome.UNREADABLE, "not a dead letter of the orders stream (" + e.getMessage()
                        + "); kept in the queue", List.of());
                return false;
            }
            Set<String> orderIds;
            try {
                orderIds = orderIdsOf(streams, batch);
            } catch (TrimmedDataAccessException | ResourceNotFoundException e) {
                report.add(name, ReplayReport.Outcome.RECORDS_EXPIRED, expired(batch, e), List.of());
                return false;
            } catch (SdkException e) {
                // Throttled, a network error, or an iterator that expired (15 minutes) while reading: another run can read them.
                report.add(name, ReplayReport.Outcome.NOT_PROCESSED, "could not read its records from the stream ("
                        + Problems.oneLine(e) + "); kept in the queue, run the replay again", List.of());
                return false;
            }
            if (orderIds.isEmpty()) {
                // The mapping passes only order items, so a batch always names orders: an empty read is the stream's, not the batch's.
                report.add(name, ReplayReport.Outcome.NOT_PROCESSED, "the stream gave none of its records back; kept in the queue,"
                        + " run the replay again", List.of());
                return false;
            }
            List<DeadLetterReplay.Outcome> orders = orderIds.stream().map(replayOrder).toList();
            ReplayReport.Outcome outcome = ReplayReport.Outcome.of(orders);
            if (!outcome.done()) {
                report.add(name, outcome, "kept in the queue; run the replay again once the cause is fixed", orders);
                return false;
            }
            try {
                sqs.deleteMessage(request -> request.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            } catch (SdkException e) {
                report.add(name, ReplayReport.Outcome.NOT_PROCESSED, "its orders are done with, but it could not be deleted from the queue ("
                        + Problems.oneLine(e) + "); run the replay again to delete it", orders);
                return false;
            }
            report.add(name, outcome, orderIds.size() + " order" + (orderIds.size() == 1 ? "" : "s") + "; deleted from the queue", orders);
            return true;
        } catch (RuntimeException e) {
            // Whatever went wrong with this message, the others still get their turn.
            report.add(name, ReplayReport.Outcome.NOT_PROCESSED, e.getClass().getSimpleName() + ": " + Problems.oneLine(e)
                    + "; kept in the queue", List.of());
            return false;
        }
    }

    /**
     * The report on a message whose records are gone. The message is kept: nothing can replay it, but it is the
     * only trace of its orders, and SQS drops it 14 days after it arrived anyway (decision #29).
     */
    private String expired(StreamBatch batch, SdkException e) {
        String why = e instanceof TrimmedDataAccessException
                ? "the stream has dropped them (it keeps records 24 hours)" : "the stream or its shard no longer exists";
        // Lambda's on-failure message to SQS carries the batch's coordinates only, never its records' keys.
        return why + ", so nothing can replay it; the message itself names no orders. It covered " + batch.coverage()
                + ": look those sequence numbers up in " + processorLog + " around that time to find its orders."
                + " Kept in the queue as their only trace";
    }

    /** Kept messages go back to the queue now rather than in 5 minutes, so that a run straight after sees them. */
    private void makeVisibleAgain(String queueUrl, List<Message> kept) {
        for (Message message : kept) {
            try {
                sqs.changeMessageVisibility(request -> request.queueUrl(queueUrl).receiptHandle(message.receiptHandle()).visibilityTimeout(0));
            } catch (SdkException e) {
                out.println("message " + message.messageId() + ": kept, back in the queue within " + VISIBILITY_SECONDS / 60
                        + " minutes (" + Problems.oneLine(e) + ")");
            }
        }
    }

    /** The orders of a dead-lettered batch: its records read again from the stream, which keeps them 24 hours. */
    static Set<String> orderIdsOf(DynamoDbStreamsClient streams, StreamBatch batch) {
        BigInteger last = new BigInteger(batch.lastSequenceNumber());
        String iterator = streams.getShardIterator(request -> request.streamArn(batch.streamArn())
                .shardId(batch.shardId())
                .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                .sequenceNumber(batch.firstSequenceNumber())).shardIterator();
        Set<String> orderIds = new LinkedHashSet<>();
        while (iterator != null) {
            String current = iterator;
            GetRecordsResponse page = streams.getRecords(request -> request.shardIterator(current));
            for (Record record : page.records()) {
                if (new BigInteger(record.dynamodb().sequenceNumber()).compareTo(last) > 0) {
                    return orderIds;
                }
                var orderId = record.dynamodb().keys().get(Tables.Orders.PARTITION_KEY);
                if (orderId != null) {
                    orderIds.add(orderId.s());
                }
            }
            iterator = page.records().isEmpty() ? null : page.nextShardIterator();
        }
        return orderIds;
    }

    /**
     * The coordinates of a batch of stream records the event source mapping gave up on, as its on-failure
     * message to SQS gives them ({@code DDBStreamBatchInfo}).
     *
     * @param firstArrival when the first record reached the stream, as Lambda wrote it; null if it did not
     */
    record StreamBatch(String streamArn, String shardId, String firstSequenceNumber, String lastSequenceNumber,
                       int size, String firstArrival, String lastArrival) {

        /** @throws IllegalArgumentException when the body is not such a message */
        static StreamBatch of(String messageBody) {
            JsonNode batch;
            try {
                batch = JSON.readTree(messageBody).path("DDBStreamBatchInfo");
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("its body is not JSON");
            }
            for (String field : List.of("streamArn", "shardId", "startSequenceNumber", "endSequenceNumber")) {
                if (!batch.path(field).isTextual()) {
                    throw new IllegalArgumentException("no DDBStreamBatchInfo." + field);
                }
                if (field.endsWith("SequenceNumber") && !batch.path(field).asText().matches("[0-9]+")) {
                    throw new IllegalArgumentException("DDBStreamBatchInfo." + field + " is not a sequence number");
                }
            }
            return new StreamBatch(batch.path("streamArn").asText(), batch.path("shardId").asText(),
                    batch.path("startSequenceNumber").asText(), batch.path("endSequenceNumber").asText(),
                    batch.path("batchSize").asInt(), batch.path("approximateArrivalOfFirstRecord").textValue(),
                    batch.path("approximateArrivalOfLastRecord").textValue());
        }

        /** For example "shard shardId-1 of arn:..., sequence numbers 100 to 200 (2 records, arrived 2026-12-05T10:00:01Z to 2026-12-05T10:00:04Z)". */
        String coverage() {
            return "shard " + shardId + " of " + streamArn + ", sequence numbers " + firstSequenceNumber + " to " + lastSequenceNumber
                    + " (" + size + " record" + (size == 1 ? "" : "s")
                    + (firstArrival == null ? "" : ", arrived " + firstArrival + (lastArrival == null ? "" : " to " + lastArrival)) + ")";
        }
    }
}
