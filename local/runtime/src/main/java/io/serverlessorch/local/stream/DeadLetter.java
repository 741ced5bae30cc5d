package io.serverlessorch.local.stream;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Stream records a {@link LocalEventSourceMapping} gave up on, as Lambda's on-failure destination would
 * receive them: everything here is plain strings and numbers, ready for JSON.
 *
 * @param shardId   the shard the records come from
 * @param records   the records, in stream order
 * @param attempts  how many times the handler was given them (the first try and every retry)
 * @param lastError what went wrong the last time
 * @param time      when the mapping gave up
 */
public record DeadLetter(String shardId, List<FailedRecord> records, int attempts, String lastError, Instant time) {

    public DeadLetter {
        records = List.copyOf(records);
    }

    /**
     * One record given up on.
     *
     * @param keys the item's key attributes as text: strings and numbers as written, binary in Base64
     */
    public record FailedRecord(String sequenceNumber, String eventName, Map<String, String> keys) {

        public FailedRecord {
            keys = Map.copyOf(keys);
        }

        static FailedRecord of(Record record) {
            Map<String, String> keys = new TreeMap<>();
            if (record.dynamodb().hasKeys()) {
                record.dynamodb().keys().forEach((name, value) -> keys.put(name, keyText(value)));
            }
            return new FailedRecord(record.dynamodb().sequenceNumber(), record.eventNameAsString(), keys);
        }

        private static String keyText(AttributeValue value) {
            return switch (value.type()) {
                case S -> value.s();
                case N -> value.n();
                case B -> Base64.getEncoder().encodeToString(value.b().asByteArray());
                default -> value.toString();
            };
        }
    }

    static DeadLetter of(String shardId, List<Record> records, int attempts, String lastError) {
        return new DeadLetter(shardId, records.stream().map(FailedRecord::of).toList(), attempts, lastError, Instant.now());
    }

    /** The sequence numbers of the records, in stream order. */
    public List<String> sequenceNumbers() {
        return records.stream().map(FailedRecord::sequenceNumber).toList();
    }

    /**
     * This letter as one line of JSON, for example:
     *
     * <pre>{"shardId":"shardId-1","records":[{"sequenceNumber":"42","eventName":"INSERT","keys":{"pk":"a"}}],
     * "attempts":3,"lastError":"java.lang.IllegalStateException: boom","time":"2024-05-01T10:00:00Z"}</pre>
     */
    public String toJson() {
        String recordsJson = records.stream()
                .map(record -> "{\"sequenceNumber\":" + Json.string(record.sequenceNumber())
                        + ",\"eventName\":" + Json.string(record.eventName())
                        + ",\"keys\":" + Json.object(record.keys()) + "}")
                .collect(Collectors.joining(",", "[", "]"));
        return "{\"shardId\":" + Json.string(shardId)
                + ",\"records\":" + recordsJson
                + ",\"attempts\":" + attempts
                + ",\"lastError\":" + Json.string(lastError)
                + ",\"time\":" + Json.string(time == null ? null : time.toString())
                + "}";
    }

    /**
     * When the letter in {@code json} (as {@link #toJson()} writes it) was sent: its last field, an ISO-8601
     * instant, which no escaped string before it can imitate. The epoch for a letter written without a time.
     */
    static Instant timeOf(String json) {
        int field = json.lastIndexOf(",\"time\":\"");
        if (field < 0) {
            return Instant.EPOCH;
        }
        int start = field + ",\"time\":\"".length();
        return Instant.parse(json.substring(start, json.indexOf('"', start)));
    }
}
