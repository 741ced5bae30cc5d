package io.serverlessorch.local.stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.util.List;

/**
 * Reads one shard in order, remembering the last record done so that it can always start again right
 * after it. Used by the poller thread only.
 */
final class ShardReader {

    private static final Logger LOG = LoggerFactory.getLogger(LocalEventSourceMapping.class);

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final Shard shard;
    private final Checkpoints checkpoints;
    /** The sequence number of the last record done; null when none is. */
    private String position;
    /** Where the next read continues; null when the shard must be (re)opened at {@link #position}. */
    private String iterator;
    private boolean finished;

    ShardReader(DynamoDbStreamsClient streams, String streamArn, Shard shard, Checkpoints checkpoints) {
        this.streams = streams;
        this.streamArn = streamArn;
        this.shard = shard;
        this.checkpoints = checkpoints;
        this.position = checkpoints.last(shard.shardId()).orElse(null);
    }

    String shardId() {
        return shard.shardId();
    }

    String parentShardId() {
        return shard.parentShardId();
    }

    /** True once the shard is closed and every record in it has been read. */
    boolean finished() {
        return finished;
    }

    /** Up to {@code limit} records following the last read, oldest first. */
    List<Record> read(int limit) {
        if (iterator == null) {
            iterator = open();
            if (iterator == null) {
                // A closed shard already read to its end gives no iterator at all.
                finished = true;
                return List.of();
            }
        }
        var response = streams.getRecords(request -> request.shardIterator(iterator).limit(limit));
        iterator = response.nextShardIterator();
        // No next iterator: the shard is closed and this was its end.
        finished = iterator == null;
        return response.records();
    }

    /** Notes that every record up to {@code sequenceNumber} is done, here and in the checkpoints. */
    void markDone(String sequenceNumber) {
        checkpoints.save(shard.shardId(), sequenceNumber);
        position = sequenceNumber;
    }

    /** Forgets what was read but not done: the next read starts right after the last record done. */
    void rewind() {
        iterator = null;
        finished = false;
    }

    private String open() {
        if (position != null) {
            try {
                return streams.getShardIterator(iteratorRequest(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                        .sequenceNumber(position).build()).shardIterator();
            } catch (TrimmedDataAccessException e) {
                LOG.warn("Shard {}: the checkpoint {} is older than the stream keeps; reading from its oldest record",
                        shardId(), position);
            }
        }
        return streams.getShardIterator(iteratorRequest(ShardIteratorType.TRIM_HORIZON).build()).shardIterator();
    }

    private GetShardIteratorRequest.Builder iteratorRequest(ShardIteratorType type) {
        return GetShardIteratorRequest.builder().streamArn(streamArn).shardId(shard.shardId()).shardIteratorType(type);
    }
}
