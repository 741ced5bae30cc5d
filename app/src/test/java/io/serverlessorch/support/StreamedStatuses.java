package io.serverlessorch.support;

import io.serverlessorch.domain.Order;
import io.serverlessorch.storage.dynamodb.OrderStreamRecords;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The statuses orders entered, read from the orders table's stream as the stream processor is handed them:
 * how the testbed fills the history for moves its deliveries made on their way.
 */
final class StreamedStatuses implements AutoCloseable {

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    /** The last sequence number read, by shard. */
    private final Map<String, String> readUpTo = new HashMap<>();

    StreamedStatuses(URI endpoint, String streamArn) {
        this.streams = TestTables.streamsClient(endpoint);
        this.streamArn = streamArn;
    }

    /** The orders as each status change recorded since the last call left them, in stream order per shard. */
    synchronized List<Order> statusesEnteredSinceLastRead() {
        List<Order> entered = new ArrayList<>();
        for (Shard shard : streams.describeStream(r -> r.streamArn(streamArn)).streamDescription().shards()) {
            String after = readUpTo.get(shard.shardId());
            String iterator = streams.getShardIterator(r -> r.streamArn(streamArn).shardId(shard.shardId())
                    .shardIteratorType(after == null ? ShardIteratorType.TRIM_HORIZON : ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                    .sequenceNumber(after)).shardIterator();
            while (iterator != null) {
                String from = iterator;
                var page = streams.getRecords(r -> r.shardIterator(from));
                for (Record record : page.records()) {
                    readUpTo.put(shard.shardId(), record.dynamodb().sequenceNumber());
                    OrderStreamRecords.statusChange(record.eventNameAsString(), record.dynamodb().keys(),
                            record.dynamodb().newImage(), record.dynamodb().oldImage()).ifPresent(entered::add);
                }
                iterator = page.records().isEmpty() ? null : page.nextShardIterator();
            }
        }
        return entered;
    }

    @Override
    public void close() {
        streams.close();
    }
}
