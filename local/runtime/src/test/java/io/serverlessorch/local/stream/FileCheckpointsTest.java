package io.serverlessorch.local.stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FileCheckpointsTest {

    @TempDir
    Path folder;

    @Test
    void aNewInstanceReadsWhatAnEarlierOneSaved() throws IOException {
        Path file = folder.resolve("state/checkpoints.properties");
        FileCheckpoints first = new FileCheckpoints(file);
        assertEquals(Optional.empty(), first.last("shardId-1"));

        first.save("shardId-1", "000000000000000000005");
        first.save("shardId-2", "000000000000000000007");
        first.save("shardId-1", "000000000000000000009");

        FileCheckpoints second = new FileCheckpoints(file);
        assertEquals(Optional.of("000000000000000000009"), second.last("shardId-1"));
        assertEquals(Optional.of("000000000000000000007"), second.last("shardId-2"));
        assertEquals(Optional.empty(), second.last("shardId-3"));
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temporary files are left behind");
        }
    }

    @Test
    void inMemoryCheckpointsKeepTheLatest() {
        InMemoryCheckpoints checkpoints = new InMemoryCheckpoints();
        checkpoints.save("shardId-1", "1");
        checkpoints.save("shardId-1", "2");
        assertEquals(Optional.of("2"), checkpoints.last("shardId-1"));
        assertEquals(Optional.empty(), checkpoints.last("shardId-2"));
    }
}
