package io.serverlessorch.local.stream;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Checkpoints that live as long as this object: a restarted run reads every shard from its start. */
public final class InMemoryCheckpoints implements Checkpoints {

    private final Map<String, String> lastByShard = new ConcurrentHashMap<>();

    @Override
    public Optional<String> last(String shardId) {
        return Optional.ofNullable(lastByShard.get(shardId));
    }

    @Override
    public void save(String shardId, String sequenceNumber) {
        lastByShard.put(shardId, sequenceNumber);
    }
}
