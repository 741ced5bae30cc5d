package io.serverlessorch.local.stream;

import java.util.Optional;

/**
 * Where a {@link LocalEventSourceMapping} notes, per shard, the last record it is done with, so that a new
 * mapping resumes after it instead of reading the shard from its oldest record.
 */
public interface Checkpoints {

    /** The sequence number of the last record done in {@code shardId}, if any. */
    Optional<String> last(String shardId);

    /** Notes that every record of {@code shardId} up to and including {@code sequenceNumber} is done. */
    void save(String shardId, String sequenceNumber);
}
